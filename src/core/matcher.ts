/**
 * One multi-pattern matcher over every name, alias and demonym of the glossary: a trie of
 * case-folded surfaces walked from word starts, longest match first, no overlaps.
 *
 * Speed: the trie's edges live in one open-addressing hash table of typed arrays (with a direct
 * table for the first letter), and the scan does not visit every word. A surface that starts
 * with a capital can only match at a capital, so the scan jumps between the hits of one global
 * regular expression for capitals and non-ASCII code units (the engine scans a character class at
 * close to memory speed); the few surfaces that start in lower case ("al-Qaeda", "bin Salman")
 * are tried a few characters before those hits (see {@link Starts}).
 *
 * Case rules: acronyms (all upper case, such as UN, IS, IDF, U.S.) match only exactly; other
 * surfaces match when every upper-case letter of the surface is upper case in the text, so
 * "Hamas" matches "Hamas" and "HAMAS" but "Litani River" does not match "Litani river".
 */
import type { Entry, Mention } from './types';
import { COMPASS_POINTS } from './text';

/** What a matched surface stands for. */
interface Candidate {
  surface: string;
  entry: Entry;
  role: 'name' | 'alias' | 'demonym';
  /** Exact-case only (acronyms). */
  exact: boolean;
  /** Offsets of the surface's capitals, which must be capitals in the text. */
  upperMask: Int32Array | undefined;
  /** How the mention is classified: demonym, place, state, capital with a government, other. */
  kind: number;
}

/** A compiled matcher. */
export interface Matcher {
  /** Finds mentions in text[from, to); offsets are absolute. Appends to `out` when given. */
  scan(text: string, from?: number, to?: number, out?: Mention[]): Mention[];
  /**
   * Finds the mentions that start in [scanFrom, scanTo) of the prose range [from, to) (a part of a
   * range scanned alone gives the mentions a scan of the whole range finds there).
   */
  scanWithin(
    text: string,
    from: number,
    to: number,
    scanFrom: number,
    scanTo: number,
    out?: Mention[],
    hits?: Hits,
  ): Mention[];
  /** How many surfaces (names, aliases, demonyms) were compiled. */
  readonly surfaceCount: number;
}

/**
 * Positions of capitals and non-ASCII code units (the matcher's hits, in order), kept so that the
 * name finder, which looks at the same capitals, does not search for them again.
 */
export class Hits {
  data = new Int32Array(4096);
  length = 0;

  push(position: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = position;
  }
}

/** Directions that join a following place into one span ("southern Lebanon", "north Gaza"). */
const DIRECTIONS = new Set([
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
  ...COMPASS_POINTS,
]);

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

// Character classes of UTF-16 code units, computed once per code unit and cached in flat
// tables (0 = not computed yet): the scan reads them without hashing or allocating.
const WORD = new Uint8Array(65536);
const UPPER = new Uint8Array(65536);
const FOLD = new Uint16Array(65536);
for (let c = 0; c < 128; c++) {
  const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  WORD[c] = word ? 2 : 1;
  UPPER[c] = c >= 65 && c <= 90 ? 2 : 1;
  FOLD[c] = c >= 65 && c <= 90 ? c + 32 : c;
}

/** True for letters and digits, the characters that make up words. */
export function isWordChar(c: number): boolean {
  let v = WORD[c]!;
  if (v === 0) v = WORD[c] = /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(c)) ? 2 : 1;
  return v === 2;
}

function isUpper(c: number): boolean {
  let v = UPPER[c]!;
  if (v === 0) {
    const s = String.fromCharCode(c);
    v = UPPER[c] = s !== s.toLowerCase() && s === s.toUpperCase() ? 2 : 1;
  }
  return v === 2;
}

/** Case- and apostrophe-folds one UTF-16 code unit. */
function fold(c: number): number {
  let v = FOLD[c]!;
  if (v === 0) {
    if (c === 0x2019 || c === 0x2018 || c === 0x02bc || c === 0x2032)
      v = 39; // curly apostrophes -> '
    else if (c === 0x2010 || c === 0x2011)
      v = 45; // Unicode hyphens -> -
    else {
      const lower = String.fromCharCode(c).toLowerCase();
      v = lower.length === 1 ? lower.charCodeAt(0) : c;
    }
    FOLD[c] = v;
  }
  return v;
}

/** Node ids of the two roots: every surface, and the surfaces that do not start with a capital. */
const ROOT_ALL = 0;
const ROOT_LOWER = 1;

/**
 * The trie: nodes are numbers, edges (node, folded code unit) -> child live in one open-addressing
 * hash table of typed arrays, and the candidates of accepting nodes in a sparse array. A text
 * position whose character is a capital walks from {@link ROOT_ALL}; any other word start can only
 * match a surface that does not start with a capital, and walks from {@link ROOT_LOWER}, a trie of
 * those surfaces alone (a handful: "al-Qaeda", "bin Salman").
 */
class Trie {
  nodes = 2;
  private edges = 0;
  private mask: number;
  private shift: number;
  private keyNode: Int32Array;
  private keyChar: Int32Array;
  private value: Int32Array;
  /** Per node (dense: one entry per node, so that the array stays a plain fast array). */
  readonly candidates: (Candidate[] | undefined)[] = [undefined, undefined];
  /** After {@link freeze}: 1 for nodes with candidates; the children of the roots by ASCII code unit. */
  accepting = new Uint8Array(0);
  roots = new Int32Array(0);

  constructor(expectedEdges: number) {
    let bits = 4;
    while (1 << bits < expectedEdges * 2) bits++;
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.keyNode = new Int32Array(1 << bits).fill(-1);
    this.keyChar = new Int32Array(1 << bits);
    this.value = new Int32Array(1 << bits);
  }

  child(node: number, c: number): number {
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> this.shift;
    for (;;) {
      const k = this.keyNode[h]!;
      if (k === node && this.keyChar[h] === c) return this.value[h]!;
      if (k === -1) return -1;
      h = (h + 1) & this.mask;
    }
  }

  /** Builds the flat tables the scan reads. */
  freeze(): void {
    this.accepting = new Uint8Array(this.nodes);
    this.candidates.forEach((c, node) => (this.accepting[node] = c === undefined ? 0 : 1));
    this.roots = new Int32Array(256);
    for (let c = 0; c < 128; c++) {
      this.roots[ROOT_ALL * 128 + c] = this.child(ROOT_ALL, c);
      this.roots[ROOT_LOWER * 128 + c] = this.child(ROOT_LOWER, c);
    }
  }

  add(root: number, surface: string, candidate: Candidate): void {
    let node = root;
    let i = 0;
    // Follow the existing path, then add the rest (a new node has no children to look up).
    for (; i < surface.length; i++) {
      const next = this.child(node, fold(surface.charCodeAt(i)));
      if (next < 0) break;
      node = next;
    }
    for (; i < surface.length; i++) {
      const next = this.nodes++;
      this.candidates.push(undefined);
      this.insert(node, fold(surface.charCodeAt(i)), next);
      node = next;
    }
    (this.candidates[node] ??= []).push(candidate);
  }

  private insert(node: number, c: number, child: number): void {
    if (++this.edges * 2 > this.mask + 1) this.grow();
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> this.shift;
    while (this.keyNode[h] !== -1) h = (h + 1) & this.mask;
    this.keyNode[h] = node;
    this.keyChar[h] = c;
    this.value[h] = child;
  }

  private grow(): void {
    const { keyNode, keyChar, value } = this;
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.shift--;
    this.keyNode = new Int32Array(size).fill(-1);
    this.keyChar = new Int32Array(size);
    this.value = new Int32Array(size);
    for (let h = 0; h < keyNode.length; h++) {
      const node = keyNode[h]!;
      if (node === -1) continue;
      let g = (Math.imul(node, 0x9e3779b1) ^ Math.imul(keyChar[h]!, 0x85ebca77)) >>> this.shift;
      while (this.keyNode[g] !== -1) g = (g + 1) & this.mask;
      this.keyNode[g] = node;
      this.keyChar[g] = keyChar[h]!;
      this.value[g] = value[h]!;
    }
  }
}

/** A character class for a regular expression, from UTF-16 code units. */
function charClass(codes: Iterable<number>): string {
  let out = '';
  for (const c of codes) out += `\\u${c.toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * Where walks start. The scan does not look at every word: it jumps between hits of one global
 * regular expression over capitals and non-ASCII code units (the engine scans a character class at
 * memory speed), since a surface that starts with a capital only matches a capital. A surface that
 * does not ("al-Qaeda", "bin Salman", "5th Fleet") has an anchor: its first capital, or first code
 * unit that only non-ASCII text folds to; the text there is a hit, so such a surface is tried at the
 * word starts up to `maxAnchor` code units before each hit. The few surfaces without an anchor
 * (all lower-case ASCII) add their first letter to the expression.
 */
interface Starts {
  regex: RegExp;
  /** ASCII code units that start an anchored lower-case surface (1), by code unit. */
  lowerFirst: Uint8Array | undefined;
  maxAnchor: number;
  /** The surfaces without an anchor, case-insensitive, for a search of their own. */
  bare: RegExp | undefined;
  maxLength: number;
}

/**
 * A regular expression source (for the `i` flag) matching what folds to a surface without an
 * anchor: such a surface is lower-case ASCII, and the only non-ASCII code units that fold to ASCII
 * are the Kelvin sign, curly apostrophes and Unicode hyphens.
 */
function foldedSource(surface: string): string {
  let out = '';
  for (let k = 0; k < surface.length; k++) {
    const f = fold(surface.charCodeAt(k));
    if (f === 45) out += '[\\-\\u2010\\u2011]';
    else if (f === 39) out += "['\\u2018\\u2019\\u02bc\\u2032]";
    else if (f === 107) out += '[k\\u212a]';
    else out += charClass([f]);
  }
  return out;
}

function startsOf(lowerStarts: readonly string[], maxLength: number): Starts {
  const bare: string[] = [];
  const lowerFirst = new Uint8Array(128);
  let anchored = false;
  let maxAnchor = 0;
  for (const surface of lowerStarts) {
    const first = surface.charCodeAt(0);
    if (first >= 128 || !isWordChar(first)) continue; // non-ASCII starts are hits anyway; others never start a word
    let anchor = -1;
    for (let k = 1; k < surface.length && anchor < 0; k++) {
      const c = surface.charCodeAt(k);
      if (isUpper(c) || fold(c) >= 128) anchor = k;
    }
    if (anchor < 0) {
      bare.push(foldedSource(surface));
      continue;
    }
    lowerFirst[first] = 1;
    anchored = true;
    if (anchor > maxAnchor) maxAnchor = anchor;
  }
  return {
    regex: /[A-Z\u0080-\uffff]/g,
    lowerFirst: anchored ? lowerFirst : undefined,
    maxAnchor,
    bare: bare.length > 0 ? new RegExp([...new Set(bare)].sort().join('|'), 'gi') : undefined,
    maxLength,
  };
}

/** Builds the matcher once from every name, alias and demonym of the entries. */
export function compileMatcher(entries: readonly Entry[]): Matcher {
  let chars = 0;
  for (const entry of entries) {
    chars += entry.name.length;
    for (const alias of entry.aliases) chars += alias.length;
    for (const demonym of entry.demonyms) chars += demonym.length;
  }
  const trie = new Trie(chars + 16);
  const scratch: number[] = [];
  const lowerStarts: string[] = [];
  let surfaceCount = 0;
  let maxLength = 1;
  const add = (surface: string, entry: Entry, role: Candidate['role']) => {
    if (surface.length === 0) return;
    // One pass over the surface: its capitals, and whether it is an acronym (UN, IS, IDF, U.S.:
    // capitals and no lower-case letter, at most 8 code units), which matches only in its exact case.
    let capitals = 0;
    let lowerLetter = false;
    for (let i = 0; i < surface.length; i++) {
      const c = surface.charCodeAt(i);
      if (isUpper(c)) scratch[capitals++] = i;
      else if (!lowerLetter && isWordChar(c) && !(c >= 48 && c <= 57)) lowerLetter = true;
    }
    const candidate: Candidate = {
      surface,
      entry,
      role,
      exact: !lowerLetter && capitals >= 1 && surface.length <= 8,
      upperMask: capitals > 0 ? Int32Array.from(scratch.slice(0, capitals)) : undefined,
      kind: kindOf(entry, role),
    };
    trie.add(ROOT_ALL, surface, candidate);
    if (!isUpper(surface.charCodeAt(0))) {
      trie.add(ROOT_LOWER, surface, candidate);
      lowerStarts.push(surface);
    }
    surfaceCount++;
    if (surface.length > maxLength) maxLength = surface.length;
  };
  for (const entry of entries) {
    add(entry.name, entry, 'name');
    for (const alias of entry.aliases) add(alias, entry, 'alias');
    for (const demonym of entry.demonyms) add(demonym, entry, 'demonym');
  }
  trie.freeze();
  const scanner = new Scanner(trie, startsOf(lowerStarts, maxLength), maxLength);
  return {
    surfaceCount,
    scan: (text, from = 0, to = text.length, out = []) =>
      scanner.scan(text, from, to, from, to, out, undefined),
    scanWithin: (text, from, to, scanFrom, scanTo, out = [], hits) =>
      scanner.scan(text, from, to, scanFrom, scanTo, out, hits),
  };
}

const K_DEMONYM = 0;
const K_PLACE = 1;
const K_STATE = 2;
const K_METONYM = 3;
const K_OTHER = 4;

function kindOf(entry: Entry, role: Candidate['role']): number {
  if (role === 'demonym') return K_DEMONYM;
  if (entry.kind === 'actor' && entry.type === 'state') return K_STATE;
  if (entry.kind === 'place') return entry.metonymFor ? K_METONYM : K_PLACE;
  return K_OTHER;
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
  const mask = candidate.upperMask;
  if (mask === undefined) return true;
  for (let k = 0; k < mask.length; k++) if (!isUpper(text.charCodeAt(start + mask[k]!))) return false;
  return true;
}

class Scanner {
  /** Ends and nodes of the accepting positions of the current walk (no allocation per word). */
  private readonly acceptEnd: Int32Array;
  private readonly acceptNode: Int32Array;

  constructor(
    private readonly trie: Trie,
    private readonly starts: Starts,
    maxLength: number,
  ) {
    this.acceptEnd = new Int32Array(maxLength + 1);
    this.acceptNode = new Int32Array(maxLength + 1);
  }

  /**
   * Finds the mentions that start in [scanFrom, scanTo) of the prose range [from, to): the range
   * bounds the words a name may span and the context read before it.
   */
  scan(
    text: string,
    from: number,
    to: number,
    scanFrom: number,
    scanTo: number,
    out: Mention[],
    hits: Hits | undefined,
  ): Mention[] {
    const re = this.starts.regex;
    const lowerFirst = this.starts.lowerFirst;
    const maxAnchor = this.starts.maxAnchor;
    const bare = this.bareHits(text, scanFrom, scanTo);
    let b = 0;
    /** Everything before `i` is done. */
    let i = scanFrom;
    re.lastIndex = scanFrom;
    for (;;) {
      let h = re.test(text) ? re.lastIndex - 1 : scanTo;
      if (h > scanTo) h = scanTo;
      if (bare !== undefined) {
        // Surfaces without an anchor that start before this hit.
        for (; b < bare.length && bare[b]! < h; b++) {
          const q = bare[b]!;
          if (q < i || (q > 0 && isWordChar(text.charCodeAt(q - 1)))) continue;
          const c = text.charCodeAt(q);
          if (!isWordChar(c) || isUpper(c)) continue;
          const end = this.walk(text, q, ROOT_LOWER, from, to, out);
          if (end > 0) i = end;
        }
      }
      if (lowerFirst !== undefined) {
        // Surfaces that start in lower case before this hit ("al-" before "Qaeda").
        for (let q = Math.max(i, h - maxAnchor); q < h; q++) {
          const c = text.charCodeAt(q);
          if (c < 128 && lowerFirst[c] === 1 && (q === 0 || !isWordChar(text.charCodeAt(q - 1)))) {
            const end = this.walk(text, q, ROOT_LOWER, from, to, out);
            if (end > 0) q = i = end;
          }
        }
      }
      if (h >= scanTo) break;
      // Every hit is kept for the name finder, which looks at the same capitals.
      if (hits !== undefined) hits.push(h);
      if (h < i) {
        if (hits === undefined && re.lastIndex < i) re.lastIndex = i;
        continue;
      }
      i = h + 1;
      const c = text.charCodeAt(h);
      if (!isWordChar(c) || (h > 0 && isWordChar(text.charCodeAt(h - 1)))) continue;
      const end = this.walk(text, h, isUpper(c) ? ROOT_ALL : ROOT_LOWER, from, to, out);
      if (end > 0) {
        i = end;
        if (hits === undefined) re.lastIndex = end;
      }
    }
    return out;
  }

  /** Starts of the surfaces without an anchor in [scanFrom, scanTo), searched in a slice of the text. */
  private bareHits(text: string, scanFrom: number, scanTo: number): number[] | undefined {
    const re = this.starts.bare;
    if (re === undefined) return undefined;
    const slice = text.slice(scanFrom, Math.min(text.length, scanTo + this.starts.maxLength));
    const hits: number[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(slice); m !== null && m.index < scanTo - scanFrom; m = re.exec(slice)) {
      hits.push(scanFrom + m.index);
      re.lastIndex = m.index + 1;
    }
    return hits;
  }

  /** Walks the trie from the word start `i`; on a match, appends the mention and returns its end, else -1. */
  private walk(text: string, i: number, root: number, from: number, to: number, out: Mention[]): number {
    const trie = this.trie;
    const candidates = trie.candidates;
    const flags = trie.accepting;
    const acceptEnd = this.acceptEnd;
    const acceptNode = this.acceptNode;
    // Walk the trie from this word start, remembering every accepting position.
    const first = fold(text.charCodeAt(i));
    let node = first < 128 ? trie.roots[root * 128 + first]! : trie.child(root, first);
    let j = i + 1;
    let accepting = 0;
    while (node >= 0) {
      if (flags[node] === 1 && (j >= to || !isWordChar(text.charCodeAt(j)))) {
        acceptEnd[accepting] = j;
        acceptNode[accepting++] = node;
      }
      if (j >= to) break;
      node = trie.child(node, fold(text.charCodeAt(j)));
      j++;
    }
    for (let k = accepting - 1; k >= 0; k--) {
      for (const candidate of candidates[acceptNode[k]!]!) {
        if (caseMatches(candidate, text, i)) {
          const end = acceptEnd[k]!;
          out.push(classify(candidate, text, i, end, from));
          return end;
        }
      }
    }
    return -1;
  }
}

/** Decides actor or place from the entry and its context, and extends "southern" + place. */
function classify(candidate: Candidate, text: string, start: number, end: number, from: number): Mention {
  const entry = candidate.entry;
  const entity = entry.id;
  const kind = candidate.kind;
  if (kind === K_DEMONYM) return { start, end, kind: 'actor', entity };
  if (kind === K_OTHER) return { start, end, kind: entry.kind, entity };
  const ps = previousWordStart(text, start, from);
  const pe = ps >= 0 ? previousWordEnd : -1;
  // A lower-case direction word before a place or state ("southern Lebanon").
  if (ps >= 0 && pe - ps >= 4 && pe - ps <= 13) {
    const c = text.charCodeAt(ps);
    if (c >= 97 && c <= 122 && DIRECTIONS.has(text.slice(ps, pe).toLowerCase())) {
      return { start: ps, end, kind: 'place', entity };
    }
  }
  if (kind === K_STATE) {
    const locative = ps >= 0 && pe - ps >= 2 && pe - ps <= 10 && LOCATIVE.has(text.slice(ps, pe));
    return { start, end, kind: locative ? 'place' : 'actor', entity };
  }
  if (kind === K_METONYM) {
    const previous = ps >= 0 ? text.slice(ps, pe) : undefined;
    return { start, end, kind: capitalActs(text, start, end, previous) ? 'actor' : 'place', entity };
  }
  return { start, end, kind: 'place', entity };
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
/** Words that may stand between a government and its verb ("Amman at first said"). */
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

const MONTHS_AND_DAYS =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;

/**
 * A capital stands for its government unless its context makes it a location: a dateline, a
 * preposition of place before it or before the list it stands in ("strikes in Homs, Latakia and
 * Damascus"), a place noun after it ("Beirut suburbs", "Baghdad's Dora district"). A verb after
 * it ("Tehran denied") or a verb of pressure before it ("warned Tehran") makes it an actor, and
 * so does a preposition after a noun of a government's act ("pressure from Washington").
 */
function capitalActs(text: string, start: number, end: number, previous: string | undefined): boolean {
  const prev = previous?.toLowerCase();
  if (prev !== undefined && GOVERNMENT_OBJECT_VERBS.has(prev)) return true;
  const after = text.slice(end, end + 40);
  if (/^\s*(?:[—–]|-\s|,\s*(?:\p{Lu}\p{Ll}*\.?\s+\d|\d))/u.test(after) && atLineStart(text, start))
    return false;
  if (/^-(?:based|born|bound)\b/.test(after)) return false;
  const possessive = /^['’]s\s+([\p{L}-]+)/u.exec(after);
  if (possessive) {
    const owned = possessive[1]!;
    return !(
      PLACE_NOUNS.has(owned.toLowerCase()) ||
      (/^\p{Lu}/u.test(owned) && !MONTHS_AND_DAYS.test(owned))
    );
  }
  if (prev !== undefined && PLACE_PREPOSITIONS.has(prev)) {
    return prev !== 'in' && GOVERNMENT_SOURCES.has(wordBefore(text, start, prev.length));
  }
  const words = /^\s+([\p{L}]+)(?:\s+([\p{L}]+))?(?:\s+([\p{L}]+))?/u.exec(after);
  for (let k = 1; words && k <= 3; k++) {
    const w = words[k]?.toLowerCase();
    if (!w) break;
    if (GOVERNMENT_VERBS.has(w)) return true;
    if (!(SKIPPABLE.has(w) || (k === 1 && w === 'at'))) break;
  }
  const lead = listLead(text, start);
  if (lead && PLACE_PREPOSITIONS.has(lead.word))
    return GOVERNMENT_SOURCES.has(lead.before) && lead.word !== 'in';
  if (words && PLACE_NOUNS.has(words[1]!.toLowerCase())) return false;
  return true;
}

/** The lower-case word before the word of `length` characters that ends before `start`. */
function wordBefore(text: string, start: number, length: number): string {
  const head = text.slice(Math.max(0, start - length - 40), start).trimEnd();
  const m = /([\p{L}-]+)\s+[\p{L}-]+$/u.exec(head);
  return m ? m[1]!.toLowerCase() : '';
}

/** Prepositions that make a capital after them a location. */
const PLACE_PREPOSITIONS = new Set([
  ...LOCATIVE,
  'to',
  'on',
  'of',
  'via',
  'toward',
  'towards',
  'outside',
  'beyond',
  'near',
]);

/** Nouns and verbs before "from"/"to" that make the capital a government ("pressure from"). */
const GOVERNMENT_SOURCES = new Set(
  (
    'pressure support backing orders order approval message messages request requests demands demand warning warnings ' +
    'response criticism funding aid assurances guarantees signal signals offer proposal appeal letter ultimatum sent ' +
    'delivered conveyed passed appealed turned loyal close closer allied sanctions reliance dependence influence ' +
    'leverage government regime leadership policy policies position stance decision ally allies envoy envoys ambassador ' +
    'ambassadors'
  ).split(' '),
);

/** True when only spaces or Markdown markers stand between the line start and `start`. */
function atLineStart(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 42 && c !== 95 && c !== 35 && c !== 62) return false;
  }
  return true;
}

/**
 * The lower-case word before the coordinated list of capitalised names that ends at `start`
 * ("in Homs, Latakia, and" before "Damascus" gives "in"), and the word before that one.
 */
function listLead(text: string, start: number): { word: string; before: string } | undefined {
  let i = start;
  for (;;) {
    const m = /(?:^|[\s(])(\p{Ll}[\p{Ll}-]*)\s+$/u.exec(text.slice(Math.max(0, i - 40), i));
    if (m) {
      const word = m[1]!;
      if (word === 'and' || word === 'or') {
        // "X and Y": step over "and" and the name before it.
        const back = /(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*),?\s+(?:and|or)\s+$/u.exec(
          text.slice(Math.max(0, i - 80), i),
        );
        if (!back) return undefined;
        i -= back[0].length;
        continue;
      }
      const beforeText = text.slice(
        Math.max(0, i - m[0].length - 30),
        i - m[0].length + (m[0].startsWith(' ') || m[0].startsWith('(') ? 1 : 0),
      );
      const before = /([\p{L}-]+)\s*$/u.exec(beforeText)?.[1]?.toLowerCase() ?? '';
      return { word, before };
    }
    // ", " after a name in a list: step over it.
    const comma = /(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*),\s+$/u.exec(
      text.slice(Math.max(0, i - 60), i),
    );
    if (!comma) return undefined;
    i -= comma[0].length;
  }
}

/** End of the word found by the last {@link previousWordStart} (a second return value, no allocation). */
let previousWordEnd = -1;

/**
 * Start of the word (letters, digits, hyphens) before `start`, separated from it by spaces only
 * and not before `from`, or -1; its end is left in {@link previousWordEnd}.
 */
function previousWordStart(text: string, start: number, from: number): number {
  let e = start;
  while (e > from && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 0xa0)) e--;
  if (e === start || e <= from) return -1;
  let s = e;
  while (s > from && (isWordChar(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 45)) s--;
  if (s === e) return -1;
  previousWordEnd = e;
  return s;
}
