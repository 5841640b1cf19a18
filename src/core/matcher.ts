/**
 * One multi-pattern matcher over every name, alias and demonym of the glossary: a trie of
 * case-folded surfaces walked once per word start, longest match first, no overlaps.
 *
 * Case rules: acronyms (all upper case, such as UN, IS, IDF, U.S.) match only exactly; other
 * surfaces match when every upper-case letter of the surface is upper case in the text, so
 * "Hamas" matches "Hamas" and "HAMAS" but "Litani River" does not match "Litani river".
 */
import type { Entry, Mention } from './types';

/** What a matched surface stands for. */
interface Candidate {
  surface: string;
  entry: Entry;
  role: 'name' | 'alias' | 'demonym';
  /** Exact-case only (acronyms). */
  exact: boolean;
}

interface TrieNode {
  next: Map<number, TrieNode> | undefined;
  candidates: Candidate[] | undefined;
}

/** A compiled matcher. */
export interface Matcher {
  /** Finds mentions in text[from, to); offsets are absolute. Appends to `out` when given. */
  scan(text: string, from?: number, to?: number, out?: Mention[]): Mention[];
  /** How many surfaces (names, aliases, demonyms) were compiled. */
  readonly surfaceCount: number;
}

const DIRECTIONS = new Set(
  [
    'northern',
    'southern',
    'eastern',
    'western',
    'central',
    'northeastern',
    'northwestern',
    'southeastern',
    'southwestern',
    'north-eastern',
    'north-western',
    'south-eastern',
    'south-western',
    'north',
    'south',
    'east',
    'west',
    'northeast',
    'northwest',
    'southeast',
    'southwest',
  ].map((w) => w.toLowerCase()),
);

/** Prepositions before a country that make it a location ("militias in Iraq"). */
const LOCATIVE = new Set([
  'in',
  'inside',
  'across',
  'throughout',
  'into',
  'from',
  'within',
  'near',
  'around',
  'over',
  'at',
]);

/** Words after a capital that make it stand for its government ("Tehran said"). */
const GOVERNMENT_VERBS = new Set(
  (
    'said says say has have had is was will would wants wanted announced accused denied warned claimed confirmed ' +
    'responded retaliated launched sent insists insisted rejected accepted agreed blamed called urged vowed threatened ' +
    'sponsors sponsored backs backed supports supported condemned demanded refused approved ordered imposed ' +
    'struck hit attacked signalled signaled believes believed fears feared hopes hoped sees saw considers must may ' +
    'might could should can cannot seeks sought plans planned pledged promised dismissed welcomed criticised criticized ' +
    'regards regarded views viewed told denies insisted maintains maintained responded argues argued wants'
  ).split(' '),
);

const upperCache = new Map<number, boolean>();
const letterCache = new Map<number, boolean>();
const foldCache = new Map<number, number>();

/** True for letters and digits, the characters that make up words. */
export function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  let v = letterCache.get(c);
  if (v === undefined) {
    v = /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(c));
    letterCache.set(c, v);
  }
  return v;
}

function isUpper(c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  let v = upperCache.get(c);
  if (v === undefined) {
    const s = String.fromCharCode(c);
    v = s !== s.toLowerCase() && s === s.toUpperCase();
    upperCache.set(c, v);
  }
  return v;
}

/** Case- and apostrophe-folds one UTF-16 code unit. */
function fold(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc || c === 0x2032) return 39; // curly apostrophes -> '
  if (c === 0x2010 || c === 0x2011) return 45; // Unicode hyphens -> -
  let v = foldCache.get(c);
  if (v === undefined) {
    const lower = String.fromCharCode(c).toLowerCase();
    v = lower.length === 1 ? lower.charCodeAt(0) : c;
    foldCache.set(c, v);
  }
  return v;
}

function isAcronym(surface: string): boolean {
  let letters = 0;
  for (let i = 0; i < surface.length; i++) {
    const c = surface.charCodeAt(i);
    if (isUpper(c)) letters++;
    else if (isWordChar(c) && !(c >= 48 && c <= 57)) return false;
  }
  return letters >= 1 && surface.length <= 8;
}

/** Builds the matcher once from every name, alias and demonym of the entries. */
export function compileMatcher(entries: readonly Entry[]): Matcher {
  const root: TrieNode = { next: new Map(), candidates: undefined };
  let surfaceCount = 0;
  const add = (surface: string, entry: Entry, role: Candidate['role']) => {
    if (surface.length === 0) return;
    let node = root;
    for (let i = 0; i < surface.length; i++) {
      const c = fold(surface.charCodeAt(i));
      node.next ??= new Map();
      let child = node.next.get(c);
      if (!child) {
        child = { next: undefined, candidates: undefined };
        node.next.set(c, child);
      }
      node = child;
    }
    (node.candidates ??= []).push({ surface, entry, role, exact: isAcronym(surface) });
    surfaceCount++;
  };
  for (const entry of entries) {
    add(entry.name, entry, 'name');
    for (const alias of entry.aliases) add(alias, entry, 'alias');
    for (const demonym of entry.demonyms) add(demonym, entry, 'demonym');
  }
  return {
    surfaceCount,
    scan: (text, from = 0, to = text.length, out = []) => scan(root, text, from, to, out),
  };
}

function caseMatches(candidate: Candidate, text: string, start: number): boolean {
  const s = candidate.surface;
  if (candidate.exact) {
    for (let i = 0; i < s.length; i++) {
      const a = s.charCodeAt(i);
      const b = text.charCodeAt(start + i);
      if (a !== b && fold(a) !== fold(b)) return false;
      if (a !== b && isUpper(a) !== isUpper(b)) return false;
    }
    return true;
  }
  for (let i = 0; i < s.length; i++) {
    if (isUpper(s.charCodeAt(i)) && !isUpper(text.charCodeAt(start + i))) return false;
  }
  return true;
}

function scan(root: TrieNode, text: string, from: number, to: number, out: Mention[]): Mention[] {
  const rootNext = root.next!;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (!isWordChar(c) || (i > 0 && isWordChar(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    // Walk the trie from this word start, remembering every accepting position.
    let node = rootNext.get(fold(c));
    let j = i + 1;
    let bestEnd = -1;
    let best: Candidate | undefined;
    const accepting: [number, Candidate[]][] = [];
    while (node) {
      if (node.candidates && (j >= to || !isWordChar(text.charCodeAt(j))))
        accepting.push([j, node.candidates]);
      if (j >= to || !node.next) break;
      node = node.next.get(fold(text.charCodeAt(j)));
      j++;
    }
    for (let k = accepting.length - 1; k >= 0 && !best; k--) {
      const [end, candidates] = accepting[k]!;
      for (const candidate of candidates) {
        if (caseMatches(candidate, text, i)) {
          best = candidate;
          bestEnd = end;
          break;
        }
      }
    }
    if (!best) {
      // Skip the rest of this word.
      i++;
      while (i < to && isWordChar(text.charCodeAt(i))) i++;
      continue;
    }
    out.push(classify(best, text, i, bestEnd, from));
    i = bestEnd;
  }
  return out;
}

/** Decides actor or place from the entry and its context, and extends "southern" + place. */
function classify(candidate: Candidate, text: string, start: number, end: number, from: number): Mention {
  const entry = candidate.entry;
  const entity = entry.id;
  if (candidate.role === 'demonym') return { start, end, kind: 'actor', entity };
  const previous = previousWord(text, start, from);
  const isState = entry.kind === 'actor' && entry.type === 'state';
  if (entry.kind === 'place' || isState) {
    if (previous && DIRECTIONS.has(previous.word.toLowerCase()) && /^[a-z]/.test(previous.word)) {
      return { start: previous.start, end, kind: 'place', entity };
    }
  }
  if (isState) {
    const kind = previous && LOCATIVE.has(previous.word) ? 'place' : 'actor';
    return { start, end, kind, entity };
  }
  if (entry.kind === 'place' && entry.metonymFor) {
    return { start, end, kind: capitalActs(text, start, end, previous?.word) ? 'actor' : 'place', entity };
  }
  return { start, end, kind: entry.kind, entity };
}

/** Nouns after a capital's possessive that keep it a place ("Beirut's southern suburbs"). */
const PLACE_NOUNS = new Set(
  (
    'northern southern eastern western central suburbs suburb outskirts streets street port airport centre center ' +
    'downtown mayor residents neighbourhood neighborhood neighbourhoods neighborhoods old city hospitals hospital ' +
    'skyline population university municipality governor district districts'
  ).split(' '),
);

/** Verbs before a capital that take a government as their object ("warned Tehran"). */
const GOVERNMENT_OBJECT_VERBS = new Set(
  (
    'warned urged told accused pressed asked blamed sanctioned threatened condemned criticised criticized supported ' +
    'backed sponsored armed funded informed notified reassured assured by'
  ).split(' '),
);

/** Adverbs that may stand between a government and its verb ("Amman at first said"). */
const SKIPPABLE = new Set([
  'also',
  'first',
  'later',
  'then',
  'quickly',
  'has',
  'had',
  'have',
  'swiftly',
  'publicly',
  'previously',
]);

/**
 * A capital stands for its government when it acts (a verb follows), is acted upon as a
 * government (a verb of pressure precedes it, or "by"), is followed by ", which/who", or owns
 * something that is not geography ("Tehran's proxies" but not "Beirut's southern suburbs").
 */
function capitalActs(text: string, start: number, end: number, previous: string | undefined): boolean {
  if (previous !== undefined && GOVERNMENT_OBJECT_VERBS.has(previous.toLowerCase())) return true;
  if (previous !== undefined && LOCATIVE.has(previous.toLowerCase())) return false;
  const after = text.slice(end, end + 40);
  const possessive = /^['’]s\s+([\p{L}-]+)/u.exec(after);
  if (possessive) return !PLACE_NOUNS.has(possessive[1]!.toLowerCase());
  if (/^,\s+(?:which|who)\b/.test(after)) return true;
  const words = after.match(/^\s+([\p{L}]+)(?:\s+([\p{L}]+))?(?:\s+([\p{L}]+))?/u);
  if (!words) return false;
  for (let k = 1; k <= 3; k++) {
    const w = words[k]?.toLowerCase();
    if (!w) return false;
    if (GOVERNMENT_VERBS.has(w)) return true;
    if (!(SKIPPABLE.has(w) || (k === 1 && w === 'at'))) return false;
  }
  return false;
}

function previousWord(
  text: string,
  start: number,
  from: number,
): { word: string; start: number } | undefined {
  let e = start;
  while (e > from && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 0xa0)) e--;
  if (e === start || e <= from) return undefined;
  let s = e;
  while (s > from && (isWordChar(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 45)) s--;
  if (s === e) return undefined;
  return { word: text.slice(s, e), start: s };
}
