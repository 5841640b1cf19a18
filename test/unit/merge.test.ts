import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import { annotate, createEngine } from '../../src/core/annotate';
import { hasConflict, mergeSidecars, resolveConflict } from '../../src/core/merge';
import { buildSidecar, checkAgainstDocument, parseSidecar, serializeSidecar } from '../../src/core/sidecar';
import type { Annotation, Sidecar } from '../../src/core/types';
import { manualNote, testGlossary } from './helpers';

const engine = createEngine(testGlossary(), { unlistedNames: false });
const TEXT =
  '# Strikes\n\nHezbollah fired approximately 40 rockets at northern Israel on Sunday.\n\n' +
  'Israel said it struck 120 targets in Lebanon. Iranian officials met in Tehran.\n\n' +
  'The United Nations called for calm. Hezbollah did not comment.\n';

function exported(text: string, previous?: Sidecar): Sidecar {
  return buildSidecar('article.md', text, annotate(engine, text, 'markdown'), previous).sidecar;
}

function note(text: string, quote: string, id: string, extra: Partial<Annotation> = {}): Annotation {
  const start = text.indexOf(quote);
  assert.ok(start >= 0, quote);
  return manualNote(text, start, start + quote.length, id, {
    author: 'Base <base@example.org>',
    updated: '2026-01-01T00:00:00.000Z',
    ...extra,
  });
}

/** A copy of a sidecar with changes made by a person (as the editor or the CLI would). */
function edit(s: Sidecar, change: (annotations: Annotation[]) => Annotation[]): Sidecar {
  return exported(TEXT, { ...s, annotations: change(s.annotations.map((a) => ({ ...a }))) });
}

function review(annotations: Annotation[], quote: string, fields: Partial<Annotation>): Annotation[] {
  const a = annotations.find((x) => x.text === quote);
  assert.ok(a, quote);
  Object.assign(a, fields);
  return annotations;
}

const byId = (s: Sidecar, id: string) => s.annotations.find((a) => a.id === id);
const claimOf = (s: Sidecar, quote: string) =>
  s.annotations.find((a) => a.kind === 'claim' && a.text === quote)!;

describe('merge: three-way merge of sidecars', () => {
  const base = exported(TEXT, {
    ...exported(TEXT),
    annotations: [note(TEXT, 'Iranian officials met in Tehran', 'm-base')],
  });

  it('keeps the union of both sides: notes added on each side, no conflict', () => {
    const ours = edit(base, (a) => [...a, note(TEXT, 'northern Israel', 'm-ours')]);
    const theirs = edit(base, (a) => [...a, note(TEXT, 'called for calm', 'm-theirs')]);
    const r = mergeSidecars({ base, ours, theirs, documentText: TEXT });
    assert.equal(r.conflicts.length, 0);
    for (const id of ['m-base', 'm-ours', 'm-theirs']) assert.ok(byId(r.sidecar, id), id);
    assert.equal(r.sidecar.annotations.length, base.annotations.length + 2);
    assert.deepEqual(checkAgainstDocument(r.sidecar, TEXT, 'x'), []);
  });

  it('takes a change made on one side, and merges changes to different fields of one annotation', () => {
    const ours = edit(base, (a) =>
      review(a, 'approximately 40 rockets', {
        status: 'verified',
        author: 'Ana',
        updated: '2026-02-01T00:00:00Z',
      }),
    );
    const theirs = edit(base, (a) =>
      review(a, 'approximately 40 rockets', {
        sources: [{ url: 'https://example.org/idf' }],
        author: 'Ben',
        updated: '2026-02-02T00:00:00Z',
      }),
    );
    const r = mergeSidecars({ base, ours, theirs, documentText: TEXT });
    assert.equal(r.conflicts.length, 0);
    const c = claimOf(r.sidecar, 'approximately 40 rockets');
    assert.equal(c.status, 'verified');
    assert.deepEqual(c.sources, [{ url: 'https://example.org/idf' }]);
    assert.equal(c.author, 'Ben', 'the later change names its author');
  });

  it('flags a claim reviewed differently on both sides, keeping both versions, and resolves it', () => {
    const ours = edit(base, (a) =>
      review(a, '120 targets', { status: 'verified', author: 'Ana', updated: '2026-02-01T00:00:00Z' }),
    );
    const theirs = edit(base, (a) =>
      review(a, '120 targets', {
        status: 'false',
        note: 'IDF said 80',
        author: 'Ben',
        updated: '2026-02-03T00:00:00Z',
      }),
    );
    const r = mergeSidecars({ base, ours, theirs, documentText: TEXT });
    assert.equal(r.conflicts.length, 1);
    const c = claimOf(r.sidecar, '120 targets');
    assert.equal(c.status, 'verified', 'ours stays in the fields until resolved');
    assert.deepEqual(c.conflict, [
      { side: 'ours', status: 'verified', author: 'Ana', updated: '2026-02-01T00:00:00Z' },
      { side: 'theirs', status: 'false', author: 'Ben', updated: '2026-02-03T00:00:00Z' },
    ]);
    // The note was added on theirs only: it merges cleanly, only the status is disputed.
    assert.equal(c.note, 'IDF said 80');
    const mine = resolveConflict(c, 'ours')!;
    assert.equal(mine.status, 'verified');
    assert.equal(mine.author, 'Ana');
    assert.equal(mine.conflict, undefined);
    const yours = resolveConflict(c, 'theirs')!;
    assert.equal(yours.status, 'false');
    assert.equal(yours.note, 'IDF said 80');
    assert.equal(yours.author, 'Ben');
  });

  it('writes a conflict that parses, passes the JSON Schema and is reported by check', () => {
    const ours = edit(base, (a) => review(a, '120 targets', { status: 'verified', author: 'Ana' }));
    const theirs = edit(base, (a) => review(a, '120 targets', { status: 'disputed', author: 'Ben' }));
    const r = mergeSidecars({ base, ours, theirs, documentText: TEXT });
    const text = serializeSidecar(r.sidecar);
    const parsed = parseSidecar(text, 'article.md.annotations.json');
    assert.deepEqual(parsed.problems, []);
    assert.equal(serializeSidecar(parsed.sidecar!), text, 'round trip is byte-identical');
    assert.equal(
      text.split('\n').filter((l) => l.includes('"conflict"')).length,
      1,
      'still one annotation per line',
    );
    const schema = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', 'media', 'schemas', 'sidecar.schema.json'), 'utf8'),
    );
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
    const problems = checkAgainstDocument(parsed.sidecar!, TEXT, 'article.md.annotations.json', {
      sidecarText: text,
    });
    const conflict = problems.find((p) => p.code === 'merge-conflict')!;
    assert.ok(conflict);
    assert.equal(conflict.severity, 'error');
    assert.match(conflict.message, /ours: status "verified" \(Ana\); theirs: status "disputed" \(Ben\)/);
    assert.equal(conflict.line, text.split('\n').findIndex((l) => l.includes('"conflict"')) + 1);
  });

  it('honours a deletion on one side when the other side left the annotation alone', () => {
    const ours = edit(base, (a) => a.filter((x) => x.id !== 'm-base'));
    const r = mergeSidecars({ base, ours, theirs: base, documentText: TEXT });
    assert.equal(byId(r.sidecar, 'm-base'), undefined);
    assert.deepEqual(r.deleted, ['m-base']);
    assert.equal(r.conflicts.length, 0);
  });

  it('keeps an annotation changed on one side and deleted on the other, as a conflict', () => {
    const ours = edit(base, (a) => a.filter((x) => x.id !== 'm-base'));
    const theirs = edit(base, (a) =>
      a.map((x) => (x.id === 'm-base' ? { ...x, note: 'who met?', author: 'Ben' } : x)),
    );
    const r = mergeSidecars({ base, ours, theirs, documentText: TEXT });
    const kept = byId(r.sidecar, 'm-base')!;
    assert.equal(kept.note, 'who met?');
    assert.deepEqual(kept.conflict, [
      { side: 'ours', deleted: true },
      { side: 'theirs', note: 'who met?', author: 'Ben', updated: '2026-01-01T00:00:00.000Z' },
    ]);
    assert.equal(resolveConflict(kept, 'ours'), undefined, 'keeping ours deletes it');
    assert.equal(resolveConflict(kept, 'theirs')!.note, 'who met?');
  });

  it('merges sources as a set by url', () => {
    const withSources = (urls: string[]) => (a: Annotation[]) =>
      review(a, '120 targets', { sources: urls.map((url) => ({ url })) });
    const b = edit(base, withSources(['https://a', 'https://b']));
    const ours = edit(b, withSources(['https://a', 'https://b', 'https://c']));
    const theirs = edit(b, withSources(['https://b', 'https://d']));
    const r = mergeSidecars({ base: b, ours, theirs, documentText: TEXT });
    assert.equal(r.conflicts.length, 0);
    assert.deepEqual(
      claimOf(r.sidecar, '120 targets').sources!.map((s) => s.url),
      ['https://b', 'https://c', 'https://d'],
    );
  });

  it('merges sidecars created on both branches (no common ancestor) without false conflicts', () => {
    const fresh = exported(TEXT);
    const ours = edit(fresh, (a) =>
      review(a, 'approximately 40 rockets', { status: 'verified', author: 'Ana' }),
    );
    const theirs = edit(fresh, (a) => review(a, '120 targets', { status: 'disputed', author: 'Ben' }));
    const r = mergeSidecars({ ours, theirs, documentText: TEXT });
    assert.equal(r.conflicts.length, 0);
    assert.equal(claimOf(r.sidecar, 'approximately 40 rockets').status, 'verified');
    assert.equal(claimOf(r.sidecar, '120 targets').status, 'disputed');
  });

  it('flags a manual note re-attached to different words on the two sides', () => {
    const ours = edit(base, (a) =>
      a.map((x) => (x.id === 'm-base' ? note(TEXT, 'Iranian officials', 'm-base') : x)),
    );
    const theirs = edit(base, (a) =>
      a.map((x) => (x.id === 'm-base' ? note(TEXT, 'met in Tehran', 'm-base') : x)),
    );
    const r = mergeSidecars({ base, ours, theirs, documentText: TEXT });
    const c = byId(r.sidecar, 'm-base')!;
    assert.equal(c.text, 'Iranian officials');
    assert.deepEqual(
      c.conflict!.map((v) => v.text),
      ['Iranian officials', 'met in Tehran'],
    );
    const theirsKept = resolveConflict(c, 'theirs')!;
    assert.equal(TEXT.slice(theirsKept.start, theirsKept.end), 'met in Tehran');
  });

  it('lets the merged document decide where each lands: renumbered auto ids, moved reviews, orphans', () => {
    // Theirs rewrote the article: a new lead that names Hezbollah (renumbering its auto ids) and the
    // sentence ours annotated is gone.
    const edited =
      '# Strikes\n\nHezbollah said on Monday it would respond.\n\n' +
      TEXT.slice(TEXT.indexOf('Hezbollah fired')).replace(' Iranian officials met in Tehran.', '');
    const ours = edit(base, (a) => [
      ...review(a, 'approximately 40 rockets', { status: 'verified', author: 'Ana' }),
      note(TEXT, 'did not comment', 'm-ours'),
    ]);
    const theirs = exported(edited, base);
    assert.ok(byId(theirs, 'm-base')!.orphaned, 'theirs already lost the sentence');
    const r = mergeSidecars({ base, ours, theirs, documentText: edited });
    assert.deepEqual(
      checkAgainstDocument(r.sidecar, edited, 'x').filter((p) => p.code !== 'orphaned'),
      [],
      'everything placed lines up with the merged text',
    );
    const claim = claimOf(r.sidecar, 'approximately 40 rockets');
    assert.equal(claim.status, 'verified');
    assert.equal(edited.slice(claim.start, claim.end), 'approximately 40 rockets');
    assert.equal(
      edited.slice(byId(r.sidecar, 'm-ours')!.start, byId(r.sidecar, 'm-ours')!.end),
      'did not comment',
    );
    assert.equal(byId(r.sidecar, 'm-base')!.orphaned, true, 'a note on deleted words is kept as an orphan');
    const places = r.sidecar.annotations
      .filter((a) => !a.orphaned)
      .map((a) => `${a.kind}|${a.start}|${a.end}`);
    assert.equal(new Set(places).size, places.length, 'no two records on one range');
    assert.equal(r.conflicts.length, 0);
  });

  it('without the document, merges by id and keeps the stored offsets', () => {
    const ours = edit(base, (a) => [...a, note(TEXT, 'northern Israel', 'm-ours')]);
    const theirs = edit(base, (a) => [...a, note(TEXT, 'called for calm', 'm-theirs')]);
    const r = mergeSidecars({ base, ours, theirs });
    assert.equal(r.sidecar.sha256, ours.sha256);
    assert.ok(byId(r.sidecar, 'm-ours') && byId(r.sidecar, 'm-theirs'));
  });

  it('never loses an annotation: random changes on both sides (property)', () => {
    const quotes = [
      'Hezbollah fired',
      'northern Israel',
      'Israel said',
      'in Lebanon',
      'officials met',
      'called for calm',
      'did not',
    ];
    const op = fc.record({
      kind: fc.constantFrom('add', 'note', 'delete', 'status', 'none'),
      target: fc.nat({ max: 6 }),
      value: fc.constantFrom('a', 'b'),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 6 }), fc.array(op, { maxLength: 6 }), (oursOps, theirsOps) => {
        const start = exported(TEXT, {
          ...base,
          annotations: [0, 1, 2].map((k) => note(TEXT, quotes[k]!, `m-${k}`)),
        });
        const changed = { ours: new Map<string, string>(), theirs: new Map<string, string>() };
        const apply = (ops: typeof oursOps, side: 'ours' | 'theirs') =>
          edit(start, (list) => {
            let a = list;
            for (const o of ops) {
              const id = `m-${o.target}`;
              const existing = a.find((x) => x.id === id);
              if (o.kind === 'add' && !existing && o.target > 2) {
                a = [...a, note(TEXT, quotes[o.target]!, `${id}-${side}`)];
                changed[side].set(`${id}-${side}`, 'added');
              } else if (o.kind === 'note' && existing) {
                existing.note = `${side}-${o.value}`;
                changed[side].set(id, 'changed');
              } else if (o.kind === 'delete' && existing) {
                a = a.filter((x) => x.id !== id);
                changed[side].set(id, 'deleted');
              } else if (o.kind === 'status') {
                const claim = a.find((x) => x.kind === 'claim');
                if (claim) claim.status = o.value === 'a' ? 'verified' : 'false';
              }
            }
            return a;
          });
        const ours = apply(oursOps, 'ours');
        const theirs = apply(theirsOps, 'theirs');
        const r = mergeSidecars({ base: start, ours, theirs, documentText: TEXT });
        const ids = new Set(r.sidecar.annotations.map((a) => a.id));
        assert.equal(ids.size, r.sidecar.annotations.length, 'ids stay unique');
        for (const side of ['ours', 'theirs'] as const) {
          for (const [id, what] of changed[side]) {
            const mine = (side === 'ours' ? ours : theirs).annotations.find((a) => a.id === id);
            if (what === 'added' || (what === 'changed' && mine))
              assert.ok(ids.has(id), `${side} ${what} ${id}`);
          }
        }
        for (const k of [0, 1, 2]) {
          const id = `m-${k}`;
          const inOurs = ours.annotations.some((a) => a.id === id);
          const inTheirs = theirs.annotations.some((a) => a.id === id);
          if (inOurs && inTheirs) assert.ok(ids.has(id), `${id} kept by both`);
          if (!inOurs && !inTheirs) assert.ok(!ids.has(id), `${id} deleted by both`);
        }
        for (const a of r.sidecar.annotations) if (hasConflict(a)) assert.ok(a.conflict!.length >= 2);
        assert.deepEqual(parseSidecar(serializeSidecar(r.sidecar), 'x').problems, []);
      }),
      { numRuns: 300 },
    );
  });
});
