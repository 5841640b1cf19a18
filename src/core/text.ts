/** Small text helpers shared by the engine and the sidecar. */

/** How many characters of context each side an annotation keeps for re-anchoring. */
export const CONTEXT = 32;

/** FNV-1a 32-bit hash, as 8 hex digits: short stable ids. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The quote context of a range: up to 32 characters each side. */
export function contextOf(
  text: { slice(start: number, end: number): string },
  start: number,
  end: number,
): { prefix: string; suffix: string } {
  return { prefix: text.slice(Math.max(0, start - CONTEXT), start), suffix: text.slice(end, end + CONTEXT) };
}

/** White space as `\s` in a regular expression matches it. */
export function isSpaceChar(c: number): boolean {
  return c < 128
    ? c === 32 || (c >= 9 && c <= 13)
    : c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff;
}

/** Kebab-case id for a name: "Kataib Sayyid al-Shuhada" -> "kataib-sayyid-al-shuhada", "Sana’a" -> "sanaa". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The compass points, as nouns ("north of Baghdad") and in "southern Lebanon" when used as adjectives. */
export const COMPASS_POINTS: readonly string[] = [
  'north',
  'south',
  'east',
  'west',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
  'north-east',
  'north-west',
  'south-east',
  'south-west',
];

// Hand-written replacements for Unicode regular expressions read backwards from a position
// (`/...$/u` on a slice tries every start and allocates; these read a few characters).

/** Unicode classes of UTF-16 code units: bit 0 computed, then `\p{L}`, `\p{Lu}`, `\p{Ll}`. */
const UNICODE_CLASS = new Uint8Array(65536);
const KNOWN = 1;
const LETTER = 2;
const UPPER_LETTER = 4;
const LOWER_LETTER = 8;
for (let c = 0; c < 128; c++) {
  const lower = c >= 97 && c <= 122;
  const upper = c >= 65 && c <= 90;
  UNICODE_CLASS[c] =
    KNOWN | (lower || upper ? LETTER : 0) | (upper ? UPPER_LETTER : 0) | (lower ? LOWER_LETTER : 0);
}

function unicodeClass(c: number): number {
  let v = UNICODE_CLASS[c]!;
  if (v === 0) {
    const s = String.fromCharCode(c);
    v =
      KNOWN |
      (/\p{L}/u.test(s) ? LETTER : 0) |
      (/\p{Lu}/u.test(s) ? UPPER_LETTER : 0) |
      (/\p{Ll}/u.test(s) ? LOWER_LETTER : 0);
    UNICODE_CLASS[c] = v;
  }
  return v;
}

/** `\p{L}` for a code unit outside a surrogate pair. */
export function isUnicodeLetter(c: number): boolean {
  return (unicodeClass(c) & LETTER) !== 0;
}

/** `\p{Ll}` for a code unit outside a surrogate pair. */
export function isLowerLetter(c: number): boolean {
  return (unicodeClass(c) & LOWER_LETTER) !== 0;
}

/** `\p{Lu}` for a code unit outside a surrogate pair. */
export function isUpperLetter(c: number): boolean {
  return (unicodeClass(c) & UPPER_LETTER) !== 0;
}

/** `[\p{L}'’-]` for a code unit outside a surrogate pair: the characters of a name word. */
export function isNameChar(c: number): boolean {
  return (unicodeClass(c) & LETTER) !== 0 || c === 39 || c === 0x2019 || c === 45;
}

/** A UTF-16 surrogate: half of a code point that a `u` expression reads as one character. */
export function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** `\w` (ASCII, as without the `u` flag) for one code unit. */
export function isAsciiWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Start of the run of white space that ends at `end`, not before `lo`. */
export function spaceStart(text: string, lo: number, end: number): number {
  let k = end;
  while (k > lo && isSpaceChar(text.charCodeAt(k - 1))) k--;
  return k;
}

/** Returned by the backward readers when a surrogate stands in the way: ask the expression. */
export const UNSURE = -2;

/**
 * Where `/(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)$/u` run on text.slice(lo, end) would start
 * its match (the leftmost start: a run of capitalised words ending at `end`), or -1 if none.
 * {@link UNSURE} when a surrogate was read, which the expression would read as one code point.
 */
export function capitalisedRunStart(text: string, lo: number, end: number): number {
  let best = -1;
  let runEnd = end;
  for (;;) {
    // The run of name characters that ends at runEnd, and its first capital.
    let r = runEnd;
    while (r > lo) {
      const c = text.charCodeAt(r - 1);
      if (isSurrogate(c)) return UNSURE;
      if (!isNameChar(c)) break;
      r--;
    }
    let p = r;
    while (p < runEnd && !isUpperLetter(text.charCodeAt(p))) p++;
    if (p === runEnd) return best;
    best = p;
    // An earlier word joins only when this one starts with its capital, after white space.
    if (p !== r || r === lo || !isSpaceChar(text.charCodeAt(r - 1))) return best;
    runEnd = spaceStart(text, lo, r);
    if (runEnd === lo) return best;
  }
}

/**
 * A hash of text[start, end) (30 bits: a small integer to the engine, which a value of 31 bits or
 * more is not), with ASCII capitals folded when `lower`.
 */
export function hashRange(text: string, start: number, end: number, lower = false): number {
  let h = end - start;
  for (let k = start; k < end; k++) {
    let c = text.charCodeAt(k);
    if (lower && c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/**
 * Groups of words looked up by a range of a text without cutting it out: `flags(text, start, end)`
 * has bit g set when text.slice(start, end) is a word of group g, and `lowerCaseFlags` the same for
 * the range lower-cased (`toLowerCase`; ASCII is folded in place, other text is cut out and
 * lower-cased). One lookup answers for every group. The words are not empty; at most 31 groups.
 */
export class Lexicon {
  private readonly byWord = new Map<string, number>();
  private readonly slots: string[];
  private readonly slotFlags: Int32Array;
  private readonly mask: number;
  private readonly minLength: number;
  private readonly maxLength: number;

  constructor(groups: readonly Iterable<string>[]) {
    groups.forEach((words, g) => {
      for (const word of words)
        if (word.length > 0) this.byWord.set(word, (this.byWord.get(word) ?? 0) | (1 << g));
    });
    let size = 16;
    while (size < this.byWord.size * 4) size *= 2;
    this.mask = size - 1;
    this.slots = new Array<string>(size).fill('');
    this.slotFlags = new Int32Array(size);
    let min = Infinity;
    let max = 0;
    for (const [word, flags] of this.byWord) {
      min = Math.min(min, word.length);
      max = Math.max(max, word.length);
      let slot = hashRange(word, 0, word.length) & this.mask;
      while (this.slots[slot] !== '') slot = (slot + 1) & this.mask;
      this.slots[slot] = word;
      this.slotFlags[slot] = flags;
    }
    this.minLength = min;
    this.maxLength = max;
  }

  /** The groups of `word`. */
  flagsOf(word: string): number {
    return this.byWord.get(word) ?? 0;
  }

  /** The words of all groups. */
  words(): IterableIterator<string> {
    return this.byWord.keys();
  }

  flags(text: string, start: number, end: number): number {
    return this.find(text, start, end, false);
  }

  lowerCaseFlags(text: string, start: number, end: number): number {
    // A lower case is never shorter than the text (U+0130 becomes two code units).
    if (end - start > this.maxLength) return 0;
    for (let k = start; k < end; k++)
      if (text.charCodeAt(k) >= 128) return this.flagsOf(text.slice(start, end).toLowerCase());
    return this.find(text, start, end, true);
  }

  private find(text: string, start: number, end: number, lower: boolean): number {
    const n = end - start;
    if (n < this.minLength || n > this.maxLength) return 0;
    for (let slot = hashRange(text, start, end, lower) & this.mask; ; slot = (slot + 1) & this.mask) {
      const word = this.slots[slot]!;
      if (word === '') return 0;
      if (word.length !== n) continue;
      let k = 0;
      while (k < n) {
        let c = text.charCodeAt(start + k);
        if (lower && c >= 65 && c <= 90) c += 32;
        if (c !== word.charCodeAt(k)) break;
        k++;
      }
      if (k === n) return this.slotFlags[slot]!;
    }
  }
}

/** One group of words: {@link Lexicon} with `has` for `flags !== 0`. */
export class WordSet extends Lexicon {
  constructor(words: Iterable<string>) {
    super([words]);
  }

  /** `set.has(word)`. */
  includes(word: string): boolean {
    return this.flagsOf(word) !== 0;
  }

  has(text: string, start: number, end: number): boolean {
    return this.flags(text, start, end) !== 0;
  }

  hasLowerCase(text: string, start: number, end: number): boolean {
    return this.lowerCaseFlags(text, start, end) !== 0;
  }
}
