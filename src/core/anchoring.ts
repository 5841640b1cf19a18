/**
 * Re-anchoring: finding where a stored annotation belongs in a text that changed since it was
 * made (a git pull, another tool, a rebase). The order follows the way web annotation clients
 * (Hypothesis) anchor a TextQuoteSelector:
 *
 * 1. the stored offsets, when the text there still equals the quote and its context agrees;
 * 2. the exact quote, choosing among its occurrences by how well the prefix/suffix context
 *    agrees, then by nearness to the old position;
 * 3. an approximate match of the quote (Myers' bit-parallel edit-distance search, at most a
 *    quarter of the quote's characters wrong), scored by quote, context and position, accepted
 *    above a score threshold;
 * 4. else the annotation is orphaned: kept with its last quote, never dropped.
 *
 * Pure functions over strings; offsets are UTF-16 code units like everywhere in the engine.
 */
import { contextOf } from './text';
import type { Annotation } from './types';

/** What an annotation stores to be found again: a position hint and a quote with its context. */
export interface QuoteSelector {
  start: number;
  end: number;
  text: string;
  prefix: string;
  suffix: string;
}

/** How an annotation was placed. */
export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

/** A place in the text for a quote, with how it was found and how sure we are (0..1). */
export interface Anchor {
  start: number;
  end: number;
  method: AnchorMethod;
  score: number;
}

/** Options of {@link anchorQuote}. */
export interface AnchorOptions {
  /** Try approximate matching when the exact quote is gone (default true). */
  fuzzy?: boolean;
  /**
   * The annotation's kind. A claim must not move onto different numbers: a fuzzy match whose
   * digits differ from the quote's is rejected (the review was about the old figure).
   */
  kind?: Annotation['kind'];
}

/** The share of a quote's characters that may be wrong in an approximate match. */
export const FUZZY_ERROR_RATE = 0.25;
/** The lowest combined score (quote, context, position) an approximate match needs. */
export const FUZZY_MIN_SCORE = 0.7;
/** Quotes shorter than this need their context to agree before an approximate match is trusted. */
const SHORT_QUOTE = 24;
/** Context agreement needed at the stored offsets before they are trusted over the other occurrences. */
const POSITION_CONTEXT = 0.75;
const MAX_EXACT_CANDIDATES = 2000;
/** Texts longer than this get an approximate search near the old position only. */
const FUZZY_WHOLE_TEXT_LIMIT = 1_000_000;
const MAX_FUZZY_CANDIDATES = 40;

const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/** Levenshtein distance (insertions, deletions, substitutions of UTF-16 code units). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** Similarity of two strings, 1 for equal, 0 for nothing in common. */
function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/** How well the stored context agrees with the text around [start, end): 0..1 each side. */
function contextScores(
  text: string,
  start: number,
  end: number,
  q: QuoteSelector,
): { prefix: number; suffix: number } {
  const prefix = q.prefix ? similarity(q.prefix, text.slice(Math.max(0, start - q.prefix.length), start)) : 1;
  const suffix = q.suffix ? similarity(q.suffix, text.slice(end, end + q.suffix.length)) : 1;
  return { prefix, suffix };
}

function combinedScore(
  text: string,
  start: number,
  end: number,
  q: QuoteSelector,
  quoteScore: number,
): { score: number; context: number } {
  const ctx = contextScores(text, start, end, q);
  const position = text.length === 0 ? 1 : 1 - Math.min(1, Math.abs(start - q.start) / text.length);
  const score =
    (QUOTE_WEIGHT * quoteScore +
      PREFIX_WEIGHT * ctx.prefix +
      SUFFIX_WEIGHT * ctx.suffix +
      POSITION_WEIGHT * position) /
    TOTAL_WEIGHT;
  return { score, context: (ctx.prefix + ctx.suffix) / 2 };
}

/** An approximate occurrence of a pattern: [start, end) with `errors` edits. */
export interface ApproxMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * Myers' bit-vector algorithm (1999), in blocks of 32 bits for long patterns: for every end
 * position in text[from, to), the fewest edits with which the pattern ends there. Calls
 * `report(end, errors)` where errors <= maxErrors. O((to - from) * ceil(m / 32)).
 */
export function myersEnds(
  text: string,
  pattern: string,
  maxErrors: number,
  report: (end: number, errors: number) => void,
  from = 0,
  to = text.length,
): void {
  const m = pattern.length;
  if (m === 0) return;
  const blocks = Math.ceil(m / 32);
  const peq = new Map<number, Uint32Array>();
  for (let i = 0; i < m; i++) {
    const c = pattern.charCodeAt(i);
    let v = peq.get(c);
    if (!v) peq.set(c, (v = new Uint32Array(blocks)));
    v[i >> 5] = (v[i >> 5]! | (1 << (i & 31))) >>> 0;
  }
  const none = new Uint32Array(blocks);
  const P = new Uint32Array(blocks).fill(0xffffffff);
  const M = new Uint32Array(blocks);
  const lastHigh = (1 << ((m - 1) & 31)) >>> 0;
  let score = m;
  for (let j = from; j < to; j++) {
    const eq = peq.get(text.charCodeAt(j)) ?? none;
    let hin = 0; // Semi-global search: the top row is all zeros.
    for (let b = 0; b < blocks; b++) {
      const pv = P[b]!;
      const mv = M[b]!;
      let e = eq[b]!;
      const xv = (e | mv) >>> 0;
      if (hin < 0) e = (e | 1) >>> 0;
      const xh = ((((((e & pv) >>> 0) + pv) >>> 0) ^ pv) | e) >>> 0;
      let ph = (mv | ~(xh | pv)) >>> 0;
      let mh = (pv & xh) >>> 0;
      const high = b === blocks - 1 ? lastHigh : 0x80000000;
      let hout = 0;
      if ((ph & high) >>> 0) hout = 1;
      else if ((mh & high) >>> 0) hout = -1;
      ph = ((ph << 1) | (hin > 0 ? 1 : 0)) >>> 0;
      mh = ((mh << 1) | (hin < 0 ? 1 : 0)) >>> 0;
      P[b] = (mh | ~(xv | ph)) >>> 0;
      M[b] = (ph & xv) >>> 0;
      hin = hout;
    }
    score += hin;
    if (score <= maxErrors) report(j + 1, score);
  }
}

/**
 * The start of the best alignment of `pattern` ending at `end`: the start s that minimises the
 * edit distance between pattern and text[s, end) (the closest to the pattern's length on ties).
 */
function alignStart(text: string, pattern: string, end: number, maxErrors: number): ApproxMatch {
  const m = pattern.length;
  const width = Math.min(end, m + maxErrors);
  // D[i][j]: distance between the last i pattern characters and the last j text characters before end.
  let previous = new Uint32Array(width + 1);
  let current = new Uint32Array(width + 1);
  for (let j = 0; j <= width; j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    const c = pattern.charCodeAt(m - i);
    for (let j = 1; j <= width; j++) {
      const cost = c === text.charCodeAt(end - j) ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  let best = 0;
  for (let j = 1; j <= width; j++) {
    const d = previous[j]!;
    const b = previous[best]!;
    if (d < b || (d === b && Math.abs(j - m) < Math.abs(best - m))) best = j;
  }
  return { start: end - best, end, errors: previous[best]! };
}

/**
 * Approximate occurrences of `pattern` in text[from, to) with at most maxErrors edits: the best
 * end of each run of matching ends, aligned to its start, fewest errors first.
 */
export function approxSearch(
  text: string,
  pattern: string,
  maxErrors: number,
  from = 0,
  to = text.length,
): ApproxMatch[] {
  const ends: { end: number; errors: number }[] = [];
  let run: { end: number; errors: number } | undefined;
  let last = -2;
  myersEnds(
    text,
    pattern,
    maxErrors,
    (end, errors) => {
      if (run && end === last + 1) {
        if (errors < run.errors) run = { end, errors };
      } else {
        if (run) ends.push(run);
        run = { end, errors };
      }
      last = end;
    },
    from,
    to,
  );
  if (run) ends.push(run);
  ends.sort((a, b) => a.errors - b.errors || a.end - b.end);
  return ends.slice(0, MAX_FUZZY_CANDIDATES).map((e) => alignStart(text, pattern, e.end, maxErrors));
}

function digitsOf(s: string): string {
  return (s.match(/\d+(?:[.,]\d+)*/g) ?? []).join('|');
}

function exactAnchor(text: string, q: QuoteSelector): Anchor | undefined {
  const n = q.text.length;
  let found: number[] = [];
  for (let i = text.indexOf(q.text); i >= 0; i = text.indexOf(q.text, i + 1)) found.push(i);
  if (found.length === 0) return undefined;
  if (found.length > MAX_EXACT_CANDIDATES) {
    found = found
      .sort((a, b) => Math.abs(a - q.start) - Math.abs(b - q.start))
      .slice(0, MAX_EXACT_CANDIDATES);
  }
  let best: Anchor | undefined;
  /** The best occurrence with the whole stored context around it, if any: it wins over the others. */
  let bestInContext: Anchor | undefined;
  const short = n < SHORT_QUOTE && (q.prefix.length > 0 || q.suffix.length > 0);
  for (const i of found) {
    const { score, context } = combinedScore(text, i, i + n, q, 1);
    // A short quote ("21 people") also occurs where it means something else: an occurrence whose
    // context shares nothing with the stored one is not this annotation's place.
    if (short && i !== q.start && !contextAgrees(text, i, i + n, q)) continue;
    const anchor: Anchor = { start: i, end: i + n, method: i === q.start ? 'position' : 'quote', score };
    if (!best || score > best.score) best = anchor;
    if (context === 1 && (!bestInContext || score > bestInContext.score)) bestInContext = anchor;
  }
  return bestInContext ?? best;
}

/** The whole stored context is around an occurrence. */
function inWholeContext(text: string, at: { start: number; end: number }, q: QuoteSelector): boolean {
  const ctx = contextScores(text, at.start, at.end, q);
  return ctx.prefix === 1 && ctx.suffix === 1;
}

/** Some context agrees: a few characters right beside the quote, or half of either side. */
function contextAgrees(text: string, start: number, end: number, q: QuoteSelector): boolean {
  let adjacent = 0;
  while (
    adjacent < q.prefix.length &&
    start - adjacent - 1 >= 0 &&
    q.prefix.charCodeAt(q.prefix.length - 1 - adjacent) === text.charCodeAt(start - adjacent - 1)
  ) {
    adjacent++;
  }
  for (
    let k = 0;
    k < q.suffix.length && end + k < text.length && q.suffix.charCodeAt(k) === text.charCodeAt(end + k);
    k++
  ) {
    adjacent++;
  }
  if (adjacent >= 3) return true;
  const ctx = contextScores(text, start, end, q);
  return Math.max(ctx.prefix, ctx.suffix) >= 0.5;
}

function fuzzyAnchor(text: string, q: QuoteSelector, options: AnchorOptions): Anchor | undefined {
  const m = q.text.length;
  const maxErrors = Math.min(256, Math.floor(m * FUZZY_ERROR_RATE));
  if (maxErrors < 1) return undefined;
  // Large texts: look near the old position first, then everywhere (up to a size where a scan
  // per annotation stays fast; beyond it only near the old position).
  const windows: [number, number][] = [];
  if (text.length > 50_000) {
    const reach = 4 * m + 5_000;
    windows.push([Math.max(0, q.start - reach), Math.min(text.length, q.end + reach)]);
  }
  if (text.length <= FUZZY_WHOLE_TEXT_LIMIT) windows.push([0, text.length]);
  for (const [from, to] of windows) {
    let best: Anchor | undefined;
    for (const match of approxSearch(text, q.text, maxErrors, from, to)) {
      if (match.end <= match.start) continue;
      const found = text.slice(match.start, match.end);
      if (options.kind === 'claim' && digitsOf(found) !== digitsOf(q.text)) continue;
      const errors = editDistance(found, q.text);
      if (errors > maxErrors) continue;
      const { score, context } = combinedScore(text, match.start, match.end, q, 1 - errors / m);
      if (m < SHORT_QUOTE && (context < 0.5 || !contextAgrees(text, match.start, match.end, q))) continue;
      if (score < FUZZY_MIN_SCORE) continue;
      if (!best || score > best.score) best = { start: match.start, end: match.end, method: 'fuzzy', score };
    }
    if (best) return best;
  }
  return undefined;
}

/** Finds an empty quote by its context: the point between prefix and suffix. */
function anchorEmpty(text: string, q: QuoteSelector): Anchor | undefined {
  const at = (i: number) =>
    text.slice(Math.max(0, i - q.prefix.length), i) === q.prefix && text.startsWith(q.suffix, i);
  if (q.start <= text.length && at(q.start))
    return { start: q.start, end: q.start, method: 'position', score: 1 };
  const joined = q.prefix + q.suffix;
  if (!joined) return undefined;
  let best: Anchor | undefined;
  for (let i = text.indexOf(joined); i >= 0; i = text.indexOf(joined, i + 1)) {
    const p = i + q.prefix.length;
    if (!best || Math.abs(p - q.start) < Math.abs(best.start - q.start))
      best = { start: p, end: p, method: 'quote', score: 1 };
  }
  return best;
}

/**
 * Finds where a quote belongs in `text`, or undefined when it cannot be placed (an orphan).
 * The text at a returned exact anchor ('position' or 'quote') equals the quote; a 'fuzzy'
 * anchor covers text within {@link FUZZY_ERROR_RATE} of it.
 */
export function anchorQuote(text: string, q: QuoteSelector, options: AnchorOptions = {}): Anchor | undefined {
  if (q.text.length === 0) return anchorEmpty(text, q);
  if (q.start >= 0 && q.end <= text.length && text.slice(q.start, q.end) === q.text) {
    const ctx = contextScores(text, q.start, q.end, q);
    // Trust the stored offsets outright only when the whole context is unchanged; otherwise they
    // compete with the other occurrences (a short quote shifted by an insertion before it may
    // now sit where another occurrence of the same words was).
    if (ctx.prefix === 1 && ctx.suffix === 1)
      return { start: q.start, end: q.end, method: 'position', score: 1 };
    if ((ctx.prefix + ctx.suffix) / 2 >= POSITION_CONTEXT) {
      // Another occurrence wins with the whole stored context around it (the text moved and a
      // near copy took its place), or with a better score.
      const best = exactAnchor(text, q);
      if (
        best &&
        best.start !== q.start &&
        (inWholeContext(text, best, q) || best.score > combinedScore(text, q.start, q.end, q, 1).score)
      )
        return best;
      return { start: q.start, end: q.end, method: 'position', score: 1 };
    }
  }
  const exact = exactAnchor(text, q);
  if (exact) return exact;
  return options.fuzzy === false ? undefined : fuzzyAnchor(text, q, options);
}

/**
 * Places an annotation from an older text in the current one: its new offsets, or undefined when
 * its quote is gone (kept for callers of the first version of this module).
 */
export function reanchor(a: Annotation, text: string): { start: number; end: number } | undefined {
  const anchor = anchorQuote(text, a, { kind: a.kind });
  return anchor ? { start: anchor.start, end: anchor.end } : undefined;
}

/** The outcome of re-anchoring one annotation. */
export interface Reanchored {
  /** The annotation at its new place (quote and context from the current text), or flagged orphaned. */
  annotation: Annotation;
  /** How it was placed, or 'orphaned'. */
  method: AnchorMethod | 'orphaned';
}

/**
 * Re-anchors one annotation to `text`. Placed: offsets, quote and context follow the text, and a
 * former orphan flag is cleared. Not placed: a copy with `orphaned: true` that keeps its last
 * offsets, quote and context, so that a later text may place it again. Conflict versions (see
 * merge.ts) are re-anchored the same way.
 */
export function reanchorAnnotation(a: Annotation, text: string): Reanchored {
  const anchor = anchorQuote(text, a, { kind: a.kind });
  let out: Annotation;
  if (!anchor) out = { ...a, orphaned: true };
  else {
    out = {
      ...a,
      start: anchor.start,
      end: anchor.end,
      text: text.slice(anchor.start, anchor.end),
      ...contextOf(text, anchor.start, anchor.end),
    };
    delete out.orphaned;
  }
  if (a.conflict) {
    out.conflict = a.conflict.map((v) => {
      if (v.deleted || v.text === undefined || v.start === undefined || v.end === undefined) return v;
      const q = { start: v.start, end: v.end, text: v.text, prefix: v.prefix ?? '', suffix: v.suffix ?? '' };
      const place = anchorQuote(text, q, { kind: v.kind ?? a.kind });
      if (!place) return { ...v, orphaned: true };
      const moved = {
        ...v,
        start: place.start,
        end: place.end,
        text: text.slice(place.start, place.end),
        ...contextOf(text, place.start, place.end),
      };
      delete moved.orphaned;
      return moved;
    });
  }
  return { annotation: out, method: anchor ? anchor.method : 'orphaned' };
}
