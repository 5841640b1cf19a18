import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { atSentenceStart, cueReaders, findUnlistedNames } from '../../src/core/names';
import { COMPASS_POINTS } from '../../src/core/text';
import { compileMatcher } from '../../src/core/matcher';
import { testGlossary } from './helpers';

const matcher = compileMatcher(testGlossary().entries);

function names(text: string): string[] {
  const listed = matcher.scan(text);
  const memory = new Map<string, string>();
  findUnlistedNames(text, 0, text.length, listed, memory);
  return findUnlistedNames(text, 0, text.length, listed, memory).map(
    (m) => `${m.kind}:${text.slice(m.start, m.end)}=${m.entity}`,
  );
}

describe('unlisted names', () => {
  it('finds a person after a title, stripping the title', () => {
    assert.deepEqual(names('The military spokesman, Rear Admiral Daniel Hagari, said jets had returned.'), [
      'actor:Daniel Hagari=unlisted:person:daniel-hagari',
    ]);
  });

  it('finds a person from an age apposition and recognises the surname later', () => {
    assert.deepEqual(names('said Rana Haddad, 34, a teacher. Later Haddad left.'), [
      'actor:Rana Haddad=unlisted:person:rana-haddad',
      'actor:Haddad=unlisted:person:rana-haddad',
    ]);
  });

  it('finds people after abbreviated ranks', () => {
    assert.deepEqual(names('Sgt. William Rivers, 46, and Spc. Kennedy Sanders, 24, died.'), [
      'actor:William Rivers=unlisted:person:william-rivers',
      'actor:Kennedy Sanders=unlisted:person:kennedy-sanders',
    ]);
  });

  it('finds a place after "the village of" and again without the cue', () => {
    assert.deepEqual(names('a strike in the village of Aitou killed 21. Aitou lies far from the front.'), [
      'place:Aitou=unlisted:place:aitou',
      'place:Aitou=unlisted:place:aitou',
    ]);
  });

  it('marks only the name before a lower-case generic word, and the whole name before a capitalised one', () => {
    assert.deepEqual(names('south of the Awali river, rebels reached Umayyad Square'), [
      'place:Awali=unlisted:place:awali',
      'place:Umayyad Square=unlisted:place:umayyad-square',
    ]);
  });

  it('finds bodies by their head noun, split from a demonym before a ministry', () => {
    assert.deepEqual(names('the Lebanese Health Ministry and the Hostages and Missing Families Forum said'), [
      'actor:Health Ministry=unlisted:body:health-ministry',
      'actor:Hostages and Missing Families Forum=unlisted:body:hostages-and-missing-families-forum',
    ]);
  });

  it('joins a demonym that begins a proper name of a body', () => {
    assert.deepEqual(names('the UK-based Iraqi Observatory for Human Rights says'), [
      'actor:Iraqi Observatory for Human Rights=unlisted:body:iraqi-observatory-for-human-rights',
    ]);
  });

  it('leaves sentence-initial capitalised words, months and glossary names alone', () => {
    assert.deepEqual(
      names('Rescue Workers searched. On Monday Hezbollah said. In September the UN met.'),
      [],
    );
  });

  it('finds places by their Arabic and Hebrew first words, and each place of a list after a cue', () => {
    assert.deepEqual(
      names('a farmer from Kfar Kila said the towns of Houla and Markaba were hit near Tal Tamr'),
      [
        'place:Kfar Kila=unlisted:place:kfar-kila',
        'place:Houla=unlisted:place:houla',
        'place:Markaba=unlisted:place:markaba',
        'place:Tal Tamr=unlisted:place:tal-tamr',
      ],
    );
  });

  describe('the readers of the words before a name agree with the expressions they replace (property)', () => {
    // Words and separators of the cues, in both cases, and text whose lower case is special:
    // U+0130 (two code units in lower case), the Kelvin sign (lower case "k"), other letters.
    const word = fc.constantFrom(
      'village',
      'VILLAGE',
      'of',
      'OF',
      'the',
      'The',
      'near',
      'outside',
      'north',
      'South-West',
      'said',
      'SAID',
      'according',
      'to',
      'spokesman',
      'gen.',
      'Dr.',
      'x-y',
      'İn',
      'İ',
      '\u212aey',
      'é',
      'ß',
      '5',
      '𝐀',
    );
    const separator = fc.constantFrom(' ', ' ', '  ', '\n', ', ', ',', '(', '.', '\u00a0', '');
    const text = fc.array(fc.tuple(word, separator), { maxLength: 10 }).map((p) => p.flat().join(''));
    const run = (check: (text: string, from: number, start: number, prefix: string) => void) =>
      fc.assert(
        fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
          const start = a % (t.length + 1);
          const from = b % (start + 1);
          check(t, from, start, t.slice(Math.max(from, start - 40), start).toLowerCase());
        }),
        { numRuns: 5000 },
      );

    it('cue word', () =>
      run((t, from, start, prefix) =>
        assert.equal(
          cueReaders.cueWord(t, from, start),
          /([a-z-]+)\s+(?:of\s+)?(?:the\s+)?$/.exec(prefix)?.[1],
          t,
        ),
      ));
    it('title word', () =>
      run((t, from, start, prefix) =>
        assert.equal(
          cueReaders.titleWord(t, from, start),
          /(?:^|[\s,(])([a-z.-]+),?\s+$/.exec(prefix)?.[1],
          t,
        ),
      ));
    it('direction', () => {
      const direction = new RegExp(`\\b(?:${COMPASS_POINTS.join('|')})\\s+of\\s+(?:the\\s+)?$`);
      run((t, from, start, prefix) =>
        assert.equal(cueReaders.isDirectionOf(t, from, start), direction.test(prefix), t),
      );
    });
    it('"said" or "according to"', () =>
      run((t, from, start, prefix) =>
        assert.equal(cueReaders.saidBefore(t, from, start), /(?:said|according to)\s+$/.test(prefix), t),
      ));
    it('sentence start', () =>
      run((t, from, start) =>
        assert.equal(
          atSentenceStart(t, from, start),
          /(?:^|[.!?:"“]\s+|\n\s*(?:[-*>#]+\s*)?)$/.test(t.slice(Math.max(from, start - 6), start)) ||
            start === from,
          t,
        ),
      ));
  });
});
