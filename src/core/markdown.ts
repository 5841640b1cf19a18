/**
 * Markdown awareness: which parts of a document are prose. Front matter, fenced code, inline
 * code, link targets, reference definitions, HTML tags and comments, bare URLs and ordered-list
 * markers are not; headings, lists, blockquotes and link text are. Plain text is prose
 * throughout, except bare URLs.
 *
 * Only front matter, code fences and HTML comments that span lines depend on more than one line
 * (they are "structural"); everything else is decided line by line, so that an edit that does
 * not touch a fence, a comment or the front matter changes only the exclusions of its own lines
 * ({@link lineExclusions}, used by src/core/incremental.ts).
 *
 * The scan does not visit every character: a global regular expression finds the few that can
 * start something (backticks, "](", "<", URLs) and each line is read from its first characters.
 */

/** A half-open range [start, end) of UTF-16 offsets. */
export type Range = [number, number];

/** Languages read as Markdown; everything else is plain text. */
export function isMarkdown(languageId: string): boolean {
  return languageId === 'markdown' || languageId === 'md' || languageId === 'mdx';
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"']*[^\s<>()[\]"'.,;:!?]/gy;
const URLS = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"']*[^\s<>()[\]"'.,;:!?]/g;
const TAG_RE = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<(?:https?|mailto):[^\s<>]*>/y;
const FRONT_MATTER = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/y;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const REFERENCE = /^ {0,3}\[[^\]]+\]:\s*\S/;
const LIST_MARKER = /^[ \t]*(?:>[ \t]*)*\d{1,9}[.)](?=[ \t])/;
/** Where something inline can start: a backtick, "](", "<", a URL. */
const INLINE = /[`\]<]|https?:\/\/|www\./g;

/** The layout of a document's exclusions. */
export interface Layout {
  /** Ranges that are not prose, flat ([s0, e0, s1, e1, ...]), sorted and merged. */
  excluded: number[];
  /** The front matter, fences and multi-line comments among them, flat, in order. */
  structural: number[];
}

/** Returns the ranges of `text` that are not prose, sorted and non-overlapping. */
export function excludedRanges(text: string, languageId: string): Range[] {
  return pairs(layoutOf(text, languageId).excluded);
}

/** Returns the prose ranges of `text`: the complement of {@link excludedRanges}. */
export function proseRanges(text: string, languageId: string): Range[] {
  return pairs(complement(layoutOf(text, languageId).excluded, text.length));
}

/** The exclusions of a document, with the structural ones apart. */
export function layoutOf(text: string, languageId: string): Layout {
  const out: number[] = [];
  const structural: number[] = [];
  if (!isMarkdown(languageId)) {
    addUrls(text, 0, text.length, out);
    return { excluded: normalise(out), structural };
  }
  const inline = new InlineScanner(text);
  let pos = 0;
  // Front matter: a YAML block at the very start between --- lines.
  FRONT_MATTER.lastIndex = 0;
  const fm = text.startsWith('---') ? FRONT_MATTER.exec(text) : null;
  if (fm) {
    out.push(0, fm[0].length);
    structural.push(0, fm[0].length);
    pos = fm[0].length;
  }
  let fenceChar = 0;
  let fenceLength = 0;
  let fenceStart = -1;
  let comment = -1;
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    const next = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    if (fenceStart >= 0) {
      if (fenceAt(text, pos, lineEnd) > 0) {
        const close = FENCE_CLOSE.exec(text.slice(pos, lineEnd));
        if (close && close[1]!.charCodeAt(0) === fenceChar && close[1]!.length >= fenceLength) {
          out.push(fenceStart, lineEnd);
          structural.push(fenceStart, lineEnd);
          fenceStart = -1;
        }
      }
      pos = next;
      continue;
    }
    if (comment >= 0) {
      const close = indexWithin(text, '-->', pos, lineEnd);
      if (close >= 0) {
        out.push(comment, close + 3);
        structural.push(comment, close + 3);
        comment = -1;
        inline.scan(close + 3, lineEnd, out);
      }
      pos = next;
      continue;
    }
    const fence = fenceAt(text, pos, lineEnd);
    if (fence > 0) {
      const open = FENCE_OPEN.exec(text.slice(pos, lineEnd))!;
      fenceChar = open[1]!.charCodeAt(0);
      fenceLength = open[1]!.length;
      fenceStart = pos;
      pos = next;
      continue;
    }
    const open = lineStart(text, pos, lineEnd, inline, out);
    if (open >= 0) comment = open;
    pos = next;
  }
  if (fenceStart >= 0) {
    out.push(fenceStart, text.length);
    structural.push(fenceStart, text.length);
  }
  if (comment >= 0) {
    out.push(comment, text.length);
    structural.push(comment, text.length);
  }
  return { excluded: normalise(out), structural };
}

/**
 * Appends the exclusions of the whole lines in [from, to) to `out` (flat, unsorted), for lines
 * outside any fence, comment or front matter that open none ({@link touchesStructure} is false).
 */
export function lineExclusions(
  text: string,
  from: number,
  to: number,
  languageId: string,
  out: number[],
): void {
  if (!isMarkdown(languageId)) {
    addUrls(text, from, to, out);
    return;
  }
  const inline = new InlineScanner(text);
  let pos = from;
  while (pos < to) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    lineStart(text, pos, lineEnd, inline, out);
    pos = lineEnd + 1;
  }
}

/**
 * Whether the lines [from, to) hold something whose effect spans lines: a fence, an HTML comment
 * marker, or (near the start of the document) a front matter delimiter.
 */
export function touchesStructure(
  text: { slice(start: number, end: number): string },
  from: number,
  to: number,
  languageId: string,
): boolean {
  if (!isMarkdown(languageId)) return false;
  const lines = text.slice(from, to);
  return (
    lines.includes('```') ||
    lines.includes('~~~') ||
    lines.includes('<!--') ||
    lines.includes('-->') ||
    /(?:^|\n)(?:---|\.\.\.)/.test(lines)
  );
}

/** The complement of sorted, merged flat ranges within [0, length), flat. */
export function complement(excluded: readonly number[], length: number): number[] {
  const out: number[] = [];
  let pos = 0;
  for (let k = 0; k < excluded.length; k += 2) {
    const s = excluded[k]!;
    if (s > pos) out.push(pos, s);
    pos = excluded[k + 1]!;
  }
  if (pos < length) out.push(pos, length);
  return out;
}

/** Flat ranges as pairs. */
export function pairs(flat: readonly number[]): Range[] {
  const out: Range[] = [];
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k]!, flat[k + 1]!]);
  return out;
}

/** Sorts and merges flat ranges (overlapping or touching), dropping empty ones. */
export function normalise(flat: number[]): number[] {
  let sorted = true;
  for (let k = 2; k < flat.length && sorted; k += 2) {
    if (flat[k]! < flat[k - 2]! || (flat[k] === flat[k - 2] && flat[k + 1]! < flat[k - 1]!)) sorted = false;
  }
  let ranges = flat;
  if (!sorted) {
    const order: number[] = [];
    for (let k = 0; k < flat.length; k += 2) order.push(k);
    order.sort((a, b) => flat[a]! - flat[b]! || flat[a + 1]! - flat[b + 1]!);
    ranges = [];
    for (const k of order) ranges.push(flat[k]!, flat[k + 1]!);
  }
  const out: number[] = [];
  for (let k = 0; k < ranges.length; k += 2) {
    const s = ranges[k]!;
    const e = ranges[k + 1]!;
    const n = out.length;
    if (n > 0 && s <= out[n - 1]!) out[n - 1] = Math.max(out[n - 1]!, e);
    else if (e > s) out.push(s, e);
  }
  return out;
}

/** The length of the backtick or tilde run that opens a fence on the line at `pos` (0 if none). */
function fenceAt(text: string, pos: number, lineEnd: number): number {
  let p = pos;
  while (p < lineEnd && p - pos < 3 && text.charCodeAt(p) === 32) p++;
  const c = text.charCodeAt(p);
  if (c !== 96 && c !== 126) return 0;
  let q = p;
  while (q < lineEnd && text.charCodeAt(q) === c) q++;
  return q - p >= 3 ? q - p : 0;
}

/** Index of `needle` starting in [from, to), or -1. */
function indexWithin(text: string, needle: string, from: number, to: number): number {
  for (let p = from; p + needle.length <= text.length && p < to; p++) {
    if (text.startsWith(needle, p)) return p;
  }
  return -1;
}

/**
 * A line outside fences and comments: reference definitions, ordered-list markers and the inline
 * exclusions. Returns the start of an HTML comment left open at the end of the line, or -1.
 */
function lineStart(text: string, pos: number, lineEnd: number, inline: InlineScanner, out: number[]): number {
  // The first character that is not a space or a tab decides which line patterns can apply.
  let p = pos;
  while (p < lineEnd && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
  const c = text.charCodeAt(p);
  if (c === 91 /* [ */ && REFERENCE.test(text.slice(pos, lineEnd))) {
    out.push(pos, lineEnd);
    return -1;
  }
  if ((c >= 48 && c <= 57) || c === 62 /* > */) {
    const marker = LIST_MARKER.exec(text.slice(pos, lineEnd));
    if (marker) out.push(pos + marker[0].search(/\d/), pos + marker[0].length);
  }
  return inline.scan(pos, lineEnd, out);
}

/**
 * Excludes inline code, link targets, autolinks, HTML tags and comments and bare URLs within one
 * line, jumping between the hits of {@link INLINE}. Lines are scanned in order; the next hit is
 * kept between lines.
 */
class InlineScanner {
  private hit = -1;
  private readonly re = new RegExp(INLINE.source, 'g');

  constructor(private readonly text: string) {}

  /** The first hit at or after `p`. */
  private next(p: number): number {
    if (this.hit < p) {
      this.re.lastIndex = p;
      this.hit = this.re.test(this.text)
        ? this.re.lastIndex - matchLength(this.text, this.re.lastIndex)
        : 0x7fffffff;
    }
    return this.hit;
  }

  /** Scans text[start, end) (end is a line end). Returns the start of an unclosed comment, or -1. */
  scan(start: number, end: number, out: number[]): number {
    const text = this.text;
    let i = start;
    for (;;) {
      i = this.next(i);
      if (i >= end) return -1;
      const c = text.charCodeAt(i);
      if (c === 96 /* ` */) {
        let run = 1;
        while (i + run < end && text.charCodeAt(i + run) === 96) run++;
        let close = ticksWithin(text, i + run, end, run);
        while (close >= 0 && text.charCodeAt(close + run) === 96)
          close = ticksWithin(text, close + run + 1, end, run);
        if (close >= 0) {
          out.push(i, close + run);
          i = close + run;
          continue;
        }
        i += run;
        continue;
      }
      if (c === 93 /* ] */) {
        if (text.charCodeAt(i + 1) === 40 /* ( */) {
          let depth = 0;
          let j = i + 1;
          for (; j < end; j++) {
            const d = text.charCodeAt(j);
            if (d === 40) depth++;
            else if (d === 41 && --depth === 0) break;
          }
          if (j < end) {
            out.push(i + 1, j + 1);
            i = j + 1;
            continue;
          }
        }
        i++;
        continue;
      }
      if (c === 60 /* < */) {
        if (text.startsWith('<!--', i)) {
          const close = indexWithin(text, '-->', i + 4, end);
          if (close < 0) return i;
          out.push(i, close + 3);
          i = close + 3;
          continue;
        }
        TAG_RE.lastIndex = i;
        const m = TAG_RE.exec(text);
        if (m && i + m[0].length <= end) {
          out.push(i, i + m[0].length);
          i += m[0].length;
          continue;
        }
        i++;
        continue;
      }
      // "http://", "https://" or "www.": a bare URL at a word start.
      if (i === start || !isWordOrSlash(text.charCodeAt(i - 1))) {
        URL_RE.lastIndex = i;
        const m = URL_RE.exec(text);
        if (m && i + m[0].length <= end) {
          out.push(i, i + m[0].length);
          i += m[0].length;
          continue;
        }
      }
      i++;
    }
  }
}

/** The length of the {@link INLINE} hit that ends at `end`: one character, or a URL opening. */
function matchLength(text: string, end: number): number {
  const c = text.charCodeAt(end - 1);
  if (c === 96 || c === 93 || c === 60) return 1;
  return c === 46 ? 4 : text.charCodeAt(end - 4) === 115 ? 8 : 7; // "www." | "https://" | "http://"
}

/** `[\w/]` for one code unit. */
function isWordOrSlash(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 47;
}

/** First p in [from, end) where `run` backticks start, as `indexOf` would find them before `end`. */
function ticksWithin(text: string, from: number, end: number, run: number): number {
  for (let p = from; p < end; p++) {
    if (text.charCodeAt(p) !== 96) continue;
    let k = 1;
    while (k < run && text.charCodeAt(p + k) === 96) k++;
    if (k === run) return p;
  }
  return -1;
}

/** Bare URLs in [start, end), searched in a slice so that the search stops at `end`. */
function addUrls(text: string, start: number, end: number, out: number[]): void {
  const whole = start === 0 && end === text.length;
  const slice = whole ? text : text.slice(start, end);
  URLS.lastIndex = 0;
  for (let m = URLS.exec(slice); m; m = URLS.exec(slice))
    out.push(start + m.index, start + m.index + m[0].length);
}
