/**
 * Names that the glossary does not list: people ("Rana Haddad, 34,"; "spokesman Avichay
 * Adraee"), places ("the village of Aitou", "the Awali river", "Umayyad Square") and bodies
 * ("the Health Ministry", "the Hostages and Missing Families Forum"), found by the cues news
 * writing gives them. Such mentions link to `unlisted:<kind>:<slug>` instead of a glossary id,
 * so that the editor can offer to add them to the workspace glossary.
 *
 * Only capitalised words that no glossary mention covers are looked at, so the pass is cheap.
 */
import type { Mention } from './types';

/**
 * Names found so far in a document (full names, and surnames of people), mapped to their
 * entity id: a place or person named once with a cue is recognised again without one.
 */
export type NameMemory = Map<string, string>;

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
  'village town city province governorate district region camp neighbourhood neighborhood suburb port near outside'.split(
    ' ',
  ),
);
const DIRECTION_OF =
  /\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)\s+of\s+(?:the\s+)?$/;

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

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The words just before `start` on the same line, lower-cased, for cue checks. */
function before(text: string, start: number, from: number, length = 40): string {
  return text.slice(Math.max(from, start - length), start).toLowerCase();
}

/**
 * Finds unlisted people, places and bodies in text[from, to), skipping the ranges of `covered`
 * (sorted glossary mentions). Returns mentions sorted by start.
 */
export function findUnlistedNames(
  text: string,
  from: number,
  to: number,
  covered: readonly Mention[],
  memory: NameMemory = new Map(),
): Mention[] {
  const out: Mention[] = [];
  const surnames = memory;
  let m = 0;
  let i = from;
  while (i < to) {
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
  return out;
}

/**
 * A demonym or country that begins a proper name of a body ("Syrian Observatory for Human
 * Rights", "Saudi Press Agency") joins it into one actor span. Generic ministries stay split
 * ("Lebanese" + "Health Ministry"), as the annotation guide asks.
 */
function properNameAfter(text: string, mention: Mention, to: number, limit: number): Mention | undefined {
  if (mention.kind !== 'actor' || text.charCodeAt(mention.end) !== 32) return undefined;
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
    entity: `${UNLISTED}body:${slug(text.slice(mention.start, end))}`,
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

function classifyRun(
  text: string,
  from: number,
  to: number,
  words: Token[],
  surnames: Map<string, string>,
  afterTitle = false,
): Mention | undefined {
  const start = words[0]!.start;
  const end = words[words.length - 1]!.end;
  const name = text.slice(start, end);
  const last = words[words.length - 1]!.text;
  const prefix = before(text, start, from);
  const after = text.slice(end, Math.min(to, end + 24));
  const sentenceStart =
    /(?:^|[.!?:"“]\s+|\n\s*(?:[-*>#]+\s*)?)$/.test(text.slice(Math.max(from, start - 6), start)) ||
    start === from;

  // Bodies: a capitalised run with an institution head noun ("Missing Families Forum",
  // "Observatory for Human Rights").
  if (words.length >= 2 && bodyHead(words) && words[0]!.text !== 'Ministry')
    return { start, end, kind: 'actor', entity: `${UNLISTED}body:${slug(name)}` };
  if (words.length >= 1 && last === 'Ministry') return undefined;
  if (words[0]!.text === 'Ministry' && words.length >= 3 && words[1]!.text === 'of') {
    return { start, end, kind: 'actor', entity: `${UNLISTED}body:${slug(name)}` };
  }
  // Places: a capitalised generic word is part of the name ("Umayyad Square").
  if (words.length >= 2 && PLACE_GENERIC_UPPER.has(last))
    return { start, end, kind: 'place', entity: `${UNLISTED}place:${slug(name)}` };
  // Places: a lower-case generic word follows ("the Awali river") or a cue precedes ("the village of Aitou").
  const nextWord = /^\s+([a-z]+)/.exec(after)?.[1];
  const cue = /([a-z-]+)\s+(?:of\s+)?(?:the\s+)?$/.exec(prefix)?.[1];
  if (
    words.length <= 3 &&
    ((nextWord && PLACE_GENERIC_LOWER.has(nextWord)) ||
      (cue && PLACE_CUES.has(cue) && (prefix.endsWith(' of ') || cue === 'near' || cue === 'outside')) ||
      DIRECTION_OF.test(prefix))
  ) {
    if (!FIRST_NAMES.has(words[0]!.text))
      return { start, end, kind: 'place', entity: `${UNLISTED}place:${slug(name)}` };
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
    const titled = /(?:^|[\s,(])([a-z.-]+),?\s+$/.exec(prefix);
    const cues =
      afterTitle ||
      FIRST_NAMES.has(words[0]!.text) ||
      (titled !== null && TITLES.has(titled[1]!)) ||
      /^,\s+\d{1,3},/.test(after) ||
      /^,\s+(?:a|an|the)\s+[a-z]/.test(after) ||
      (nextWord !== undefined && SPEECH.has(nextWord)) ||
      /(?:said|according to)\s+$/.test(prefix);
    const titleBefore = titled !== null && TITLES.has(titled[1]!);
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
      const entity = `${UNLISTED}person:${slug(name)}`;
      if (last.length >= 4) surnames.set(last, entity);
      return { start, end, kind: 'actor', entity };
    }
  }
  return undefined;
}
