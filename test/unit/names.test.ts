import { strict as assert } from 'node:assert';
import { findUnlistedNames } from '../../src/core/names';
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
});
