import { loadGlossary } from '../../src/core/glossary';
import { contextOf } from '../../src/core/text';
import type { Annotation, Glossary } from '../../src/core/types';

/** A small glossary written for the tests: a few states, groups, people and places. */
export const TEST_GLOSSARY_YAML = `
- id: iran
  kind: actor
  type: state
  name: Iran
  demonyms: [Iranian, Iranians]
  summary: Islamic Republic in West Asia.
- id: israel
  kind: actor
  type: state
  name: Israel
  demonyms: [Israeli, Israelis]
- id: iraq
  kind: actor
  type: state
  name: Iraq
  demonyms: [Iraqi, Iraqis]
- id: lebanon
  kind: actor
  type: state
  name: Lebanon
  demonyms: [Lebanese]
- id: united-states
  kind: actor
  type: state
  name: United States
  aliases: [US, U.S., America]
  demonyms: [American, Americans]
- id: united-nations
  kind: actor
  type: international body
  name: United Nations
  aliases: [UN, U.N.]
- id: islamic-state
  kind: actor
  type: armed group
  name: Islamic State
  aliases: [IS, ISIS]
- id: hezbollah
  kind: actor
  type: armed group
  name: Hezbollah
  aliases: [Hizbullah, Hizballah]
  founded: "1982"
  backers: [iran]
  leaders: [naim-qassem]
  summary: Lebanese Shia political party and armed group founded in the early 1980s with Iranian support.
  wikidata: Q41053
- id: islamic-resistance-in-iraq
  kind: actor
  type: armed group
  name: Islamic Resistance in Iraq
  backers: [iran]
- id: naim-qassem
  kind: actor
  type: person
  name: Naim Qassem
  aliases: [Qassem]
- id: washington-institute
  kind: actor
  type: think tank
  name: Washington Institute for Near East Policy
  aliases: [Washington Institute]
- id: tehran
  kind: place
  type: city
  name: Tehran
  country: iran
  metonymFor: iran
- id: washington
  kind: place
  type: city
  name: Washington
  country: united-states
  metonymFor: united-states
- id: litani-river
  kind: place
  type: river
  name: Litani River
  aliases: [Litani]
- id: sanaa
  kind: place
  type: city
  name: Sanaa
  aliases: ["Sana'a"]
- id: al-qaeda
  kind: actor
  type: armed group
  name: al-Qaeda
  aliases: [al-Qaida]
`;

/** The test glossary, loaded. */
export function testGlossary(extra = ''): Glossary {
  return loadGlossary([
    { file: 'test.yaml', text: TEST_GLOSSARY_YAML, bundled: true },
    ...(extra ? [{ file: 'workspace.yaml', text: extra, bundled: false }] : []),
  ]);
}

/**
 * A seeded generator for property tests: `random(n)` is an integer in [0, n). The same seed
 * gives the same sequence, so a failing run can be replayed.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

/** A manual note on [start, end) of `text`, with its quote and context, as the editor writes one. */
export function manualNote(
  text: string,
  start: number,
  end: number,
  id = 'm-1',
  extra: Partial<Annotation> = {},
): Annotation {
  return {
    id,
    kind: 'note',
    start,
    end,
    text: text.slice(start, end),
    ...contextOf(text, start, end),
    origin: 'manual',
    note: 'n',
    ...extra,
  };
}
