/**
 * Names that the glossary does not list: people ("Rana Haddad, 34,"; "spokesman Avichay
 * Adraee"), places ("the village of Aitou", "the Awali river", "Umayyad Square") and bodies
 * ("the Health Ministry", "the Hostages and Missing Families Forum"), found by the cues news
 * writing gives them. Such mentions link to `unlisted:<kind>:<slug>` instead of a glossary id,
 * so that the editor can offer to add them to the workspace glossary.
 *
 * Only capitalised words that no glossary mention covers are looked at, so the pass is cheap.
 */
import type { Hits } from './matcher';
import {
  COMPASS_POINTS,
  UNSURE,
  capitalisedRunStart,
  isAsciiWordCode,
  isSpaceChar,
  Lexicon,
  slugify,
  spaceStart,
} from './text';
import type { Mention } from './types';

/**
 * Names found so far in a document (full names, and surnames of people), mapped to their
 * entity id: a place or person named once with a cue is recognised again without one. A `Map`
 * will do; the engine passes views that also record what a paragraph read and wrote, so that a
 * second pass or an edit can reuse a paragraph whose reads give the same answers.
 */
export interface NameMemory {
  get(name: string): string | undefined;
  set(name: string, entity: string): unknown;
  /** `get(text.slice(start, end))`, for a memory that can answer without cutting the name out. */
  getAt?(text: string, start: number, end: number): string | undefined;
}

/** Looks up text[start, end) in `memory`. */
function recallAt(memory: NameMemory, text: string, start: number, end: number): string | undefined {
  return memory.getAt !== undefined ? memory.getAt(text, start, end) : memory.get(text.slice(start, end));
}

/** The entity id prefix of names found outside the glossary. */
export const UNLISTED = 'unlisted:';
/** The entity id prefix of places found outside the glossary. */
const UNLISTED_PLACE = `${UNLISTED}place:`;

/** Given names common in news of the region and of the outside powers (English, Arabic, Hebrew, Persian, Turkish, Kurdish). */
const FIRST_NAMES: readonly string[] = (
  'Aaron Abbas Abdel Abdul Abdullah Abdulrahman Abed Abu Adam Adel Adnan Ahmad Ahmed Akram Alaa Ali Alice Amal Amir Amira Amit Amos Amr Andrew Anna Anne Antony Anwar Arash Ari Ariel Asaf Asma Avi Avichay Aviv Ayman ' +
  'Bashar Basel Benjamin Benny Bezalel Bilal Brett Brian ' +
  'Catherine Charles Chris Christopher Dalia Dan Dana Daniel Danny David Dima Dina Doron Dov ' +
  'Ehud Eitan Elad Eli Elias Elizabeth Emily Emma Eran Erdal Esmail Eyal Ezzat ' +
  'Fadi Fadel Farah Farid Farouk Fatima Fawaz Firas Fuad Gabriel Gadi Gal George Ghassan Gideon Gilad Hadi Hady Haim Hamza Hani Hanan Hassan Hamid Hamed Hossein Hussein Huda Hind ' +
  'Ibrahim Ilan Imad Iman Isaac Ismail Itamar Jack Jacob Jake Jamal James Jamil Jana Jane Jason Javad Jennifer John Jonathan Joseph Josh Joshua Juan Kamal Karim Karin Kate Kevin Khaled Khalid Khalil Kirsten ' +
  'Lara Laura Layla Leila Lina Lisa Lior Louis Mahdi Mahmoud Majed Majid Maha Malak Mansour Marco Maria Mark Marwan Mary Masoud Matthew Maya Meir Michael Michal Mike Miriam Mohamed Mohammad Mohammed Mohsen Mona Moshe Mostafa Muhammad Mustafa ' +
  'Nabil Nadia Nadav Naftali Naim Nasser Nawaf Nicholas Nir Noa Noam Nour Nur Omar Omer Ori Osama Patrick Paul Peter Qais Rafael Rami Rana Randa Rania Reem Reza Richard Robert Romi Ron Ronen Rula ' +
  'Saad Saeed Said Salah Saleh Salem Salim Salma Sami Samir Sara Sarah Saeb Sharon Shimon Shira Simon Stephen Steve Steven Suha Suleiman Susan Tal Tamar Tamer Thomas Tom Tomer Walid William Yahya Yair Yaakov Yara Yasmin Yasser Yossi Youssef Yousef Yusuf Zaid Zainab Zeev Ziad'
).split(' ');

/** Words that introduce a person's name: titles and roles (lower or upper case). */
const TITLES: readonly string[] = (
  'president prime minister ministers secretary secretary-general spokesman spokeswoman spokesperson envoy ambassador general gen. lt. lieutenant colonel col. major maj. captain capt. ' +
  'sergeant sgt. sgt specialist spc. admiral adm. commander leader chief analyst expert researcher fellow director professor dr. mr. mrs. ms. sheikh ayatollah king queen prince emir ' +
  'correspondent journalist reporter official negotiator mediator rapporteur chairman chairwoman speaker senator representative rep. mayor governor cleric imam rabbi father mother son daughter brother sister wife husband resident activist doctor surgeon nurse paramedic lawyer'
).split(' ');

/** Verbs of speech after a name ("Haddad said"). */
const SPEECH: readonly string[] =
  'said says told added wrote tweeted posted warned argued explained noted recalled insisted'.split(' ');

/** Capitalised words that never begin a name: function words, days and months, headline words. */
const STOP_START: readonly string[] = (
  'The A An This That These Those It Its He She They We You I In On At By For From To Of And But Or If As After Before When While Since During Under Over Into About Against Between Without Within ' +
  'Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December ' +
  'North South East West Northern Southern Eastern Western Central Read See Breaking Update Analysis Opinion Photo Video Source Original Sources Editor Note Reporting Additional Operation There Here What Who Why How Where Many Some Most All Both Each Every No Not'
).split(' ');

/** Capitalised titles and office words: never part of a person's name, stripped from its front. */
const TITLE_WORDS: readonly string[] = (
  'Prime Minister Ministers President Vice Secretary Secretary-General General Gen Lt Lieutenant Colonel Col Major Maj Captain Capt Sergeant Sgt Specialist Spc Private Pvt Corporal Cpl ' +
  'Admiral Adm Rear Brigadier Commander Chief Staff Foreign Defence Defense Health Interior Finance Justice Ambassador Envoy Special Senator Sen Representative Rep Speaker Governor Mayor ' +
  'King Queen Prince Princess Crown Emir Sheikh Ayatollah Grand Supreme Leader Dr Professor Prof Judge Justice Pope Patriarch Imam Rabbi Deputy Acting Former Minister-President Army Air Force Navy'
).split(' ');

/** Head nouns of institution names ("Health Ministry", "Missing Families Forum"). */
const BODY_HEADS: readonly string[] = (
  'Ministry Forum Council Committee Agency Organization Organisation Foundation Institute Institution Centre Center Observatory Authority Commission ' +
  'Brigade Brigades Movement Party Front Command Office Service Directorate Association Union Federation Society Network Coalition Alliance Tribunal Court Parliament Assembly'
).split(' ');

/** Generic words after a place name in lower case ("the Awali river"): only the name is the place. */
const PLACE_GENERIC_LOWER: readonly string[] =
  'river province provinces governorate governorates district districts camp crossing prison valley desert mountains mountain port airport neighbourhood neighborhood suburb area region village town city island islands plain'.split(
    ' ',
  );

/** Generic words that are part of a capitalised place name ("Umayyad Square"). */
const PLACE_GENERIC_UPPER: readonly string[] =
  'Square Street Road Bridge Airport Base Camp Prison Hospital Mosque Church Port Crossing Corridor Province Governorate Valley Desert Island Islands Mountains Mountain Strait Bay Canal Heights Plain Quarter Stadium Palace Harbour Harbor Dam Field Oilfield Refinery'.split(
    ' ',
  );

/** Lower-case words before a name that make it a place ("the village of X", "near X"). */
const PLACE_CUES: readonly string[] =
  'village villages town towns city cities province provinces governorate district districts region camp camps neighbourhood neighborhood neighbourhoods neighborhoods suburb suburbs port near outside'.split(
    ' ',
  );

/**
 * First words of Arabic and Hebrew place names ("Tal Tamr", "Ras al-Ain", "Kfar Kila", "Khan
 * al-Ahmar", "Ma'ale Adumim", "Kiryat Shmona"): a run of two to four name words that starts with
 * one is a place.
 */
const TOPONYM_PREFIXES: readonly string[] =
  "Tal Tel Tell Tall Ras Kfar Kafr Beit Bayt Deir Dayr Ain Ein Khirbet Khirbat Wadi Jabal Jebel Khan Ma'ale Maale Ma’ale Marj Nahr Qasr Bir Mazraat Kiryat Qiryat Ramat Givat Neve Mitzpe Kibbutz Moshav Jisr Hay Tell".split(
    ' ',
  );

/** Particles inside names ("Majed al-Ansari", "Mohammed bin Salman"). */
const PARTICLES: readonly string[] = [
  'al',
  'el',
  'bin',
  'ibn',
  'bint',
  'abu',
  'abd',
  'de',
  'van',
  'von',
  'da',
  'der',
  'ben',
  'and',
  'of',
  'for',
  'the',
];

/** "of" and "for", which may follow a head noun ("Ministry of Defence"). */

/**
 * Every word list above in one {@link Lexicon}: a word is looked up once, and its bits say which
 * lists hold it (exactly, or lower-cased for the lists of lower-case words).
 */
const WORDS = new Lexicon([
  FIRST_NAMES,
  TITLES,
  SPEECH,
  STOP_START,
  TITLE_WORDS,
  BODY_HEADS,
  PLACE_GENERIC_LOWER,
  PLACE_GENERIC_UPPER,
  PLACE_CUES,
  TOPONYM_PREFIXES,
  PARTICLES,
  ['of', 'for'],
  ['and', 'or'],
]);
const FIRST_NAME = 1 << 0;
const TITLE = 1 << 1;
const SPEECH_VERB = 1 << 2;
const STOP = 1 << 3;
const TITLE_WORD = 1 << 4;
const BODY_HEAD = 1 << 5;
const GENERIC_LOWER = 1 << 6;
const GENERIC_UPPER = 1 << 7;
const PLACE_CUE = 1 << 8;
const TOPONYM = 1 << 9;
const PARTICLE = 1 << 10;
const OF_FOR = 1 << 11;
const AND_OR = 1 << 12;

function isUpperAscii(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLetter(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000)
  );
}

/**
 * End of the word at `i`: letters with inner hyphens and apostrophes ("al-Ansari", "O'Brien").
 * Words are ranges of the text; nothing is cut out until a name is found.
 */
function wordEnd(text: string, i: number, to: number): number {
  let j = i;
  while (j < to) {
    const c = text.charCodeAt(j);
    if (isLetter(c)) j++;
    else if (
      (c === 45 || c === 39 || c === 0x2019) &&
      j + 1 < to &&
      isLetter(text.charCodeAt(j + 1)) &&
      !(c !== 45 && isPossessiveS(text, j, to))
    )
      j++;
    else break;
  }
  return j;
}

function isPossessiveS(text: string, j: number, to: number): boolean {
  const s = text.charCodeAt(j + 1);
  return (s === 115 || s === 83) && (j + 2 >= to || !isLetter(text.charCodeAt(j + 2)));
}

/** Per code unit: 0 not computed, 1 capitalised (it differs from its lower case), 2 not. */
const CAPITALISED = new Uint8Array(65536);

/** Whether the word at `start` is capitalised: its first code unit differs from its lower case. */
function isCapitalised(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  if (isUpperAscii(c)) return true;
  if (c < 128) return false;
  let v = CAPITALISED[c]!;
  if (v === 0) {
    const ch = String.fromCharCode(c);
    v = CAPITALISED[c] = ch !== ch.toLowerCase() ? 1 : 2;
  }
  return v === 1;
}

/** Whether text[start, end) is `word`. */
function wordIs(text: string, start: number, end: number, word: string): boolean {
  return end - start === word.length && text.startsWith(word, start);
}

/** A name word: capitalised, or a particle-prefixed capitalised word ("al-Ansari"). */
function isNameWord(text: string, start: number, end: number): boolean {
  if (isCapitalised(text, start)) return true;
  let dash = start;
  while (dash < end && text.charCodeAt(dash) !== 45) dash++;
  return (
    dash > start &&
    dash < end &&
    (WORDS.lowerCaseFlags(text, start, dash) & PARTICLE) !== 0 &&
    isCapitalised(text, dash + 1)
  );
}

/** Letters and the joiners that {@link wordEnd} reads inside a word. */
function isJoinable(c: number): boolean {
  return isLetter(c) || c === 45 || c === 39 || c === 0x2019;
}

/**
 * The words of the run being classified: starts and ends (a run has at most 7 words; scratch
 * arrays, so that reading a run allocates nothing).
 */
const RUN_START = new Int32Array(8);
const RUN_END = new Int32Array(8);
/** The {@link WORDS} bits of each word of the run. */
const RUN_FLAGS = new Int32Array(8);

/**
 * Capitals, and every letter that could be one (the cheap superset a name word must contain: its
 * first letter, or the letter after a particle's hyphen). A global expression scans for them at
 * memory speed.
 */
const CAPITALS = /[A-Z\u00c0-\u1fff]/g;
const NO_HIT = 0x7fffffff;

/**
 * Finds unlisted people, places and bodies in text[from, to), skipping the ranges of `covered`
 * (sorted glossary mentions). Returns mentions sorted by start. With `scanFrom`/`scanTo`, only the
 * names that start there are looked for, as a scan of the whole range would find them (a range
 * may be scanned paragraph by paragraph).
 *
 * The loop only stops where something can happen: at a capital (or a letter that could be one) and
 * at a glossary mention. Everything between is lower-case words, which the word-by-word reading
 * would skip one by one; it resumes from the start of the word that holds the capital. The
 * capitals come from {@link CAPITALS}, or from the matcher's `hits` of the same piece (from index
 * `hitsFrom`), which saves searching for them twice.
 */
export function findUnlistedNames(
  text: string,
  from: number,
  to: number,
  covered: readonly Mention[],
  memory: NameMemory = new Map<string, string>(),
  scanFrom = from,
  scanTo = to,
  hits?: Hits,
  hitsFrom = 0,
): Mention[] {
  const out: Mention[] = [];
  const surnames = memory;
  const re = CAPITALS;
  let hit = -1;
  let hk = hitsFrom;
  let m = 0;
  let i = scanFrom;
  for (;;) {
    if (hit < i) {
      if (hits !== undefined) {
        // The matcher's hits: the capitals of the piece (and letters that could be one), in order.
        const data = hits.data;
        while (hk < hits.length && data[hk]! < i) hk++;
        hit = hk < hits.length ? data[hk]! : NO_HIT;
      } else {
        re.lastIndex = i;
        hit = re.test(text) ? re.lastIndex - 1 : NO_HIT;
      }
    }
    while (m < covered.length && covered[m]!.end <= i) m++;
    let target = hit;
    if (m < covered.length && covered[m]!.start < target) target = Math.max(i, covered[m]!.start);
    if (target >= scanTo) break;
    if (
      m < covered.length &&
      target === covered[m]!.start &&
      isLetter(text.charCodeAt(target)) &&
      (target === from || !isJoinable(text.charCodeAt(target - 1)))
    ) {
      // A glossary mention at a word start (the usual target): only a proper name after it acts.
      const mention = covered[m]!;
      const merged = properNameAfter(text, mention, to, covered[m + 1]?.start ?? to);
      if (merged) {
        out.push(merged);
        surnames.set(text.slice(merged.start, merged.end), merged.entity);
        i = merged.end;
      } else i = mention.end;
      continue;
    }
    // Back to the start of the word that holds the target: nothing before it can act.
    let k = target;
    while (k > i && isJoinable(text.charCodeAt(k - 1))) k--;
    i = k;
    while (i <= target && i < scanTo) {
      const c = text.charCodeAt(i);
      if (!isLetter(c) || (i > from && isLetter(text.charCodeAt(i - 1)))) {
        i++;
        continue;
      }
      while (m < covered.length && covered[m]!.end <= i) m++;
      if (m < covered.length && covered[m]!.start <= i) {
        const merged = properNameAfter(text, covered[m]!, to, covered[m + 1]?.start ?? to);
        if (merged) {
          out.push(merged);
          surnames.set(text.slice(merged.start, merged.end), merged.entity);
          i = merged.end;
          continue;
        }
        i = covered[m]!.end;
        continue;
      }
      const firstEnd = wordEnd(text, i, to);
      if (firstEnd === i) {
        i++;
        continue;
      }
      if (!isNameWord(text, i, firstEnd)) {
        i = firstEnd;
        continue;
      }
      const firstFlags = WORDS.flags(text, i, firstEnd);
      if ((firstFlags & STOP) !== 0) {
        i = firstEnd;
        continue;
      }
      // Gather a run of name words (with particles and connectors), stopping at a glossary mention.
      RUN_START[0] = i;
      RUN_END[0] = firstEnd;
      RUN_FLAGS[0] = firstFlags;
      let n = 1;
      let j = firstEnd;
      for (;;) {
        if (text.charCodeAt(j) !== 32) break;
        const next = j + 1;
        const nextEnd = wordEnd(text, next, to);
        if (nextEnd === next) break;
        const limit = m < covered.length ? covered[m]!.start : Infinity;
        if (next >= limit) break;
        // A head noun ends a name unless an "of"/"for" complement follows ("Ministry of Defence").
        if (
          (RUN_FLAGS[n - 1]! & (BODY_HEAD | GENERIC_UPPER)) !== 0 &&
          (WORDS.lowerCaseFlags(text, next, nextEnd) & OF_FOR) === 0
        )
          break;
        const nextFlags = WORDS.flags(text, next, nextEnd);
        if (isNameWord(text, next, nextEnd) || (nextFlags & PARTICLE) !== 0) {
          RUN_START[n] = next;
          RUN_END[n] = nextEnd;
          RUN_FLAGS[n++] = nextFlags;
          j = nextEnd;
          if (n >= 7) break;
        } else break;
      }
      // Trailing connectors are not part of the name.
      while (n > 1 && (RUN_FLAGS[n - 1]! & PARTICLE) !== 0) n--;
      let found = recall(text, n, surnames);
      // A name recalled is in the memory already, with this entity (the read is logged): writing it
      // again would change nothing.
      if (found === undefined) {
        found = classifyRun(text, from, to, 0, n, surnames);
        if (found) surnames.set(text.slice(found.start, found.end), found.entity);
      }
      if (found) {
        out.push(found);
        i = found.end;
      } else {
        i = firstEnd;
      }
    }
  }
  return out;
}

/** The words of a proper name after a glossary mention (scratch, as {@link RUN_START}). */
const PROPER_START = new Int32Array(6);
const PROPER_END = new Int32Array(6);
const PROPER_FLAGS = new Int32Array(6);

/**
 * A demonym or country that begins a proper name of a body ("Syrian Observatory for Human
 * Rights", "Saudi Press Agency") joins it into one actor span. Generic ministries stay split
 * ("Lebanese" + "Health Ministry"), as the annotation guide asks.
 */
function properNameAfter(text: string, mention: Mention, to: number, limit: number): Mention | undefined {
  if (mention.kind !== 'actor' || text.charCodeAt(mention.end) !== 32) return undefined;
  // The first word after it must be capitalised (a capital, or a letter that could be one).
  const c = text.charCodeAt(mention.end + 1);
  if (!((c >= 65 && c <= 90) || (c >= 0xc0 && c < 0x2000))) return undefined;
  let n = 0;
  let j = mention.end;
  while (text.charCodeAt(j) === 32 && n < 6) {
    const next = j + 1;
    const nextEnd = wordEnd(text, next, to);
    if (nextEnd === next || nextEnd > limit) break;
    const flags = WORDS.flags(text, next, nextEnd);
    if (!(isCapitalised(text, next) || ((flags & PARTICLE) !== 0 && n > 0))) break;
    PROPER_START[n] = next;
    PROPER_END[n] = nextEnd;
    PROPER_FLAGS[n++] = flags;
    j = nextEnd;
  }
  while (n > 0 && (PROPER_FLAGS[n - 1]! & PARTICLE) !== 0) n--;
  if (n < 2 || (PROPER_FLAGS[0]! & STOP) !== 0) return undefined;
  const head = bodyHead(PROPER_FLAGS, 0, n);
  if (head < 0) return undefined;
  const hs = PROPER_START[head]!;
  const he = PROPER_END[head]!;
  if (wordIs(text, hs, he, 'Ministry') || wordIs(text, hs, he, 'Parliament') || wordIs(text, hs, he, 'Court'))
    return undefined;
  const end = PROPER_END[n - 1]!;
  return {
    start: mention.start,
    end,
    kind: 'actor',
    entity: unlistedId('body', text, mention.start, end),
  };
}

/**
 * The institution head noun of the words [lo, hi) (their {@link WORDS} bits): the last word, or the
 * word before an "of"/"for" complement. Returns the word's index, or -1.
 */
function bodyHead(flags: Int32Array, lo: number, hi: number): number {
  if ((flags[hi - 1]! & BODY_HEAD) !== 0) return hi - 1;
  for (let k = lo; k < hi; k++) {
    if ((flags[k]! & OF_FOR) !== 0) return k > lo && (flags[k - 1]! & BODY_HEAD) !== 0 ? k - 1 : -1;
  }
  return -1;
}

/** A run (the first `n` words of {@link RUN_START}) that starts with a name found before ("Aitou lies far from..."). */
function recall(text: string, n: number, memory: NameMemory): Mention | undefined {
  const start = RUN_START[0]!;
  for (let k = n; k >= 1; k--) {
    const end = RUN_END[k - 1]!;
    const entity = recallAt(memory, text, start, end);
    if (entity) {
      const kind = entity.startsWith(UNLISTED_PLACE) ? 'place' : 'actor';
      return { start, end, kind, entity };
    }
  }
  return undefined;
}

const COORDINATED = /(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*),?\s+(?:and\s+|or\s+)?$/u;

/**
 * True when the run at `start` follows "X and", "X or" or "X," where X is a place found earlier
 * ("the towns of Houla and Markaba"), reading text[lo, start): what
 * `/(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*),?\s+(?:and\s+|or\s+)?$/u` finds as X, when
 * `/(?:,|\band|\bor)\s+$/` also matches, read backwards.
 */
function coordinatedWithPlace(text: string, lo: number, start: number, memory: NameMemory): boolean {
  const k = spaceStart(text, lo, start);
  if (k === start || k === lo) return false;
  const comma = text.charCodeAt(k - 1) === 44;
  // "and" or "or" ending at k after a word boundary.
  let conjunction = 0;
  if (
    k - 3 >= lo &&
    text.startsWith('and', k - 3) &&
    (k - 3 === lo || !isAsciiWordCode(text.charCodeAt(k - 4)))
  )
    conjunction = 3;
  else if (
    k - 2 >= lo &&
    text.startsWith('or', k - 2) &&
    (k - 2 === lo || !isAsciiWordCode(text.charCodeAt(k - 3)))
  )
    conjunction = 2;
  if (!comma && conjunction === 0) return false;
  // Where X ends: before "[,] and " when white space precedes the conjunction, else before "[,] ".
  let e = comma ? k - 1 : k;
  const c = k - conjunction;
  if (conjunction > 0 && c > lo && isSpaceChar(text.charCodeAt(c - 1))) {
    e = spaceStart(text, lo, c);
    if (e > lo && text.charCodeAt(e - 1) === 44) e--;
  }
  const s = capitalisedRunStart(text, lo, e);
  let entity: string | undefined;
  if (s === UNSURE) {
    const m = COORDINATED.exec(text.slice(lo, start));
    if (!m) return false;
    entity = memory.get(m[1]!);
  } else if (s < 0) return false;
  else entity = recallAt(memory, text, s, e);
  return entity?.startsWith(UNLISTED_PLACE) === true;
}

/**
 * Classifies the run of the words [lo, hi) of {@link RUN_START} as a body, a place or a person,
 * or nothing.
 */
function classifyRun(
  text: string,
  from: number,
  to: number,
  lo: number,
  hi: number,
  surnames: NameMemory,
  afterTitle = false,
): Mention | undefined {
  const count = hi - lo;
  const start = RUN_START[lo]!;
  const end = RUN_END[hi - 1]!;
  const firstEnd = RUN_END[lo]!;
  const lastStart = RUN_START[hi - 1]!;

  // Bodies: a capitalised run with an institution head noun ("Missing Families Forum",
  // "Observatory for Human Rights").
  if (count >= 2 && bodyHead(RUN_FLAGS, lo, hi) >= 0 && !wordIs(text, start, firstEnd, 'Ministry'))
    return { start, end, kind: 'actor', entity: unlistedId('body', text, start, end) };
  if (count >= 1 && wordIs(text, lastStart, end, 'Ministry')) return undefined;
  if (
    wordIs(text, start, firstEnd, 'Ministry') &&
    count >= 3 &&
    wordIs(text, RUN_START[lo + 1]!, RUN_END[lo + 1]!, 'of')
  ) {
    return { start, end, kind: 'actor', entity: unlistedId('body', text, start, end) };
  }
  // Places: a capitalised generic word is part of the name ("Umayyad Square").
  if (count >= 2 && (RUN_FLAGS[hi - 1]! & GENERIC_UPPER) !== 0)
    return { start, end, kind: 'place', entity: unlistedId('place', text, start, end) };
  if (count >= 2 && count <= 4 && (RUN_FLAGS[lo]! & TOPONYM) !== 0)
    return { start, end, kind: 'place', entity: unlistedId('place', text, start, end) };
  // A list of places is not one name ("the towns of Houla and Markaba"): classify up to "and".
  let and = lo;
  while (and < hi && (RUN_FLAGS[and]! & AND_OR) === 0) and++;
  if (and > lo && and < hi && bodyHead(RUN_FLAGS, lo, hi) < 0)
    return classifyRun(text, from, to, lo, and, surnames, afterTitle);
  // Places: a lower-case generic word follows ("the Awali river") or a cue precedes ("the village of Aitou").
  const nextWord = lowerWordAfter(text, end, Math.min(to, end + 24));
  const nextFlags = nextWord >= 0 ? WORDS.flags(text, nextWord, foundEnd) : 0;
  let prefix: Window | undefined;
  // A known given name is never a place.
  if (count <= 3 && (RUN_FLAGS[lo]! & FIRST_NAME) === 0) {
    let place = (nextFlags & GENERIC_LOWER) !== 0;
    const lo60 = Math.max(from, start - 60);
    if (!place && mayBeCued(text, lo60, start)) {
      prefix = windowBefore(text, start, from);
      place =
        (mayFollowCue(prefix) && (placeCue(prefix) || isDirectionOf(prefix))) ||
        coordinatedWithPlace(text, lo60, start, surnames);
    }
    if (place) return { start, end, kind: 'place', entity: unlistedId('place', text, start, end) };
  }
  // People: strip leading titles ("Rear Admiral Daniel Hagari"), then two to four name words with a
  // cue: a known given name, a title before, speech or an age after.
  let t = lo;
  while (t < hi && (RUN_FLAGS[t]! & TITLE_WORD) !== 0) t++;
  if (t > lo && hi - t >= 2) {
    const rest = classifyRun(text, from, to, t, hi, surnames, true);
    return rest?.kind === 'actor' ? rest : undefined;
  }
  if (count >= 2 && count <= 4 && noParticleOrTitle(lo, hi)) {
    prefix ??= windowBefore(text, start, from);
    const titled = titleWord(prefix);
    const titleBefore = titled >= 0 && (WORDS.lowerCaseFlags(prefix.s, titled, foundEnd) & TITLE) !== 0;
    const firstName = (RUN_FLAGS[lo]! & FIRST_NAME) !== 0;
    const speech = (nextFlags & SPEECH_VERB) !== 0;
    const cues =
      afterTitle ||
      firstName ||
      titleBefore ||
      appositionAfter(text, end, Math.min(to, end + 24)) ||
      speech ||
      saidBefore(prefix);
    // At a sentence start two capitalised words are often not a name ("Rescue Workers"): ask for more.
    const strongEnough =
      afterTitle || titleBefore || !atSentenceStart(text, from, start) || count > 2 || firstName || speech;
    if (cues && strongEnough) {
      const entity = unlistedId('person', text, start, end);
      if (end - lastStart >= 4) surnames.set(text.slice(lastStart, end), entity);
      return { start, end, kind: 'actor', entity };
    }
  }
  return undefined;
}

/** The entity id of an unlisted name: `unlisted:<kind>:<slug>`. */
function unlistedId(kind: string, text: string, start: number, end: number): string {
  return `${UNLISTED}${kind}:${slugify(text.slice(start, end))}`;
}

/** Whether none of the words [lo, hi) of the run is a particle or a title. */
function noParticleOrTitle(lo: number, hi: number): boolean {
  for (let k = lo; k < hi; k++) if ((RUN_FLAGS[k]! & (PARTICLE | TITLE_WORD)) !== 0) return false;
  return true;
}

/**
 * An age or a description after a name, in text[end, limit): `/^,\s+\d{1,3},/` ("Rana Haddad,
 * 34,") or `/^,\s+(?:a|an|the)\s+[a-z]/` ("Rana Haddad, a teacher").
 */
function appositionAfter(text: string, end: number, limit: number): boolean {
  if (end >= limit || text.charCodeAt(end) !== 44) return false;
  const after = text.slice(end, limit);
  return /^,\s+\d{1,3},/.test(after) || /^,\s+(?:a|an|the)\s+[a-z]/.test(after);
}

/** A Markdown list or quote marker or heading sign: `[-*>#]`. */
function isMarker(c: number): boolean {
  return c === 45 || c === 42 || c === 62 || c === 35;
}

/** Whether the white space run ending at `end` (not before `lo`) holds a line break. */
function breakInSpaceBefore(text: string, lo: number, end: number): boolean {
  for (let k = end - 1; k >= lo && isSpaceChar(text.charCodeAt(k)); k--)
    if (text.charCodeAt(k) === 10) return true;
  return false;
}

/**
 * Whether a name at `start` begins a sentence:
 * `/(?:^|[.!?:"“]\s+|\n\s*(?:[-*>#]+\s*)?)$/` on the six characters before it, or the start of the
 * range.
 */
export function atSentenceStart(text: string, from: number, start: number): boolean {
  const lo = Math.max(from, start - 6);
  if (start === lo) return true;
  const k = spaceStart(text, lo, start);
  if (k < start && k > lo) {
    const c = text.charCodeAt(k - 1);
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 34 || c === 0x201c) return true;
  }
  if (breakInSpaceBefore(text, lo, start)) return true;
  if (k > lo && isMarker(text.charCodeAt(k - 1))) {
    let m = k - 1;
    while (m > lo && isMarker(text.charCodeAt(m - 1))) m--;
    return breakInSpaceBefore(text, lo, m);
  }
  return false;
}

/** Start of the lower-case ASCII word after white space at `end` (`/^\s+([a-z]+)/` on text[end, limit)), its end in {@link foundEnd}; -1 for none. */
function lowerWordAfter(text: string, end: number, limit: number): number {
  let q = end;
  while (q < limit && isSpaceChar(text.charCodeAt(q))) q++;
  if (q === end) return -1;
  let r = q;
  while (r < limit) {
    const c = text.charCodeAt(r);
    if (c >= 97 && c <= 122) r++;
    else break;
  }
  if (r === q) return -1;
  foundEnd = r;
  return q;
}

/** End of the range found by the last reader that returned a start (a second return value). */
let foundEnd = -1;

/**
 * The lower-cased words before a name for cue checks: the 40 characters before it in its prose
 * range, text[lo, end), read in place with {@link lowerAt} (as the expressions it replaces read
 * `text.slice(lo, end).toLowerCase()`). The ends of its last tokens are read once: a0 starts the
 * white space at the end, b1 the token before it, a1 the white space before that.
 */
interface Window {
  s: string;
  lo: number;
  end: number;
  a0: number;
  b1: number;
  a1: number;
}

/** The window before a name at `start` (one scratch object: a run reads one window at a time). */
const WINDOW: Window = { s: '', lo: 0, end: 0, a0: 0, b1: 0, a1: 0 };

function windowBefore(text: string, start: number, from: number): Window {
  const w = WINDOW;
  w.s = text;
  w.lo = Math.max(from, start - 40);
  w.end = start;
  w.a0 = spaceBefore(w, start);
  w.b1 = tokenBefore(w, w.a0);
  w.a1 = spaceBefore(w, w.b1);
  return w;
}

/**
 * Per code unit: its lower case (`toLowerCase`), computed on first use; 0 unknown. U+0130 ("İ")
 * lower-cases to two code units, i and U+0307: it reads as U+0307, which is what a reader going
 * backwards meets first and which, like the pair, is no letter, space or punctuation the readers
 * look for.
 */
const LOWER = new Uint16Array(65536);
for (let c = 0; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

/** The code unit at `k`, lower-cased. */
function lowerAt(s: string, k: number): number {
  const c = s.charCodeAt(k);
  let v = LOWER[c]!;
  if (v === 0 && c !== 0) {
    const lower = String.fromCharCode(c).toLowerCase();
    v = LOWER[c] = lower.charCodeAt(lower.length - 1);
  }
  return v;
}

/** Whether the window ends with `word` (lower case) at `end`. */
function endsWithAt(w: Window, end: number, word: string): boolean {
  const s = end - word.length;
  if (s < w.lo) return false;
  for (let k = 0; k < word.length; k++) if (lowerAt(w.s, s + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** Whether w.s[start, end) is `word` (lower case). */
function isAt(w: Window, start: number, end: number, word: string): boolean {
  return end - start === word.length && endsWithAt(w, end, word);
}

/** Start of the run of white space that ends at `end` in the window. */
function spaceBefore(w: Window, end: number): number {
  return spaceStart(w.s, w.lo, end);
}

/** Start of the run of other characters that ends at `end` in the window. */
function tokenBefore(w: Window, end: number): number {
  let k = end;
  while (k > w.lo && !isSpaceChar(w.s.charCodeAt(k - 1))) k--;
  return k;
}

/** Start of the run of `[a-z-]` (lower-cased) that ends at `end` in the window, or -1 if empty. */
function lowerRunBefore(w: Window, end: number): number {
  let k = end;
  while (k > w.lo) {
    const c = lowerAt(w.s, k - 1);
    if ((c >= 97 && c <= 122) || c === 45) k--;
    else break;
  }
  return k < end ? k : -1;
}

/**
 * `/([a-z-]+)\s+(?:of\s+)?(?:the\s+)?$/.exec(prefix)?.[1]`: the word before "of", "the", "of the"
 * or nothing at the end of the window (the leftmost that fits, as the expression finds it). Its
 * start, its end in {@link foundEnd}; -1 for none.
 */
function cueWord(w: Window): number {
  const { a0, b1, a1 } = w;
  if (a0 === w.end) return -1;
  const of1 = isAt(w, b1, a0, 'of');
  if (a1 < b1 && (of1 || isAt(w, b1, a0, 'the'))) {
    const b2 = tokenBefore(w, a1);
    const a2 = spaceBefore(w, b2);
    if (!of1 && a2 < b2 && isAt(w, b2, a1, 'of')) {
      const run = lowerRunBefore(w, a2);
      if (run >= 0) {
        foundEnd = a2;
        return run;
      }
    }
    const run = lowerRunBefore(w, a1);
    if (run >= 0) {
      foundEnd = a1;
      return run;
    }
  }
  const run = lowerRunBefore(w, a0);
  if (run >= 0) foundEnd = a0;
  return run;
}

/**
 * Whether what stands before white space before a name at `start` (read from `lo`, 60 before it)
 * ends as a place cue ("of", "the", "near", "outside": f, e, r) or a coordination ("," and "and"
 * or "or") does: else neither {@link placeCue}, {@link isDirectionOf} (which read less) nor
 * {@link coordinatedWithPlace} holds.
 */
function mayBeCued(text: string, lo: number, start: number): boolean {
  const k = spaceStart(text, lo, start);
  if (k === start || k === lo) return false;
  const c = lowerAt(text, k - 1);
  return c === 102 || c === 101 || c === 114 || c === 44 || c === 100;
}

/**
 * Whether the token before the name ends as "of", "the", "near" and "outside" do (in f, e or r):
 * else neither {@link placeCue} nor {@link isDirectionOf} holds.
 */
function mayFollowCue(w: Window): boolean {
  if (w.a0 === w.end || w.a0 === w.lo) return false;
  const c = lowerAt(w.s, w.a0 - 1);
  return c === 102 || c === 101 || c === 114;
}

/** A place cue before a name: "the village of", "near", "outside". */
function placeCue(w: Window): boolean {
  const cue = cueWord(w);
  if (cue < 0) return false;
  const cueEnd = foundEnd;
  return (
    (endsWithAt(w, w.end, ' of ') || isAt(w, cue, cueEnd, 'near') || isAt(w, cue, cueEnd, 'outside')) &&
    (WORDS.lowerCaseFlags(w.s, cue, cueEnd) & PLACE_CUE) !== 0
  );
}

/**
 * `/\b(?:north|south|...|south-west)\s+of\s+(?:the\s+)?$/.test(prefix)`: "north of", "south of the"
 * at the end of the window.
 */
function isDirectionOf(w: Window): boolean {
  const { a0, b1, a1 } = w;
  if (a0 === w.end || a1 === b1) return false;
  let end: number;
  if (isAt(w, b1, a0, 'of')) end = a1;
  else if (isAt(w, b1, a0, 'the')) {
    const b2 = tokenBefore(w, a1);
    const a2 = spaceBefore(w, b2);
    if (a2 === b2 || !isAt(w, b2, a1, 'of')) return false;
    end = a2;
  } else return false;
  for (let k = 0; k < COMPASS_POINTS.length; k++) {
    const d = COMPASS_POINTS[k]!;
    const s = end - d.length;
    if (endsWithAt(w, end, d) && (s === w.lo || !isAsciiWordCode(lowerAt(w.s, s - 1)))) return true;
  }
  return false;
}

/**
 * `/(?:^|[\s,(])([a-z.-]+),?\s+$/.exec(prefix)?.[1]`: the word before a name, after a title's usual
 * opening. Its start, its end in {@link foundEnd}; -1 for none.
 */
function titleWord(w: Window): number {
  const a0 = w.a0;
  if (a0 === w.end) return -1;
  const e = a0 > w.lo && w.s.charCodeAt(a0 - 1) === 44 ? a0 - 1 : a0;
  let k = e;
  while (k > w.lo) {
    const c = lowerAt(w.s, k - 1);
    if ((c >= 97 && c <= 122) || c === 45 || c === 46) k--;
    else break;
  }
  if (k === e) return -1;
  if (k > w.lo) {
    const c = w.s.charCodeAt(k - 1);
    if (!isSpaceChar(c) && c !== 44 && c !== 40) return -1;
  }
  foundEnd = e;
  return k;
}

/** `/(?:said|according to)\s+$/.test(prefix)`. */
function saidBefore(w: Window): boolean {
  const a0 = w.a0;
  return a0 < w.end && (endsWithAt(w, a0, 'said') || endsWithAt(w, a0, 'according to'));
}

/**
 * The readers of the words before a name at `start` in the prose range from `from`, by what they
 * return: exported for the property tests that hold them equal to the expressions they replace,
 * which read `text.slice(Math.max(from, start - 40), start).toLowerCase()`.
 */
export const cueReaders = {
  cueWord(text: string, from: number, start: number): string | undefined {
    const s = cueWord(windowBefore(text, start, from));
    return s < 0 ? undefined : text.slice(s, foundEnd).toLowerCase();
  },
  titleWord(text: string, from: number, start: number): string | undefined {
    const s = titleWord(windowBefore(text, start, from));
    return s < 0 ? undefined : text.slice(s, foundEnd).toLowerCase();
  },
  isDirectionOf: (text: string, from: number, start: number): boolean =>
    isDirectionOf(windowBefore(text, start, from)),
  saidBefore: (text: string, from: number, start: number): boolean =>
    saidBefore(windowBefore(text, start, from)),
};
