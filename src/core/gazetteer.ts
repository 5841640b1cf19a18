/**
 * The generated gazetteer layer: countries, cities, towns, regions and seas from public data
 * packages (media/gazetteer.json, built by scripts/make-gazetteer.mjs), turned into glossary
 * entries for whatever the curated glossary does not already name, so that places outside it are
 * still found. Curated entries always win: a gazetteer name, alias or demonym that the glossary
 * already has (in any case) is dropped, and so is a place whose GeoNames id a curated entry has.
 *
 * Pure: no file system, no editor; the hosts read the JSON and call {@link withGazetteer}.
 */
import type { Entry, EntryOrigin, Glossary } from './types';

/** [iso2, name, aliases, demonyms, capital, latitude, longitude, sovereign (1) or territory (0)]. */
export type GazetteerCountry = [string, string, string[], string[], string, number, number, number?];

/** [GeoNames id, name, alternate names, iso2, type (capital | city | town), latitude, longitude, population]. */
export type GazetteerPlace = [number, string, string[], string, string, number, number, number];

/** [name, aliases, type (region | water), iso2 or ""]: continents, seas, US states; no id. */
export type GazetteerRegion = [string, string[], string, string];

/** The content of media/gazetteer.json. */
export interface GazetteerData {
  source: string;
  generated: string;
  countries: GazetteerCountry[];
  places: GazetteerPlace[];
  regions?: GazetteerRegion[];
}

const ORIGIN: EntryOrigin = { file: 'gazetteer', line: 0, column: 0, bundled: true };

/**
 * The empty lists of generated entries (leaders, backers, sources, ...), shared and frozen: a
 * few thousand entries are made at activation, and fewer allocations keep that fast.
 */
const EMPTY: string[] = Object.freeze([]) as unknown as string[];
const NO_SOURCES = EMPTY as unknown as Entry['sources'];

/** Case- and apostrophe-folds a surface the way the matcher compares them. */
function surfaceKey(surface: string): string {
  const lower = surface.toLowerCase();
  return SPECIAL_PUNCTUATION.test(lower)
    ? lower.replace(/[\u2018\u2019\u02bc\u2032]/g, "'").replace(/[\u2010\u2011]/g, '-')
    : lower;
}

const SPECIAL_PUNCTUATION = /[\u2018\u2019\u02bc\u2032\u2010\u2011]/;

/** 1234567 -> "1,234,567". */
function thousands(n: number): string {
  const digits = String(Math.round(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** Kebab-case of a name, for the ids of regions that have no id of their own. */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const NO_STRINGS: string[] = [];

/** The non-empty strings of a list (the list itself when it is clean, as it is from the script). */
function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return NO_STRINGS;
  for (const item of v) if (!isString(item)) return v.filter(isString);
  return v as string[];
}

function coordinates(lat: unknown, lon: unknown): [number, number] | undefined {
  return isNumber(lat) && isNumber(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180
    ? [lat, lon]
    : undefined;
}

interface CountryRef {
  id: string;
  name: string;
  /** True when the entry is a state (a capital can stand for its government). */
  state: boolean;
}

/**
 * The entries the gazetteer adds to a glossary: a country (`country-<iso2>`, an actor of type
 * state, or a place of type territory), a city or town (`gn-<GeoNames id>`) or a region or sea
 * (`region-...`, `water-...`) for each name the glossary does not have. Surfaces are claimed in
 * order (countries, then places by population, then regions), so a name shared by two
 * gazetteer records goes to the first. A place links to the glossary's own country entry when
 * one has the country's name or alias (LB -> lebanon), else to the generated country.
 */
export function gazetteerEntries(data: GazetteerData, glossary: Glossary): Entry[] {
  const taken = new Set<string>();
  const curatedGeonames = new Set<number>();
  const curatedStates = new Map<string, Entry>();
  const addCurated = (surface: string, entry: Entry, isState: boolean) => {
    const key = surfaceKey(surface);
    taken.add(key);
    if (isState && !curatedStates.has(key)) curatedStates.set(key, entry);
  };
  for (const entry of glossary.entries) {
    const isState = entry.kind === 'actor' && entry.type === 'state';
    addCurated(entry.name, entry, isState);
    for (const alias of entry.aliases) addCurated(alias, entry, isState);
    for (const demonym of entry.demonyms) taken.add(surfaceKey(demonym));
    if (entry.geonames !== undefined) curatedGeonames.add(entry.geonames);
  }
  const ids = new Set<string>(glossary.byId.keys());
  const out: Entry[] = [];
  /** The surfaces nobody has yet, claimed for the caller. */
  const claim = (surfaces: string[]): string[] => {
    if (surfaces.length === 0) return EMPTY;
    const free: string[] = [];
    for (const surface of surfaces) {
      const key = surfaceKey(surface);
      if (taken.has(key)) continue;
      taken.add(key);
      free.push(surface);
    }
    return free;
  };
  const base = (id: string, kind: Entry['kind'], type: string, name: string): Entry => ({
    id,
    kind,
    type,
    name,
    aliases: EMPTY,
    demonyms: EMPTY,
    leaders: EMPTY,
    backers: EMPTY,
    affiliations: EMPTY,
    sources: NO_SOURCES,
    origin: ORIGIN,
  });

  const countries = new Map<string, CountryRef>();
  for (const row of Array.isArray(data.countries) ? data.countries : []) {
    if (!Array.isArray(row)) continue;
    const [iso2, name, aliasList, demonymList, capital, lat, lon, sovereignFlag] = row;
    if (!isString(iso2) || !isString(name)) continue;
    const aliases = strings(aliasList);
    const curated = [name, ...aliases]
      .map((s) => curatedStates.get(surfaceKey(s)))
      .find((e) => e !== undefined);
    if (curated) {
      countries.set(iso2, { id: curated.id, name: curated.name, state: true });
      continue;
    }
    const id = `country-${iso2.toLowerCase()}`;
    if (ids.has(id) || taken.has(surfaceKey(name))) continue;
    const sovereign = sovereignFlag !== 0;
    const entry = base(id, sovereign ? 'actor' : 'place', sovereign ? 'state' : 'territory', name);
    claim([name]);
    entry.aliases = claim(aliases);
    entry.demonyms = claim(strings(demonymList));
    const where = coordinates(lat, lon);
    if (where) entry.coordinates = where;
    entry.summary = `${sovereign ? 'Country' : 'Territory'} (world-countries)${isString(capital) ? `; capital: ${capital}` : ''}.`;
    ids.add(id);
    out.push(entry);
    countries.set(iso2, { id, name, state: sovereign });
  }

  for (const [geonamesId, name, altNames, iso2, placeType, lat, lon, population] of placesByPopulation(
    data.places,
  )) {
    if (!isNumber(geonamesId) || !isString(name)) continue;
    if (curatedGeonames.has(geonamesId)) continue;
    const nameKey = surfaceKey(name);
    const id = `gn-${geonamesId}`;
    if (taken.has(nameKey) || ids.has(id)) continue;
    const country = isString(iso2) ? countries.get(iso2) : undefined;
    const capital = placeType === 'capital';
    const type = capital || placeType === 'city' ? 'city' : 'town';
    const entry = base(id, 'place', type, name);
    taken.add(nameKey);
    entry.aliases = claim(strings(altNames));
    if (country) entry.country = country.id;
    if (capital && country?.state) entry.metonymFor = country.id;
    const where = coordinates(lat, lon);
    if (where) entry.coordinates = where;
    entry.geonames = geonamesId;
    const what = capital
      ? `Capital${country ? ` of ${country.name}` : ''}`
      : `${type === 'city' ? 'City' : 'Town'}${country ? ` in ${country.name}` : ''}`;
    const people = isNumber(population) && population > 0 ? `, population ${thousands(population)}` : '';
    entry.summary = `${what} (GeoNames${people}).`;
    ids.add(id);
    out.push(entry);
  }

  for (const row of Array.isArray(data.regions) ? data.regions : []) {
    if (!Array.isArray(row)) continue;
    const [name, aliasList, regionType, iso2] = row;
    if (!isString(name) || taken.has(surfaceKey(name))) continue;
    const water = regionType === 'water';
    const id = `${water ? 'water' : 'region'}-${isString(iso2) ? `${iso2.toLowerCase()}-` : ''}${slug(name)}`;
    if (ids.has(id) || id.endsWith('-')) continue;
    const entry = base(id, 'place', water ? 'water' : 'region', name);
    claim([name]);
    entry.aliases = claim(strings(aliasList));
    const country = isString(iso2) ? countries.get(iso2) : undefined;
    if (country) entry.country = country.id;
    entry.summary = water
      ? 'Sea, ocean, strait or river.'
      : iso2 === 'US'
        ? 'U.S. state (states-us).'
        : 'World region.';
    ids.add(id);
    out.push(entry);
  }
  return out;
}

/** Places, most populous first (the script writes them so; anything else is sorted). */
function placesByPopulation(rows: unknown): GazetteerPlace[] {
  const places = (Array.isArray(rows) ? rows : []).filter((row): row is GazetteerPlace => Array.isArray(row));
  let sorted = true;
  for (let i = 1; i < places.length && sorted; i++) {
    const a = places[i - 1]!;
    const b = places[i]!;
    sorted = a[7] > b[7] || (a[7] === b[7] && a[0] < b[0]);
  }
  if (sorted) return places;
  const population = (row: GazetteerPlace) => (isNumber(row[7]) ? row[7] : 0);
  return places.sort((a, b) => population(b) - population(a) || a[0] - b[0]);
}

/**
 * The glossary with the gazetteer's entries appended after the curated ones (the glossary itself
 * when there is no gazetteer). Problems are those of the glossary: the gazetteer is generated
 * data and reports none.
 */
export function withGazetteer(glossary: Glossary, data: GazetteerData | undefined): Glossary {
  if (!data) return glossary;
  const extra = gazetteerEntries(data, glossary);
  if (extra.length === 0) return glossary;
  const byId = new Map(glossary.byId);
  for (const entry of extra) byId.set(entry.id, entry);
  return { entries: [...glossary.entries, ...extra], byId, problems: glossary.problems };
}
