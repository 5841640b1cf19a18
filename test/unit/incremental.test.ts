import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Engine } from '../../src/core/annotate';
import { createEngine, findSpans } from '../../src/core/annotate';
import type { AnnotationState, TextChange } from '../../src/core/incremental';
import {
  allSpans,
  applyEdits,
  createAnnotationState,
  setViewMargin,
  spanAt,
  spansIn,
} from '../../src/core/incremental';
import { LiveText } from '../../src/core/model';
import { seededRandom, testGlossary } from './helpers';

const engine = createEngine(testGlossary());
const noNames = createEngine(testGlossary(), { unlistedNames: false });

/** Sentences that exercise every part of the engine: glossary names, unlisted names and their cues, claims, Markdown. */
const SENTENCES = [
  'Iranian-backed militias in Iraq launched approximately 40 strikes against Israel on September 27.',
  'said Rana Haddad, 34, a teacher from the village of Aitou.',
  'told Sami Haddad, 50, a driver from the town of Aitou.',
  'Aitou lies far from the front, and Haddad said she would stay.',
  'The army spokesman, Rear Admiral Daniel Hagari, said jets had returned.',
  'south of the Awali river, rebels reached Umayyad Square',
  'the Lebanese Health Ministry said more than 2,000 people were killed',
  'Tehran said it would respond; a rally in Tehran drew thousands.',
  'Operation Prosperity Guardian began in December 2023.',
  'The US$50 million package and 1.2 million people displaced.',
  'Hezbollah fired dozens of rockets at northern Israel.',
  'Naim Qassem, Hezbollah leader, spoke for 40 minutes.',
  'the Washington Institute and Washington disagreed about al-Qaeda.',
  'Iran 40',
  'Unit 8200',
  'Haddad',
  'Aitou',
  'the village of',
  'more than',
  'said',
];

const MARKDOWN = [
  '# Iran and Israel',
  '- Israel fired 12 rockets',
  '1. Iraq said 5',
  '> Hezbollah said 3 fighters died',
  '[Iraq](https://x.org/Iran/2024) and `Iraq 5` and <b>Iran</b>',
  '<!-- Iran 40 -->',
  '```\nIran 40 strikes\n```',
  '[ref]: https://example.org/Iran',
  'See www.example.org/Iran for Israel.',
];

/** Short paragraphs whose spans depend on the paragraph before or after (cues read across blank lines). */
const FRAGMENTS = [
  'the village of',
  'Aitou',
  'Operation',
  'Prosperity Guardian',
  'Tehran',
  'said',
  'Haddad',
  'Tehran’s',
  'suburbs',
  'river',
  'more than',
  '40',
  'north of the',
  'Rana Haddad',
  'spokesman',
  'Sami Haddad, 50,',
];

const paragraph = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 4 })
      .map((s) => s.join(' ')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...MARKDOWN) },
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
);

const separator = fc.constantFrom(
  '\n\n',
  '\n\n',
  '\n\n',
  '\n',
  '\n \n',
  '\n\n\n',
  '\r\n\r\n',
  '\r\n',
  '\n\t\n',
);

const documentArb = fc
  .tuple(fc.array(fc.tuple(paragraph, separator), { minLength: 1, maxLength: 60, size: 'max' }), fc.boolean())
  .map(
    ([parts, frontMatter]) =>
      (frontMatter ? '---\ntitle: Iran 40\n---\n' : '') + parts.map(([p, s]) => p + s).join(''),
  );

const CHARS = "aeiost IHSRA0123456789$,.-\n\r`#*[]()<>~'’—\u00a0é_";

/** An edit, given the text it applies to (positions are fractions of its length). */
type EditSpec = (text: string) => TextChange[];

/** An edit that prints as its parameters in counterexamples. */
function named(description: string, edit: EditSpec): EditSpec {
  return Object.assign(edit, { toString: () => description });
}

const at = (f: number, text: string) => Math.min(text.length, Math.floor(f * (text.length + 1)));

const editArb: fc.Arbitrary<EditSpec> = fc.oneof(
  // Insertions, deletions and replacements anywhere.
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 3 }),
    )
    .map(([f, s]): EditSpec =>
      named(`insert(${f}, ${JSON.stringify(s)})`, (text) => [
        { start: at(f, text), end: at(f, text), text: s },
      ]),
    ),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 12 }))
    .map(([f, n]): EditSpec =>
      named(`delete(${f}, ${n})`, (text) => {
        const start = at(f, text);
        return [{ start, end: Math.min(text.length, start + n), text: '' }];
      }),
    ),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 8 }),
      fc.constantFrom(...SENTENCES, ...MARKDOWN),
    )
    .map(([f, n, s]): EditSpec =>
      named(`replace(${f}, ${n}, ${JSON.stringify(s)})`, (text) => {
        const start = at(f, text);
        return [{ start, end: Math.min(text.length, start + n), text: s }];
      }),
    ),
  // Typing inside and at the edges of names and numbers.
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('start', 'end', 'inside'),
      fc.oneof(
        fc.constantFrom('', 'x', 'A', '1', ' ', '-', '\n'),
        fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 2 }),
      ),
      fc.boolean(),
    )
    .map(([n, where, s, del]): EditSpec =>
      named(`typeAtSpan(${n}, ${where}, ${JSON.stringify(s)}, ${del})`, (text) => {
        const spans = findSpans(engine, text, 'markdown');
        const span = spans[n % Math.max(1, spans.length)];
        if (!span) return [{ start: 0, end: 0, text: s }];
        const p = where === 'start' ? span.start : where === 'end' ? span.end : (span.start + span.end) >> 1;
        return [{ start: p, end: del ? Math.min(text.length, p + 1) : p, text: s }];
      }),
    ),
  // Typing at a paragraph boundary.
  fc
    .tuple(
      fc.nat(),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom('', 'x', 'A', '1', ' ', '\n', '\n\n', 'of ', 'Aitou'),
      fc.boolean(),
    )
    .map(([n, d, s, del]): EditSpec =>
      named(`typeAtBoundary(${n}, ${d}, ${JSON.stringify(s)}, ${del})`, (text) => {
        const boundaries: number[] = [];
        for (let p = text.indexOf('\n\n'); p >= 0; p = text.indexOf('\n\n', p + 1)) boundaries.push(p);
        if (boundaries.length === 0) return [];
        const p = Math.max(0, Math.min(text.length, boundaries[n % boundaries.length]! + d));
        return [{ start: p, end: del ? Math.min(text.length, p + 1) : p, text: s }];
      }),
    ),
  // Swapping two paragraphs.
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): EditSpec =>
    named(`swap(${i}, ${j})`, (text) => {
      const parts = text.split('\n\n');
      if (parts.length < 2) return [];
      const a = i % parts.length;
      const b = j % parts.length;
      const [lo, hi] = a < b ? [a, b] : [b, a];
      if (lo === hi) return [];
      const start = parts.slice(0, lo).reduce((n, p) => n + p.length + 2, 0);
      const end = parts.slice(0, hi + 1).reduce((n, p) => n + p.length + 2, 0) - 2;
      const swapped = [parts[hi], ...parts.slice(lo + 1, hi), parts[lo]].join('\n\n');
      return [{ start, end, text: swapped }];
    }),
  ),
  // Opening or closing a code fence, an HTML comment or the front matter.
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom('```\n', '~~~\n', '<!-- ', ' -->', '---\n', '\n```'),
    )
    .map(([f, s]): EditSpec =>
      named(`structure(${f}, ${JSON.stringify(s)})`, (text) => {
        const p = text.lastIndexOf('\n', at(f, text) - 1) + 1;
        return [{ start: p, end: p, text: s }];
      }),
    ),
  fc.constantFrom<EditSpec>(
    named('addFrontMatter', () => [{ start: 0, end: 0, text: '---\ntitle: x\n---\n' }]),
    named('removeFrontMatter', (text) =>
      text.startsWith('---\n') && text.indexOf('\n---\n', 3) > 0
        ? [{ start: 0, end: text.indexOf('\n---\n', 3) + 5, text: '' }]
        : [],
    ),
  ),
  // Two changes in one event, applied in order (as VS Code lists a multi-cursor edit).
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom('a', '4', ' ', ''),
    )
    .map(([f, g, s]): EditSpec =>
      named(`twoChanges(${f}, ${g}, ${JSON.stringify(s)})`, (text) => {
        const p = at(f, text);
        const q = at(g, text);
        const [hi, lo] = p > q ? [p, q] : [q, p];
        return [
          { start: hi, end: Math.min(text.length, hi + 1), text: s },
          { start: lo, end: lo, text: 'Aitou ' },
        ];
      }),
    ),
);

function apply(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const c of changes) out = out.slice(0, c.start) + c.text + out.slice(c.end);
  return out;
}

function check(state: AnnotationState, e: Engine, text: string, lang: string): void {
  const expected = findSpans(e, text, lang);
  assert.deepStrictEqual(allSpans(state), expected);
  // Visible ranges and hovers read the same spans.
  const from = Math.floor(text.length / 3);
  const to = from + 200;
  assert.deepStrictEqual(
    spansIn(state, from, to),
    expected.filter((s) => s.end > from && s.start < to),
  );
  for (const s of expected.slice(0, 20)) assert.deepStrictEqual(spanAt(state, s.start), s);
}

/** How edits were handled, to see that the property test reaches every path. */
const outcomes = { full: 0, names: 0, window: 0 };

describe('incremental annotation', () => {
  after(() => {
    if (process.env.INCREMENTAL_STATS) console.log(outcomes);
  });

  // As a string (the CLI's case), and as the editor has it: a LiveText that is never built whole,
  // each edit reading a flat copy of the text around it, through views that reach only
  // 2 x CONTEXT_REACH beyond what is scanned (the editor's reach is 2048), so that their edges
  // fall inside the documents.
  for (const pieces of [false, true])
    for (const lang of ['markdown', 'plaintext']) {
      const how = pieces ? ', reading only narrow views of a text kept as pieces' : '';
      it(`gives the spans of a full scan after random edits${how} (${lang})`, () => {
        const margin = pieces ? setViewMargin(0) : undefined;
        try {
          fc.assert(
            fc.property(
              documentArb,
              fc.array(editArb, { minLength: 1, maxLength: 8 }),
              fc.boolean(),
              (doc, edits, names) => {
                const e = names ? engine : noNames;
                const state = createAnnotationState(e, doc, lang);
                check(state, e, doc, lang);
                let live = new LiveText(doc);
                let text = doc;
                for (const edit of edits) {
                  const changes = edit(text);
                  text = apply(text, changes);
                  live = live.with(changes);
                  const result = applyEdits(state, pieces ? live : text, changes);
                  outcomes[result.full ? 'full' : result.namesRedone ? 'names' : 'window']++;
                  // Only a full scan (or a comparison, when there are no changes) builds the whole text.
                  if (pieces && !result.full && changes.length > 0)
                    assert.equal(live.built, undefined, 'the whole text was built');
                  check(state, e, text, lang);
                  if (result.full) live = new LiveText(text);
                }
              },
            ),
            { numRuns: Number(process.env.INCREMENTAL_RUNS ?? 400) },
          );
        } finally {
          if (margin !== undefined) setViewMargin(margin);
        }
      });
    }

  it('keeps the spans of a full scan through edits at many places (lazy shifts added to the blocks)', () => {
    // More places than the state keeps lazy shifts for, and edits back at earlier places.
    const random = seededRandom(11);
    let text = Array.from({ length: 120 }, (_, k) => SENTENCES[k % SENTENCES.length]!).join('\n\n');
    const state = createAnnotationState(engine, text, 'markdown');
    let live = new LiveText(text);
    for (let step = 0; step < 60; step++) {
      const at = random(text.length);
      const change =
        step % 3 === 0
          ? { start: at, end: Math.min(text.length, at + 1), text: '' }
          : { start: at, end: at, text: ['Hezbollah ', '40 ', 'x', ', said Rana Haddad'][random(4)]! };
      text = apply(text, [change]);
      live = live.with([change]);
      applyEdits(state, live, [change]);
      if (step % 10 === 9) check(state, engine, text, 'markdown');
    }
    check(state, engine, text, 'markdown');
  });

  it('re-scans only the paragraphs around a one-character edit and shifts the rest', () => {
    const paragraphs = Array.from(
      { length: 200 },
      (_, k) => `Hezbollah fired ${k + 10} rockets at Israel, said Rana Haddad, 34.`,
    );
    let text = paragraphs.join('\n\n');
    const state = createAnnotationState(engine, text, 'markdown');
    const p = text.indexOf('rockets', text.length >> 1);
    text = `${text.slice(0, p)}x${text.slice(p)}`;
    const result = applyEdits(state, text, [{ start: p, end: p, text: 'x' }]);
    assert.equal(result.full, false);
    assert.equal(result.namesRedone, false);
    assert.ok(result.end - result.start < 400, `window ${result.start}-${result.end}`);
    assert.deepStrictEqual(allSpans(state), findSpans(engine, text, 'markdown'));
  });

  it('redoes the names of the whole document when a cue changes', () => {
    // Paragraphs between, so that the other mentions lie outside the re-scanned window.
    const filler = 'Israel fired 10 rockets at the coast.\n\n'.repeat(4);
    let text = `Aitou lies far away.\n\n${filler}A strike hit the village of Aitou.\n\n${filler}Aitou is quiet.`;
    const state = createAnnotationState(engine, text, 'plaintext');
    assert.equal(allSpans(state).filter((s) => s.kind === 'place').length, 3);
    const p = text.indexOf('village');
    text = `${text.slice(0, p)}town${text.slice(p + 'village'.length)}`;
    applyEdits(state, text, [{ start: p, end: p + 'village'.length, text: 'town' }]);
    assert.deepStrictEqual(allSpans(state), findSpans(engine, text, 'plaintext'));
    text = `${text.slice(0, p)}xyz${text.slice(p + 'town'.length)}`;
    const result = applyEdits(state, text, [{ start: p, end: p + 'town'.length, text: 'xyz' }]);
    assert.ok(result.start > 0 && result.end < text.length, `window ${result.start}-${result.end}`);
    assert.equal(result.namesRedone, true);
    assert.deepStrictEqual(allSpans(state), findSpans(engine, text, 'plaintext'));
    assert.equal(allSpans(state).filter((s) => s.kind === 'place').length, 0);
  });

  it('reads a name as the memory holds it after the first pass', () => {
    // Both are named with a cue; in the second pass "Haddad" is the last one the first pass wrote.
    const filler = Array.from({ length: 30 }, (_, k) => `Israel fired ${k} rockets.`);
    let text = [
      'said Rana Haddad, 34, a teacher.',
      ...filler,
      'Haddad left.',
      ...filler,
      'told Sami Haddad, 50, a driver.',
    ].join('\n\n');
    const state = createAnnotationState(engine, text, 'plaintext');
    const p = text.indexOf('Haddad left') + 'Haddad left'.length;
    text = `${text.slice(0, p)} early${text.slice(p)}`;
    const result = applyEdits(state, text, [{ start: p, end: p, text: ' early' }]);
    assert.equal(result.namesRedone, false);
    assert.deepStrictEqual(allSpans(state), findSpans(engine, text, 'plaintext'));
    assert.ok(
      allSpans(state).some(
        (s) =>
          s.kind === 'actor' &&
          s.entity === 'unlisted:person:sami-haddad' &&
          text.slice(s.start, s.end) === 'Haddad',
      ),
    );
  });

  it('scans the whole text again when the changes do not describe it', () => {
    const state = createAnnotationState(engine, 'Iran said 40.', 'markdown');
    const text = 'Israel fired 12 rockets at Iraq.';
    assert.equal(applyEdits(state, text, []).full, true);
    assert.deepStrictEqual(allSpans(state), findSpans(engine, text, 'markdown'));
    assert.equal(applyEdits(state, text, []).full, false);
  });

  it('falls back to a full scan when a code fence opens', () => {
    let text = 'Iran said 40.\n\nIsrael said 5.\n\nIraq said 3.';
    const state = createAnnotationState(engine, text, 'markdown');
    const p = text.indexOf('Israel');
    text = `${text.slice(0, p)}\`\`\`\n${text.slice(p)}`;
    const result = applyEdits(state, text, [{ start: p, end: p, text: '```\n' }]);
    assert.equal(result.full, true);
    assert.deepStrictEqual(allSpans(state), findSpans(engine, text, 'markdown'));
  });
});
