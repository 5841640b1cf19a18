import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Lexicon, UNSURE, capitalisedRunStart } from '../../src/core/text';

/** Texts made of the pieces the backward readers look at: capitals, letters, joiners, spaces, punctuation. */
const pieces = fc.constantFrom(
  'A',
  'Houla',
  'a',
  'and',
  'or',
  'É',
  'é',
  'ǅ',
  'ß',
  ' ',
  '  ',
  '\n',
  '\u00a0',
  ',',
  '.',
  '-',
  "'",
  '’',
  '(',
  '1',
  '𝐀',
);
const texts = fc.array(pieces, { maxLength: 16 }).map((p) => p.join(''));

describe('text: backward readers', () => {
  it('capitalisedRunStart finds where the expression starts its match (property)', () => {
    const run = /(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)$/u;
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), (text, a, b) => {
        const lo = a % (text.length + 1);
        const end = lo + (b % (text.length - lo + 1));
        const got = capitalisedRunStart(text, lo, end);
        if (got === UNSURE) return;
        const m = run.exec(text.slice(lo, end));
        assert.equal(got, m ? lo + m.index : -1, JSON.stringify([text, lo, end]));
      }),
      { numRuns: 5000 },
    );
  });

  it('capitalisedRunStart reads capitalised words back to the first capital, not over a lower-case word', () => {
    const text = 'strikes on the Old City of Jerusalem and';
    assert.equal(capitalisedRunStart(text, 0, text.length - 4), text.indexOf('Jerusalem'));
    assert.equal(capitalisedRunStart(text, 0, text.indexOf(' of')), text.indexOf('Old'));
    assert.equal(capitalisedRunStart(text, text.indexOf('ity'), text.indexOf(' of')), -1);
    assert.equal(capitalisedRunStart('al-Qaeda', 0, 8), 3);
    assert.equal(capitalisedRunStart('the village', 0, 11), -1);
    assert.equal(capitalisedRunStart('𝐀bc', 0, 4), UNSURE);
  });

  it('Lexicon looks a range of a text up in every group at once, as it is and lower-cased (property)', () => {
    const groups = [
      ['said', 'Said', 'in'],
      ['Ministry', 'of'],
      ['kelvin', 'i̇n', 'straße'],
    ];
    const lexicon = new Lexicon(groups);
    const flagsOf = (word: string) => groups.reduce((f, g, k) => (g.includes(word) ? f | (1 << k) : f), 0);
    const piece = fc.constantFrom(
      'said',
      'Said',
      'SAID',
      'in',
      'IN',
      'İn',
      'Ministry',
      'of',
      'Of',
      '\u212aelvin',
      'STRASSE',
      'straße',
      'x',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), fc.nat(), fc.nat(), (pieces, a, b) => {
        const text = pieces.join('');
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        const word = text.slice(start, end);
        assert.equal(lexicon.flags(text, start, end), flagsOf(word), word);
        assert.equal(lexicon.lowerCaseFlags(text, start, end), flagsOf(word.toLowerCase()), word);
      }),
      { numRuns: 5000 },
    );
  });
});
