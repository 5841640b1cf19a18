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
}

/** The entity id prefix of names found outside the glossary. */
export const UNLISTED = 'unlisted:';

/** Given names common in news of the region and of the outside powers (English, Arabic, Hebrew, Persian, Turkish, Kurdish). */
const FIRST_NAMES = new Set(
  (
    'Aaron Abbas Abdel Abdul Abdullah Abdulrahman Abed Abu Adam Adel Adnan Ahmad Ahmed Akram Alaa Ali Alice Amal Amir Amira Amit Amos Amr Andrew Anna Anne Antony Anwar Arash Ari Ariel Asaf Asma Avi Avichay Aviv Ayman ' +
    'Bashar Basel Benjamin Benny Bezalel Bilal Brett Brian ' +
    'Catherine Charles Chris Christopher Dalia Dan Dana Daniel Danny David Dima Dina Doron Dov ' +
    'Ehud Eitan Elad Eli Elias Elizabeth Emily Emma Eran Erdal Esmail Eyal Ezzat ' +
    'Fadi Fadel Farah Farid Farouk Fatima Fawaz Firas Fuad Gabriel Gadi Gal George Ghassan Gideon Gilad Hadi Hady Haim Hamza Hani Hanan Hassan Hamid Hamed Hossein Hussein Huda Hind ' +
    'Ibrahim Ilan Imad Iman Isaac Ismail Itamar Jack Jacob Jake Jamal James Jamil Jana Jane Jason Javad Jennifer John Jonathan Joseph Josh Joshua Juan Kamal Karim Karin Kate Kevin Khaled Khalid Khalil Kirsten ' +
    'Lara Laura Layla Leila Lina Lisa Lior Louis Mahdi Mahmoud Majed Majid Maha Malak Mansour Marco Maria Mark Marwan Mary Masoud Matthew Maya Meir Michael Michal Mike Miriam Mohamed Mohammad Mohammed Mohsen Mona Moshe Mostafa Muhammad Mustafa ' +
    'Nabil Nadia Nadav Naftali Naim Nasser Nawaf Nicholas Nir Noa Noam Nour Nur Omar Omer Ori Osama Patrick Paul Peter Qais Rafael Rami Rana Randa Rania Reem Reza Richard Robert Romi Ron Ronen Rula ' +
    'Saad Saeed Said Salah Saleh Salem Salim Salma Sami Samir Sara Sarah Saeb Sharon Shimon Shira Simon Stephen Steve Steven Suha Suleiman Susan Tal Tamar Tamer Thomas Tom Tomer Walid William Yahya Yair Yaakov Yara Yasmin Yasser Yossi Youssef Yousef Yusuf Zaid Zainab Zeev Ziad'
  ).split(' '),
);

/** Words that introduce a person's name: titles and roles (lower or upper case). */
const TITLES = new Set(
  (
    'president prime minister ministers secretary secretary-general spokesman spokeswoman spokesperson envoy ambassador general gen. lt. lieutenant colonel col. major maj. captain capt. ' +
    'sergeant sgt. sgt specialist spc. admiral adm. commander leader chief analyst expert researcher fellow director professor dr. mr. mrs. ms. sheikh ayatollah king queen prince emir ' +
    'correspondent journalist reporter official negotiator mediator rapporteur chairman chairwoman speaker senator representative rep. mayor governor cleric imam rabbi father mother son daughter brother sister wife husband resident activist doctor surgeon nurse paramedic lawyer'
  ).split(' '),
);

/** Verbs of speech after a name ("Haddad said"). */
const SPEECH = new Set(
  'said says told added wrote tweeted posted warned argued explained noted recalled insisted'.split(' '),
);

/** Capitalised words that never begin a name: function words, days and months, headline words. */
const STOP_START = new Set(
  (
    'The A An This That These Those It Its He She They We You I In On At By For From To Of And But Or If As After Before When While Since During Under Over Into About Against Between Without Within ' +
    'Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December ' +
    'North South East West Northern Southern Eastern Western Central Read See Breaking Update Analysis Opinion Photo Video Source Original Sources Editor Note Reporting Additional Operation There Here What Who Why How Where Many Some Most All Both Each Every No Not'
  ).split(' '),
);

/** Capitalised titles and office words: never part of a person's name, stripped from its front. */
const TITLE_WORDS = new Set(
  (
    'Prime Minister Ministers President Vice Secretary Secretary-General General Gen Lt Lieutenant Colonel Col Major Maj Captain Capt Sergeant Sgt Specialist Spc Private Pvt Corporal Cpl ' +
    'Admiral Adm Rear Brigadier Commander Chief Staff Foreign Defence Defense Health Interior Finance Justice Ambassador Envoy Special Senator Sen Representative Rep Speaker Governor Mayor ' +
    'King Queen Prince Princess Crown Emir Sheikh Ayatollah Grand Supreme Leader Dr Professor Prof Judge Justice Pope Patriarch Imam Rabbi Deputy Acting Former Minister-President Army Air Force Navy'
  ).split(' '),
);

/** Head nouns of institution names ("Health Ministry", "Missing Families Forum"). */
const BODY_HEADS = new Set(
  (
    'Ministry Forum Council Committee Agency Organization Organisation Foundation Institute Institution Centre Center Observatory Authority Commission ' +
    'Brigade Brigades Movement Party Front Command Office Service Directorate Association Union Federation Society Network Coalition Alliance Tribunal Court Parliament Assembly'
  ).split(' '),
);

/** Generic words after a place name in lower case ("the Awali river"): only the name is the place. */
const PLACE_GENERIC_LOWER = new Set(
  'river province provinces governorate governorates district districts camp crossing prison valley desert mountains mountain port airport neighbourhood neighborhood suburb area region village town city island islands plain'.split(
    ' ',
  ),
);

/** Generic words that are part of a capitalised place name ("Umayyad Square"). */
const PLACE_GENERIC_UPPER = new Set(
  'Square Street Road Bridge Airport Base Camp Prison Hospital Mosque Church Port Crossing Corridor Province Governorate Valley Desert Island Islands Mountains Mountain Strait Bay Canal Heights Plain Quarter Stadium Palace Harbour Harbor Dam Field Oilfield Refinery'.split(
    ' ',
  ),
);

/** Lower-case words before a name that make it a place ("the village of X", "near X"). */
const PLACE_CUES = new Set(
  'village villages town towns city cities province provinces governorate district districts region camp camps neighbourhood neighborhood neighbourhoods neighborhoods suburb suburbs port near outside'.split(
    ' ',
  ),
);

/**
 * First words of Arabic and Hebrew place names ("Tal Tamr", "Ras al-Ain", "Kfar Kila", "Khan
 * al-Ahmar", "Ma'ale Adumim", "Kiryat Shmona"): a run of two to four name words that starts with
 * one is a place.
 */
const TOPONYM_PREFIXES = new Set(
  "Tal Tel Tell Tall Ras Kfar Kafr Beit Bayt Deir Dayr Ain Ein Khirbet Khirbat Wadi Jabal Jebel Khan Ma'ale Maale Ma’ale Marj Nahr Qasr Bir Mazraat Kiryat Qiryat Ramat Givat Neve Mitzpe Kibbutz Moshav Jisr Hay Tell".split(
    ' ',
  ),
);

/** Particles inside names ("Majed al-Ansari", "Mohammed bin Salman"). */
const PARTICLES = new Set([
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
]);

interface Token {
  start: number;
  end: number;
  text: string;
}

function isUpperAscii(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLetter(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000)
  );
}

/** Reads the word at `i`: letters with inner hyphens and apostrophes ("al-Ansari", "O'Brien"). */
function wordAt(text: string, i: number, to: number): Token {
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
  return { start: i, end: j, text: text.slice(i, j) };
}

function isPossessiveS(text: string, j: number, to: number): boolean {
  const s = text.charCodeAt(j + 1);
  return (s === 115 || s === 83) && (j + 2 >= to || !isLetter(text.charCodeAt(j + 2)));
}

function isCapitalised(word: string): boolean {
  const c = word.charCodeAt(0);
  if (isUpperAscii(c)) return true;
  if (c < 128) return false;
  const ch = word[0]!;
  return ch !== ch.toLowerCase();
}

/** A name word: capitalised, or a particle-prefixed capitalised word ("al-Ansari"). */
function isNameWord(word: string): boolean {
  if (isCapitalised(word)) return true;
  const dash = word.indexOf('-');
  return dash > 0 && PARTICLES.has(word.slice(0, dash).toLowerCase()) && isCapitalised(word.slice(dash + 1));
}

/** The words just before `start` on the same line, lower-cased, for cue checks. */
function before(text: string, start: number, from: number, length = 40): string {
  return text.slice(Math.max(from, start - length), start).toLowerCase();
}

/** Letters and the joiners that {@link wordAt} reads inside a word. */
function isJoinable(c: number): boolean {
  return isLetter(c) || c === 45 || c === 39 || c === 0x2019;
}

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
        // The matcher's hits: every capital and non-ASCII code unit of the piece, in order.
        const data = hits.data;
        while (hk < hits.length) {
          const h = data[hk]!;
          const c = text.charCodeAt(h);
          if (h >= i && ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x1fff))) break;
          hk++;
        }
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
      const first = wordAt(text, i, to);
      if (first.end === first.start) {
        i++;
        continue;
      }
      if (!isNameWord(first.text) || STOP_START.has(first.text)) {
        i = first.end;
        continue;
      }
      // Gather a run of name words (with particles and connectors), stopping at a glossary mention.
      const words: Token[] = [first];
      let j = first.end;
      for (;;) {
        if (text.charCodeAt(j) !== 32) break;
        const next = wordAt(text, j + 1, to);
        if (next.end === next.start) break;
        const limit = m < covered.length ? covered[m]!.start : Infinity;
        if (next.start >= limit) break;
        const lower = next.text.toLowerCase();
        const previousWord = words[words.length - 1]!.text;
        // A head noun ends a name unless an "of"/"for" complement follows ("Ministry of Defence").
        if (
          (BODY_HEADS.has(previousWord) || PLACE_GENERIC_UPPER.has(previousWord)) &&
          lower !== 'of' &&
          lower !== 'for'
        )
          break;
        if (isNameWord(next.text) || (PARTICLES.has(lower) && next.text === lower && words.length > 0)) {
          words.push(next);
          j = next.end;
          if (words.length >= 7) break;
        } else break;
      }
      // Trailing connectors are not part of the name.
      while (words.length > 1 && PARTICLES.has(words[words.length - 1]!.text)) words.pop();
      const found = recall(text, words, surnames) ?? classifyRun(text, from, to, words, surnames);
      if (found) {
        surnames.set(text.slice(found.start, found.end), found.entity);
        out.push(found);
        i = found.end;
      } else {
        i = first.end;
      }
    }
  }
  return out;
}

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
  const words: Token[] = [];
  let j = mention.end;
  while (text.charCodeAt(j) === 32 && words.length < 6) {
    const next = wordAt(text, j + 1, to);
    if (next.end === next.start || next.end > limit) break;
    if (!(isCapitalised(next.text) || (PARTICLES.has(next.text) && words.length > 0))) break;
    words.push(next);
    j = next.end;
  }
  while (words.length > 0 && PARTICLES.has(words[words.length - 1]!.text)) words.pop();
  if (words.length < 2 || STOP_START.has(words[0]!.text)) return undefined;
  const head = bodyHead(words);
  if (!head || head === 'Ministry' || head === 'Parliament' || head === 'Court') return undefined;
  const end = words[words.length - 1]!.end;
  return {
    start: mention.start,
    end,
    kind: 'actor',
    entity: `${UNLISTED}body:${slugify(text.slice(mention.start, end))}`,
  };
}

/** The institution head noun of a run: its last word, or the word before an "of"/"for" complement. */
function bodyHead(words: Token[]): string | undefined {
  const last = words[words.length - 1]!.text;
  if (BODY_HEADS.has(last)) return last;
  const k = words.findIndex((w) => w.text === 'of' || w.text === 'for');
  return k > 0 && BODY_HEADS.has(words[k - 1]!.text) ? words[k - 1]!.text : undefined;
}

/** A run that starts with a name found before ("Aitou lies far from..."). */
function recall(text: string, words: Token[], memory: NameMemory): Mention | undefined {
  for (let n = words.length; n >= 1; n--) {
    const name = text.slice(words[0]!.start, words[n - 1]!.end);
    const entity = memory.get(name);
    if (entity) {
      const kind = entity.startsWith(`${UNLISTED}place:`) ? 'place' : 'actor';
      return { start: words[0]!.start, end: words[n - 1]!.end, kind, entity };
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
  let name: string;
  if (s === UNSURE) {
    const m = COORDINATED.exec(text.slice(lo, start));
    if (!m) return false;
    name = m[1]!;
  } else if (s < 0) return false;
  else name = text.slice(s, e);
  return memory.get(name)?.startsWith(`${UNLISTED}place:`) === true;
}

function classifyRun(
  text: string,
  from: number,
  to: number,
  words: Token[],
  surnames: NameMemory,
  afterTitle = false,
): Mention | undefined {
  const start = words[0]!.start;
  const end = words[words.length - 1]!.end;
  const last = words[words.length - 1]!.text;
  const slugged = () => slugify(text.slice(start, end));

  // Bodies: a capitalised run with an institution head noun ("Missing Families Forum",
  // "Observatory for Human Rights").
  if (words.length >= 2 && bodyHead(words) && words[0]!.text !== 'Ministry')
    return { start, end, kind: 'actor', entity: `${UNLISTED}body:${slugged()}` };
  if (words.length >= 1 && last === 'Ministry') return undefined;
  if (words[0]!.text === 'Ministry' && words.length >= 3 && words[1]!.text === 'of') {
    return { start, end, kind: 'actor', entity: `${UNLISTED}body:${slugged()}` };
  }
  // Places: a capitalised generic word is part of the name ("Umayyad Square").
  if (words.length >= 2 && PLACE_GENERIC_UPPER.has(last))
    return { start, end, kind: 'place', entity: `${UNLISTED}place:${slugged()}` };
  if (words.length >= 2 && words.length <= 4 && TOPONYM_PREFIXES.has(words[0]!.text))
    return { start, end, kind: 'place', entity: `${UNLISTED}place:${slugged()}` };
  // A list of places is not one name ("the towns of Houla and Markaba"): classify up to "and".
  const and = words.findIndex((w) => w.text === 'and' || w.text === 'or');
  if (and > 0 && !bodyHead(words))
    return classifyRun(text, from, to, words.slice(0, and), surnames, afterTitle);
  // Places: a lower-case generic word follows ("the Awali river") or a cue precedes ("the village of Aitou").
  const nextWord = lowerWordAfter(text, end, Math.min(to, end + 24));
  let prefix: string | undefined;
  if (words.length <= 3) {
    let place = nextWord !== undefined && PLACE_GENERIC_LOWER.has(nextWord);
    if (!place) {
      prefix = before(text, start, from);
      const cue = cueWord(prefix);
      place =
        (cue !== undefined &&
          PLACE_CUES.has(cue) &&
          (prefix.endsWith(' of ') || cue === 'near' || cue === 'outside')) ||
        isDirectionOf(prefix) ||
        coordinatedWithPlace(text, Math.max(from, start - 60), start, surnames);
    }
    if (place && !FIRST_NAMES.has(words[0]!.text))
      return { start, end, kind: 'place', entity: `${UNLISTED}place:${slugged()}` };
  }
  // People: strip leading titles ("Rear Admiral Daniel Hagari"), then two to four name words with a
  // cue: a known given name, a title before, speech or an age after.
  let t = 0;
  while (t < words.length && TITLE_WORDS.has(words[t]!.text)) t++;
  if (t > 0 && words.length - t >= 2) {
    const rest = classifyRun(text, from, to, words.slice(t), surnames, true);
    return rest?.kind === 'actor' ? rest : undefined;
  }
  if (
    words.length >= 2 &&
    words.length <= 4 &&
    words.every((w) => !PARTICLES.has(w.text) && !TITLE_WORDS.has(w.text))
  ) {
    prefix ??= before(text, start, from);
    const after = text.slice(end, Math.min(to, end + 24));
    const sentenceStart =
      /(?:^|[.!?:"“]\s+|\n\s*(?:[-*>#]+\s*)?)$/.test(text.slice(Math.max(from, start - 6), start)) ||
      start === from;
    const titled = titleWord(prefix);
    const cues =
      afterTitle ||
      FIRST_NAMES.has(words[0]!.text) ||
      (titled !== undefined && TITLES.has(titled)) ||
      /^,\s+\d{1,3},/.test(after) ||
      /^,\s+(?:a|an|the)\s+[a-z]/.test(after) ||
      (nextWord !== undefined && SPEECH.has(nextWord)) ||
      /(?:said|according to)\s+$/.test(prefix);
    const titleBefore = titled !== undefined && TITLES.has(titled);
    const speech = nextWord !== undefined && SPEECH.has(nextWord);
    // At a sentence start two capitalised words are often not a name ("Rescue Workers"): ask for more.
    const strongEnough =
      afterTitle ||
      titleBefore ||
      !sentenceStart ||
      words.length > 2 ||
      FIRST_NAMES.has(words[0]!.text) ||
      speech;
    if (cues && strongEnough) {
      const entity = `${UNLISTED}person:${slugged()}`;
      if (last.length >= 4) surnames.set(last, entity);
      return { start, end, kind: 'actor', entity };
    }
  }
  return undefined;
}

/** `/^\s+([a-z]+)/` on text[end, limit): the lower-case word after white space, if any. */
function lowerWordAfter(text: string, end: number, limit: number): string | undefined {
  let q = end;
  while (q < limit && isSpaceChar(text.charCodeAt(q))) q++;
  if (q === end) return undefined;
  let r = q;
  while (r < limit) {
    const c = text.charCodeAt(r);
    if (c >= 97 && c <= 122) r++;
    else break;
  }
  return r > q ? text.slice(q, r) : undefined;
}

/** Start of the run of white space that ends at `end` in `s`. */
function spaceBefore(s: string, end: number): number {
  let k = end;
  while (k > 0 && isSpaceChar(s.charCodeAt(k - 1))) k--;
  return k;
}

/** Start of the run of other characters that ends at `end` in `s`. */
function tokenBefore(s: string, end: number): number {
  let k = end;
  while (k > 0 && !isSpaceChar(s.charCodeAt(k - 1))) k--;
  return k;
}

/** The run of `[a-z-]` that ends at `end` in `s`, or undefined if empty. */
function lowerRunBefore(s: string, end: number): string | undefined {
  let k = end;
  while (k > 0) {
    const c = s.charCodeAt(k - 1);
    if ((c >= 97 && c <= 122) || c === 45) k--;
    else break;
  }
  return k < end ? s.slice(k, end) : undefined;
}

/**
 * `/([a-z-]+)\s+(?:of\s+)?(?:the\s+)?$/.exec(prefix)?.[1]`: the word before "of", "the", "of the"
 * or nothing at the end of the prefix (the leftmost that fits, as the expression finds it).
 */
function cueWord(prefix: string): string | undefined {
  const a0 = spaceBefore(prefix, prefix.length);
  if (a0 === prefix.length) return undefined;
  const b1 = tokenBefore(prefix, a0);
  const a1 = spaceBefore(prefix, b1);
  const t1 = prefix.slice(b1, a0);
  if (a1 < b1 && (t1 === 'of' || t1 === 'the')) {
    const b2 = tokenBefore(prefix, a1);
    const a2 = spaceBefore(prefix, b2);
    if (t1 === 'the' && a2 < b2 && prefix.slice(b2, a1) === 'of') {
      const run = lowerRunBefore(prefix, a2);
      if (run !== undefined) return run;
    }
    const run = lowerRunBefore(prefix, a1);
    if (run !== undefined) return run;
  }
  return lowerRunBefore(prefix, a0);
}

/** `\w` for one code unit. */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * `/\b(?:north|south|...|south-west)\s+of\s+(?:the\s+)?$/.test(prefix)`: "north of", "south of the"
 * at the end of the prefix.
 */
function isDirectionOf(prefix: string): boolean {
  const a0 = spaceBefore(prefix, prefix.length);
  if (a0 === prefix.length) return false;
  const b1 = tokenBefore(prefix, a0);
  const a1 = spaceBefore(prefix, b1);
  if (a1 === b1) return false;
  const t1 = prefix.slice(b1, a0);
  let end: number;
  if (t1 === 'of') end = a1;
  else if (t1 === 'the') {
    const b2 = tokenBefore(prefix, a1);
    const a2 = spaceBefore(prefix, b2);
    if (a2 === b2 || prefix.slice(b2, a1) !== 'of') return false;
    end = a2;
  } else return false;
  for (const d of COMPASS_POINTS) {
    const s = end - d.length;
    if (s >= 0 && prefix.startsWith(d, s) && (s === 0 || !isWordCode(prefix.charCodeAt(s - 1)))) return true;
  }
  return false;
}

/** `/(?:^|[\s,(])([a-z.-]+),?\s+$/.exec(prefix)?.[1]`: the word before a name, after a title's usual opening. */
function titleWord(prefix: string): string | undefined {
  const a0 = spaceBefore(prefix, prefix.length);
  if (a0 === prefix.length) return undefined;
  const e = prefix.charCodeAt(a0 - 1) === 44 ? a0 - 1 : a0;
  let k = e;
  while (k > 0) {
    const c = prefix.charCodeAt(k - 1);
    if ((c >= 97 && c <= 122) || c === 45 || c === 46) k--;
    else break;
  }
  if (k === e) return undefined;
  if (k > 0) {
    const c = prefix.charCodeAt(k - 1);
    if (!isSpaceChar(c) && c !== 44 && c !== 40) return undefined;
  }
  return prefix.slice(k, e);
}
