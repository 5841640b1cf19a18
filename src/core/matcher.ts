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
import type { EntityKind, Entry, Mention } from './types';
import {
  COMPASS_POINTS,
  UNSURE,
  WordSet,
  capitalisedRunStart,
  isLowerLetter,
  isSpaceChar,
  isSurrogate,
  isUnicodeLetter,
  spaceStart,
} from './text';

/** What a matched surface stands for. */
interface Candidate {
  surface: string;
  entry: Entry;
  role: 'name' | 'alias' | 'demonym';
  /** Exact-case only (acronyms). */
  exact: boolean;
  /**
   * The surface's capitals, which must be capitals in the text: bit k for a capital at offset k
   * (k < 31).
   */
  upperBits: number;
  /** The offsets of its capitals beyond the first 31 code units (rare), if any. */
  upperRest: number[] | undefined;
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
 * Positions of the matcher's hits that may start a name, in order: capitals and the letters that
 * could be one (`[A-Z\u00c0-\u1fff]`, the name finder's CAPITALS), kept so that the name finder,
 * which looks at the same capitals, does not search for them again.
 */
export class Hits {
  data = new Int32Array(4096);
  length = 0;
  // The last search for surfaces without an anchor in `bareText` (see Scanner.bareHits): the
  // first match at or after `bareFrom` starts at `bareNext` (the text's length: none).
  bareText: string | undefined = undefined;
  bareFrom = 0;
  bareNext = 0;

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
const DIRECTIONS = new WordSet([
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
const LOCATIVE = new WordSet([
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

/** Node ids of the two roots while building: every surface, and the surfaces that do not start with a capital. */
const ROOT_ALL = 0;
const ROOT_LOWER = 1;

/** Nodes with at least this many children get a direct row of their children in a {@link FlatTrie}. */
const DENSE_MIN = 12;

/**
 * The trie as it is built: nodes are numbers, made one after another (the nodes of a new name
 * follow one another), and the edges (node, folded code unit) -> child live in one open-addressing
 * hash table, one typed array of (node, code unit, child) triples, so that a lookup reads one short
 * run of memory; the children of the roots by ASCII code unit are also in a direct table. The
 * candidates of accepting nodes are in lists, by an index per node. Compiling a glossary is part of
 * the extension's start, when this code still runs unoptimised: building is kept to one pass over
 * the surfaces, and the layout that scans read fastest ({@link FlatTrie}) is made on the first scan.
 *
 * A text position whose character is a capital walks from {@link ROOT_ALL}; any other word start
 * can only match a surface that does not start with a capital, and walks from {@link ROOT_LOWER},
 * a trie of those surfaces alone (a handful: "al-Qaeda", "bin Salman").
 */
class Trie<T> {
  nodes = 2;
  private edges = 0;
  private mask: number;
  private shift: number;
  /** Triples (node, code unit, child); node -1 marks a free slot. */
  private table: Int32Array;
  /** The children of the two roots by ASCII code unit (-1: none). */
  private readonly roots = new Int32Array(256).fill(-1);
  /** Per node: the index of its list of values or -1; its parent and the code unit that leads to it. */
  list: Int32Array;
  private parent: Int32Array;
  private unit: Int32Array;
  readonly lists: T[][] = [];

  constructor(expectedEdges: number) {
    let bits = 4;
    while (1 << bits < expectedEdges * 2) bits++;
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.table = new Int32Array(3 << bits).fill(-1);
    this.list = new Int32Array(expectedEdges + 2).fill(-1);
    this.parent = new Int32Array(expectedEdges + 2).fill(-1);
    this.unit = new Int32Array(expectedEdges + 2);
  }

  /** The child of `node` by the folded code unit `c`, or -1. */
  next(node: number, c: number): number {
    if (node <= ROOT_LOWER && c < 128) return this.roots[node * 128 + c]!;
    const table = this.table;
    const mask = this.mask;
    for (
      let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> this.shift;
      ;
      h = (h + 1) & mask
    ) {
      const k = table[3 * h]!;
      if (k === node && table[3 * h + 1] === c) return table[3 * h + 2]!;
      if (k === -1) return -1;
    }
  }

  /** Adds a surface and its value; returns the index of the surface's list of values. */
  add(root: number, surface: string, value: T): number {
    let node = root;
    let i = 0;
    // Follow the existing path, then add the rest (a new node has no children to look up).
    for (; i < surface.length; i++) {
      const next = this.next(node, fold(surface.charCodeAt(i)));
      if (next < 0) break;
      node = next;
    }
    for (; i < surface.length; i++) {
      const next = this.nodes++;
      if (next === this.list.length) this.growNodes();
      const c = fold(surface.charCodeAt(i));
      this.parent[next] = node;
      this.unit[next] = c;
      this.insert(node, c, next);
      node = next;
    }
    let index = this.list[node]!;
    if (index === -1) this.list[node] = index = this.lists.push([]) - 1;
    this.lists[index]!.push(value);
    return index;
  }

  private growNodes(): void {
    const grow = (a: Int32Array, fill: number) => {
      const b = new Int32Array(a.length * 2).fill(fill);
      b.set(a);
      return b;
    };
    this.list = grow(this.list, -1);
    this.parent = grow(this.parent, -1);
    this.unit = grow(this.unit, 0);
  }

  /**
   * The same trie laid out for scanning (see {@link FlatTrie}): records in the order the nodes
   * were made, so that the nodes of a name follow one another in memory.
   */
  flatten(): FlatTrie<T> {
    const { nodes, parent, unit, list } = this;
    const children = new Int32Array(nodes);
    for (let n = 2; n < nodes; n++) children[parent[n]!]!++;
    // Records take 3 cells and 2 per child; every node but the roots is a child.
    const cells = new Int32Array(3 * nodes + 2 * (nodes - 2));
    const offset = new Int32Array(nodes);
    let rows = 0;
    for (let n = 0, o = 0; n < nodes; n++) {
      const count = children[n]!;
      offset[n] = o;
      cells[o] = count;
      cells[o + 1] = list[n]!;
      cells[o + 2] = count >= DENSE_MIN ? 128 * rows++ : -1;
      o += 3 + 2 * count;
    }
    const dense = new Int32Array(rows * 128).fill(-1);
    // Each node's pairs, filled from the end: children[p] counts down to 0.
    for (let n = nodes - 1; n >= 2; n--) {
      const o = offset[parent[n]!]!;
      const k = o + 1 + 2 * children[parent[n]!]!--;
      const c = unit[n]!;
      cells[k] = c;
      cells[k + 1] = offset[n]!;
      if (cells[o + 2]! >= 0 && c < 128) dense[cells[o + 2]! + c] = offset[n]!;
    }
    return new FlatTrie(cells, dense, this.lists, offset[ROOT_ALL]!, offset[ROOT_LOWER]!);
  }

  private insert(node: number, c: number, child: number): void {
    if (node <= ROOT_LOWER && c < 128) this.roots[node * 128 + c] = child;
    if (++this.edges * 2 > this.mask + 1) this.grow();
    this.place(node, c, child);
  }

  private place(node: number, c: number, child: number): void {
    const table = this.table;
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> this.shift;
    while (table[3 * h] !== -1) h = (h + 1) & this.mask;
    table[3 * h] = node;
    table[3 * h + 1] = c;
    table[3 * h + 2] = child;
  }

  private grow(): void {
    const old = this.table;
    this.mask = this.mask * 2 + 1;
    this.shift--;
    this.table = new Int32Array(3 * (this.mask + 1)).fill(-1);
    for (let k = 0; k < old.length; k += 3) if (old[k] !== -1) this.place(old[k]!, old[k + 1]!, old[k + 2]!);
  }
}

/**
 * The trie as scans read it: one flat array of node records, each a short run of memory. A node is
 * the offset of its record in `cells`: [number of children n, candidate list or -1, dense row or
 * -1, then n pairs of (folded code unit, child)]. A node with many children (near the roots) also
 * has a direct row of its children by ASCII code unit in `dense`.
 */
class FlatTrie<T> {
  constructor(
    readonly cells: Int32Array,
    readonly dense: Int32Array,
    /** The values of accepting nodes (the candidates of a surface), by the index in their record. */
    readonly lists: readonly T[][],
    readonly rootAll: number,
    readonly rootLower: number,
  ) {}

  /** The child of `node` by the folded code unit `c`, or -1. */
  next(node: number, c: number): number {
    const cells = this.cells;
    const row = cells[node + 2]!;
    if (row >= 0 && c < 128) return this.dense[row + c]!;
    const end = node + 3 + 2 * cells[node]!;
    for (let k = node + 3; k < end; k += 2) if (cells[k] === c) return cells[k + 1]!;
    return -1;
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
 * unit that only non-ASCII text folds to; the text there is a hit, and between the surface's start
 * and the first hit there is only ASCII that is no capital, which must be a prefix of the surface
 * ("al-", "bin ", "5th "). So at each hit the text before it is read backwards through a trie of
 * those prefixes, reversed (`before`), and the surfaces are tried where a prefix starts. The few
 * surfaces without an anchor (all lower-case ASCII) have an expression of their own (`bare`).
 */
interface Starts {
  regex: RegExp;
  /** The folded prefixes of the anchored lower-case surfaces up to their anchor, reversed. */
  before: Trie<number> | undefined;
  /** The longest of those prefixes. */
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
  const before = new Trie<number>(64);
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
    // Every prefix up to the anchor: a code unit before it may be a hit too (U+2010 for "-").
    let reversed = '';
    for (let k = 0; k < anchor; k++) {
      reversed = surface[k]! + reversed;
      before.add(ROOT_ALL, reversed, anchor);
    }
    if (anchor > maxAnchor) maxAnchor = anchor;
  }
  return {
    regex: /[A-Z\u0080-\uffff]/g,
    before: maxAnchor > 0 ? before : undefined,
    maxAnchor,
    bare: bare.length > 0 ? new RegExp([...new Set(bare)].sort().join('|'), 'gi') : undefined,
    maxLength,
  };
}

/** What compiling the surfaces gives (see {@link build}). */
interface Built {
  trie: Trie<Candidate>;
  /** The surfaces that do not start with a capital, in order (see {@link startsOf}). */
  lowerStarts: string[];
  surfaceCount: number;
  /** The code units of all surfaces. */
  chars: number;
  maxLength: number;
}

/** A candidate, made in one place so that every candidate has the same shape. */
function candidateOf(
  surface: string,
  entry: Entry,
  role: Candidate['role'],
  exact: boolean,
  upperBits: number,
  upperRest: number[] | undefined,
  kind: number,
): Candidate {
  return { surface, entry, role, exact, upperBits, upperRest, kind };
}

/** The offsets of a surface's capitals beyond its first 31 code units (see {@link Candidate}). */
function upperRestOf(surface: string): number[] | undefined {
  let rest: number[] | undefined;
  for (let i = 31; i < surface.length; i++) if (isUpper(surface.charCodeAt(i))) (rest ??= []).push(i);
  return rest;
}

/**
 * Adds every name, alias and demonym of the entries to a new trie. With `records`, appends four
 * numbers per surface for {@link compileMatcherCache}: its list in the trie from the root of all
 * surfaces, its list from the root of the lower-case starts (or -1), its capitals' bits and 1 for
 * an acronym (else 0).
 */
function build(entries: readonly Entry[], records?: number[]): Built {
  let chars = 0;
  for (const entry of entries) {
    chars += entry.name.length;
    for (const alias of entry.aliases) chars += alias.length;
    for (const demonym of entry.demonyms) chars += demonym.length;
  }
  const trie = new Trie<Candidate>(chars + 16);
  const lowerStarts: string[] = [];
  let surfaceCount = 0;
  let maxLength = 1;
  const add = (surface: string, entry: Entry, role: Candidate['role']) => {
    if (surface.length === 0) return;
    // One pass over the surface: its capitals, and whether it is an acronym (UN, IS, IDF, U.S.:
    // capitals and no lower-case letter, at most 8 code units), which matches only in its exact case.
    let capitals = 0;
    let upperBits = 0;
    let upperRest: number[] | undefined;
    let lowerLetter = false;
    for (let i = 0; i < surface.length; i++) {
      const c = surface.charCodeAt(i);
      if (isUpper(c)) {
        capitals++;
        if (i < 31) upperBits |= 1 << i;
        else (upperRest ??= []).push(i);
      } else if (!lowerLetter && isWordChar(c) && !(c >= 48 && c <= 57)) lowerLetter = true;
    }
    const exact = !lowerLetter && capitals >= 1 && surface.length <= 8;
    const candidate = candidateOf(surface, entry, role, exact, upperBits, upperRest, kindOf(entry, role));
    const all = trie.add(ROOT_ALL, surface, candidate);
    let lower = -1;
    if (!isUpper(surface.charCodeAt(0))) {
      lower = trie.add(ROOT_LOWER, surface, candidate);
      lowerStarts.push(surface);
    }
    records?.push(all, lower, upperBits, exact ? 1 : 0);
    surfaceCount++;
    if (surface.length > maxLength) maxLength = surface.length;
  };
  for (const entry of entries) {
    add(entry.name, entry, 'name');
    for (const alias of entry.aliases) add(alias, entry, 'alias');
    for (const demonym of entry.demonyms) add(demonym, entry, 'demonym');
  }
  return { trie, lowerStarts, surfaceCount, chars, maxLength };
}

/** The matcher over a trie (as built, or laid out already). */
function matcherOf(
  trie: Trie<Candidate>,
  lowerStarts: readonly string[],
  maxLength: number,
  surfaceCount: number,
): Matcher {
  const scanner = new Scanner(trie, startsOf(lowerStarts, maxLength), maxLength);
  return {
    surfaceCount,
    scan: (text, from = 0, to = text.length, out = []) =>
      scanner.scan(text, from, to, from, to, out, undefined),
    scanWithin: (text, from, to, scanFrom, scanTo, out = [], hits) =>
      scanner.scan(text, from, to, scanFrom, scanTo, out, hits),
  };
}

/** Precompiled matchers by the entries they were compiled from (see {@link useMatcherCache}). */
const caches = new WeakMap<readonly Entry[], Int32Array>();

/**
 * Builds the matcher once from every name, alias and demonym of the entries: from the
 * precompiled trie that {@link useMatcherCache} gave for these entries when it fits them, else
 * by compiling them.
 */
export function compileMatcher(entries: readonly Entry[]): Matcher {
  const cache = caches.get(entries);
  if (cache !== undefined) {
    const matcher = matcherFromCache(entries, cache);
    if (matcher !== undefined) return matcher;
    caches.delete(entries);
  }
  const { trie, lowerStarts, surfaceCount, maxLength } = build(entries);
  return matcherOf(trie, lowerStarts, maxLength, surfaceCount);
}

// A precompiled matcher (see compileMatcherCache) is one Int32Array: a header, four numbers per
// surface (see build), then the cells and the dense rows of the trie laid out for scanning.
const CACHE_MAGIC = 0x31474d47; // "GMG1" in little-endian bytes
/**
 * The version of the precompiled matcher's layout and of the folding and case rules it was made
 * with: change it whenever {@link build}, {@link Trie.flatten}, {@link fold} or {@link isUpper}
 * change what they give, so that a cache written by other code is not used.
 */
const CACHE_VERSION = 1;
const H_MAGIC = 0;
const H_VERSION = 1;
const H_ID = 2;
const H_SURFACES = 3;
const H_CHARS = 4;
const H_LISTS = 5;
const H_CELLS = 6;
const H_DENSE = 7;
const H_ROOT_ALL = 8;
const H_ROOT_LOWER = 9;
const H_LENGTH = 10;
const HEADER = 11;

/** A trie that was laid out for scanning already (from a precompiled matcher). */
class LaidOutTrie extends Trie<Candidate> {
  constructor(private readonly flat: FlatTrie<Candidate>) {
    super(0);
  }

  override flatten(): FlatTrie<Candidate> {
    return this.flat;
  }
}

/**
 * The matcher of the entries, precompiled (at build time) for {@link useMatcherCache}: the trie
 * laid out for scanning and what each surface's candidate needs, so that loading it does not walk
 * the surfaces' characters. Its id (a hash of the content) is {@link matcherCacheId}.
 */
export function compileMatcherCache(entries: readonly Entry[]): Int32Array {
  const records: number[] = [];
  const { trie, surfaceCount, chars } = build(entries, records);
  const flat = trie.flatten();
  const data = new Int32Array(HEADER + records.length + flat.cells.length + flat.dense.length);
  data.set(records, HEADER);
  data.set(flat.cells, HEADER + records.length);
  data.set(flat.dense, HEADER + records.length + flat.cells.length);
  data[H_MAGIC] = CACHE_MAGIC;
  data[H_VERSION] = CACHE_VERSION;
  data[H_SURFACES] = surfaceCount;
  data[H_CHARS] = chars;
  data[H_LISTS] = flat.lists.length;
  data[H_CELLS] = flat.cells.length;
  data[H_DENSE] = flat.dense.length;
  data[H_ROOT_ALL] = flat.rootAll;
  data[H_ROOT_LOWER] = flat.rootLower;
  data[H_LENGTH] = data.length;
  // FNV-1a over everything else.
  let hash = 0x811c9dc5;
  for (let k = 0; k < data.length; k++) if (k !== H_ID) hash = Math.imul(hash ^ data[k]!, 0x01000193);
  data[H_ID] = hash;
  return data;
}

/** The id of a precompiled matcher: a hash of its content, or undefined when it is none. */
export function matcherCacheId(cache: Int32Array): number | undefined {
  return cache.length >= HEADER && cache[H_MAGIC] === CACHE_MAGIC && cache[H_VERSION] === CACHE_VERSION
    ? cache[H_ID]
    : undefined;
}

/**
 * Gives the matcher that {@link compileMatcherCache} precompiled for these entries (this very
 * array): {@link compileMatcher} then loads it instead of compiling, if it fits them (the same
 * number of surfaces and code units, the format of this code), else compiles as usual.
 */
export function useMatcherCache(entries: readonly Entry[], cache: Int32Array): void {
  if (matcherCacheId(cache) !== undefined) caches.set(entries, cache);
}

/**
 * True when the matcher of these entries is (or will be) loaded from the precompiled one that
 * {@link useMatcherCache} gave: for logs.
 */
export function precompiledMatcher(entries: readonly Entry[]): boolean {
  return caches.has(entries);
}

function matcherFromCache(entries: readonly Entry[], cache: Int32Array): Matcher | undefined {
  const surfaceCount = cache[H_SURFACES]!;
  const listCount = cache[H_LISTS]!;
  const cellsAt = HEADER + 4 * surfaceCount;
  const denseAt = cellsAt + cache[H_CELLS]!;
  if (
    surfaceCount < 0 ||
    listCount < 0 ||
    cache[H_LENGTH] !== cache.length ||
    denseAt + cache[H_DENSE]! !== cache.length
  )
    return undefined;
  // The lists are made in the order the trie made them: a surface whose list is new has the next.
  const lists: Candidate[][] = [];
  const lowerStarts: string[] = [];
  /** Every 64th surface and its list, checked against the trie below. */
  const samples: string[] = [];
  const sampleLists: number[] = [];
  let n = 0;
  let chars = 0;
  let maxLength = 1;
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    const aliases = entry.aliases;
    const demonyms = entry.demonyms;
    const nameKind = kindOf(entry, 'name');
    const count = 1 + aliases.length + demonyms.length;
    for (let j = 0; j < count; j++) {
      const surface =
        j === 0 ? entry.name : j <= aliases.length ? aliases[j - 1]! : demonyms[j - 1 - aliases.length]!;
      const length = surface.length;
      if (length === 0) continue;
      if (n === surfaceCount) return undefined;
      if ((n & 63) === 0) {
        samples.push(surface);
        sampleLists.push(cache[HEADER + 4 * n]!);
      }
      const k = HEADER + 4 * n++;
      const role = j === 0 ? 'name' : j <= aliases.length ? 'alias' : 'demonym';
      const candidate = candidateOf(
        surface,
        entry,
        role,
        cache[k + 3] === 1,
        cache[k + 2]!,
        length > 31 ? upperRestOf(surface) : undefined,
        role === 'demonym' ? K_DEMONYM : nameKind,
      );
      const all = cache[k]!;
      if (all === lists.length) lists.push([candidate]);
      else if (all >= 0 && all < lists.length) lists[all]!.push(candidate);
      else return undefined;
      const lower = cache[k + 1]!;
      if (lower >= 0) {
        if (lower === lists.length) lists.push([candidate]);
        else if (lower < lists.length) lists[lower]!.push(candidate);
        else return undefined;
        lowerStarts.push(surface);
      }
      chars += length;
      if (length > maxLength) maxLength = length;
    }
  }
  if (n !== surfaceCount || lists.length !== listCount || chars !== cache[H_CHARS]) return undefined;
  const flat = new FlatTrie(
    cache.subarray(cellsAt, denseAt),
    cache.subarray(denseAt),
    lists,
    cache[H_ROOT_ALL]!,
    cache[H_ROOT_LOWER]!,
  );
  // The sampled surfaces, walked through the trie as a scan walks it, must end at their lists (the
  // second cell of a node's record, see FlatTrie): a cache that code laying the trie out or folding
  // differently wrote is not used.
  for (let s = 0; s < samples.length; s++) {
    const surface = samples[s]!;
    let node = flat.rootAll;
    for (let i = 0; i < surface.length && node >= 0; i++) node = flat.next(node, fold(surface.charCodeAt(i)));
    if (node < 0 || flat.cells[node + 1] !== sampleLists[s]) return undefined;
  }
  return matcherOf(new LaidOutTrie(flat), lowerStarts, maxLength, surfaceCount);
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

/**
 * The candidates of the trie's lists in one run, list after list (list l is [listStart[l],
 * listStart[l + 1])), with what a match reads of each in flat arrays: a walk that accepts reads
 * no candidate object unless its case test needs more than its capitals.
 */
class CandidateTable {
  readonly listStart: Int32Array;
  readonly candidates: Candidate[] = [];
  /** 1 when the case test is {@link upperMatches} of `upperBits` (not exact, no capitals past 31). */
  readonly plain: Uint8Array;
  readonly upperBits: Int32Array;
  readonly kinds: Uint8Array;
  readonly entities: string[] = [];
  readonly entryKinds: EntityKind[] = [];

  constructor(lists: readonly Candidate[][]) {
    this.listStart = new Int32Array(lists.length + 1);
    let n = 0;
    for (const list of lists) n += list.length;
    this.plain = new Uint8Array(n);
    this.upperBits = new Int32Array(n);
    this.kinds = new Uint8Array(n);
    let x = 0;
    for (let l = 0; l < lists.length; l++) {
      this.listStart[l] = x;
      for (const candidate of lists[l]!) {
        this.candidates.push(candidate);
        this.plain[x] = !candidate.exact && candidate.upperRest === undefined ? 1 : 0;
        this.upperBits[x] = candidate.upperBits;
        this.kinds[x] = candidate.kind;
        this.entities.push(candidate.entry.id);
        this.entryKinds.push(candidate.entry.kind);
        x++;
      }
    }
    this.listStart[lists.length] = x;
  }
}

/** Whether the text at `start` has a capital at each offset of the bits `upperBits`. */
function upperMatches(upperBits: number, text: string, start: number): boolean {
  for (let bits = upperBits; bits !== 0; bits &= bits - 1) {
    const offset = 31 - Math.clz32(bits & -bits);
    if (!isUpper(text.charCodeAt(start + offset))) return false;
  }
  return true;
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
  for (let bits = candidate.upperBits; bits !== 0; bits &= bits - 1) {
    const offset = 31 - Math.clz32(bits & -bits);
    if (!isUpper(text.charCodeAt(start + offset))) return false;
  }
  const rest = candidate.upperRest;
  if (rest !== undefined)
    for (const offset of rest) if (!isUpper(text.charCodeAt(start + offset))) return false;
  return true;
}

class Scanner {
  /** Ends and candidate lists of the accepting positions of the current walk (no allocation per word). */
  private readonly acceptEnd: Int32Array;
  private readonly acceptList: Int32Array;
  /** Where lower-case surfaces may start before a hit (scratch). */
  private readonly lowerStarts: Int32Array;
  /** The starts {@link bareHits} found in a range (scratch). */
  private readonly bareScratch: number[] = [];
  /** The trie as built, until the first scan lays it out for scanning (and lets it go). */
  private built: Trie<Candidate> | undefined;
  private flat: FlatTrie<Candidate> | undefined;
  private table: CandidateTable | undefined;

  constructor(
    trie: Trie<Candidate>,
    private readonly starts: Starts,
    maxLength: number,
  ) {
    this.built = trie;
    this.acceptEnd = new Int32Array(maxLength + 1);
    this.acceptList = new Int32Array(maxLength + 1);
    this.lowerStarts = new Int32Array(starts.maxAnchor + 1);
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
    const trie = this.flat ?? this.layOut();
    const before = this.starts.before;
    const maxAnchor = this.starts.maxAnchor;
    const bare = this.bareHits(text, scanFrom, scanTo, hits);
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
          const end = this.walk(trie, text, q, trie.rootLower, from, to, out);
          if (end > 0) i = end;
        }
      }
      if (before !== undefined) {
        // Surfaces that start in lower case before this hit ("al-" before "Qaeda"): where the text
        // read backwards from the hit spells a prefix of one, in order.
        let node = ROOT_ALL;
        let n = 0;
        for (let q = h - 1; q >= i && q >= h - maxAnchor; q--) {
          // Text before a hit is ASCII; nodes with children have a direct row (see startsOf).
          node = before.next(node, fold(text.charCodeAt(q)));
          if (node < 0) break;
          if (before.list[node]! >= 0) this.lowerStarts[n++] = q;
        }
        let floor = i;
        while (n > 0) {
          const q = this.lowerStarts[--n]!;
          if (q < floor || (q > 0 && isWordChar(text.charCodeAt(q - 1)))) continue;
          const end = this.walk(trie, text, q, trie.rootLower, from, to, out);
          if (end > 0) floor = (i = end) + 1;
        }
      }
      if (h >= scanTo) break;
      const c = text.charCodeAt(h);
      // The hits that may start a name are kept for the name finder, which looks at the same capitals.
      if (hits !== undefined && ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x1fff))) hits.push(h);
      if (h < i) {
        if (hits === undefined && re.lastIndex < i) re.lastIndex = i;
        continue;
      }
      i = h + 1;
      if (!isWordChar(c) || (h > 0 && isWordChar(text.charCodeAt(h - 1)))) continue;
      const end = this.walk(trie, text, h, isUpper(c) ? trie.rootAll : trie.rootLower, from, to, out);
      if (end > 0) {
        i = end;
        if (hits === undefined) re.lastIndex = end;
      }
    }
    return out;
  }

  private layOut(): FlatTrie<Candidate> {
    this.flat = this.built!.flatten();
    this.table = new CandidateTable(this.flat.lists);
    this.built = undefined;
    return this.flat;
  }

  /**
   * Starts of the surfaces without an anchor in [scanFrom, scanTo). Without `hits`, they are
   * searched in a slice of the text; with it (a scan of the prose ranges of one text in order),
   * in the whole text, and the last search is kept in `hits`: a range that starts before the
   * next match found searches nothing (every match starts before scanTo, so it lies within the
   * slice: a surface is no longer than maxLength).
   */
  private bareHits(
    text: string,
    scanFrom: number,
    scanTo: number,
    hits: Hits | undefined,
  ): number[] | undefined {
    const re = this.starts.bare;
    if (re === undefined) return undefined;
    if (hits !== undefined) {
      const out = this.bareScratch;
      out.length = 0;
      for (let q = scanFrom; ;) {
        if (hits.bareText !== text || q < hits.bareFrom || q > hits.bareNext) {
          re.lastIndex = q;
          const m = re.exec(text);
          hits.bareText = text;
          hits.bareFrom = q;
          hits.bareNext = m === null ? text.length : m.index;
        }
        const next = hits.bareNext;
        if (next >= scanTo) return out;
        out.push(next);
        q = next + 1;
      }
    }
    const slice = text.slice(scanFrom, Math.min(text.length, scanTo + this.starts.maxLength));
    const found: number[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(slice); m !== null && m.index < scanTo - scanFrom; m = re.exec(slice)) {
      found.push(scanFrom + m.index);
      re.lastIndex = m.index + 1;
    }
    return found;
  }

  /** Walks the trie from the word start `i`; on a match, appends the mention and returns its end, else -1. */
  private walk(
    trie: FlatTrie<Candidate>,
    text: string,
    i: number,
    root: number,
    from: number,
    to: number,
    out: Mention[],
  ): number {
    const cells = trie.cells;
    const dense = trie.dense;
    const acceptEnd = this.acceptEnd;
    const acceptList = this.acceptList;
    // Walk the trie from this word start, remembering every accepting position.
    let node = trie.next(root, fold(text.charCodeAt(i)));
    let j = i + 1;
    let accepting = 0;
    while (node >= 0) {
      const list = cells[node + 1]!;
      if (list >= 0 && (j >= to || !isWordChar(text.charCodeAt(j)))) {
        acceptEnd[accepting] = j;
        acceptList[accepting++] = list;
      }
      if (j >= to) break;
      // FlatTrie.next, inlined: the direct row, else the node's few children.
      const c = fold(text.charCodeAt(j++));
      const row = cells[node + 2]!;
      if (row >= 0 && c < 128) node = dense[row + c]!;
      else {
        const end = node + 3 + 2 * cells[node]!;
        let k = node + 3;
        while (k < end && cells[k] !== c) k += 2;
        node = k < end ? cells[k + 1]! : -1;
      }
    }
    const table = this.table!;
    const listStart = table.listStart;
    for (let k = accepting - 1; k >= 0; k--) {
      const list = acceptList[k]!;
      for (let x = listStart[list]!, last = listStart[list + 1]!; x < last; x++) {
        if (
          table.plain[x] === 1
            ? upperMatches(table.upperBits[x]!, text, i)
            : caseMatches(table.candidates[x]!, text, i)
        ) {
          const end = acceptEnd[k]!;
          out.push(classify(table.kinds[x]!, table.entities[x]!, table.entryKinds[x]!, text, i, end, from));
          return end;
        }
      }
    }
    return -1;
  }
}

/**
 * Decides actor or place from the candidate's kind (K_DEMONYM...), entity and entry kind and its
 * context, and extends "southern" + place.
 */
function classify(
  kind: number,
  entity: string,
  entryKind: EntityKind,
  text: string,
  start: number,
  end: number,
  from: number,
): Mention {
  if (kind === K_DEMONYM) return { start, end, kind: 'actor', entity };
  if (kind === K_OTHER) return { start, end, kind: entryKind, entity };
  const ps = previousWordStart(text, start, from);
  const pe = ps >= 0 ? previousWordEnd : -1;
  // A lower-case direction word before a place or state ("southern Lebanon").
  if (ps >= 0 && pe - ps >= 4 && pe - ps <= 13) {
    const c = text.charCodeAt(ps);
    if (c >= 97 && c <= 122 && DIRECTIONS.hasLowerCase(text, ps, pe)) {
      return { start: ps, end, kind: 'place', entity };
    }
  }
  if (kind === K_STATE) {
    const locative = ps >= 0 && pe - ps >= 2 && pe - ps <= 10 && LOCATIVE.has(text, ps, pe);
    return { start, end, kind: locative ? 'place' : 'actor', entity };
  }
  if (kind === K_METONYM) {
    return { start, end, kind: capitalActsAfter(text, start, end, ps, pe) ? 'actor' : 'place', entity };
  }
  return { start, end, kind: 'place', entity };
}

/** Nouns after a capital's possessive that keep it a place ("Beirut's southern suburbs"). */
const PLACE_NOUNS = new WordSet(
  (
    'northern southern eastern western central suburbs suburb outskirts streets street port airport centre center ' +
    'downtown mayor residents neighbourhood neighborhood neighbourhoods neighborhoods old city hospitals hospital ' +
    'skyline population university municipality governor district districts'
  ).split(' '),
);

/** Verbs before a capital that take a government as their object ("warned Tehran"). */
const GOVERNMENT_OBJECT_VERBS = new WordSet(
  (
    'warned urged told accused pressed asked blamed sanctioned threatened condemned criticised criticized supported ' +
    'backed sponsored armed funded informed notified reassured assured by'
  ).split(' '),
);

/** Words after a capital that make it stand for its government ("Tehran said"). */
const GOVERNMENT_VERBS = new WordSet(
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
const SKIPPABLE = new WordSet([
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
const AT = new WordSet(['at']);
const IN = new WordSet(['in']);

/** Prepositions that make a capital after them a location. */
const PLACE_PREPOSITIONS = new WordSet([
  ...LOCATIVE.words(),
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
const GOVERNMENT_SOURCES = new WordSet(
  (
    'pressure support backing orders order approval message messages request requests demands demand warning warnings ' +
    'response criticism funding aid assurances guarantees signal signals offer proposal appeal letter ultimatum sent ' +
    'delivered conveyed passed appealed turned loyal close closer allied sanctions reliance dependence influence ' +
    'leverage government regime leadership policy policies position stance decision ally allies envoy envoys ambassador ' +
    'ambassadors'
  ).split(' '),
);

const MONTHS_AND_DAYS =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;
/** A dateline after a capital at a line start ("BEIRUT —", "Amman, Jan. 5"). */
const DATELINE = /^\s*(?:[—–]|-\s|,\s*(?:\p{Lu}\p{Ll}*\.?\s+\d|\d))/u;
const COMPOUND = /^-(?:based|born|bound)\b/;
const POSSESSIVE = /^['’]s\s+([\p{L}-]+)/u;

/** Actor or place after a possessive ("Beirut's southern suburbs", "Tehran's proxies"). */
function possessiveActs(owned: string): boolean {
  return !(
    PLACE_NOUNS.includes(owned.toLowerCase()) ||
    (/^\p{Lu}/u.test(owned) && !MONTHS_AND_DAYS.test(owned))
  );
}

/**
 * A capital stands for its government unless its context makes it a location: a dateline, a
 * preposition of place before it or before the list it stands in ("strikes in Homs, Latakia and
 * Damascus"), a place noun after it ("Beirut suburbs", "Baghdad's Dora district"). A verb after
 * it ("Tehran denied") or a verb of pressure before it ("warned Tehran") makes it an actor, and
 * so does a preposition after a noun of a government's act ("pressure from Washington").
 *
 * This is the definition, with regular expressions on slices of the text; the scan uses
 * {@link capitalActsAfter}, which reads the same characters by hand.
 */
export function capitalActsByExpressions(
  text: string,
  start: number,
  end: number,
  previous: string | undefined,
): boolean {
  const prev = previous?.toLowerCase();
  if (prev !== undefined && GOVERNMENT_OBJECT_VERBS.includes(prev)) return true;
  const after = text.slice(end, end + 40);
  if (DATELINE.test(after) && atLineStart(text, start)) return false;
  if (COMPOUND.test(after)) return false;
  const possessive = POSSESSIVE.exec(after);
  if (possessive) return possessiveActs(possessive[1]!);
  if (prev !== undefined && PLACE_PREPOSITIONS.includes(prev)) {
    return prev !== 'in' && GOVERNMENT_SOURCES.includes(wordBefore(text, start, prev.length));
  }
  const words = /^\s+([\p{L}]+)(?:\s+([\p{L}]+))?(?:\s+([\p{L}]+))?/u.exec(after);
  for (let k = 1; words && k <= 3; k++) {
    const w = words[k]?.toLowerCase();
    if (!w) break;
    if (GOVERNMENT_VERBS.includes(w)) return true;
    if (!(SKIPPABLE.includes(w) || (k === 1 && w === 'at'))) break;
  }
  const lead = listLead(text, start);
  if (lead && PLACE_PREPOSITIONS.includes(lead.word))
    return GOVERNMENT_SOURCES.includes(lead.before) && lead.word !== 'in';
  if (words && PLACE_NOUNS.includes(words[1]!.toLowerCase())) return false;
  return true;
}

/**
 * {@link capitalActsByExpressions} for the capital text[start, end) after the word text[ps, pe)
 * (ps = -1: none), reading the characters around it by hand instead of cutting out slices for
 * expressions; where a surrogate stands in the way (an expression with the `u` flag reads a
 * surrogate pair as one character), the expressions decide.
 */
export function capitalActsAfter(text: string, start: number, end: number, ps: number, pe: number): boolean {
  const read = readCapitalActs(text, start, end, ps, pe);
  return read === UNSURE
    ? capitalActsByExpressions(text, start, end, ps >= 0 ? text.slice(ps, pe) : undefined)
    : read === 1;
}

/** {@link capitalActsAfter} by hand: 1 actor, 0 place, or {@link UNSURE}. */
function readCapitalActs(text: string, start: number, end: number, ps: number, pe: number): number {
  if (ps >= 0 && GOVERNMENT_OBJECT_VERBS.hasLowerCase(text, ps, pe)) return 1;
  // The expressions read `after`, text[end, limit); the rare cases are left to them.
  const limit = Math.min(text.length, end + 40);
  const c = end < limit ? text.charCodeAt(end) : -1;
  if (atLineStart(text, start) && DATELINE.test(text.slice(end, limit))) return 0;
  if (c === 45 && COMPOUND.test(text.slice(end, limit))) return 0;
  if ((c === 39 || c === 0x2019) && end + 1 < limit && text.charCodeAt(end + 1) === 115) {
    const possessive = POSSESSIVE.exec(text.slice(end, limit));
    if (possessive) return possessiveActs(possessive[1]!) ? 1 : 0;
  }
  if (ps >= 0 && PLACE_PREPOSITIONS.hasLowerCase(text, ps, pe)) {
    if (IN.hasLowerCase(text, ps, pe)) return 0;
    const w = readWordBefore(text, start, pe - ps);
    if (w === UNSURE) return UNSURE;
    return w >= 0 && GOVERNMENT_SOURCES.hasLowerCase(text, w, foundEnd) ? 1 : 0;
  }
  // Up to three words after it: a verb makes it an actor, "also", "then"... may come first.
  let w1 = -1;
  let w1End = -1;
  for (let k = 1, p = end; k <= 3; k++) {
    const w = readWordAfter(text, p, limit);
    if (w === UNSURE) return UNSURE;
    if (w < 0) break;
    p = foundEnd;
    if (k === 1) {
      w1 = w;
      w1End = p;
    }
    if (GOVERNMENT_VERBS.hasLowerCase(text, w, p)) return 1;
    if (!(SKIPPABLE.hasLowerCase(text, w, p) || (k === 1 && AT.hasLowerCase(text, w, p)))) break;
  }
  const lead = readListLead(text, start);
  if (lead === UNSURE) return UNSURE;
  if (lead >= 0 && PLACE_PREPOSITIONS.has(text, lead, foundEnd)) {
    const word = lead;
    const wordEnd = foundEnd;
    return GOVERNMENT_SOURCES.hasLowerCase(text, leadBefore, leadBeforeEnd) && !IN.has(text, word, wordEnd)
      ? 1
      : 0;
  }
  if (w1 >= 0 && PLACE_NOUNS.hasLowerCase(text, w1, w1End)) return 0;
  return 1;
}

/** End of the range found by the last reader below that returned a start (a second return value). */
let foundEnd = -1;
/** The word before the list found by the last {@link readListLead} (empty when none). */
let leadBefore = 0;
let leadBeforeEnd = 0;

/** `[\p{L}-]` for a code unit outside a surrogate pair. */
function isLetterOrHyphen(c: number): boolean {
  return c === 45 || isUnicodeLetter(c);
}

/**
 * Start of the run of code units that pass `test` and end at `end`, not before `lo`, or
 * {@link UNSURE} when a surrogate comes first.
 */
function runBefore(text: string, lo: number, end: number, test: (c: number) => boolean): number {
  let r = end;
  while (r > lo) {
    const c = text.charCodeAt(r - 1);
    if (isSurrogate(c)) return UNSURE;
    if (!test(c)) break;
    r--;
  }
  return r;
}

/**
 * {@link wordBefore} by hand: the start of the word (its end in {@link foundEnd}), -1 for none,
 * or {@link UNSURE}.
 */
function readWordBefore(text: string, start: number, length: number): number {
  const lo = Math.max(0, start - length - 40);
  const e = spaceStart(text, lo, start);
  const r = runBefore(text, lo, e, isLetterOrHyphen);
  if (r === UNSURE) return UNSURE;
  if (r === e) return -1;
  const k = spaceStart(text, lo, r);
  if (k === r) return -1;
  const w = runBefore(text, lo, k, isLetterOrHyphen);
  if (w === UNSURE) return UNSURE;
  if (w === k) return -1;
  foundEnd = k;
  return w;
}

/**
 * The next word of `\s+(\p{L}+)` at `p` within `limit`: its start (its end in {@link foundEnd}),
 * -1 for none, or {@link UNSURE}.
 */
function readWordAfter(text: string, p: number, limit: number): number {
  let q = p;
  while (q < limit && isSpaceChar(text.charCodeAt(q))) q++;
  if (q === p) return -1;
  let r = q;
  while (r < limit) {
    const c = text.charCodeAt(r);
    if (isSurrogate(c)) return UNSURE;
    if (!isUnicodeLetter(c)) break;
    r++;
  }
  if (r === q) return -1;
  foundEnd = r;
  return q;
}

/** `[\s(]` for one code unit. */
function opensWord(c: number): boolean {
  return c === 40 || isSpaceChar(c);
}

/**
 * {@link listLead} by hand: the start of the lower-case word (its end in {@link foundEnd}, the
 * word before it in {@link leadBefore}/{@link leadBeforeEnd}), -1 for none, or {@link UNSURE}.
 */
function readListLead(text: string, start: number): number {
  let i = start;
  for (;;) {
    // `(?:^|[\s(])(\p{Ll}[\p{Ll}-]*)\s+$` on text[lo, i): a lower-case word, then white space.
    const lo = Math.max(0, i - 40);
    const k = spaceStart(text, lo, i);
    let r = k;
    if (k < i && k > lo) {
      r = runBefore(text, lo, k, isLowerLetterOrHyphen);
      if (r === UNSURE) return UNSURE;
      if (r < k && !(isLowerLetter(text.charCodeAt(r)) && (r === lo || opensWord(text.charCodeAt(r - 1)))))
        r = k;
    }
    if (r < k) {
      if ((k - r === 3 && text.startsWith('and', r)) || (k - r === 2 && text.startsWith('or', r))) {
        // "X and Y": step over "and" and the name before it,
        // `(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*),?\s+(?:and|or)\s+$` on text[lo80, i).
        const lo80 = Math.max(0, i - 80);
        if (r === lo80 || !isSpaceChar(text.charCodeAt(r - 1))) return -1;
        let e = spaceStart(text, lo80, r);
        if (e > lo80 && text.charCodeAt(e - 1) === 44) e--;
        const s = capitalisedRunStart(text, lo80, e);
        if (s < 0) return s;
        i = s;
        continue;
      }
      // The word before the match (which starts at the opening character, if any), read by
      // `([\p{L}-]+)\s*$` on the 30 characters before it, with that character if a space or "(".
      const p = r === lo ? r : r - 1;
      const c = text.charCodeAt(p);
      const bEnd = p + (c === 32 || c === 40 ? 1 : 0);
      const bLo = Math.max(0, p - 30);
      const e = spaceStart(text, bLo, bEnd);
      const b = runBefore(text, bLo, e, isLetterOrHyphen);
      if (b === UNSURE) return UNSURE;
      leadBefore = b;
      leadBeforeEnd = e;
      foundEnd = k;
      return r;
    }
    // ", " after a name in a list: step over it, `(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*),\s+$`.
    const lo60 = Math.max(0, i - 60);
    const k60 = spaceStart(text, lo60, i);
    if (k60 === i || k60 === lo60 || text.charCodeAt(k60 - 1) !== 44) return -1;
    const s = capitalisedRunStart(text, lo60, k60 - 1);
    if (s < 0) return s;
    i = s;
  }
}

/** `[\p{Ll}-]` for a code unit outside a surrogate pair. */
function isLowerLetterOrHyphen(c: number): boolean {
  return c === 45 || isLowerLetter(c);
}

/** The lower-case word before the word of `length` characters that ends before `start`. */
function wordBefore(text: string, start: number, length: number): string {
  const head = text.slice(Math.max(0, start - length - 40), start).trimEnd();
  const m = /([\p{L}-]+)\s+[\p{L}-]+$/u.exec(head);
  return m ? m[1]!.toLowerCase() : '';
}

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
