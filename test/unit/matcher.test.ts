import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Hits, capitalActsAfter, capitalActsByExpressions, compileMatcher } from '../../src/core/matcher';
import { testGlossary } from './helpers';

const matcher = compileMatcher(testGlossary().entries);
function found(text: string): string[] {
  return matcher.scan(text).map((m) => `${m.kind}:${text.slice(m.start, m.end)}=${m.entity}`);
}

describe('matcher', () => {
  it('finds names, aliases and demonyms as whole words', () => {
    assert.deepEqual(found('Hizballah and Iranian officials met in Iraq.'), [
      'actor:Hizballah=hezbollah',
      'actor:Iranian=iran',
      'place:Iraq=iraq',
    ]);
  });

  it('keeps possessives and hyphen compounds outside the span', () => {
    assert.deepEqual(found("Israel's strike, Israel’s reply, Iranian-backed and Hezbollah-issued pagers"), [
      'actor:Israel=israel',
      'actor:Israel=israel',
      'actor:Iranian=iran',
      'actor:Hezbollah=hezbollah',
    ]);
  });

  it('does not match inside longer words', () => {
    assert.deepEqual(found('Iranians are not Iranianism; Israelite; UNESCO; ISIS'), [
      'actor:Iranians=iran',
      'actor:ISIS=islamic-state',
    ]);
  });

  it('matches acronyms only in their exact case', () => {
    assert.deepEqual(found('The UN said it is for us, not US policy; IS claimed it.'), [
      'actor:UN=united-nations',
      'actor:US=united-states',
      'actor:IS=islamic-state',
    ]);
    assert.deepEqual(found('un is us'), []);
  });

  it('requires the capitals of a name but accepts all-caps text', () => {
    assert.deepEqual(found('HEZBOLLAH and hezbollah'), ['actor:HEZBOLLAH=hezbollah']);
  });

  it('lets the longest name win, so a name containing a country is one span', () => {
    assert.deepEqual(found('the Islamic Resistance in Iraq claimed it'), [
      'actor:Islamic Resistance in Iraq=islamic-resistance-in-iraq',
    ]);
    assert.deepEqual(found('the Washington Institute, based in Washington'), [
      'actor:Washington Institute=washington-institute',
      'place:Washington=washington',
    ]);
  });

  it('marks only the name of a site whose generic word is lower case', () => {
    assert.deepEqual(found('the Litani river and the Litani River'), [
      'place:Litani=litani-river',
      'place:Litani River=litani-river',
    ]);
  });

  it('joins a direction with a place into one place span', () => {
    assert.deepEqual(found('attacks on southern Lebanon and northern Israel'), [
      'place:southern Lebanon=lebanon',
      'place:northern Israel=israel',
    ]);
  });

  it('reads a country after a locative preposition as a place, otherwise as an actor', () => {
    assert.deepEqual(found('militias in Iraq; Iraq said'), ['place:Iraq=iraq', 'actor:Iraq=iraq']);
  });

  it('reads a capital as its government when it acts, and as a place otherwise', () => {
    assert.deepEqual(found("Tehran said; sponsored by Tehran; Tehran's proxies; a rally in Tehran"), [
      'actor:Tehran=tehran',
      'actor:Tehran=tehran',
      'actor:Tehran=tehran',
      'place:Tehran=tehran',
    ]);
  });

  it('reads a capital as its government after a verb of pressure, before ", which", and through an adverb', () => {
    assert.deepEqual(
      found(
        'warned Tehran; Tehran, which denied it; Tehran at first said; officials in Tehran; Tehran’s northern suburbs',
      ),
      [
        'actor:Tehran=tehran',
        'actor:Tehran=tehran',
        'actor:Tehran=tehran',
        'place:Tehran=tehran',
        'place:Tehran=tehran',
      ],
    );
  });

  it('reads a capital as its government by default, and as a place after a preposition, in a dateline or a list of places', () => {
    assert.deepEqual(
      found(
        'TEHRAN — A deal between the Houthis and Washington; strikes in Damascus, Sanaa and Tehran; pressure from Washington; the Tehran-based group; Tehran’s October barrage',
      ),
      [
        'place:TEHRAN=tehran',
        'actor:Washington=washington',
        'place:Sanaa=sanaa',
        'place:Tehran=tehran',
        'actor:Washington=washington',
        'place:Tehran=tehran',
        'actor:Tehran=tehran',
      ],
    );
  });

  it('treats curly and straight apostrophes alike inside names', () => {
    assert.deepEqual(found("Sana'a and Sana’a"), ["place:Sana'a=sanaa", 'place:Sana’a=sanaa']);
  });

  it('matches a lower-case al- prefix written with a capital', () => {
    assert.deepEqual(found('Al-Qaeda and al-Qaida'), ['actor:Al-Qaeda=al-qaeda', 'actor:al-Qaida=al-qaeda']);
  });

  it('finds lower-case surfaces without a capital alike in ranges scanned in order with Hits and alone (property)', () => {
    // With Hits, the search for such surfaces runs over the whole text and is kept between ranges.
    const base = testGlossary().entries[0]!;
    const lower = ['el hed', 'el hedra', 'ab ab', 'x-ray'].map((name, k) => ({
      ...base,
      id: `lower-${k}`,
      name,
      aliases: [],
      demonyms: [],
    }));
    const m = compileMatcher([...testGlossary().entries, ...lower]);
    const token = fc.constantFrom(
      'el',
      'hed',
      'hedra',
      'ab',
      'EL',
      'Hed',
      'x',
      'ray',
      'Iran',
      '-',
      ' ',
      ' ',
      '.',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 60 }).map((ts) => ts.join('')),
        fc.array(fc.nat(), { maxLength: 6 }),
        (text, cuts) => {
          const bounds = [...new Set([0, text.length, ...cuts.map((c) => c % (text.length + 1))])].sort(
            (a, b) => a - b,
          );
          const hits = new Hits();
          const spans = (h: Hits | undefined): string[] => {
            const out: string[] = [];
            for (let k = 0; k + 1 < bounds.length; k++) {
              const [from, to] = [bounds[k]!, bounds[k + 1]!];
              for (const x of m.scanWithin(text, from, to, from, to, [], h))
                out.push(`${x.start}-${x.end}:${x.entity}`);
            }
            return out;
          };
          assert.deepEqual(spans(hits), spans(undefined));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reports absolute offsets when scanning a sub-range', () => {
    const text = 'Iran ... Israel ... Iraq';
    const ms = matcher.scan(text, 5, 18);
    assert.deepEqual(
      ms.map((m) => [m.start, m.end]),
      [[9, 15]],
    );
  });

  it('handles non-Latin letters as word characters', () => {
    assert.deepEqual(found('Iranα Iran'), ['actor:Iran=iran']);
  });

  it('reads the context of a capital by hand exactly as the expressions do (property)', () => {
    // Words and separators of the contexts that decide (verbs, prepositions, lists, datelines,
    // possessives), and letters beyond the Basic Multilingual Plane, which an expression reads as
    // one character.
    const word = fc.constantFrom(
      'Homs',
      'Latakia',
      'Old City',
      'Jan',
      'in',
      'IN',
      'from',
      'to',
      'pressure',
      'said',
      'also',
      'at',
      'first',
      'suburbs',
      'warned',
      'and',
      'or',
      'the',
      'based',
      "'s",
      '’s',
      '5',
      'Éa',
      'é',
      'ǅ',
      '𝐀b',
      'a𝐚',
      '😀',
      'x-y',
    );
    const separator = fc.constantFrom(
      ' ',
      ' ',
      ' ',
      '  ',
      '\n',
      '\n* ',
      ', ',
      ',',
      '.',
      '-',
      ' — ',
      '(',
      '\u00a0',
      '',
    );
    const run = fc.array(fc.tuple(word, separator), { maxLength: 8 }).map((p) => p.flat().join(''));
    fc.assert(
      fc.property(run, separator, separator, run, fc.nat(), (before, s1, s2, after, b) => {
        const text = `${before}${s1}Tehran${s2}${after}`;
        const start = before.length + s1.length;
        const end = start + 6;
        // Any word may stand for "the word before" (the matcher takes the one just before); or none.
        const words = [...text.slice(0, start).matchAll(/[\p{L}\p{N}-]+/gu)];
        const w = b % (words.length + 1) === 0 ? undefined : words[(b % (words.length + 1)) - 1]!;
        const ps = w ? w.index : -1;
        const pe = w ? w.index + w[0].length : -1;
        assert.equal(
          capitalActsAfter(text, start, end, ps, pe),
          capitalActsByExpressions(text, start, end, w?.[0]),
          JSON.stringify([text, start, w?.[0]]),
        );
      }),
      { numRuns: 20000 },
    );
  });
});
