/**
 * Numeric-claim scanner: finds the counts, quantities, durations, ages, dates, percentages and sums
 * of money that a fact-checker could check in a stretch of prose, with a structured value for each
 * (see ANNOTATION-GUIDE.md, "claim").
 *
 * The scan is a single left-to-right reading that acts only at candidates: a digit, a currency
 * sign, or a trigger word (number words, months, "a", "half", "several", "thousands", ...), whose
 * lower-case hash is checked against a 64K-entry bit table and then confirmed in a hash table
 * without allocating. It does not visit every character: one global regular expression finds the
 * candidates (the engine scans for them at close to memory speed) and the reading resumes at each
 * as a character-by-character reading would reach it (see `Scanner.scan`). The detailed
 * (allocating) logic runs only at those candidates and reads the words around them: hedges before,
 * ranges, units and counted nouns after. Sticky regexes are used only at a candidate, guarded by
 * cheap character tests.
 *
 * Decisions the guide leaves open, taken here:
 * - Vague magnitudes are ranges (see {@link VAGUE_RANGES}).
 * - A bare 4-digit number 1800-2099 without a plural counted noun is a year ("in 2006", "the 2006
 *   war"); 1000-1799 only after a preposition or determiner ("in 1453"). "2000 troops" is a count.
 * - Times of day ("3 p.m.", "15:30", "1500 GMT") are no claims: they date an event rather than
 *   assert a magnitude, and their digits are consumed so that they yield no count either.
 * - Numeric dates are read day first ("27/09/2024") unless that is impossible.
 * - A bare "m" after a number is metres before a dimension word or a singular noun ("30m deep",
 *   "a 30m tunnel"), otherwise million ("6m people", "a population of 2.2m"); after a currency sign
 *   it is always million ("£3m").
 * - "pounds" without a currency sign or nationality is a weight (lb).
 * - Small number words used anaphorically ("the two countries") are no claims; the bare word "one"
 *   is a claim only with a counted noun, a unit, a range or a hedge.
 * - Fractions and ratios in words ("two-thirds", "a third of", "one in five") are percent claims
 *   with unit "fraction" or "ratio" and the value in percent.
 * - A claim never starts or ends inside a country or demonym the entity matcher marks: "US$50m"
 *   starts at "$", and "1.3 million Iranian rials" stops before "Iranian" (type money, unit IRR).
 */
import type { ClaimSpan, ClaimType, ClaimValue } from './types';

// ---------------------------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------------------------

/** 1 = ASCII letter, 2 = digit. */
const ASCII = new Uint8Array(128);
for (let c = 65; c <= 90; c++) ASCII[c] = 1;
for (let c = 97; c <= 122; c++) ASCII[c] = 1;
for (let c = 48; c <= 57; c++) ASCII[c] = 2;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Letters outside ASCII: Latin-1 letters and every script, but not punctuation, symbols or spaces. */
function isLetterNA(c: number): boolean {
  return (
    c >= 0xc0 &&
    c !== 0xd7 &&
    c !== 0xf7 &&
    (c < 0x2000 || c > 0x2bff) &&
    (c < 0x3000 || c > 0x303f) &&
    (c < 0xfe00 || c > 0xfe6f) &&
    (c < 0xff00 || c > 0xff20) &&
    c !== 0xfeff
  );
}

function isLetter(c: number): boolean {
  return c < 128 ? ASCII[c] === 1 : isLetterNA(c);
}

function isAlnum(c: number): boolean {
  return c < 128 ? ASCII[c] !== 0 : isLetterNA(c);
}

function isUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}

/** Horizontal white space, including no-break and thin spaces. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 0xa0 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Hyphens that join a compound word ("45-year-old", "post-October"). */
function isHyphen(c: number): boolean {
  return c === 45 || c === 0x2010 || c === 0x2011;
}

/** Any dash that can join a range ("20-30", "20–30", "20—30"). */
function isDash(c: number): boolean {
  return c === 45 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2018 || c === 0x2bc;
}

/** Currency signs that can open a sum of money, with their ISO code. */
const CURRENCY_SIGNS: ReadonlyMap<number, string> = new Map([
  [0x24, 'USD'],
  [0x20ac, 'EUR'],
  [0xa3, 'GBP'],
  [0xa5, 'JPY'],
  [0x20aa, 'ILS'],
  [0x20b9, 'INR'],
  [0x20bd, 'RUB'],
  [0x20ba, 'TRY'],
  [0xfdfc, 'IRR'],
]);

/** Prefixes written before "$" ("US$50"). */
const DOLLAR_PREFIXES: Readonly<Record<string, string>> = {
  us: 'USD',
  a: 'AUD',
  au: 'AUD',
  c: 'CAD',
  ca: 'CAD',
  nz: 'NZD',
  hk: 'HKD',
  s: 'SGD',
  nt: 'TWD',
};

/** Currency prefixes written against the digits, case-sensitive ("Dh5m", "SR10 million"). */
const ATTACHED_CURRENCY: Readonly<Record<string, string>> = {
  Dh: 'AED',
  Dhs: 'AED',
  AED: 'AED',
  SR: 'SAR',
  QR: 'QAR',
  USD: 'USD',
  EUR: 'EUR',
  GBP: 'GBP',
  NIS: 'ILS',
  LL: 'LBP',
  LE: 'EGP',
  Rs: 'INR',
  BD: 'BHD',
  KD: 'KWD',
  JD: 'JOD',
};

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

const T_NONE = 0;
const T_NUM = 1;
const T_A = 2;
const T_HALF = 3;
const T_VAGUE = 4;
const T_QADJ = 5;
const T_MONTH = 6;
const T_URL = 7;

/** What a word can be; one entry per lower-case word (a class, so that every entry has one shape). */
class Voc {
  /** Trigger kind, T_NONE when the word only matters next to a number. */
  trig = T_NONE;
  /** zero..ninety. */
  num: number | undefined = undefined;
  /** hundred, thousand, million, billion, trillion, dozen. */
  scale: number | undefined = undefined;
  /** Plural magnitude word ("thousands" -> 1000). */
  vague: number | undefined = undefined;
  /** 1..12. */
  month: number | undefined = undefined;
  /** Canonical duration unit ("weeks"). */
  time: string | undefined = undefined;
  /** Canonical quantity unit ("km"). */
  qty: string | undefined = undefined;
  /** Currency word ("dollars" -> "USD"). */
  cur: string | undefined = undefined;
  /** Currency code ("USD", "NIS"). */
  code: string | undefined = undefined;
  /** Nationality adjective -> currency of "Lebanese pounds" and the like. */
  nat: string | undefined = undefined;
  /** Denominator of a fraction word ("thirds" -> 3). */
  frac: number | undefined = undefined;
  /** The word lists it belongs to (F_STOP, F_NAME_HEAD, ...). */
  flags = 0;
  /** The hedge phrases that end in this word (without a "."), in HEDGE_PHRASES and EXTENT_PHRASES. */
  hedge: HedgeNode | undefined = undefined;
  extentHedge: HedgeNode | undefined = undefined;

  constructor(
    readonly w: string,
    /** {@link hashRange} of the word. */
    readonly h: number,
    /** Next entry in the same table slot. */
    readonly next: Voc | undefined,
  ) {}
}

/** Properties a {@link voc} call may set. */
type VocProps = Partial<Omit<Voc, 'w' | 'h' | 'next' | 'flags' | 'hedge' | 'extentHedge'>>;

/**
 * Hash of the lower-case ASCII word t[s, e), -1 if it has a character outside ASCII (no word of
 * the vocabulary has one, and no letter outside ASCII lower-cases to ASCII only).
 */
function hashRange(t: string, s: number, e: number): number {
  let h = 0;
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c >= 128) return -1;
    h = (Math.imul(h, 31) + (c | 32)) | 0;
  }
  return h;
}

/** The vocabulary: a hash table of chains, indexed by the low bits of {@link hashRange}. */
const VOCAB_BITS = 11;
const VOCAB: (Voc | undefined)[] = new Array<Voc | undefined>(1 << VOCAB_BITS).fill(undefined);
/** First letters of the words that matter after "a" / "an" (dozen, hundred, few, day, third, ...). */
const A_NEXT = new Uint8Array(128);
for (const c of 'bcdfhmnqstwy') A_NEXT[c.charCodeAt(0)] = 1;

/** 1 at (hash & 0xffff) of every trigger word: a one-load filter before the hash table. */
const TRIGGER_BITS = new Uint8Array(65536);

/** The entry of a lower-case word, created empty if there is none. */
function vocEntry(w: string): Voc {
  const h = hashRange(w, 0, w.length);
  const slot = h & ((1 << VOCAB_BITS) - 1);
  let v = VOCAB[slot];
  while (v && v.w !== w) v = v.next;
  if (!v) {
    v = new Voc(w, h, VOCAB[slot]);
    VOCAB[slot] = v;
  }
  return v;
}

function voc(w: string, props: VocProps): void {
  const v = vocEntry(w);
  Object.assign(v, props, { trig: props.trig ?? v.trig });
  if (v.trig !== T_NONE) TRIGGER_BITS[v.h & 0xffff] = 1;
}

/** Splits a space-separated word list. */
function words(list: string): string[] {
  return list.split(' ');
}

words(
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen ' +
    'seventeen eighteen nineteen',
).forEach((w, n) => voc(w, { trig: T_NUM, num: n }));
words('twenty thirty forty fifty sixty seventy eighty ninety').forEach((w, k) =>
  voc(w, { trig: T_NUM, num: (k + 2) * 10 }),
);
for (const [w, scale] of [
  ['hundred', 100],
  ['thousand', 1e3],
  ['million', 1e6],
  ['billion', 1e9],
  ['trillion', 1e12],
  ['dozen', 12],
  ['mln', 1e6],
  ['mn', 1e6],
  ['bn', 1e9],
  ['tn', 1e12],
] as const)
  voc(w, { scale });
for (const [w, vague] of [
  ['dozens', 12],
  ['scores', 20],
  ['tens', 10],
  ['hundreds', 100],
  ['thousands', 1e3],
  ['millions', 1e6],
  ['billions', 1e9],
  ['trillions', 1e12],
] as const)
  voc(w, { trig: T_VAGUE, vague });
for (const w of words('a an')) voc(w, { trig: T_A });
voc('half', { trig: T_HALF });
for (const w of words('several many few')) voc(w, { trig: T_QADJ });
for (const w of words('http https www')) voc(w, { trig: T_URL });
words('january february march april may june july august september october november december').forEach(
  (w, k) => voc(w, { trig: T_MONTH, month: k + 1 }),
);
words('jan feb mar apr - jun jul aug sep oct nov dec').forEach((w, k) => {
  if (w !== '-') voc(w, { trig: T_MONTH, month: k + 1 });
});
voc('sept', { trig: T_MONTH, month: 9 });

/** The trigger words, longest first. */
const TRIGGER_WORDS: string[] = [];
for (const first of VOCAB.values())
  for (let v: Voc | undefined = first; v; v = v.next) if (v.trig !== T_NONE) TRIGGER_WORDS.push(v.w);
TRIGGER_WORDS.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

/**
 * Where the reading can act: a trigger word after a word boundary and not followed by a letter (a
 * superset: the reading checks the word itself), or a run of digits, currency signs and "_" (after
 * which a word starts without a word boundary). One expression for both, so that the text is
 * scanned once; a hit is told apart by its last character (a letter ends a trigger word).
 */
const CANDIDATES_RE = new RegExp(
  `\\b(?:${TRIGGER_WORDS.join('|')})(?![A-Za-z])|[0-9$_\\u00a3\\u00a5\\u20ac\\u20aa\\u20b9\\u20bd\\u20ba\\ufdfc]+`,
  'gi',
);

/** 1 at the characters of a candidate run of {@link CANDIDATES_RE}: digits, currency signs and "_". */
const RUN_CHARS = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) RUN_CHARS[c] = 1;
RUN_CHARS[95] = 1;
for (const c of CURRENCY_SIGNS.keys()) RUN_CHARS[c] = 1;

/** Canonical unit, then the words for it. */
type UnitTable = ReadonlyArray<readonly [string, string]>;

const TIME_UNITS: UnitTable = [
  ['seconds', 'second seconds sec secs'],
  ['minutes', 'minute minutes min mins'],
  ['hours', 'hour hours hr hrs'],
  ['days', 'day days'],
  ['nights', 'night nights'],
  ['weeks', 'week weeks wk wks'],
  ['fortnights', 'fortnight fortnights'],
  ['months', 'month months'],
  ['years', 'year years yr yrs'],
  ['decades', 'decade decades'],
  ['centuries', 'century centuries'],
  ['millennia', 'millennium millennia'],
];
for (const [time, list] of TIME_UNITS) for (const w of words(list)) voc(w, { time });

const QTY_UNITS: UnitTable = [
  ['km', 'km kms kilometre kilometres kilometer kilometers klicks'],
  ['mi', 'mile miles'],
  ['m', 'metre metres meter meters'],
  ['cm', 'cm centimetre centimetres centimeter centimeters'],
  ['mm', 'mm millimetre millimetres millimeter millimeters'],
  ['ft', 'ft foot feet'],
  ['in', 'inch inches'],
  ['yd', 'yard yards'],
  ['kg', 'kg kgs kilo kilos kilogram kilograms kilogramme kilogrammes'],
  ['g', 'gram grams gramme grammes'],
  ['t', 'tonne tonnes ton tons'],
  ['lb', 'lb lbs pound pounds'],
  ['oz', 'ounce ounces oz'],
  ['bbl', 'barrel barrels'],
  ['bbl/d', 'bpd'],
  ['l', 'litre litres liter liters'],
  ['gal', 'gallon gallons'],
  ['acres', 'acre acres'],
  ['ha', 'hectare hectares ha'],
  ['dunams', 'dunam dunams dunum dunums donum donums'],
  ['km/h', 'kph kmh'],
  ['mph', 'mph'],
  ['kn', 'knot knots'],
  ['MW', 'mw megawatt megawatts'],
  ['GW', 'gw gigawatt gigawatts'],
  ['kW', 'kw kilowatt kilowatts'],
  ['kWh', 'kwh'],
  ['MWh', 'mwh'],
  ['GWh', 'gwh'],
  ['kt', 'kiloton kilotons kilotonne kilotonnes'],
  ['Mt', 'megaton megatons megatonne megatonnes'],
  ['bcm', 'bcm'],
  ['degrees', 'degree degrees'],
];
for (const [qty, list] of QTY_UNITS) for (const w of words(list)) voc(w, { qty });

const CURRENCY_WORDS: UnitTable = [
  ['USD', 'dollar dollars'],
  ['EUR', 'euro euros'],
  ['ILS', 'shekel shekels sheqel sheqels'],
  ['IRR', 'rial rials'],
  ['SAR', 'riyal riyals'],
  ['dinars', 'dinar dinars'],
  ['TRY', 'lira liras lire'],
  ['AED', 'dirham dirhams'],
  ['IRT', 'toman tomans'],
  ['CNY', 'yuan renminbi'],
  ['JPY', 'yen'],
  ['INR', 'rupee rupees'],
  ['RUB', 'rouble roubles ruble rubles'],
];
for (const [cur, list] of CURRENCY_WORDS) for (const w of words(list)) voc(w, { cur });

/** Currency codes written as words ("NIS 5 billion", "50 million USD"). */
for (const w of words('usd eur gbp ils sar aed qar irr lbp egp jod iqd syp kwd bhd omr yer chf jpy cny'))
  voc(w, { code: w.toUpperCase() });
voc('nis', { code: 'ILS' });
voc('rmb', { code: 'CNY' });

/** Nationalities before a currency word ("Lebanese pounds") and the currency they name. */
const NATIONAL_CURRENCIES: Readonly<Record<string, string>> = {
  us: 'USD',
  american: 'USD',
  canadian: 'CAD',
  australian: 'AUD',
  lebanese: 'LBP',
  egyptian: 'EGP',
  syrian: 'SYP',
  sudanese: 'SDG',
  iraqi: 'IQD',
  jordanian: 'JOD',
  kuwaiti: 'KWD',
  bahraini: 'BHD',
  libyan: 'LYD',
  tunisian: 'TND',
  algerian: 'DZD',
  moroccan: 'MAD',
  saudi: 'SAR',
  qatari: 'QAR',
  iranian: 'IRR',
  yemeni: 'YER',
  omani: 'OMR',
  turkish: 'TRY',
  israeli: 'ILS',
  emirati: 'AED',
  uae: 'AED',
  british: 'GBP',
};
for (const [w, nat] of Object.entries(NATIONAL_CURRENCIES)) voc(w, { nat });

for (const [list, frac] of [
  ['third thirds', 3],
  ['quarter quarters', 4],
  ['fifth fifths', 5],
  ['sixth sixths', 6],
  ['eighth eighths', 8],
  ['tenth tenths', 10],
] as const)
  for (const w of words(list)) voc(w, { frac });

/**
 * Vague magnitudes as [min, max]. A plural implies at least two of the unit ("thousands" >= 2000),
 * and the writer would have used the next magnitude word for ten or more of them ("tens of
 * thousands"), so max = 10 x unit - 1. "dozens" and "scores" stop at 99, where "hundreds" takes
 * over in usage. The same ranges serve "several / a few / many" + magnitude ("several hundred").
 */
export const VAGUE_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  dozens: [24, 99],
  scores: [40, 99],
  hundreds: [200, 999],
  thousands: [2000, 9999],
  'tens of thousands': [20000, 99999],
  'hundreds of thousands': [200000, 999999],
  millions: [2e6, 1e7 - 1],
  'tens of millions': [2e7, 1e8 - 1],
  'hundreds of millions': [2e8, 1e9 - 1],
  billions: [2e9, 1e10 - 1],
};

function vagueRange(mag: number): [number, number] {
  if (mag === 12) return [24, 99];
  if (mag === 20) return [40, 99];
  return [2 * mag, 10 * mag - 1];
}

/** Hedges, lower case, as they are written before a number. */
const HEDGES: readonly string[] = [
  ...words(
    'approximately approx. approx about around roughly nearly almost some circa c. ca. estimated over',
  ),
  ...words('under above below perhaps possibly exactly precisely'),
  'an estimated',
  'more than',
  'at least',
  'up to',
  'fewer than',
  'less than',
  'as many as',
  'as much as',
  'as few as',
  'as little as',
  'upwards of',
  'close to',
  'just over',
  'just under',
  'just above',
  'just below',
  'well over',
  'well under',
  'well above',
  'well below',
  'no fewer than',
  'no more than',
  'no less than',
  'not more than',
  'not less than',
  'slightly more than',
  'slightly less than',
  'slightly over',
  'a little over',
  'a little more than',
  'a little under',
  'a little less than',
  'at most',
  'in excess of',
  'a maximum of',
  'a minimum of',
  'an average of',
];
/** Extra hedges for durations and distances ("within a day", "within 30 km"). */
const EXTENT_HEDGES: readonly string[] = ['within'];

/** A word of hedge phrases, read from the number backwards, and the words that may stand before it. */
interface HedgeNode {
  /** The word, lower case, without a trailing ".". */
  word: string;
  /** Whether it ends in a "." ("approx.", "c."). */
  dot: boolean;
  /** The normalised hedge when a phrase starts with this word. */
  hedge: string | undefined;
  /** The words before it in longer phrases. */
  before: HedgeNode[];
}

const HEDGE_BITS = 10;

/**
 * Hedge phrases as trees read backwards from the number: the last words, in 2^HEDGE_BITS buckets
 * by the {@link hashRange} of the word with its "." (a bucket may hold several words); the last
 * words without "." are also on their vocabulary entries.
 */
interface HedgeIndex {
  buckets: readonly (HedgeNode[] | undefined)[];
  /** With the extent hedges ({@link Voc.extentHedge}), or not ({@link Voc.hedge}). */
  extent: boolean;
}

const HEDGE_NORMAL: Readonly<Record<string, string>> = {
  'approx.': 'approximately',
  approx: 'approximately',
  'c.': 'circa',
  'ca.': 'circa',
};

function hedgeIndex(list: readonly string[], extent: boolean): HedgeIndex {
  const index = new Array<HedgeNode[] | undefined>(1 << HEDGE_BITS).fill(undefined);
  for (const text of list) {
    const rev = text.split(' ').reverse();
    const slot = hashRange(rev[0]!, 0, rev[0]!.length) & ((1 << HEDGE_BITS) - 1);
    let nodes = (index[slot] ??= []);
    let node: HedgeNode | undefined;
    for (const w of rev) {
      const dot = w.endsWith('.');
      const word = dot ? w.slice(0, -1) : w;
      node = nodes.find((k) => k.word === word && k.dot === dot);
      if (!node) {
        node = { word, dot, hedge: undefined, before: [] };
        nodes.push(node);
      }
      nodes = node.before;
    }
    node!.hedge ??= HEDGE_NORMAL[text] ?? text;
  }
  for (const nodes of index)
    for (const node of nodes ?? []) {
      if (node.dot) continue;
      const v = vocEntry(node.word);
      if (extent) v.extentHedge = node;
      else v.hedge = node;
    }
  return { buckets: index, extent };
}
const HEDGE_PHRASES = hedgeIndex(HEDGES, false);
const EXTENT_PHRASES = hedgeIndex([...HEDGES, ...EXTENT_HEDGES], true);

// Word lists, as flags on the vocabulary entries: one hash look-up answers every membership test,
// without making a lower-case copy of the word.
const F_STOP = 1 << 0;
const F_MODIFIER = 1 << 1;
const F_IRREGULAR_PLURAL = 1 << 2;
const F_ONE_IDIOM = 1 << 3;
const F_ANAPHORIC = 1 << 4;
const F_NOT_NAME = 1 << 5;
const F_NAME_HEAD = 1 << 6;
const F_LOWER_NAME_HEAD = 1 << 7;
const F_DIMENSION = 1 << 8;
const F_YEAR_CONTEXT = 1 << 9;
/** "aged", "age", "ages" before an age. */
const F_AGE = 1 << 10;
/** Name heads that need a dot before the number ("p. 12", "No. 5"). */
const F_DOTTED_HEAD = 1 << 11;
/** Words before "one" that make it no number ("no one", "the one"). */
const F_NOT_ONE = 1 << 12;
/** Words before "one day" that make it a duration ("within one day"). */
const F_DAY_BEFORE = 1 << 13;
/** Words after "one day" that make it a duration ("one day after"). */
const F_DAY_AFTER = 1 << 14;
/** Words before "40s" that make it an age ("in their 40s", "late 30s"). */
const F_DECADE_AGE = 1 << 15;

// Endings of a word before a counted noun (see Scanner.nounBits), above the flags.
/** "-ly" in a word of more than 4 letters: an adverb. */
const N_LY = 1 << 24;
/** Looks plural ({@link looksPlural}). */
const N_PLURAL = 1 << 25;
/** "-ed" or "-ing": a participle. */
const N_ED_ING = 1 << 26;

function flag(list: string, f: number): void {
  for (const w of words(list)) vocEntry(w).flags |= f;
}

/** Words that end a counted-noun phrase. */
flag(
  'of in on at to for from by with without into onto upon over under against across after before since during per ' +
    'than as and or but nor yet so if that which who whom whose where when while the a an this these those it its ' +
    'they them their he him she his her we us our you your i me my is are was were be been being am has have had do ' +
    'does did will would shall should can could may might must not no each every ago later earlier ahead apart away ' +
    'back long old also only just even still already about around up down out off most less least another such own ' +
    'then there here now all both either neither some any many much few several according including between among ' +
    'amid amongst via near inside outside within beyond toward towards through throughout until till like unlike ' +
    'despite though although because whether what how why too very instead again almost nearly approximately roughly ' +
    'last next first second third percent cent per said says say told remain remains remained died fled left hit ' +
    'struck took came went made got put set cut ran fell won lost met led held kept sent spent built brought found ' +
    'gave became began shot fought broke stood rose flew grew knew threw sought caught bought saw see seen taken ' +
    'given known shown done gone thus hence therefore however meanwhile respectively apiece each',
  F_STOP,
);
/** Words that may stand between a number and its noun although they are stop-like. */
flag('more other additional further extra new fresh separate different previous remaining', F_MODIFIER);
/** Plurals that do not end in "s". */
flag(
  'people children men women police personnel staff cattle aircraft media data feet teeth sheep fish deer livestock crew offspring clergy infantry militia',
  F_IRREGULAR_PLURAL,
);
/** Nouns after "one" that make it a pronoun or an idiom ("at one point", "one another"). */
flag(
  'another other way thing hand point side time kind sort reason sense instance example moment stage level occasion morning evening afternoon night more last such too',
  F_ONE_IDIOM,
);
/** Determiners before a small number word that make it anaphoric ("the two countries"). */
flag('the these those its their his her our your my whose', F_ANAPHORIC);
/** Capitalised words that may stand right before a number without making it part of a name. */
flag(
  'in on at by for from since of to with without about around over nearly some almost approximately roughly only ' +
    'just another all the these those its their his her our my your and but or nor after before until till during ' +
    'between within than least estimated up under above below aged age ages circa exactly precisely perhaps maybe ' +
    'then when while if as so throughout among amid including excluding among across beyond past into some every ' +
    'each total killing wounding injuring more fewer less barely roughly upwards nearly almost also even still yet ' +
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun ' +
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec',
  F_NOT_NAME,
);
/** Words before a number that make it part of a name even at the start of a sentence or in lower case. */
flag(
  'resolution resolutions article articles chapter chapters section sections paragraph paragraphs para clause ' +
    'clauses page pages p pp route highway road flight phase stage version figure fig table item verse no nos ' +
    'level grade class category gate room building block platform tower unit channel vol volume ch art sec op ' +
    'camp base station squadron brigade battalion division regiment corps fleet wing vision agenda bill law decree ' +
    'protocol exit apollo model mark mk type pillar annex appendix act kilometre kilometer km hill sector zone area ' +
    'day week part round episode season step lot cell ward bed platoon company',
  F_NAME_HEAD,
);
/** Lower-case words before a number that make it part of a name. */
flag(
  'resolution resolutions article articles chapter chapters section sections paragraph paragraphs para clause ' +
    'clauses page pages p pp route highway flight phase version figure fig table item verse no nos level category ' +
    'gate room platform vol volume ch art sec annex appendix pillar part round episode season step',
  F_LOWER_NAME_HEAD,
);
/** Words after a length that make an attached "m" metres. */
flag('high deep long wide tall away below above underground underwater across thick', F_DIMENSION);
/** Lower-case prefixes joined by a hyphen to a year ("post-2006", "mid-2024"). */
const YEAR_PREFIXES = new Set(['post', 'pre', 'mid', 'early', 'late']);
/** Words before a 4-digit number that make it a year. */
flag(
  'the its their his her this that since in of for by until till before after during from between last next early late mid circa throughout',
  F_YEAR_CONTEXT,
);

flag('aged age ages', F_AGE);
flag('p no nos pp', F_DOTTED_HEAD);
flag('no any every each which this that the', F_NOT_ONE);
flag('within in for than just only about nearly over least after last past', F_DAY_BEFORE);
flag('after before later earlier ago of long', F_DAY_AFTER);
flag('his her their early late mid', F_DECADE_AGE);
/** Words that unitAfter tells apart by their entry ("percent", "square km"). */
flag('percent pct per percentage square sq cubic nautical metric', 0);
/** Suffixes that readLiteral tells apart by their entry ("27th", "5bn", "3pm"). */
flag('st nd rd th s k m mn mln b bn tn trn h am pm pc km sqkm', 0);

// Entries of words the reading compares the next word with ({@link Scanner.nextWord}).
const W_OF = vocEntry('of');
const W_OR = vocEntry('or');
const W_TO = vocEntry('to');
const W_AND = vocEntry('and');
const W_IN = vocEntry('in');
const W_OUT = vocEntry('out');
const W_PERCENT = vocEntry('percent');
const W_PCT = vocEntry('pct');

// ---------------------------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------------------------

/** A number as read: its value and how it was written (a class: one shape for every number). */
class Num {
  /** An attached "m" that may be metres or million. */
  mAmbiguous = false;
  /** The bare word "one". */
  one = false;
  /** Attached percent sign. */
  pct = false;
  /** Attached quantity or time unit ("30km", "48h"). */
  qty: string | undefined = undefined;
  time: string | undefined = undefined;
  /** Attached ordinal suffix ("27th"). */
  ordinal = false;
  /** Attached plural "s" ("1980s", "40s"). */
  plural = false;
  /** After "pre-", "post-", "mid-": a year whatever follows. */
  yearPrefix = false;
  /** The suffix makes this no claim at all ("5G", "3D"). */
  junk = false;

  constructor(
    public start: number,
    public end: number,
    public value: number,
    /** Written in words. */
    public word: boolean,
    /** A plain integer literal: no comma, decimal or scale. */
    public int: boolean,
    /** Number of integer digits of a literal. */
    public digits: number,
    /** A scale word or suffix was applied ("million", "bn"). */
    public scaled: boolean,
    /** The last scale applied (1 when none): "three million" -> 1e6. */
    public mult: number,
  ) {}

  /** A copy with another value. */
  withValue(value: number): Num {
    const n = new Num(this.start, this.end, value, this.word, this.int, this.digits, this.scaled, this.mult);
    n.mAmbiguous = this.mAmbiguous;
    n.one = this.one;
    n.pct = this.pct;
    n.qty = this.qty;
    n.time = this.time;
    n.ordinal = this.ordinal;
    n.plural = this.plural;
    n.yearPrefix = this.yearPrefix;
    n.junk = this.junk;
    return n;
  }
}

type ClaimDate = { year?: number; month?: number; day?: number };

/** A claim being built (a class: one shape for every draft). */
class Draft {
  type: ClaimType | undefined = undefined;
  value: number | undefined = undefined;
  min: number | undefined = undefined;
  max: number | undefined = undefined;
  hedge: string | undefined = undefined;
  unit: string | undefined = undefined;
  date: ClaimDate | undefined = undefined;
  vague = false;
  /** "a year and a half", "two years and a half": add 0.5 to the number. */
  plusHalf = false;

  constructor(
    public start: number,
    public end: number,
  ) {}

  /** A draft of the given type and unit. */
  static of(start: number, end: number, type: ClaimType, unit?: string): Draft {
    const d = new Draft(start, end);
    d.type = type;
    d.unit = unit;
    return d;
  }

  withValue(value: number): Draft {
    this.value = value;
    return this;
  }

  /** Sets a vague range. */
  withRange(min: number, max: number): Draft {
    this.min = min;
    this.max = max;
    this.vague = true;
    return this;
  }

  copy(): Draft {
    const d = new Draft(this.start, this.end);
    d.type = this.type;
    d.value = this.value;
    d.min = this.min;
    d.max = this.max;
    d.hedge = this.hedge;
    d.unit = this.unit;
    d.date = this.date;
    d.vague = this.vague;
    d.plusHalf = this.plusHalf;
    return d;
  }
}

/** Characters after which a word starts a sentence, line, heading, list item or quotation. */
const SENTENCE_OPENERS = new Set([...'\n\r.!?:"“‘([*#>|_-–—'].map((c) => c.charCodeAt(0)));

const RE_ISO_DATE = /(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])/y;
const RE_NUM_DATE = /(\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d)/y;
const RE_CLOCK = /\d{1,2}:\d{2}(?::\d{2})?(?:[ \u00a0]?(?:[ap]\.m\.|[ap]m\b))?/iy;
const RE_AMPM = /\d{1,2}(?:[.:]\d{2})?[ \u00a0]?(?:[ap]\.m\.|[ap]m\b)/iy;
const RE_ZULU = /\d{4}[ \u00a0]?(?:GMT|UTC|hrs\b|local time)/y;
const RE_PHONE_US = /\(?\d{3}\)?[ .-]\d{3}[.-]\d{4}(?!\d)/y;
const RE_PHONE_INTL = /\d{1,4}(?:[ .-]\(?\d{1,4}\)?){2,5}(?!\d)/y;

/** Unit words seen lately, by {@link hashRange} (see Scanner.unitText). */
const UNIT_CACHE: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);

/** Exact powers of ten, 10^0..10^22. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The value of the literal t[p, j) of digits with thousands separators and a decimal point, as
 * Number() reads it without the separators: with at most 15 digits the digits are an exact integer
 * and one division by an exact power of ten rounds as Number() does.
 */
function decimalValue(t: string, p: number, j: number): number {
  let digits = 0;
  let n = 0;
  let frac = -1;
  for (let k = p; k < j; k++) {
    const c = t.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46) frac = 0;
  }
  if (digits > 15) return Number(t.slice(p, j).replace(/[,\u00a0\u202f\u2009]/g, ''));
  return frac > 0 ? n / POW10[frac]! : n;
}

function round(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 * Math.max(1, Math.abs(x)) ? r : Math.round(x * 1e6) / 1e6;
}

class Scanner {
  /** End of the last claim: nothing before it may be reused. */
  private floor: number;
  // The last {@link wordBefore}: where it was asked, and the word's start, end and entry.
  private beforeAt = -1;
  private beforeStart = -1;
  private beforeEnd = 0;
  private beforeVoc: Voc | undefined = undefined;
  /** Start of the phrase found by the last {@link hedgeAt}. */
  private hedgeStart = 0;
  /** Start of the head noun found by the last {@link countedNoun}. */
  private nounStart = 0;
  /** End of the year found by the last {@link yearAfter}. */
  private yearEnd = 0;
  // The last {@link nextWord}: where it was asked, and the word's start, end and entry.
  private nextAt = -1;
  private nextStart = -1;
  private nextEnd = -1;
  private nextVoc: Voc | undefined = undefined;
  private nextAscii = true;
  /** The entry of the word read by the last {@link readWord}, and whether it is all ASCII. */
  private wordVoc: Voc | undefined = undefined;
  private wordAscii = true;

  constructor(
    private readonly t: string,
    private readonly lo: number,
    private readonly hi: number,
    readonly out: ClaimSpan[] = [],
  ) {
    this.floor = lo;
  }

  // ----- low-level reading ------------------------------------------------------------------

  private code(p: number): number {
    return p >= this.lo && p < this.hi ? this.t.charCodeAt(p) : 32;
  }

  /** Context characters may be read outside the region (never spanned). */
  private ctx(p: number): number {
    return p >= 0 && p < this.t.length ? this.t.charCodeAt(p) : 32;
  }

  private wordEnd(p: number): number {
    while (p < this.hi && isLetter(this.t.charCodeAt(p))) p++;
    return p;
  }

  /**
   * The end of the word at s ({@link wordEnd}), reading it once: its entry is left in
   * {@link wordVoc} ({@link lookup} of the word).
   */
  private readWord(s: number): number {
    const t = this.t;
    const hi = this.hi;
    let h = 0;
    let ascii = true;
    let p = s;
    while (p < hi) {
      const c = t.charCodeAt(p);
      if (c < 128) {
        if (ASCII[c] !== 1) break;
        h = (Math.imul(h, 31) + (c | 32)) | 0;
      } else if (isLetterNA(c)) ascii = false;
      else break;
      p++;
    }
    this.wordAscii = ascii;
    this.wordVoc = !ascii || p - s > 20 || h === -1 ? undefined : this.lookupHash(h, s, p);
    return p;
  }

  private alnumEnd(p: number): number {
    while (p < this.hi && isAlnum(this.t.charCodeAt(p))) p++;
    return p;
  }

  /** End of the run of non-space characters at p. */
  private tokenEnd(p: number): number {
    while (p < this.hi) {
      const c = this.t.charCodeAt(p);
      if (isSpace(c) || c === 10 || c === 13) break;
      p++;
    }
    return p;
  }

  /** The value of the digits t[s, e), as Number() reads them (exact up to 15 digits). */
  private digitsValue(s: number, e: number): number {
    if (e - s > 15) return +this.t.slice(s, e);
    let v = 0;
    for (let i = s; i < e; i++) v = v * 10 + (this.t.charCodeAt(i) - 48);
    return v;
  }

  private digitsEnd(p: number): number {
    while (p < this.hi && isDigit(this.t.charCodeAt(p))) p++;
    return p;
  }

  /** Skips white space with at most one line break; returns p itself if there is none. */
  private ws(p: number): number {
    let q = p;
    let lines = 0;
    while (q < this.hi) {
      const c = this.t.charCodeAt(q);
      if (isSpace(c) || c === 13) q++;
      else if (c === 10) {
        if (++lines > 1) return p;
        q++;
      } else break;
    }
    return q;
  }

  /** Backwards over white space (at most one line break) ending at p; returns p if there is none. */
  private wsBack(p: number, floor: number): number {
    let q = p;
    let lines = 0;
    while (q > floor) {
      const c = this.t.charCodeAt(q - 1);
      if (isSpace(c) || c === 13) q--;
      else if (c === 10) {
        if (++lines > 1) return p;
        q--;
      } else break;
    }
    return q;
  }

  /** Start of the word after white space at p, or -1. */
  private wordAfter(p: number): number {
    const q = this.ws(p);
    return q > p && q < this.hi && isLetter(this.t.charCodeAt(q)) ? q : -1;
  }

  /**
   * The word after white space at p, read once for the many tests after a number: returns its
   * start ({@link wordAfter}) and leaves its end in {@link nextEnd} and its entry in
   * {@link nextVoc}. The last answer is kept, so the tests at one position read the word once.
   */
  private nextWord(p: number): number {
    if (p !== this.nextAt) {
      this.nextAt = p;
      const s = this.wordAfter(p);
      this.nextStart = s;
      if (s < 0) {
        this.nextEnd = -1;
        this.nextVoc = undefined;
      } else {
        this.nextEnd = this.readWord(s);
        this.nextVoc = this.wordVoc;
        this.nextAscii = this.wordAscii;
      }
    }
    return this.nextStart;
  }

  /** Whether the word after white space at p is the vocabulary word v. */
  private nextIs(p: number, v: Voc): boolean {
    return this.nextWord(p) >= 0 && this.nextVoc === v;
  }

  /**
   * Start of the word that ends right before p (only white space between), or -1; its end is left
   * in {@link beforeEnd} and its entry ({@link lookup}) in {@link beforeVoc}.
   */
  private wordBefore(p: number): number {
    if (p !== this.beforeAt) {
      // The last answer is kept: the tests before one number read the word once.
      this.beforeAt = p;
      const e = this.wsBack(p, 0);
      let s = e;
      while (s > 0 && isLetter(this.t.charCodeAt(s - 1))) s--;
      this.beforeStart = e < p && s < e ? s : -1;
      this.beforeEnd = e;
      this.beforeVoc = this.beforeStart < 0 ? undefined : this.lookup(s, e);
    }
    return this.beforeStart;
  }

  /** The flags of the word before p ({@link wordBefore}), 0 when there is none. */
  private flagsBefore(p: number): number {
    return this.wordBefore(p) < 0 || this.beforeVoc === undefined ? 0 : this.beforeVoc.flags;
  }

  /** The flags of the word t[s, e) (F_STOP, ...), 0 for a word outside the vocabulary. */
  private flagsOf(s: number, e: number): number {
    const v = this.lookup(s, e);
    return v === undefined ? 0 : v.flags;
  }

  /** {@link flagsOf} with the word's hash. */
  private flagsOfHash(h: number, s: number, e: number): number {
    const v = this.lookupHash(h, s, e);
    return v === undefined ? 0 : v.flags;
  }

  /** Whether t[s, e) has a lower-case ASCII letter. */
  private hasLowerAscii(s: number, e: number): boolean {
    for (let i = s; i < e; i++) {
      const c = this.t.charCodeAt(i);
      if (c >= 97 && c <= 122) return true;
    }
    return false;
  }

  /** Whether lower-casing leaves t[s, e) as it is. */
  private isLowerCase(s: number, e: number): boolean {
    for (let i = s; i < e; i++) {
      const c = this.t.charCodeAt(i);
      if (c >= 128) {
        const w = this.t.slice(s, e);
        return w.toLowerCase() === w;
      }
      if (c >= 65 && c <= 90) return false;
    }
    return true;
  }

  private lower(s: number, e: number): string {
    return this.t.slice(s, e).toLowerCase();
  }

  /**
   * {@link lower} of a unit word (letters and hyphens), shared by the claims with the same unit
   * through a small cache of flat copies (a slice of the text would keep the text alive).
   */
  private unitText(s: number, e: number): string {
    const h = e - s > 24 ? -1 : hashRange(this.t, s, e);
    if (h === -1) return this.lower(s, e);
    const slot = h & (UNIT_CACHE.length - 1);
    const c = UNIT_CACHE[slot];
    if (c !== undefined && c.length === e - s && this.eq(s, c)) return c;
    const w = this.lower(s, e);
    return (UNIT_CACHE[slot] = w.length < 13 ? w : (w + ' ').slice(0, -1));
  }

  private lookup(s: number, e: number): Voc | undefined {
    if (e - s > 20) return undefined;
    const h = hashRange(this.t, s, e);
    if (h === -1) return undefined;
    return this.lookupHash(h, s, e);
  }

  /** {@link lookup} with the word's hash. */
  private lookupHash(h: number, s: number, e: number): Voc | undefined {
    let v = VOCAB[h & ((1 << VOCAB_BITS) - 1)];
    while (v) {
      if (v.h === h && v.w.length === e - s && this.eq(s, v.w)) return v;
      v = v.next;
    }
    return undefined;
  }

  private eq(s: number, w: string): boolean {
    for (let i = 0; i < w.length; i++) if ((this.t.charCodeAt(s + i) | 32) !== w.charCodeAt(i)) return false;
    return true;
  }

  /** The word at s equals w (case-insensitive, whole word). */
  private isWord(s: number, w: string): boolean {
    return s >= 0 && s + w.length <= this.hi && this.eq(s, w) && !isLetter(this.code(s + w.length));
  }

  /** Whether s begins a sentence (or a line, heading, list item or quotation). */
  private sentenceStart(s: number): boolean {
    let q = s;
    while (q > 0 && isSpace(this.t.charCodeAt(q - 1))) q--;
    if (q === 0) return true;
    return SENTENCE_OPENERS.has(this.t.charCodeAt(q - 1));
  }

  /** The whole region as one number, or undefined (see {@link parseNumber}). */
  parseWhole(): number | undefined {
    const c = this.t.charCodeAt(this.lo);
    let n: Num | undefined;
    if (isDigit(c)) {
      n = this.readDigitNumber(this.lo);
      if (n && (n.junk || n.pct || n.qty || n.time || n.ordinal || n.plural)) return undefined;
    } else if (isLetter(c)) n = this.readWords(this.lo);
    return n && n.end === this.hi ? round(n.value) : undefined;
  }

  // ----- output -----------------------------------------------------------------------------

  private emit(d: Draft): number {
    if (d.type === undefined) return -1;
    return this.put(d.start, d.end, d.type, d.value, d.min, d.max, d.hedge, d.unit, d.date, d.vague);
  }

  /** Emits a date [start, end). */
  private emitDate(start: number, end: number, date: ClaimDate): number {
    return this.put(start, end, 'date', undefined, undefined, undefined, undefined, undefined, date, false);
  }

  /** Adds a claim unless it starts before the floor or is empty; returns its end, or -1. */
  private put(
    start: number,
    end: number,
    type: ClaimType,
    value: number | undefined,
    min: number | undefined,
    max: number | undefined,
    hedge: string | undefined,
    unit: string | undefined,
    date: ClaimDate | undefined,
    vague: boolean,
  ): number {
    if (start < this.floor || end <= start || end > this.hi) return -1;
    // A copy: a unit read from the text must not keep the whole text alive.
    const u = unit === undefined ? undefined : unit.length < 13 ? unit : (unit + ' ').slice(0, -1);
    // The keys are always in the order type, value, min, max, hedge, unit, date, vague; the common
    // combinations are written as literals (one allocation each).
    let claim: ClaimValue;
    if (value !== undefined && min === undefined && max === undefined && date === undefined && !vague) {
      const v = round(value);
      if (hedge === undefined) claim = u === undefined ? { type, value: v } : { type, value: v, unit: u };
      else claim = u === undefined ? { type, value: v, hedge } : { type, value: v, hedge, unit: u };
    } else if (
      date !== undefined &&
      value === undefined &&
      min === undefined &&
      max === undefined &&
      hedge === undefined &&
      u === undefined &&
      !vague
    )
      claim = { type, date };
    else {
      claim = { type };
      if (value !== undefined) claim.value = round(value);
      if (min !== undefined) claim.min = round(min);
      if (max !== undefined) claim.max = round(max);
      if (hedge !== undefined) claim.hedge = hedge;
      if (u !== undefined) claim.unit = u;
      if (date !== undefined) claim.date = date;
      if (vague) claim.vague = true;
    }
    this.out.push({ start, end, kind: 'claim', claim });
    this.floor = end;
    return end;
  }

  // ----- the pass ---------------------------------------------------------------------------

  /**
   * Scans for claims that start in [from, to) (a part of the region, by default all of it).
   *
   * The scan reads the text as a sequence of words, digit runs and other characters, and acts
   * only at trigger words, digits and currency signs. Rather than visit every character, it jumps
   * between the hits of one global regular expression that finds those ({@link CANDIDATES_RE};
   * the engine scans for them at memory speed), and reads each hit as the character-by-character
   * reading would have reached it ({@link wordStep}).
   */
  scan(from = this.lo, to = this.hi): void {
    const t = this.t;
    const hi = to;
    let i = from;
    this.floor = from;
    const re = CANDIDATES_RE;
    for (;;) {
      re.lastIndex = i;
      if (!re.test(t)) break;
      // The hit's start, found back from its end (no match array is allocated): a trigger word
      // is all ASCII letters after a non-letter, a run is all run characters from the first at or
      // after i.
      const end = re.lastIndex;
      let p = end - 1;
      const last = t.charCodeAt(p);
      if (last < 128 && ASCII[last] === 1) {
        while (p > i && ASCII[t.charCodeAt(p - 1)] === 1) p--;
      } else {
        while (p > i && RUN_CHARS[t.charCodeAt(p - 1)] === 1) p--;
      }
      if (p >= hi) break;
      const c = t.charCodeAt(p);
      if (c === 95) {
        // "_" before a letter: the word after it is read as it starts there.
        const d = t.charCodeAt(p + 1);
        if (d < 128 && ASCII[d] === 1) i = this.wordStep(p + 1, hi);
        else {
          i = p + 1;
          continue;
        }
      } else if (isDigit(c)) {
        const r = this.onDigit(p);
        i = r > p ? r : this.digitsEnd(p);
      } else if (RUN_CHARS[c] === 1) {
        const r = this.onCurrency(p);
        i = r > p ? r : p + 1;
      } else if (p > i && isLetter(t.charCodeAt(p - 1))) {
        // Inside a word that started earlier (after a non-ASCII letter): not a word of its own.
        i = p + 1;
        continue;
      } else if (end === p + 1 && t.charCodeAt(p + 1) < 128 && !this.aMayAct(p + 1)) {
        // The article "a" before a word that cannot follow it in a claim (most are): no trigger.
        i = p + 1;
        continue;
      } else {
        i = this.wordStep(p, hi);
      }
      // A handler may stop inside a word: the reading goes on with the rest of it as a word.
      while (i < hi && i > p && ASCII[t.charCodeAt(i)] === 1) {
        const q = i;
        i = this.wordStep(q, hi);
        if (i <= q) break;
      }
    }
  }

  /**
   * Reads the word of ASCII and other letters that starts at `i` (an ASCII letter), acting on it
   * if it is a trigger word; returns where the reading resumes.
   */
  private wordStep(i: number, hi: number): number {
    const t = this.t;
    // A word: hash its lower-case letters while finding its end.
    let h = t.charCodeAt(i) | 32;
    let j = i + 1;
    let ascii = true;
    while (j < hi) {
      const d = t.charCodeAt(j);
      if (d < 128) {
        if (ASCII[d] !== 1) break;
        h = (Math.imul(h, 31) + (d | 32)) | 0;
      } else if (isLetterNA(d)) ascii = false;
      else break;
      j++;
    }
    if (ascii && TRIGGER_BITS[h & 0xffff] === 1) {
      const r = this.onTrigger(i, j, h);
      return r > j ? r : j;
    }
    return j;
  }

  /** At an ASCII word [i, j) with hash h that may be a trigger's: returns where scanning resumes, or -1. */
  private onTrigger(i: number, j: number, h: number): number {
    const t = this.t;
    // Words glued to digits ("A320", "G7") are names, and so is what follows.
    if (i > 0 && isAlnum(this.ctx(i - 1))) return j;
    const v = j - i > 20 || h === -1 ? undefined : this.lookupHash(h, i, j);
    if (!v || v.trig === T_NONE) return j;
    // Inside a compound ("net-zero", "non-one"), a number word is no number; a month may be ("post-October 7").
    if (v.trig !== T_MONTH && isHyphen(this.ctx(i - 1)) && isLetter(this.ctx(i - 2))) return j;
    let r = -1;
    switch (v.trig) {
      case T_NUM:
        r = this.onNumberWord(i, j);
        break;
      case T_A:
        r = this.onA(i, j);
        break;
      case T_HALF:
        r = this.onHalf(i, j);
        break;
      case T_VAGUE:
        r = this.onVague(i, j, v);
        break;
      case T_QADJ:
        r = this.onQuantityAdjective(i, j, i);
        break;
      case T_MONTH:
        r = this.onMonth(i, j, v);
        break;
      case T_URL:
        if (t.startsWith('://', j) || t.charCodeAt(j) === 46) r = this.tokenEnd(j);
        break;
    }
    return r > j ? r : j;
  }

  // ----- numbers in digits ------------------------------------------------------------------

  /** Reads a digit literal at p with its attached suffixes ("1,200", "1.2bn", "30km", "12%"). */
  private readLiteral(p: number): Num | undefined {
    const t = this.t;
    let j = this.digitsEnd(p);
    const intDigits = j - p;
    let comma = false;
    let dec = false;
    if (intDigits <= 3) {
      // Thousands separated by commas, or by no-break or thin spaces ("5 000").
      const sep = t.charCodeAt(j);
      const sepOk = sep === 44 || sep === 0xa0 || sep === 0x202f || sep === 0x2009;
      while (
        sepOk &&
        t.charCodeAt(j) === sep &&
        j + 4 <= this.hi &&
        isDigit(t.charCodeAt(j + 1)) &&
        isDigit(t.charCodeAt(j + 2)) &&
        isDigit(t.charCodeAt(j + 3)) &&
        !isDigit(this.code(j + 4))
      ) {
        comma = true;
        j += 4;
      }
    }
    if (t.charCodeAt(j) === 46 && isDigit(this.code(j + 1))) {
      dec = true;
      j = this.digitsEnd(j + 1);
      // A second dot makes a version number or a dotted date, not a decimal.
      if (t.charCodeAt(j) === 46 && isDigit(this.code(j + 1))) return undefined;
    }
    let value: number;
    if (comma || dec) value = decimalValue(t, p, j);
    else {
      value = 0;
      for (let k = p; k < j; k++) value = value * 10 + (t.charCodeAt(k) - 48);
    }
    const n = new Num(p, j, value, false, !comma && !dec, intDigits, false, 1);
    // Attached vulgar fractions ("2½").
    const f = this.code(j);
    if (f === 0xbd || f === 0xbc || f === 0xbe) {
      n.value += f === 0xbd ? 0.5 : f === 0xbc ? 0.25 : 0.75;
      n.int = false;
      n.end = ++j;
    }
    const c = this.code(j);
    if (c === 37) {
      n.pct = true;
      n.end = j + 1;
      return n;
    }
    if (c === 0xb0) {
      n.qty = 'degrees';
      n.end = j + 1;
      const u = this.code(j + 1);
      if ((u === 67 || u === 70) && !isLetter(this.code(j + 2))) {
        n.qty = u === 67 ? '°C' : '°F';
        n.end = j + 2;
      }
      return n;
    }
    if (isApostrophe(c) && (this.code(j + 1) | 32) === 115 && !isAlnum(this.code(j + 2))) {
      n.plural = true;
      n.end = j + 2;
      return n;
    }
    if (!isLetter(c)) return n;
    const e = this.readWord(j);
    const v = this.wordVoc;
    // The suffix in lower case if it is in the vocabulary (every suffix compared below is).
    const w = v === undefined ? '' : v.w;
    if (isDigit(this.code(e))) {
      // "km2" is a unit; "4x4" or "2a3" is no number.
      if (w === 'km' && this.code(e) === 50 && !isAlnum(this.code(e + 1))) {
        n.qty = 'km2';
        n.end = e + 1;
        return n;
      }
      n.junk = true;
      n.end = this.alnumEnd(e);
      return n;
    }
    n.end = e;
    switch (w) {
      case 'st':
      case 'nd':
      case 'rd':
      case 'th':
        n.ordinal = true;
        return n;
      case 's':
        n.plural = true;
        return n;
      case 'k':
        return this.scale(n, 1e3);
      case 'm':
        n.mAmbiguous = true;
        return this.scale(n, 1e6);
      case 'mn':
      case 'mln':
        return this.scale(n, 1e6);
      case 'b':
      case 'bn':
        return this.scale(n, 1e9);
      case 'tn':
      case 'trn':
        return this.scale(n, 1e12);
      case 'h':
        n.time = 'hours';
        return n;
      case 'am':
      case 'pm':
        n.junk = true;
        return n;
      case 'pc':
        n.pct = true;
        return n;
    }
    if (this.code(e) === 178 && w === 'km') {
      n.qty = 'km2';
      n.end = e + 1;
      return n;
    }
    if (v?.qty && w !== 'pound' && w !== 'pounds' && w.length <= 4) {
      n.qty = v.qty;
      return n;
    }
    if (v?.time && w.length <= 4) {
      n.time = v.time;
      return n;
    }
    if (w === 'sqkm') {
      n.qty = 'km2';
      return n;
    }
    n.junk = true;
    return n;
  }

  private scale(n: Num, s: number): Num {
    n.value = n.value * s;
    n.mult = s;
    n.scaled = true;
    n.int = false;
    return n;
  }

  /** A digit literal with a spaced scale word ("1.2 million", "3 bn"). */
  private readDigitNumber(p: number): Num | undefined {
    const n = this.readLiteral(p);
    if (!n || n.junk || n.scaled || n.pct || n.qty || n.time || n.ordinal || n.plural) return n;
    if (this.nextWord(n.end) < 0) return n;
    const v = this.nextVoc;
    if (v?.scale && v.scale >= 1e3) {
      this.scale(n, v.scale);
      n.end = this.nextEnd;
      // "1.2 million" may go on: "1.2 million" + "thousand" is not English, stop here.
    }
    return n;
  }

  private onDigit(p: number): number {
    const t = this.t;
    const prev = this.ctx(p - 1);
    if (isAlnum(prev)) {
      const r = this.attachedCurrency(p);
      return r > 0 ? r : this.alnumEnd(p);
    }
    if (
      prev === 47 ||
      prev === 95 ||
      prev === 64 ||
      prev === 35 ||
      prev === 61 ||
      prev === 38 ||
      prev === 63 ||
      prev === 92 ||
      prev === 94 ||
      prev === 58
    )
      return this.tokenEnd(p);
    if ((prev === 46 || prev === 44) && isAlnum(this.ctx(p - 2))) return this.tokenEnd(p);
    let yearPrefix = false;
    if (isHyphen(prev)) {
      let s = p - 1;
      while (s > 0 && isLetter(this.ctx(s - 1))) s--;
      if (s < p - 1) {
        if (!YEAR_PREFIXES.has(t.slice(s, p - 1))) return this.alnumEnd(p);
        yearPrefix = true;
      } else if (isAlnum(this.ctx(p - 2))) return this.alnumEnd(p);
    }
    const dEnd = this.digitsEnd(p);
    // Footnote and citation markers: "[1]", "[^2]".
    if ((prev === 91 || prev === 94) && this.code(dEnd) === 93) return dEnd + 1;
    // Ordered-list markers: "1. " or "2) " at the start of a line.
    if (dEnd - p <= 3 && this.isListMarker(p, dEnd)) return dEnd + 1;

    // Dates, times and phone numbers written with digits only.
    // Cheap tests on the digit count and the next characters guard each pattern.
    const len = dEnd - p;
    const next = this.code(dEnd);
    if (len === 4 && isDash(next)) {
      const iso = this.sticky(RE_ISO_DATE, p);
      if (iso) {
        const [y, m, d] = [+iso[1]!, +iso[2]!, +iso[3]!];
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
          return this.emitDate(p, p + iso[0].length, { year: y, month: m, day: d });
      }
    }
    if (len <= 2 && (next === 46 || next === 47)) {
      const nd = this.sticky(RE_NUM_DATE, p);
      if (nd) {
        let [d, m] = [+nd[1]!, +nd[3]!];
        const y = +nd[4]!;
        if (m > 12 && d <= 12) [d, m] = [m, d];
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
          return this.emitDate(p, p + nd[0].length, { year: y, month: m, day: d });
        return p + nd[0].length;
      }
    }
    // Each expression runs only if the characters after the digits can begin the rest of it.
    if (len <= 2) {
      // "15:30", "3.30pm", "3 p.m.", "3pm".
      const k = next === 32 || next === 0xa0 ? dEnd + 1 : dEnd;
      const a = this.t.charCodeAt(k) | 32;
      const m = this.t.charCodeAt(k + 1) | 32;
      if (next === 58 || next === 46 || ((a === 97 || a === 112) && (m === 109 || m === 46))) {
        const clock = this.sticky(RE_CLOCK, p) ?? this.sticky(RE_AMPM, p);
        if (clock) return p + clock[0].length;
      }
    } else if (len === 4) {
      const a = next === 32 || next === 0xa0 ? this.t.charCodeAt(dEnd + 1) : next;
      if (a === 71 || a === 85 || a === 104 || a === 108) {
        const zulu = this.sticky(RE_ZULU, p);
        if (zulu) return p + zulu[0].length;
      }
    }
    if (prev === 43) {
      const ph = this.sticky(RE_PHONE_INTL, p);
      if (ph && ph[0].replace(/\D/g, '').length >= 8) return p + ph[0].length;
    }
    if (
      len === 3 &&
      (next === 45 || next === 46 || next === 32 || next === 41) &&
      isDigit(this.t.charCodeAt(next === 41 ? dEnd + 2 : dEnd + 1))
    ) {
      const us = this.sticky(RE_PHONE_US, prev === 40 ? p - 1 : p);
      if (us) return (prev === 40 ? p - 1 : p) + us[0].length;
    }
    const after = this.code(dEnd);
    if (after === 58 && isDigit(this.code(dEnd + 1))) return this.tokenEnd(p);
    if (after === 47 && isDigit(this.code(dEnd + 1))) return this.tokenEnd(p);

    const n = this.readDigitNumber(p);
    if (!n) return this.tokenEnd(p);
    if (n.junk) return n.end;

    // Day and month ("27 September", "27th of Sept.", "27-28 September").
    if (n.int && n.value >= 1 && n.value <= 31 && !n.pct && !n.qty && !n.time && !n.plural) {
      const r = this.dayMonth(n);
      if (r > 0) return r;
    }
    if (n.ordinal) return n.end;
    if (n.plural) return this.onPluralNumber(n);

    // Context before: currency codes, names, "aged".
    const bs = this.wordBefore(p);
    let currency: string | undefined;
    let start = p;
    let age = false;
    if (bs >= 0 && !n.pct) {
      const be = this.beforeEnd;
      const v = this.beforeVoc;
      if (v !== undefined && v.code !== undefined && !this.hasLowerAscii(bs, be) && bs >= this.floor) {
        currency = v.code;
        start = bs;
      } else if (this.isNameBefore(bs, be, v, n)) return this.skipNumberToken(n);
      else if (v !== undefined && (v.flags & F_AGE) !== 0 && bs >= this.floor) {
        age = true;
        start = bs;
      }
    } else if (bs < 0) {
      // Abbreviated name heads: "No. 5", "p. 12", "Art. 51".
      const dot = this.wsBack(p, 0);
      if (dot < p && this.ctx(dot - 1) === 46) {
        let s = dot - 1;
        while (s > 0 && isLetter(this.ctx(s - 1))) s--;
        if (s < dot - 1 && (this.flagsOf(s, dot - 1) & F_NAME_HEAD) !== 0) return this.skipNumberToken(n);
      }
    }
    // "Ahmed Hassan, 45, was killed": an age in apposition to a name.
    if (
      !currency &&
      !age &&
      n.int &&
      n.value <= 110 &&
      n.end === this.readEnd(n) &&
      this.code(n.end) === 44
    ) {
      const q = this.wsBack(p, 0);
      if (q < p && this.ctx(q - 1) === 44) {
        let s = q - 1;
        while (s > 0 && isLetter(this.ctx(s - 1))) s--;
        if (s < q - 1 && isUpper(this.ctx(s)) && (this.flagsOf(s, q - 1) & F_NOT_NAME) === 0)
          return this.put(
            p,
            n.end,
            'age',
            n.value,
            undefined,
            undefined,
            undefined,
            'years',
            undefined,
            false,
          );
      }
    }
    const d = new Draft(start, n.end);
    if (yearPrefix) n.yearPrefix = true;
    if (currency) {
      d.type = 'money';
      d.unit = currency;
    }
    if (age) {
      d.type = 'age';
      d.unit = 'years';
    }
    return this.complete(d, n);
  }

  /** The end of a plain literal: for an apposition age, no suffix may be attached. */
  private readEnd(n: Num): number {
    return n.pct || n.qty || n.time || n.scaled ? -1 : n.end;
  }

  /** Currency prefixes glued to the digits: "SR5 million", "Dh10m", "QR2bn", "USD5". */
  private attachedCurrency(p: number): number {
    let s = p;
    while (s > 0 && isLetter(this.ctx(s - 1))) s--;
    if (s === p || p - s > 3 || s < this.floor || isAlnum(this.ctx(s - 1))) return -1;
    const code = ATTACHED_CURRENCY[this.t.slice(s, p)];
    if (!code) return -1;
    const n = this.readDigitNumber(p);
    if (!n || n.junk || n.ordinal || n.plural || n.pct || n.qty || n.time) return -1;
    n.mAmbiguous = false;
    return this.complete(Draft.of(s, n.end, 'money', code), n);
  }

  private sticky(re: RegExp, p: number): RegExpExecArray | null {
    re.lastIndex = p;
    const m = re.exec(this.t);
    return m && p + m[0].length <= this.hi ? m : null;
  }

  private isListMarker(p: number, dEnd: number): boolean {
    const c = this.code(dEnd);
    if ((c !== 46 && c !== 41) || !isSpace(this.code(dEnd + 1))) return false;
    let q = p;
    while (q > 0) {
      const b = this.t.charCodeAt(q - 1);
      if (isSpace(b) || b === 62 || b === 35) q--;
      else break;
    }
    return q === 0 || this.t.charCodeAt(q - 1) === 10 || this.t.charCodeAt(q - 1) === 13;
  }

  /** Where scanning resumes after a number that is part of a name ("Resolution 1701", "F-35"). */
  private skipNumberToken(n: Num): number {
    let e = n.end;
    // "Resolution 1559 and 1701", "Tower 22-B": keep the whole designation together.
    while (isHyphen(this.code(e)) && isAlnum(this.code(e + 1))) e = this.alnumEnd(e + 1);
    return e;
  }

  /** Whether the word before a number makes the number part of a name. */
  private isNameBefore(bs: number, be: number, v: Voc | undefined, n: Num): boolean {
    const f = v === undefined ? 0 : v.flags;
    // Possessives ("Israel's 40 strikes") end in an apostrophe + s; "s" alone is lower case.
    if (!isUpper(this.t.charCodeAt(bs)) && this.isLowerCase(bs, be)) {
      if ((f & F_LOWER_NAME_HEAD) === 0) return false;
      // "p 12" needs the dot; "no" alone is an ordinary word.
      if ((f & F_DOTTED_HEAD) !== 0 && this.t.charCodeAt(be) !== 46) return false;
      return true;
    }
    if ((f & F_NOT_NAME) !== 0) return false;
    if (isApostrophe(this.ctx(bs - 1))) return false;
    if ((f & F_NAME_HEAD) !== 0) return true;
    if (this.sentenceStart(bs)) return false;
    // Title-case headlines ("Israel Launches 40 Strikes") capitalise the next word too.
    const s = this.nextWord(n.end);
    if (s >= 0 && isUpper(this.t.charCodeAt(s))) return false;
    return true;
  }

  /** "27 September [2024]", "27th of Sept.", "27-28 September". Returns the end, or -1. */
  private dayMonth(n: Num): number {
    let q = n.end;
    // A day range: "27-28 September".
    if (isDash(this.code(q)) && isDigit(this.code(q + 1))) {
      const e = this.digitsEnd(q + 1);
      const d2 = this.digitsValue(q + 1, e);
      if (e - q - 1 <= 2 && d2 > n.value && d2 <= 31) q = e;
    }
    let s = this.nextWord(q);
    if (s < 0) return -1;
    if (this.nextVoc === W_OF) {
      s = this.nextWord(this.nextEnd);
      if (s < 0) return -1;
    }
    if (!isUpper(this.t.charCodeAt(s))) return -1;
    const e = this.nextEnd;
    const v = this.nextVoc;
    if (!v?.month) return -1;
    let end = e;
    if (e - s <= 4 && this.code(e) === 46) end = e + 1;
    else if (e - s === 3 && v.month === 5) end = e;
    else if (e - s <= 4 && !isDigit(this.code(this.ws(e))) && !this.isMonthAbbrevOk(e)) return -1;
    const y = this.yearAfter(end);
    if (y < 0) return this.emitDate(n.start, end, { month: v.month, day: n.value });
    return this.emitDate(n.start, this.yearEnd, { month: v.month, day: n.value, year: y });
  }

  /** A month abbreviation without a dot is accepted before a line end or punctuation ("27 Sep,"). */
  private isMonthAbbrevOk(e: number): boolean {
    const c = this.code(e);
    return !isLetter(c);
  }

  /**
   * A 4-digit year after a day or month ("27 September 2024", "September 27, 2024"), or -1; its end
   * is left in {@link yearEnd}.
   */
  private yearAfter(p: number): number {
    let q = p;
    if (this.code(q) === 44) q++;
    const s = this.ws(q);
    if (s === q && q === p) return -1;
    if (!isDigit(this.code(s))) return -1;
    const e = this.digitsEnd(s);
    if (e - s !== 4 || isAlnum(this.code(e)) || (this.code(e) === 44 && isDigit(this.code(e + 1)))) return -1;
    const y = this.digitsValue(s, e);
    if (y < 1000 || y > 2099) return -1;
    this.yearEnd = e;
    return y;
  }

  /** "1980s", "in their 40s", and the possessive "2015's". */
  private onPluralNumber(n: Num): number {
    if (n.int && n.digits === 4 && n.value >= 1000 && n.value <= 2099 && isApostrophe(this.code(n.end - 2)))
      return this.emitDate(n.start, n.end - 2, { year: n.value });
    if (n.int && n.digits === 4 && n.value % 10 === 0 && n.value >= 1000 && n.value <= 2090)
      return this.put(
        n.start,
        n.end,
        'date',
        undefined,
        n.value,
        n.value + 9,
        undefined,
        undefined,
        { year: n.value },
        false,
      );
    if (n.int && n.digits === 2 && n.value % 10 === 0 && n.value >= 10) {
      const hyph = isHyphen(this.ctx(n.start - 1));
      if ((this.flagsBefore(n.start) & F_DECADE_AGE) !== 0 || (hyph && this.isWordBack(n.start - 1, 'mid')))
        return this.put(
          n.start,
          n.end,
          'age',
          undefined,
          n.value,
          n.value + 9,
          undefined,
          'years',
          undefined,
          true,
        );
    }
    return n.end;
  }

  private isWordBack(e: number, w: string): boolean {
    const s = e - w.length;
    return s >= 0 && this.eq(s, w) && !isLetter(this.ctx(s - 1));
  }

  // ----- currency signs ---------------------------------------------------------------------

  private onCurrency(p: number): number {
    let code = CURRENCY_SIGNS.get(this.t.charCodeAt(p))!;
    const start = p;
    if (code === 'USD') {
      let s = p;
      while (s > this.lo && isLetter(this.t.charCodeAt(s - 1))) s--;
      if (s < p) {
        const pre = DOLLAR_PREFIXES[this.lower(s, p)];
        if (!pre || isAlnum(this.ctx(s - 1))) return p + 1;
        // The span starts at the sign: "US" in "US$50" is left to the entity matcher, and a claim
        // must not start inside a mention.
        code = pre;
      }
    } else if (isAlnum(this.ctx(p - 1))) return p + 1;
    let q = p + 1;
    if (isSpace(this.code(q))) q++;
    if (!isDigit(this.code(q))) return p + 1;
    const n = this.readDigitNumber(q);
    if (!n) return this.tokenEnd(q);
    if (n.junk || n.ordinal) return n.end;
    // After a currency sign an "m" is million.
    n.mAmbiguous = false;
    return this.complete(Draft.of(start, n.end, 'money', code), n);
  }

  // ----- numbers in words -------------------------------------------------------------------

  /**
   * Reads a number in words at s: "twenty-five", "two hundred and fifty", "two and a half",
   * "a dozen", "half a million", "one and a half million", or a digit literal with a spaced scale.
   */
  private readWords(s: number): Num | undefined {
    let total = 0;
    let cur = 0;
    let p = s;
    let end = -1;
    let last = ''; // 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'a' | 'half' | 'frac'
    let scaled = false;
    let mult = 1;
    let words = 0;
    for (;;) {
      let we: number;
      let v: Voc | undefined;
      if (p === s || (last === 'tens' && isHyphen(this.code(p)) && isLetter(this.code(p + 1)))) {
        // The first word, or the second of "twenty-five".
        we = this.readWord(p === s ? s : p + 1);
        v = this.wordVoc;
      } else {
        if (this.nextWord(p) < 0) break;
        we = this.nextEnd;
        v = this.nextVoc;
      }
      if (!v) break;
      if (v.num !== undefined) {
        const n = v.num;
        const isTens = n >= 20;
        if (last === '' || last === 'hundred' || last === 'scale' || last === 'and') {
          cur += n;
          last = isTens ? 'tens' : 'unit';
        } else if (last === 'tens' && n >= 1 && n <= 9) {
          cur += n;
          last = 'unit';
        } else break;
        end = we;
        words++;
        p = we;
        continue;
      }
      if (v.trig === T_A && last === '') {
        const ns = this.wordAfter(we);
        const nv = ns >= 0 ? this.lookup(ns, this.wordEnd(ns)) : undefined;
        if (!nv?.scale) break;
        cur = 1;
        last = 'a';
        p = we;
        continue;
      }
      if (v.trig === T_HALF && last === '') {
        const as = this.wordAfter(we);
        if (as < 0 || !(this.isWord(as, 'a') || this.isWord(as, 'an'))) break;
        const ae = this.wordEnd(as);
        const ns = this.wordAfter(ae);
        const nv = ns >= 0 ? this.lookup(ns, this.wordEnd(ns)) : undefined;
        if (!nv?.scale) break;
        cur = 0.5;
        last = 'half';
        p = ae;
        continue;
      }
      if (v.scale !== undefined && v.w !== 'mn' && v.w !== 'bn' && v.w !== 'tn' && v.w !== 'mln') {
        if (last === '' || last === 'scale') break;
        if (v.scale === 100) {
          if (last === 'hundred' || cur >= 100) break;
          cur = (cur || 1) * 100;
          last = 'hundred';
          if (total === 0) mult = 100;
        } else if (v.scale === 12) {
          cur = (cur || 1) * 12;
          last = 'scale';
        } else {
          total += (cur || 1) * v.scale;
          cur = 0;
          last = 'scale';
          mult = v.scale;
        }
        scaled = true;
        end = we;
        p = we;
        continue;
      }
      break;
    }
    if (end < 0) return undefined;
    // "and a half", "and fifty" (British "two hundred and fifty").
    for (;;) {
      const as = this.wordAfter(end);
      if (as < 0 || !this.isWord(as, 'and')) break;
      const ns = this.wordAfter(as + 3);
      if (ns < 0) break;
      if ((this.isWord(ns, 'a') || this.isWord(ns, 'one')) && last !== 'scale') {
        const hs = this.wordAfter(this.wordEnd(ns));
        if (hs >= 0 && this.isWord(hs, 'half')) {
          cur += 0.5;
          end = hs + 4;
          last = 'frac';
          const ss = this.wordAfter(end);
          const sv = ss >= 0 ? this.lookup(ss, this.wordEnd(ss)) : undefined;
          if (sv?.scale && sv.scale >= 1e3) {
            total += cur * sv.scale;
            mult = sv.scale;
            cur = 0;
            end = this.wordEnd(ss);
            scaled = true;
          }
          break;
        }
      }
      if (last === 'hundred' || last === 'scale') {
        const nv = this.lookup(ns, this.wordEnd(ns));
        if (nv?.num !== undefined && nv.num > 0) {
          const sub = this.readWords(ns);
          if (sub && !sub.scaled && sub.value < 100) {
            cur += sub.value;
            end = sub.end;
            last = 'unit';
            words++;
          }
        }
      }
      break;
    }
    const value = total + cur;
    const n = new Num(
      s,
      end,
      value,
      true,
      Number.isInteger(value) && !scaled,
      0,
      scaled,
      last === 'hundred' || last === 'scale' || (last === 'frac' && cur === 0) ? mult : 1,
    );
    n.one = value === 1 && words === 1 && !scaled && this.isWord(s, 'one');
    return n;
  }

  private onNumberWord(s: number, e: number): number {
    const n = this.readWords(s);
    if (!n) return -1;
    // A capitalised number word inside a sentence is part of a name ("the Big Three", "Group of Seven").
    if (isUpper(this.t.charCodeAt(s)) && !this.sentenceStart(s) && !this.isUpperWord(s, e)) return n.end;
    // Fractions: "two-thirds", "one third of".
    if (!n.scaled && n.value <= 10) {
      const fs = isHyphen(this.code(n.end)) ? n.end + 1 : this.wordAfter(n.end);
      if (fs >= 0 && isLetter(this.code(fs))) {
        const fe = this.wordEnd(fs);
        const fv = this.lookup(fs, fe);
        if (fv?.frac && n.value < fv.frac && (isHyphen(this.code(n.end)) || this.isOfAfter(fe)))
          return this.finishSimple(
            Draft.of(s, fe, 'percent', 'fraction').withValue(Math.round((n.value / fv.frac) * 10000) / 100),
          );
      }
    }
    return this.complete(new Draft(s, n.end), n);
  }

  private isUpperWord(s: number, e: number): boolean {
    for (let i = s; i < e; i++) if (!isUpper(this.t.charCodeAt(i))) return false;
    return true;
  }

  private isOfAfter(e: number): boolean {
    const s = this.wordAfter(e);
    return s >= 0 && this.isWord(s, 'of');
  }

  /** Emits a draft after adding a hedge written before it. */
  private finishSimple(d: Draft): number {
    this.hedgeBefore(d, HEDGE_PHRASES);
    return this.emit(d);
  }

  /**
   * Whether "a" / "an" ending at e may start a claim: most are followed by words that cannot
   * matter, told by their first letter.
   */
  private aMayAct(e: number): boolean {
    const f = this.code(e + 1);
    return isSpace(f) || A_NEXT[(f | 32) & 127] === 1;
  }

  /** "a dozen", "a hundred", "a few hundred", "within a day", "nearly a decade", "a third of". */
  private onA(s: number, e: number): number {
    if (!this.aMayAct(e)) return -1;
    const ns = this.nextWord(e);
    if (ns < 0) return -1;
    const ne = this.nextEnd;
    const v = this.nextVoc;
    if (!v) return -1;
    if (v.scale !== undefined) {
      if (v.w === 'mn' || v.w === 'bn' || v.w === 'tn' || v.w === 'mln') return -1;
      const n = this.readWords(s);
      if (!n) return -1;
      return this.complete(new Draft(s, n.end), n);
    }
    if (v.w === 'few') return this.onQuantityAdjective(ns, ne, s);
    if (v.time) {
      // "a day" alone is idiom ("twice a day"); it is a claim with a hedge or "within".
      const d = Draft.of(s, ne, 'duration', v.time).withValue(1);
      const half = this.andAHalf(ne);
      if (half > 0) {
        d.value = 1.5;
        d.end = half;
      }
      this.hedgeBefore(d, EXTENT_PHRASES);
      if (d.hedge === undefined && half < 0) return -1;
      return this.emit(d);
    }
    if (v.frac && (v.frac === 3 || v.frac === 4) && !v.w.endsWith('s')) {
      // "a third of", "by about a quarter"; not "a third commander".
      const d = Draft.of(s, ne, 'percent', 'fraction').withValue(Math.round(10000 / v.frac) / 100);
      this.hedgeBefore(d, HEDGE_PHRASES);
      if (d.hedge === undefined && !this.isOfAfter(ne)) return -1;
      return this.emit(d);
    }
    return -1;
  }

  /** "and a half" after p; returns its end or -1. */
  private andAHalf(p: number): number {
    const as = this.wordAfter(p);
    if (as < 0 || !this.isWord(as, 'and')) return -1;
    const bs = this.wordAfter(as + 3);
    if (bs < 0 || !this.isWord(bs, 'a')) return -1;
    const hs = this.wordAfter(bs + 1);
    if (hs < 0 || !this.isWord(hs, 'half')) return -1;
    return hs + 4;
  }

  /** "half a million", "half a dozen", "half an hour". */
  private onHalf(s: number, e: number): number {
    const as = this.wordAfter(e);
    if (as < 0 || !(this.isWord(as, 'a') || this.isWord(as, 'an'))) return -1;
    const ae = this.wordEnd(as);
    const ns = this.wordAfter(ae);
    if (ns < 0) return -1;
    const ne = this.wordEnd(ns);
    const v = this.lookup(ns, ne);
    if (v?.scale && v.w !== 'mn' && v.w !== 'bn' && v.w !== 'tn' && v.w !== 'mln') {
      const n = this.readWords(s);
      if (!n) return -1;
      return this.complete(new Draft(s, n.end), n);
    }
    if (v?.time) return this.finishSimple(Draft.of(s, ne, 'duration', v.time).withValue(0.5));
    return -1;
  }

  /** "dozens", "hundreds", "thousands", "tens of thousands", "scores of", "millions of dollars". */
  private onVague(s: number, e: number, v: Voc): number {
    let mag = v.vague!;
    let end = e;
    // "tens of thousands", "hundreds of millions".
    const os = this.wordAfter(e);
    let ofEnd = -1;
    if (os >= 0 && this.isWord(os, 'of')) {
      ofEnd = os + 2;
      const ms = this.wordAfter(ofEnd);
      if (ms >= 0) {
        const me = this.wordEnd(ms);
        const mv = this.lookup(ms, me);
        if (mv?.vague && mv.vague >= 1e3 && mag <= 100 && mag !== 20) {
          mag = mag * mv.vague;
          end = me;
          const os2 = this.wordAfter(me);
          ofEnd = os2 >= 0 && this.isWord(os2, 'of') ? os2 + 2 : -1;
        }
      }
    }
    if (end === e) {
      if (v.w === 'tens') return -1;
      if (v.w === 'scores') {
        if (ofEnd < 0) return -1;
        const b = this.wordBefore(s);
        if (b >= 0 && ((this.flagsBefore(s) & F_ANAPHORIC) !== 0 || isUpper(this.t.charCodeAt(b)))) return -1;
      }
    }
    const [min, max] = vagueRange(mag);
    const d = Draft.of(s, end, 'count').withRange(min, max);
    if (ofEnd > 0) this.unitAfterOf(d, ofEnd);
    this.hedgeBefore(d, HEDGE_PHRASES);
    return this.emit(d);
  }

  /** "several hundred", "a few thousand", "many thousands", "several dozen". */
  private onQuantityAdjective(s: number, e: number, spanStart: number): number {
    const ns = this.wordAfter(e);
    if (ns < 0) return -1;
    let ne = this.wordEnd(ns);
    const v = this.lookup(ns, ne);
    let mag = v?.scale ?? v?.vague;
    if (!mag || v!.w === 'mn' || v!.w === 'bn' || v!.w === 'tn' || v!.w === 'mln') return -1;
    if (v!.w === 'tens' || v!.w === 'scores') return -1;
    // "several hundred thousand".
    if (mag === 100) {
      const ts = this.wordAfter(ne);
      if (ts >= 0) {
        const te = this.wordEnd(ts);
        const tv = this.lookup(ts, te);
        const m2 = tv?.scale ?? tv?.vague;
        if (m2 && m2 >= 1e3 && tv!.w !== 'bn' && tv!.w !== 'mn' && tv!.w !== 'tn' && tv!.w !== 'mln') {
          mag *= m2;
          ne = te;
        }
      }
    }
    const [min, max] = vagueRange(mag);
    const d = Draft.of(spanStart, ne, 'count').withRange(min, max);
    const os = this.wordAfter(ne);
    if (os >= 0 && this.isWord(os, 'of')) this.unitAfterOf(d, os + 2);
    else {
      const u = this.unitAfter(d, ne, true);
      if (u < 0) {
        const ce = this.countedNoun(ne, true);
        if (ce >= 0) {
          d.end = ce;
          d.unit = this.unitText(this.nounStart, ce);
        }
      }
    }
    this.hedgeBefore(d, HEDGE_PHRASES);
    return this.emit(d);
  }

  /** In "X of Y", records Y as the unit (the span stays on X); a currency or unit sets the type. */
  private unitAfterOf(d: Draft, p: number): void {
    const s = this.wordAfter(p);
    if (s < 0) return;
    const e = this.wordEnd(s);
    const v = this.lookup(s, e);
    if (v?.cur && v.w !== 'pound' && v.w !== 'pounds') {
      d.type = 'money';
      d.unit = v.cur;
      return;
    }
    if (v?.qty && v.w !== 'pound' && v.w !== 'pounds' && e - s > 2) {
      d.type = 'quantity';
      d.unit = v.qty;
      return;
    }
    if (v?.time && e - s > 3) {
      d.type = 'duration';
      d.unit = v.time;
      return;
    }
    const ce = this.countedNoun(p, true);
    if (ce >= 0) d.unit = this.unitText(this.nounStart, ce);
  }

  /** "September 27", "Sept. 27th, 2024", "October 2023", "September 27-28". */
  private onMonth(s: number, e: number, v: Voc): number {
    if (!isUpper(this.t.charCodeAt(s))) return -1;
    let q = e;
    const abbrev = e - s <= 4 && v.w !== 'may' && v.w !== 'june' && v.w !== 'july';
    if (abbrev && this.code(q) === 46) q++;
    const ds = this.ws(q);
    if (ds === q || !isDigit(this.code(ds))) return -1;
    const de = this.digitsEnd(ds);
    const num = this.digitsValue(ds, de);
    const c = this.code(de);
    if (de - ds <= 2 && num >= 1 && num <= 31 && !((c === 44 || c === 46) && isDigit(this.code(de + 1)))) {
      let end = de;
      const suf = this.wordEnd(de);
      if (suf > de) {
        const w = this.lower(de, suf);
        if (w !== 'st' && w !== 'nd' && w !== 'rd' && w !== 'th') return -1;
        end = suf;
      } else if (isAlnum(c)) return -1;
      if (c === 37 || c === 58) return -1;
      // "September 27-28".
      if (isDash(this.code(end)) && isDigit(this.code(end + 1))) {
        const e2 = this.digitsEnd(end + 1);
        const d2 = this.digitsValue(end + 1, e2);
        if (e2 - end - 1 <= 2 && d2 > num && d2 <= 31 && !isAlnum(this.code(e2))) end = e2;
      }
      // A weekday or "on" makes no difference; a following unit does ("March 40 km" is not a date).
      const y = this.yearAfter(end);
      if (y < 0) return this.emitDate(s, end, { month: v.month!, day: num });
      return this.emitDate(s, this.yearEnd, { month: v.month!, day: num, year: y });
    }
    if (
      de - ds === 4 &&
      !isAlnum(c) &&
      !(c === 44 && isDigit(this.code(de + 1))) &&
      num >= 1000 &&
      num <= 2099
    )
      return this.emitDate(s, de, { year: num, month: v.month! });
    return -1;
  }

  // ----- after the number: ranges, units, counted nouns -------------------------------------

  /**
   * Completes a claim from its number: ranges, percent, units, counted nouns, hedges and the
   * rules that turn a number into no claim. Returns where scanning resumes.
   */
  private complete(d: Draft, n: Num): number {
    let q = n.end;
    let value = n.value;
    let min: number | undefined;
    let max: number | undefined;
    let split: Num | undefined;
    let pct = n.pct === true;
    let qty = n.qty;
    let time = n.time;
    let mAmb = n.mAmbiguous === true;
    const yearLike = n.int && n.digits === 4 && n.value >= 1000 && n.value <= 2099;

    // Hedges written after the number: "40 or so", "40-odd", "40-plus", "40+".
    let postHedge: string | undefined;
    const ph = this.postHedge(q);
    if (ph) {
      postHedge = ph[1];
      q = ph[0];
    }

    // Ranges: "20 to 30", "20-30", "between 20 and 30", "two or three", "$10m-$20m".
    if (!postHedge) {
      const r = this.rangeAfter(d, n, q, yearLike);
      if (r === 'skip') return this.skipAfterScore(q);
      if (r) {
        let lo = n.value;
        const hiN = r.num;
        if (!n.scaled && hiN.scaled && !pct && !qty && !time) {
          const sc = hiN.value / this.unscaled(hiN);
          if (lo * sc <= hiN.value) lo *= sc;
        }
        if (r.split) {
          split = r.num;
        } else {
          if (r.between !== undefined) d.start = r.between;
          min = lo;
          max = hiN.value;
        }
        q = hiN.end;
        pct = pct || hiN.pct === true;
        qty = qty ?? hiN.qty;
        time = time ?? hiN.time;
        mAmb = hiN.mAmbiguous === true;
        if (yearLike && r.year) {
          d.end = q;
          d.type = 'date';
          d.date = { year: lo };
          d.min = lo;
          d.max = hiN.value;
          return this.emit(d);
        }
        const ph2 = this.postHedge(q);
        if (ph2) {
          postHedge = ph2[1];
          q = ph2[0];
        }
      }
    }
    d.end = q;
    if (postHedge) d.hedge = postHedge;
    const isRange = min !== undefined;
    const singular = !isRange && !split && value === 1 && !n.scaled;

    // Ratios: "one in five", "1 in 3", "three out of four".
    if (!isRange && !split && !postHedge && !pct && !qty && !time && d.type === undefined && !n.scaled) {
      const r = this.ratioAfter(n, q);
      if (r) {
        d.end = r[0];
        d.type = 'percent';
        d.unit = 'ratio';
        d.value = Math.round((n.value / r[1]) * 10000) / 100;
        this.hedgeBefore(d, HEDGE_PHRASES);
        return this.emit(d);
      }
    }

    // Units.
    if (pct) {
      d.type = 'percent';
      d.unit = 'percent';
    } else if (qty) {
      d.type = d.type === 'age' ? 'age' : 'quantity';
      d.unit = qty;
    } else if (time) {
      d.type = d.type === 'age' ? 'age' : 'duration';
      d.unit = time;
    } else if (mAmb && this.isMetres(q)) {
      value = this.unscaled(n);
      if (min !== undefined) min = min / 1e6;
      if (max !== undefined) max = max / 1e6;
      d.type = 'quantity';
      d.unit = 'm';
      // "30m-high": the dimension word belongs to the span.
      if (isHyphen(this.code(q)) && isLetter(this.code(q + 1))) d.end = this.wordEnd(q + 1);
    } else if (d.type !== 'money' || !n.scaled) {
      const u = this.unitAfter(d, q, n.word);
      if (u === -2) return this.skipAfterScore(q);
    }
    if (d.plusHalf) {
      if (isRange) max! += 0.5;
      else value += 0.5;
      d.plusHalf = false;
    }
    if (d.type === undefined && !pct && this.isPercentWord(d.end)) {
      d.type = 'percent';
      d.unit = 'percent';
    }

    // Dates from a bare year ("in 2006", "the 2006 war").
    if (d.type === undefined && yearLike && !isRange && !split && !postHedge) {
      // With a plural noun, a year needs a determiner or preposition ("the 2024 elections", not "1500 troops").
      const ctx = (this.flagsBefore(n.start) & F_YEAR_CONTEXT) !== 0;
      const isYear =
        n.yearPrefix || (this.countedNoun(q, true) >= 0 ? ctx && n.value >= 1900 : ctx || n.value >= 1800);
      if (isYear && !this.hasHedgeBefore(d.start)) {
        d.type = 'date';
        d.date = { year: n.value };
        d.end = n.end;
        return this.emit(d);
      }
    }

    // Counted nouns and "X of Y".
    if (d.type === undefined || d.type === 'age') {
      const os = this.nextWord(d.end);
      if (os >= 0 && this.nextVoc === W_OF) {
        if (n.one) return n.end;
        if (d.type === undefined) {
          d.type = 'count';
          this.unitAfterOf(d, os + 2);
        }
      } else if (d.type === undefined) {
        d.type = 'count';
        const ce = this.countedNoun(d.end, !singular);
        if (ce >= 0) {
          const cs = this.nounStart;
          if (n.one && (this.flagsOf(cs, ce) & F_ONE_IDIOM) !== 0) return ce;
          d.end = ce;
          d.unit = this.unitText(cs, ce);
        } else {
          // "150 Palestinians": the noun is a name, the span stops before it.
          const cs = this.nextWord(d.end);
          if (cs >= 0 && isUpper(this.t.charCodeAt(cs)) && !singular) {
            const ce = this.nextEnd;
            if (this.t.charCodeAt(ce - 1) === 115 && ce - cs > 3) d.unit = this.t.slice(cs, ce);
          }
          if (n.one && !this.capitalNounFollows(d.end)) {
            const hedged = this.hasHedgeBefore(d.start);
            if (!hedged) return n.end;
          }
        }
      }
    }

    // "one day" as "some day"; small number words used anaphorically ("the two countries").
    if (n.word && !n.scaled && value <= 10 && !isRange && !split) {
      const bf = this.flagsBefore(n.start);
      if (d.type === 'count' && (bf & F_ANAPHORIC) !== 0) return d.end;
      if (n.one && (bf & F_NOT_ONE) !== 0) return d.end;
      if (
        n.one &&
        d.type === 'duration' &&
        (d.unit === 'days' || d.unit === 'nights') &&
        !this.oneDayIsDuration(d, bf)
      )
        return d.end;
    }

    // Hedges before.
    if (d.type !== 'date') {
      const phr = d.type === 'duration' || d.type === 'quantity' ? EXTENT_PHRASES : HEDGE_PHRASES;
      if (d.hedge === undefined) this.hedgeBefore(d, phr);
      else {
        const keep = d.hedge;
        this.hedgeBefore(d, phr);
        if (d.hedge !== keep) d.hedge = `${d.hedge} ${keep}`;
      }
    }
    // "~40".
    if (d.hedge === undefined && this.ctx(d.start - 1) === 126 && d.start - 1 >= this.floor) {
      d.start--;
      d.hedge = 'approximately';
    }

    if (split) {
      // "from 20 to 30 percent": two claims with the same type and unit.
      const first = d.copy();
      first.end = n.end;
      first.value = value;
      first.min = undefined;
      first.max = undefined;
      if (n.pct || n.qty || n.time) first.end = n.end;
      if (this.emit(first) < 0) return -1;
      const second = d.copy();
      second.start = split.start;
      second.value = split.value;
      second.hedge = undefined;
      return this.emit(second);
    }
    if (isRange) {
      d.min = min;
      d.max = max;
    } else d.value = value;
    return this.emit(d);
  }

  /**
   * Whether an attached "m" means metres: before a dimension word ("30m deep", "30m-high") or a
   * singular noun ("a 30m tunnel"); otherwise it is million ("6m people", "a population of 2.2m").
   */
  private isMetres(q: number): boolean {
    if (isHyphen(this.code(q)) && isLetter(this.code(q + 1))) return true;
    const s = this.wordAfter(q);
    if (s < 0 || isUpper(this.t.charCodeAt(s))) return false;
    const b = this.nounBits(s, this.wordEnd(s));
    if ((b & F_DIMENSION) !== 0) return true;
    if ((b & (F_STOP | F_MODIFIER | N_PLURAL | F_IRREGULAR_PLURAL)) !== 0) return false;
    return this.countedNoun(q, false) >= 0;
  }

  /** "in five" / "out of five" after a number; returns [end, denominator]. */
  private ratioAfter(n: Num, q: number): [number, number] | undefined {
    let s = this.nextWord(q);
    if (s < 0) return undefined;
    if (this.nextVoc === W_OUT) {
      const o = this.wordAfter(s + 3);
      if (o < 0 || !this.isWord(o, 'of')) return undefined;
      s = o;
    } else if (this.nextVoc !== W_IN) return undefined;
    const a = this.ws(s + 2);
    if (a === s + 2) return undefined;
    let m: Num | undefined;
    if (isDigit(this.code(a)) && !n.word) m = this.readLiteral(a);
    else if (isLetter(this.code(a)) && n.word && this.lookup(a, this.wordEnd(a))?.num !== undefined)
      m = this.readWords(a);
    if (!m || !m.int || m.junk || m.pct || m.qty || m.time || m.ordinal || m.plural || m.scaled)
      return undefined;
    if (m.value <= n.value || m.value > 1000) return undefined;
    // "3 in 10 days" is a rate of time, not a ratio.
    const u = this.wordAfter(m.end);
    if (u >= 0 && this.lookup(u, this.wordEnd(u))?.time) return undefined;
    return [m.end, m.value];
  }

  /** The number without its scale ("1.2bn" -> 1.2). */
  private unscaled(n: Num): number {
    return n.value / n.mult;
  }

  /** "3-2" scores and votes: skip the whole token. */
  private skipAfterScore(q: number): number {
    return this.tokenEnd(q);
  }

  /** Whether a hedge phrase ends right before p. */
  private hasHedgeBefore(p: number): boolean {
    return this.hedgeAt(p, HEDGE_PHRASES) !== undefined;
  }

  private capitalNounFollows(p: number): boolean {
    const s = this.wordAfter(p);
    if (s < 0 || !isUpper(this.t.charCodeAt(s))) return false;
    const t2 = this.wordAfter(this.wordEnd(s));
    return t2 >= 0 && !isUpper(this.t.charCodeAt(t2)) && (this.flagsOf(t2, this.wordEnd(t2)) & F_STOP) === 0;
  }

  /**
   * "within one day", "one day after", "in one day" are durations; "one day, he ..." is not.
   * `before`: the flags of the word before "one".
   */
  private oneDayIsDuration(d: Draft, before: number): boolean {
    if ((before & F_DAY_BEFORE) !== 0) return true;
    const a = this.wordAfter(d.end);
    if (a < 0) return false;
    return (this.flagsOf(a, this.wordEnd(a)) & F_DAY_AFTER) !== 0;
  }

  /** "or so", "or more", "-odd", "-plus", "+" after a number; returns [end, hedge]. */
  private postHedge(q: number): [number, string] | undefined {
    const c = this.code(q);
    if (c === 43 && !isAlnum(this.code(q + 1))) return [q + 1, 'or more'];
    if (isHyphen(c)) {
      const e = this.wordEnd(q + 1);
      if (e - q === 4 && this.eq(q + 1, 'odd')) return [e, 'odd'];
      if (e - q === 5 && this.eq(q + 1, 'plus')) return [e, 'or more'];
      return undefined;
    }
    const s = this.nextWord(q);
    if (s < 0 || this.nextVoc !== W_OR) return undefined;
    const s2 = this.wordAfter(s + 2);
    if (s2 < 0) return undefined;
    if (this.isWord(s2, 'so')) return [s2 + 2, 'or so'];
    if (this.isWord(s2, 'more')) return [s2 + 4, 'or more'];
    return undefined;
  }

  /** A range connector and a second number after q. */
  private rangeAfter(
    d: Draft,
    n: Num,
    q: number,
    yearLike: boolean,
  ): { num: Num; split?: boolean; between?: number; year?: boolean } | 'skip' | undefined {
    const c = this.code(q);
    let s2 = -1;
    let connector = '';
    if (isDash(c)) {
      let r = q + 1;
      if (isSpace(this.code(r)) && c !== 45) r++;
      if (n.word) return undefined;
      if (isDigit(this.code(r)) || CURRENCY_SIGNS.has(this.code(r))) {
        s2 = r;
        connector = '-';
      } else return undefined;
    } else if (isSpace(c) && isDash(this.code(q + 1)) && isSpace(this.code(q + 2)) && !n.word) {
      if (isDigit(this.code(q + 3)) || CURRENCY_SIGNS.has(this.code(q + 3))) {
        s2 = q + 3;
        connector = '-';
      } else return undefined;
    } else {
      const ws = this.nextWord(q);
      if (ws < 0) return undefined;
      const v = this.nextVoc;
      if (v === W_TO) connector = 'to';
      else if (v === W_OR) connector = 'or';
      else if (v === W_AND) connector = 'and';
      else return undefined;
      const after = this.ws(ws + connector.length);
      if (after === ws + connector.length) return undefined;
      s2 = after;
    }
    // The second number, in the same notation family.
    let num: Num | undefined;
    let p2 = s2;
    let cur2 = false;
    if (CURRENCY_SIGNS.has(this.code(p2))) {
      if (d.type !== 'money') return undefined;
      p2++;
      cur2 = true;
    }
    if (isDigit(this.code(p2))) {
      if (n.word) return undefined;
      num = this.readDigitNumber(p2);
      if (!num || num.junk || num.ordinal || num.plural) return undefined;
      // Year ranges "2023-24", "1948-49".
      if (yearLike && connector === '-' && num.int && num.digits === 2) {
        const full = Math.floor(n.value / 100) * 100 + num.value;
        if (full > n.value) return { num: num.withValue(full), year: true };
        return undefined;
      }
    } else if (isLetter(this.code(p2)) && n.word && !cur2) {
      const v = this.lookup(p2, this.wordEnd(p2));
      if (!v || (v.num === undefined && v.trig !== T_A)) return undefined;
      num = this.readWords(p2);
    }
    if (!num) return undefined;
    const b = this.wordBefore(d.start);
    const bw = b >= 0 ? this.lower(b, this.beforeEnd) : '';
    if (connector === 'and' && bw !== 'between') return undefined;
    const numYear = num.int && num.digits === 4 && num.value >= 1000 && num.value <= 2099;
    if (numYear && !yearLike) return undefined;
    if (yearLike && numYear) {
      if (num.value <= n.value) return undefined;
      return {
        num,
        year: true,
        split: bw === 'from' && connector === 'to',
        between: bw === 'between' && b >= 0 && b >= this.floor ? b : undefined,
      };
    }
    let lo = n.value;
    if (!n.scaled && num.scaled) lo *= num.value / this.unscaled(num);
    if (bw === 'from' && connector === 'to') return { num, split: true };
    if (num.value <= n.value && lo >= num.value) {
      // "3-2", "12 to 3": a score or a vote, not a range.
      if (connector === '-' && n.int && num.int) return 'skip';
      return undefined;
    }
    if (connector === 'or' && n.pct !== num.pct) return undefined;
    return { num, between: connector === 'and' && b >= 0 && b >= this.floor ? b : undefined };
  }

  /** Whether the word at p (after white space) is "percent", "per cent", "pct" or "percentage points". */
  private isPercentWord(p: number): boolean {
    return this.nextWord(p) >= 0 && (this.nextVoc === W_PERCENT || this.nextVoc === W_PCT);
  }

  /**
   * Units after a number at q: percent words, time units (and ages), quantity units, currency
   * words and codes, and hyphenated adjectives ("45-year-old", "12-day", "30-km", "15-member").
   * Sets the draft's type, unit and end. Returns the new end, -1 when none, -2 for no claim.
   */
  private unitAfter(d: Draft, q: number, inWords: boolean): number {
    const c = this.code(q);
    if (isHyphen(c) && isLetter(this.code(q + 1))) {
      const s = q + 1;
      const e = this.wordEnd(s);
      if (isUpper(this.t.charCodeAt(s))) return -2; // "Six-Day War"
      const v = this.lookup(s, e);
      if (v?.time && e - s > 2) {
        d.type = d.type === 'age' ? 'age' : 'duration';
        d.unit = v.time;
        d.end = e;
        // "-year-old", "-month-olds".
        if (isHyphen(this.code(e))) {
          const oe = this.wordEnd(e + 1);
          const ow = this.lower(e + 1, oe);
          if (ow === 'old' || ow === 'olds') {
            d.type = 'age';
            d.end = oe;
          }
        }
        return d.end;
      }
      if (v?.qty && e - s > 1) {
        d.type = 'quantity';
        d.unit = v.qty;
        d.end = e;
        return e;
      }
      if (this.isWord(s, 'percent')) {
        d.type = 'percent';
        d.unit = 'percent';
        d.end = e;
        return e;
      }
      if (v?.frac) return -2;
      // Number words in compounds are idioms ("two-state", "one-sided"); digits count ("15-member").
      if (inWords) return -2;
      if (d.type === 'money') return -1;
      d.type = 'count';
      d.unit = this.unitText(s, e);
      d.end = e;
      return e;
    }
    if (isSpace(c) && this.code(q + 1) === 37) {
      d.type = 'percent';
      d.unit = 'percent';
      d.end = q + 2;
      return d.end;
    }
    const s = this.nextWord(q);
    if (s < 0) return -1;
    const e = this.nextEnd;
    const v = this.nextVoc;
    // The word in lower case if it is in the vocabulary (every word compared below is).
    const w = v === undefined ? '' : v.w;
    if (w === 'percent' || w === 'pct') {
      d.type = 'percent';
      d.unit = 'percent';
      d.end = e;
      return e;
    }
    if (w === 'per') {
      const s2 = this.wordAfter(e);
      if (s2 >= 0 && this.isWord(s2, 'cent')) {
        d.type = 'percent';
        d.unit = 'percent';
        d.end = s2 + 4;
        return d.end;
      }
      return -1;
    }
    if (w === 'percentage') {
      const s2 = this.wordAfter(e);
      if (s2 >= 0 && (this.isWord(s2, 'points') || this.isWord(s2, 'point'))) {
        d.type = 'percent';
        d.unit = 'percentage points';
        d.end = this.wordEnd(s2);
        return d.end;
      }
      return -1;
    }
    // "5 million Lebanese pounds", "10 billion U.S. dollars": money; the span stops before the
    // nationality, which is a demonym for the entity matcher.
    const dotted = this.t.startsWith('U.S.', s);
    if ((v?.nat || dotted) && isUpper(this.t.charCodeAt(s))) {
      const s2 = this.wordAfter(dotted ? s + 4 : e);
      if (s2 < 0) return -1;
      const v2 = this.lookup(s2, this.wordEnd(s2));
      if (v2?.cur || (v2?.qty === 'lb' && v2.w.startsWith('pound'))) {
        d.type = 'money';
        d.unit = dotted ? 'USD' : v?.nat;
        if (v?.nat === 'IRR' && v2.cur === 'IRT') d.unit = 'IRT';
        return d.end;
      }
    }
    if (w === 'square' || w === 'sq' || w === 'cubic' || w === 'nautical' || w === 'metric') {
      const s2 = this.wordAfter(this.code(e) === 46 ? e + 1 : e);
      if (s2 < 0) return -1;
      const e2 = this.wordEnd(s2);
      const v2 = this.lookup(s2, e2);
      if (!v2?.qty) return -1;
      const base = v2.qty;
      d.type = 'quantity';
      d.unit = w === 'nautical' ? 'nmi' : w === 'metric' ? base : w === 'cubic' ? `${base}3` : `${base}2`;
      d.end = e2;
      return e2;
    }
    if (v === undefined) return -1;
    if (v.time) {
      if (!isUpper(this.t.charCodeAt(s)) || this.isUpperWord(s, e)) {
        d.type = d.type === 'age' ? 'age' : 'duration';
        d.unit = v.time;
        d.end = e;
        const half = this.andAHalf(e);
        if (half > 0 && d.value === undefined) {
          d.end = half;
          d.plusHalf = true;
        }
        const os = this.wordAfter(d.end);
        if (os >= 0 && this.isWord(os, 'old')) {
          d.type = 'age';
          d.end = os + 3;
        } else if (os >= 0 && this.isWord(os, 'of')) {
          const as = this.wordAfter(os + 2);
          if (as >= 0 && this.isWord(as, 'age')) {
            d.type = 'age';
            d.end = as + 3;
          }
        }
        return d.end;
      }
      return -1;
    }
    if (v.cur && w !== 'pound' && w !== 'pounds') {
      d.type = 'money';
      d.unit = v.cur;
      d.end = e;
      return e;
    }
    if (v.code && this.isUpperWord(s, e)) {
      d.type = 'money';
      d.unit = v.code;
      d.end = e;
      return e;
    }
    if (v.qty && !isUpper(this.t.charCodeAt(s))) {
      if ((w === 'pound' || w === 'pounds') && this.sterlingAfter(e)) {
        d.type = 'money';
        d.unit = 'GBP';
        d.end = this.wordEnd(this.wordAfter(e));
        return d.end;
      }
      d.type = 'quantity';
      d.unit = v.qty;
      d.end = e;
      // "barrels per day", "barrels a day".
      if (v.qty === 'bbl') {
        const ps = this.wordAfter(e);
        if (ps >= 0 && (this.isWord(ps, 'per') || this.isWord(ps, 'a'))) {
          const ds = this.wordAfter(this.wordEnd(ps));
          if (ds >= 0 && this.isWord(ds, 'day')) {
            d.unit = 'bbl/d';
            d.end = ds + 3;
          }
        }
      }
      return d.end;
    }
    return -1;
  }

  private sterlingAfter(e: number): boolean {
    const s = this.wordAfter(e);
    return s >= 0 && this.isWord(s, 'sterling');
  }

  /**
   * The counted noun after p: up to two modifiers and a head noun, all lower case. For plural
   * numbers the head must look plural; for "one" it is the last word before a stop word.
   * Returns the end of the head, or -1; the head's start is left in {@link nounStart}.
   */
  private countedNoun(p: number, plural: boolean): number {
    let q = p;
    let candS = -1;
    let candE = -1;
    for (let k = 0; k < 3; k++) {
      const s = this.nextWord(q);
      if (s < 0) break;
      if (isUpper(this.t.charCodeAt(s))) break;
      const we = this.nextEnd;
      let e = we;
      // Hyphenated compounds ("rocket-propelled", "air-defence").
      while (isHyphen(this.code(e)) && isLetter(this.code(e + 1)) && !isUpper(this.code(e + 1)))
        e = this.wordEnd(e + 1);
      if (isDigit(this.code(e))) break;
      const b = e === we ? this.nounBitsOf(s, e, this.nextVoc, this.nextAscii) : this.nounBits(s, e);
      const mod = (b & F_MODIFIER) !== 0;
      if (!mod && (b & F_STOP) !== 0) break;
      if ((b & N_LY) !== 0) break;
      const pl = (b & N_PLURAL) !== 0;
      if (plural) {
        if (!mod && (pl || (b & F_IRREGULAR_PLURAL) !== 0)) {
          this.nounStart = s;
          return e;
        }
      } else {
        if (pl && k > 0) break;
        if (!mod && (b & N_ED_ING) === 0) {
          candS = s;
          candE = e;
        } else if (k > 0 && !mod) break;
      }
      q = e;
      // A comma or other punctuation ends the phrase.
      if (!isSpace(this.code(e)) && this.code(e) !== 10 && this.code(e) !== 13) break;
    }
    if (plural || candE < 0) return -1;
    this.nounStart = candS;
    return candE;
  }

  /**
   * The vocabulary flags of the word t[s, e) (letters and hyphens) with the N_ bits of its ending,
   * as its lower-case form has them.
   */
  private nounBits(s: number, e: number): number {
    const h = hashRange(this.t, s, e);
    return this.nounBitsOf(s, e, h === -1 || e - s > 20 ? undefined : this.lookupHash(h, s, e), h !== -1);
  }

  /** {@link nounBits} of a word with its entry and whether it is all ASCII (as readWord tells them). */
  private nounBitsOf(s: number, e: number, v: Voc | undefined, ascii: boolean): number {
    const t = this.t;
    // Outside ASCII, lower-casing may change the length: read the lower-case copy.
    if (!ascii) return endingBits(this.lower(s, e));
    let bits = v === undefined ? 0 : v.flags;
    const n = e - s;
    const z = t.charCodeAt(e - 1) | 32;
    const y = n >= 2 ? t.charCodeAt(e - 2) | 32 : 0;
    if (n > 4 && y === 108 && z === 121) bits |= N_LY;
    // See looksPlural.
    if (n >= 3 && z === 115 && y !== 115 && y !== 117 && y !== 105) bits |= N_PLURAL;
    if ((y === 101 && z === 100) || (n >= 3 && y === 110 && z === 103 && (t.charCodeAt(e - 3) | 32) === 105))
      bits |= N_ED_ING;
    return bits;
  }

  /** Adds the longest hedge phrase that ends right before d.start (never before the floor). */
  private hedgeBefore(d: Draft, index: HedgeIndex): void {
    const hedge = this.hedgeAt(d.start, index);
    if (hedge !== undefined) {
      d.start = this.hedgeStart;
      d.hedge = hedge;
    }
  }

  /**
   * The longest hedge phrase that ends right before p (never before the floor), or undefined; its
   * start is left in {@link hedgeStart}. Reads the words before p backwards, each once, down the
   * tree of phrases.
   */
  private hedgeAt(p: number, index: HedgeIndex): string | undefined {
    const t = this.t;
    const floor = Math.max(this.floor, this.lo);
    let found: string | undefined;
    let nodes: HedgeNode[] | undefined;
    let at = p;
    if (p === this.beforeAt && this.beforeStart >= floor) {
      // The word before p is known ({@link wordBefore}): its entry has the phrases ending in it.
      const v = this.beforeVoc;
      const node = v === undefined ? undefined : index.extent ? v.extentHedge : v.hedge;
      const ws = this.beforeStart;
      if (node === undefined || isApostrophe(this.ctx(ws - 1))) return undefined;
      if (node.hedge !== undefined) {
        found = node.hedge;
        this.hedgeStart = ws;
      }
      nodes = node.before;
      if (nodes.length === 0) return found;
      at = ws;
    }
    for (;;) {
      // The word before `at`: white space, an optional ".", letters after a non-letter.
      const b = this.wsBack(at, floor);
      if (b === at) break;
      let we = b;
      const dot = t.charCodeAt(we - 1) === 46;
      if (dot) we--;
      let ws = we;
      while (ws > floor && isLetter(t.charCodeAt(ws - 1))) ws--;
      if (ws === we) break;
      const c = this.ctx(ws - 1);
      if (isLetter(c) || isApostrophe(c)) break;
      if (nodes === undefined) {
        // The last word of any hedge is right before the number: most words there are none.
        if (we - ws > 13) break;
        let h = hashRange(t, ws, we);
        if (h === -1) break;
        if (dot) h = (Math.imul(h, 31) + 46) | 0;
        nodes = index.buckets[h & ((1 << HEDGE_BITS) - 1)];
        if (nodes === undefined) break;
      }
      let node: HedgeNode | undefined;
      for (const k of nodes) {
        if (k.dot === dot && k.word.length === we - ws && this.eq(ws, k.word)) {
          node = k;
          break;
        }
      }
      if (node === undefined) break;
      if (node.hedge !== undefined) {
        found = node.hedge;
        this.hedgeStart = ws;
      }
      nodes = node.before;
      if (nodes.length === 0) break;
      at = ws;
    }
    return found;
  }
}

/** The N_ bits of a lower-case word's ending (see {@link Scanner.nounBits}). */
function endingBits(w: string): number {
  let bits = 0;
  if (w.length > 4 && w.endsWith('ly')) bits |= N_LY;
  if (looksPlural(w)) bits |= N_PLURAL;
  if (w.endsWith('ed') || w.endsWith('ing')) bits |= N_ED_ING;
  return bits;
}

function looksPlural(w: string): boolean {
  const n = w.length;
  if (n < 3 || w.charCodeAt(n - 1) !== 115) return false;
  const p = w.charCodeAt(n - 2);
  // -ss, -us, -is are singular ("crisis", "status", "witness").
  return p !== 115 && p !== 117 && p !== 105;
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Finds numeric claims in text[start, end) (a prose region); offsets in results are absolute into
 * `text`. Results are sorted and do not overlap.
 */
export function scanClaims(
  text: string,
  start = 0,
  end: number = text.length,
  out: ClaimSpan[] = [],
): ClaimSpan[] {
  const lo = Math.max(0, Math.min(start, text.length));
  const hi = Math.max(lo, Math.min(end, text.length));
  const s = new Scanner(text, lo, hi, out);
  s.scan();
  return out;
}

/**
 * Finds the claims that start in [scanFrom, scanTo) of the prose region [start, end), as a scan of
 * the whole region finds them there when [scanFrom, scanTo) is a run of whole paragraphs (a claim
 * never spans a blank line). Appends to `out`.
 */
export function scanClaimsWithin(
  text: string,
  start: number,
  end: number,
  scanFrom: number,
  scanTo: number,
  out: ClaimSpan[],
): ClaimSpan[] {
  const s = new Scanner(text, start, end, out);
  s.scan(scanFrom, scanTo);
  return out;
}

/**
 * Parses a number expression in words or digits ("two and a half", "twenty-five", "1.2 million",
 * "40", "1,200", "a dozen", "half a million") to a number, or undefined when the whole expression
 * is not one number (vague magnitudes such as "thousands" are undefined: they are ranges).
 */
export function parseNumber(expr: string): number | undefined {
  const text = expr.replace(/[\u00a0\u2000-\u200a\u202f]/g, ' ').trim();
  if (text === '') return undefined;
  return new Scanner(text, 0, text.length).parseWhole();
}
