import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  annotate,
  createEngine,
  findSpans,
  followsOperation,
  listedMentions,
  mergeSpans,
} from '../../src/core/annotate';
import type { ClaimSpan, Mention } from '../../src/core/types';
import { testGlossary } from './helpers';

const engine = createEngine(testGlossary());

function spans(text: string, lang = 'markdown'): string[] {
  return findSpans(engine, text, lang).map((s) => `${s.kind}:${text.slice(s.start, s.end)}`);
}

describe('annotate', () => {
  it('finds mentions and claims in document order without overlaps', () => {
    const text =
      'Iranian-backed militias in Iraq launched approximately 40 strikes against Israel on September 27.';
    assert.deepEqual(spans(text), [
      'actor:Iranian',
      'place:Iraq',
      'claim:approximately 40 strikes',
      'actor:Israel',
      'claim:September 27',
    ]);
  });

  it('annotates headings, lists, blockquotes and link text but not front matter, code or link targets', () => {
    const text =
      '---\ntitle: Iran 40\n---\n# Iran\n- Israel fired 12 rockets\n> Hezbollah said\n`Iraq 5`\n[Iraq](https://x.org/Iran/2024)\n';
    assert.deepEqual(spans(text), [
      'actor:Iran',
      'actor:Israel',
      'claim:12 rockets',
      'actor:Hezbollah',
      'actor:Iraq',
    ]);
  });

  it('treats plain text as prose throughout', () => {
    assert.deepEqual(spans('---\nIran\n---\n`Israel`', 'plaintext'), ['actor:Iran', 'actor:Israel']);
  });

  it('drops a claim whose number lies inside a name and stops a claim before a name', () => {
    const mention: Mention = { start: 0, end: 9, kind: 'actor', entity: 'unit-8200' };
    const claim = (start: number, end: number): ClaimSpan => ({
      start,
      end,
      kind: 'claim',
      claim: { type: 'count', value: 1 },
    });
    assert.deepEqual(mergeSpans('Unit 8200', [mention], [claim(5, 9)]), [mention]);
    const text = 'killed 150 Palestinians';
    const palestinians: Mention = { start: 11, end: 23, kind: 'actor', entity: 'palestine' };
    assert.deepEqual(
      mergeSpans(text, [palestinians], [claim(7, 23)]).map((s) => text.slice(s.start, s.end)),
      ['150', 'Palestinians'],
    );
  });

  it('keeps the money after a country code that starts the claim ("US$50 million")', () => {
    assert.deepEqual(spans('The US$50 million package'), ['actor:US', 'claim:$50 million']);
  });

  it('gives auto annotations stable ids, quote context and unreviewed claims', () => {
    const text = 'Hezbollah fired 40 rockets. Hezbollah said so.';
    const first = annotate(engine, text, 'markdown');
    const second = annotate(engine, text, 'markdown');
    assert.deepEqual(first, second);
    const ids = first.map((a) => a.id);
    assert.equal(new Set(ids).size, ids.length);
    const claim = first.find((a) => a.kind === 'claim')!;
    assert.equal(claim.status, 'unreviewed');
    assert.equal(claim.prefix, 'Hezbollah fired ');
    assert.equal(first[0]!.entity, 'hezbollah');
    assert.notEqual(first[0]!.id, first.find((a, i) => i > 0 && a.entity === 'hezbollah')!.id);
  });

  it('reads an operation name before a mention by hand exactly as the expression does (property)', () => {
    const expression = /\bOperation(?:\s+\p{Lu}[\p{L}'’-]*)*\s+$/u;
    const piece = fc.constantFrom(
      'Operation',
      'Operations',
      'xOperation',
      '-Operation',
      'Prosperity',
      'Guardian',
      'al-Aqsa',
      "O'Brien",
      'the',
      'of',
      'Éclair',
      'é',
      '𝐀x',
      '😀',
      '5',
      ' ',
      ' ',
      '  ',
      '\n',
      '\u00a0',
      ',',
      '(',
      '-',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), fc.nat(), (pieces, n) => {
        const text = pieces.join('');
        const start = n % (text.length + 1);
        assert.equal(
          followsOperation(text, start),
          expression.test(text.slice(Math.max(0, start - 60), start)),
          JSON.stringify([text, start]),
        );
      }),
      { numRuns: 20000 },
    );
  });

  it('drops exactly the listed mentions that follow an operation name (property)', () => {
    // listedMentions skips the test of each mention when "Operation" stands nowhere before them.
    const piece = fc.constantFrom(
      'Operation',
      'Iraqi',
      'Freedom',
      'Iran',
      'Israel',
      'the',
      'x',
      ' ',
      ' ',
      '\n',
      ',',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(), fc.nat(), (pieces, a, b) => {
        const text = pieces.join('');
        const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y) as [
          number,
          number,
        ];
        const all = engine.matcher.scanWithin(text, from, to, from, to);
        assert.deepEqual(
          listedMentions(engine, text, from, to, from, to),
          all.filter((m) => !followsOperation(text, m.start)),
          JSON.stringify([text, from, to]),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('does not mark the names inside an operation name', () => {
    assert.deepEqual(spans('Operation Iraqi Freedom ended; Iraqi officials and Iran watched.'), [
      'actor:Iraqi',
      'actor:Iran',
    ]);
  });
});
