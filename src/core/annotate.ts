/**
 * The annotation engine: text in, sorted non-overlapping spans out (entity mentions from the
 * glossary matcher, numeric claims from the claim scanner), Markdown-aware.
 *
 * The work is done per piece of prose: a prose range, or a part of one made of whole paragraphs
 * (src/core/incremental.ts scans paragraph by paragraph). The matcher, the name finder and the
 * claim scanner read context outside a piece (up to {@link CONTEXT_REACH} characters across a
 * blank line) but never carry state across a blank line, so that the pieces of a range give what
 * a scan of the whole range gives.
 */
import { scanClaims, scanClaimsWithin } from './claims';
import type { Range } from './markdown';
import { proseRanges } from './markdown';
import type { Matcher } from './matcher';
import { compileMatcher, Hits } from './matcher';
import type { NameMemory } from './names';
import { findUnlistedNames } from './names';
import {
  contextOf,
  fnv1a,
  hashRange,
  isAsciiWordCode,
  isNameChar,
  isSpaceChar,
  isSurrogate,
  isUpperLetter,
  spaceStart,
} from './text';
import type { Steps } from './steps';
import { drain, STEP_ITEMS } from './steps';
import type { Annotation, ClaimSpan, Glossary, Mention } from './types';

/** A glossary with its compiled matcher: built once, used for every document. */
export interface Engine {
  readonly glossary: Glossary;
  readonly matcher: Matcher;
  /** Also find people, places and bodies that the glossary does not list (default on). */
  readonly unlistedNames: boolean;
}

/** Compiles the matcher for a glossary. */
export function createEngine(glossary: Glossary, options: { unlistedNames?: boolean } = {}): Engine {
  return {
    glossary,
    matcher: compileMatcher(glossary.entries),
    unlistedNames: options.unlistedNames ?? true,
  };
}

/** A span found by the engine: an entity mention or a claim. */
export type FoundSpan = Mention | ClaimSpan;

/**
 * How far the engine reads around a span, across line breaks: "Operation" up to 60 characters
 * before a name, 40 characters of cue words before a name and of verbs after a capital. A change
 * further away from a paragraph than this cannot change its spans, except through the names a
 * document remembers (see {@link NameLog}).
 */
export const CONTEXT_REACH = 64;

/**
 * Finds every mention and claim in the prose of `text`, sorted by start, non-overlapping.
 * Where a claim and a mention overlap, the mention wins: a number inside a name ("Unit 8200")
 * is no claim, and a claim stops before a counted noun that is a name ("150 Palestinians").
 */
export function findSpans(engine: Engine, text: string, languageId: string, ranges?: Range[]): FoundSpan[] {
  const prose = ranges ?? proseRanges(text, languageId);
  const listed: Mention[][] = [];
  const hits = engine.unlistedNames ? new Hits() : undefined;
  const hitStarts: number[] = [];
  for (const [start, end] of prose) {
    hitStarts.push(hits?.length ?? 0);
    listed.push(listedMentions(engine, text, start, end, start, end, hits));
  }
  // Names found with a cue anywhere in the document are recognised everywhere: a first pass
  // fills the memory, the second uses it.
  const unlisted = hits ? unlistedTwoPasses(text, prose, listed, hits, hitStarts) : undefined;
  // Spans of different prose ranges never overlap: each range is merged on its own.
  const out: FoundSpan[] = [];
  const claims: ClaimSpan[] = [];
  const mentions = new MergedMentions();
  for (let k = 0; k < prose.length; k++) {
    const [start, end] = prose[k]!;
    claims.length = 0;
    scanClaims(text, start, end, claims);
    mentions.reset(listed[k]!, unlisted?.[k] ?? NO_MENTIONS);
    mergeSpansOf(text, mentions, claims, out);
  }
  return out;
}

const NO_MENTIONS: readonly Mention[] = [];

/**
 * The merge of two sorted, mutually non-overlapping mention lists as {@link mergeSorted} makes it,
 * read one mention at a time (`head`, undefined at the end) instead of built.
 */
class MergedMentions {
  private a: readonly Mention[] = NO_MENTIONS;
  private b: readonly Mention[] = NO_MENTIONS;
  private i = 0;
  private j = 0;
  head: Mention | undefined = undefined;

  reset(a: readonly Mention[], b: readonly Mention[]): void {
    this.a = a;
    this.b = b;
    this.i = 0;
    this.j = 0;
    this.advance();
  }

  advance(): void {
    const a = this.a;
    let i = this.i;
    if (this.j < this.b.length) {
      const y = this.b[this.j]!;
      // An unlisted name that swallows a listed mention wins.
      while (i < a.length && a[i]!.start < y.end && y.start < a[i]!.end) i++;
      if (i < a.length && a[i]!.start <= y.start) {
        this.head = a[i]!;
        this.i = i + 1;
      } else {
        this.head = y;
        this.i = i;
        this.j++;
      }
    } else if (i < a.length) {
      this.head = a[i]!;
      this.i = i + 1;
    } else this.head = undefined;
  }
}

/** {@link mergeSpans} of the mentions `mentions` reads. */
function mergeSpansOf(text: string, mentions: MergedMentions, claims: ClaimSpan[], out: FoundSpan[]): void {
  for (const claim of claims) {
    while (mentions.head !== undefined && mentions.head.end <= claim.start) {
      out.push(mentions.head);
      mentions.advance();
    }
    let end = claim.end;
    let start = claim.start;
    if (mentions.head !== undefined && mentions.head.start <= claim.start) {
      const mention = mentions.head;
      start = mention.end;
      while (start < end && isSpaceChar(text.charCodeAt(start))) start++;
      if (!hasDigit(text, start, end)) continue;
      out.push(mention);
      mentions.advance();
    }
    if (mentions.head !== undefined && mentions.head.start < end) {
      end = mentions.head.start;
      while (end > start && isClaimTrail(text.charCodeAt(end - 1))) end--;
      if (end <= start) continue;
    }
    out.push(end === claim.end && start === claim.start ? claim : { ...claim, start, end });
  }
  while (mentions.head !== undefined) {
    out.push(mentions.head);
    mentions.advance();
  }
}

/**
 * The glossary mentions that start in [scanFrom, scanTo) of the prose range [from, to), without
 * those inside operation names. With `hits`, the capitals the matcher looked at are appended to it.
 */
export function listedMentions(
  engine: Engine,
  text: string,
  from: number,
  to: number,
  scanFrom: number,
  scanTo: number,
  hits?: Hits,
): Mention[] {
  return dropOperationNames(text, engine.matcher.scanWithin(text, from, to, scanFrom, scanTo, [], hits));
}

/**
 * The claims that start in [scanFrom, scanTo) of the prose range [from, to), appended to `out`.
 */
export function claimsWithin(
  text: string,
  from: number,
  to: number,
  scanFrom: number,
  scanTo: number,
  out: ClaimSpan[],
): ClaimSpan[] {
  return scanFrom === from && scanTo === to
    ? scanClaims(text, from, to, out)
    : scanClaimsWithin(text, from, to, scanFrom, scanTo, out);
}

/**
 * A copy of a string that does not keep the document alive: V8 makes longer substrings views of
 * their string, and a log kept through edits would keep every version of the text.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/**
 * What a piece of prose read from and wrote to the name memory, in order: with the same answers
 * to its reads, a piece finds the same names again and writes the same entries.
 */
export class NameLog implements NameMemory {
  /** Keys read (kind 0) or written (kind 1), with the value read or written. */
  readonly keys: string[] = [];
  readonly values: (string | undefined)[] = [];
  readonly kinds: number[] = [];

  constructor(public memory: NameMemory) {}

  get length(): number {
    return this.keys.length;
  }

  get(name: string): string | undefined {
    const value = this.memory.get(name);
    this.keys.push(own(name));
    this.values.push(value);
    this.kinds.push(0);
    return value;
  }

  set(name: string, entity: string): this {
    this.memory.set(name, entity);
    this.keys.push(own(name));
    this.values.push(entity);
    this.kinds.push(1);
    return this;
  }

  /**
   * Replays the events [from, to) against `memory`: when every read gets the answer it got
   * then, applies the writes and returns true; otherwise changes nothing and returns false.
   */
  replay(memory: NameMemory, from = 0, to = this.keys.length): boolean {
    const { keys, values, kinds } = this;
    let own: Map<string, string> | undefined;
    for (let e = from; e < to; e++) {
      const key = keys[e]!;
      if (kinds[e] === 1) (own ??= new Map()).set(key, values[e]!);
      else if ((own !== undefined && own.has(key) ? own.get(key) : memory.get(key)) !== values[e])
        return false;
    }
    if (own !== undefined)
      for (let e = from; e < to; e++) if (kinds[e] === 1) memory.set(keys[e]!, values[e]!);
    return true;
  }

  /** The last value written to each key in the events [from, to), or undefined if none. */
  writes(from = 0, to = this.keys.length): Map<string, string> | undefined {
    let out: Map<string, string> | undefined;
    for (let e = from; e < to; e++)
      if (this.kinds[e] === 1) (out ??= new Map()).set(this.keys[e]!, this.values[e]!);
    return out;
  }
}

/** Events of a {@link ScanMemory} log. */
const READ = 0;
const WRITE = 1;

/**
 * The name memory of a full scan ({@link findSpans}), with the log of its first pass: the names
 * found so far, and what each piece of prose read and wrote, in order (as {@link NameLog} records
 * it, for a replay in the second pass). Names live in an open-addressing table that is looked up
 * by a range of the text, so that reading a name cuts nothing out of the text (the name finder
 * reads far more names than it finds). Names and entities are numbered as they are first written
 * (a name is never removed): an event logs the numbers of the name and the entity, so that the
 * replay of a read of a known name is a comparison of numbers, and a read of an unknown name is
 * logged by its offsets and hash, and skipped by the replay when no name of its hash was written.
 */
class ScanMemory implements NameMemory {
  /** The table: per slot, the number of a name plus one (0: free), at most half full. */
  private slots = new Int32Array(256);
  private count = 0;
  /** Per name number: the name, and the number of its entity. */
  private readonly names: string[] = [];
  private readonly values: number[] = [];
  /** The entities written, by number, and their numbers. */
  private readonly entities: string[] = [];
  private readonly entityNumbers = new Map<string, number>();
  /** Per 16 bits of a name's hash: 1 when a name with that hash was ever written. */
  private readonly written = new Uint8Array(1 << 16);
  /** Whether reads and writes are logged (the first pass). */
  logging = true;
  // The log, one entry per event: its kind, the name's number (-1: not in the memory; then its
  // offsets in the text and its hash, or a key in `keys` when the name came as a string) and the
  // number of the entity read or written (-1: none).
  private kinds = new Uint8Array(1024);
  private nameRefs = new Int32Array(1024);
  private valueRefs = new Int32Array(1024);
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private keyRefs = new Int32Array(1024);
  private readonly keys: string[] = [];
  length = 0;
  /** Scratch of {@link replay}: per name number, {@link ownStamp} when the piece replayed wrote it, and what. */
  private ownStamps = new Int32Array(64);
  private ownValues = new Int32Array(64);
  private ownStamp = 0;

  constructor(private readonly text: string) {}

  getAt(text: string, start: number, end: number): string | undefined {
    const hash = hashRange(text, start, end);
    const n = this.find(text, start, end, hash);
    if (this.logging) {
      if (n >= 0 || text === this.text)
        this.log(READ, n, n < 0 ? -1 : this.values[n]!, start, end, hash, undefined);
      else this.log(READ, n, -1, 0, 0, hash, text.slice(start, end));
    }
    return n < 0 ? undefined : this.entities[this.values[n]!];
  }

  get(name: string): string | undefined {
    const hash = hashRange(name, 0, name.length);
    const n = this.find(name, 0, name.length, hash);
    if (this.logging) this.log(READ, n, n < 0 ? -1 : this.values[n]!, 0, 0, hash, n < 0 ? name : undefined);
    return n < 0 ? undefined : this.entities[this.values[n]!];
  }

  set(name: string, entity: string): this {
    const hash = hashRange(name, 0, name.length);
    let n = this.find(name, 0, name.length, hash);
    if (n < 0) n = this.add(name, hash);
    let value = this.entityNumbers.get(entity);
    if (value === undefined) {
      value = this.entities.push(entity) - 1;
      this.entityNumbers.set(entity, value);
    }
    this.values[n] = value;
    if (this.logging) this.log(WRITE, n, value, 0, 0, 0, undefined);
    return this;
  }

  /** The number of the name text[start, end) (of hash `hash`), or -1. */
  private find(text: string, start: number, end: number, hash: number): number {
    if (this.written[hash & 0xffff] === 0) return -1;
    const { slots, names } = this;
    const mask = slots.length - 1;
    const length = end - start;
    for (let h = hash & mask; ; h = (h + 1) & mask) {
      const n = slots[h]! - 1;
      if (n < 0) return -1;
      const name = names[n]!;
      if (name.length === length && text.startsWith(name, start)) return n;
    }
  }

  /** Adds a name that is not in the table; returns its number. */
  private add(name: string, hash: number): number {
    this.written[hash & 0xffff] = 1;
    const n = this.names.push(name) - 1;
    this.values.push(-1);
    this.place(n, hash);
    if (++this.count * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let k = 0; k < this.names.length; k++) {
        const other = this.names[k]!;
        this.place(k, hashRange(other, 0, other.length));
      }
    }
    return n;
  }

  /** Puts the name number `n` in the first free slot from its hash. */
  private place(n: number, hash: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let h = hash & mask;
    while (slots[h] !== 0) h = (h + 1) & mask;
    slots[h] = n + 1;
  }

  private log(
    kind: number,
    name: number,
    value: number,
    start: number,
    end: number,
    hash: number,
    key: string | undefined,
  ): void {
    const e = this.length++;
    if (e === this.kinds.length) {
      const grow = <T extends Uint8Array | Int32Array>(small: T, big: T): T => (big.set(small), big);
      this.kinds = grow(this.kinds, new Uint8Array(e * 2));
      this.nameRefs = grow(this.nameRefs, new Int32Array(e * 2));
      this.valueRefs = grow(this.valueRefs, new Int32Array(e * 2));
      this.starts = grow(this.starts, new Int32Array(e * 2));
      this.ends = grow(this.ends, new Int32Array(e * 2));
      this.hashes = grow(this.hashes, new Int32Array(e * 2));
      this.keyRefs = grow(this.keyRefs, new Int32Array(e * 2));
    }
    this.kinds[e] = kind;
    this.nameRefs[e] = name;
    this.valueRefs[e] = value;
    this.starts[e] = start;
    this.ends[e] = end;
    this.hashes[e] = hash;
    this.keyRefs[e] = key === undefined ? -1 : this.keys.push(key) - 1;
  }

  /**
   * Replays the logged events [from, to) (logging off): when every read gets the answer it got
   * then, applies the writes and returns true; otherwise changes nothing and returns false.
   */
  replay(from: number, to: number): boolean {
    const { kinds, nameRefs, valueRefs, values } = this;
    if (this.ownStamps.length < this.names.length) {
      this.ownStamps = new Int32Array(this.names.length * 2);
      this.ownValues = new Int32Array(this.names.length * 2);
    }
    const { ownStamps, ownValues } = this;
    // The writes of this piece so far are its own: they reach the memory when all reads agree.
    const stamp = ++this.ownStamp;
    let wrote = false;
    for (let e = from; e < to; e++) {
      const n = nameRefs[e]!;
      if (kinds[e] === WRITE) {
        ownStamps[n] = stamp;
        ownValues[n] = valueRefs[e]!;
        wrote = true;
      } else if (n >= 0) {
        if ((ownStamps[n] === stamp ? ownValues[n] : values[n]) !== valueRefs[e]) return false;
      } else {
        // A name that was not there then (nor written by this piece before the read, which would
        // have put it there): the answer is the same while it is still not there.
        const hash = this.hashes[e]!;
        if (this.written[hash & 0xffff] === 0) continue;
        const ref = this.keyRefs[e]!;
        const key = ref < 0 ? undefined : this.keys[ref]!;
        const found =
          key === undefined
            ? this.find(this.text, this.starts[e]!, this.ends[e]!, hash)
            : this.find(key, 0, key.length, hash);
        if (found >= 0) return false;
      }
    }
    if (wrote) for (let e = from; e < to; e++) if (kinds[e] === WRITE) values[nameRefs[e]!] = valueRefs[e]!;
    return true;
  }
}

/**
 * The unlisted names of each prose range: a first pass fills the memory with the names found by
 * their cues, the second finds them everywhere. A range of the second pass whose reads of the
 * memory give the answers of the first pass is not scanned again: its writes are replayed.
 */
function unlistedTwoPasses(
  text: string,
  prose: readonly Range[],
  listed: readonly Mention[][],
  hits: Hits,
  hitStarts: readonly number[],
): Mention[][] {
  const memory = new ScanMemory(text);
  const first: Mention[][] = [];
  const marks: number[] = [];
  for (let k = 0; k < prose.length; k++) {
    const [start, end] = prose[k]!;
    marks.push(memory.length);
    first.push(findUnlistedNames(text, start, end, listed[k]!, memory, start, end, hits, hitStarts[k]));
  }
  marks.push(memory.length);
  memory.logging = false;
  const second: Mention[][] = [];
  for (let k = 0; k < prose.length; k++) {
    const [start, end] = prose[k]!;
    second.push(
      memory.replay(marks[k]!, marks[k + 1]!)
        ? first[k]!
        : findUnlistedNames(text, start, end, listed[k]!, memory, start, end, hits, hitStarts[k]),
    );
  }
  return second;
}

const OPERATION = /\bOperation(?:\s+\p{Lu}[\p{L}'’-]*)*\s+$/u;

/**
 * Whether a mention at `start` follows an operation name ("Operation Prosperity Guardian"):
 * `OPERATION.test(text.slice(Math.max(0, start - 60), start))`, read backwards by hand (the
 * expression decides when a surrogate stands in the way).
 */
export function followsOperation(text: string, start: number): boolean {
  const lo = Math.max(0, start - 60);
  let pos = spaceStart(text, lo, start);
  if (pos === start) return false;
  // The usual case: a lower-case word (ASCII) stands before the mention.
  let q = pos;
  while (q > lo && isLowerAscii(text.charCodeAt(q - 1))) q--;
  if (q < pos && (q === lo || isSpaceChar(text.charCodeAt(q - 1)))) return false;
  for (;;) {
    // "Operation" ends here after a word boundary.
    const o = pos - 9;
    if (o >= lo && text.startsWith('Operation', o) && (o === lo || !isAsciiWordCode(text.charCodeAt(o - 1))))
      return true;
    // Else a capitalised word ends here, after white space.
    let r = pos;
    while (r > lo) {
      const c = text.charCodeAt(r - 1);
      if (isSurrogate(c)) return OPERATION.test(text.slice(lo, start));
      if (!isNameChar(c)) break;
      r--;
    }
    if (r === pos || !isUpperLetter(text.charCodeAt(r)) || r === lo || !isSpaceChar(text.charCodeAt(r - 1)))
      return false;
    pos = spaceStart(text, lo, r);
  }
}

function isLowerAscii(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** Operation names are not marked ("Operation Prosperity Guardian"): drops mentions inside them. */
function dropOperationNames(text: string, mentions: Mention[]): Mention[] {
  // A mention follows an operation name only when "Operation" stands in the 60 code units before
  // it: when it stands nowhere before the last mention, since 60 before the first, none does.
  if (mentions.length === 0) return mentions;
  const lo = Math.max(0, mentions[0]!.start - 60);
  if (text.slice(lo, mentions[mentions.length - 1]!.start).indexOf('Operation') < 0) return mentions;
  let out: Mention[] | undefined;
  for (let k = 0; k < mentions.length; k++) {
    const m = mentions[k]!;
    const drop = followsOperation(text, m.start);
    if (drop && out === undefined) out = mentions.slice(0, k);
    else if (!drop && out !== undefined) out.push(m);
  }
  return out ?? mentions;
}

/** Appends the merge of two sorted, mutually non-overlapping mention lists to `out`. */
export function mergeSorted(a: readonly Mention[], b: readonly Mention[], out: Mention[]): void {
  if (b.length === 0) {
    for (const x of a) out.push(x);
    return;
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // An unlisted name that swallows a listed mention ("Syrian Observatory for Human Rights") wins.
    if (i < a.length && j < b.length && a[i]!.start < b[j]!.end && b[j]!.start < a[i]!.end) i++;
    else if (j >= b.length || (i < a.length && a[i]!.start <= b[j]!.start)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
}

/** Whether text[start, end) holds an ASCII digit. */
function hasDigit(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** `[\s,;:(\-–]`: what a claim cut short before a mention does not end with. */
function isClaimTrail(c: number): boolean {
  return c === 44 || c === 59 || c === 58 || c === 40 || c === 45 || c === 0x2013 || isSpaceChar(c);
}

/** Merges sorted mentions and sorted claims, resolving overlaps in favour of mentions. */
export function mergeSpans(
  text: string,
  mentions: Mention[],
  claims: ClaimSpan[],
  out: FoundSpan[] = [],
): FoundSpan[] {
  let m = 0;
  for (const claim of claims) {
    while (m < mentions.length && mentions[m]!.end <= claim.start) out.push(mentions[m++]!);
    let end = claim.end;
    let start = claim.start;
    // A mention at the claim's start: the number inside a name ("Unit 8200") is no claim, but a
    // claim that runs on past the name keeps its rest when that holds digits ("US$50 million").
    if (m < mentions.length && mentions[m]!.start <= claim.start) {
      const mention = mentions[m]!;
      start = mention.end;
      while (start < end && isSpaceChar(text.charCodeAt(start))) start++;
      if (!hasDigit(text, start, end)) continue;
      out.push(mention);
      m++;
    }
    if (m < mentions.length && mentions[m]!.start < end) {
      end = mentions[m]!.start;
      while (end > start && isClaimTrail(text.charCodeAt(end - 1))) end--;
      if (end <= start) continue;
    }
    out.push(end === claim.end && start === claim.start ? claim : { ...claim, start, end });
  }
  while (m < mentions.length) out.push(mentions[m++]!);
  return out;
}

/**
 * Turns engine spans into auto annotations. Ids are stable across runs: the kind, the entity or
 * the quoted text, and the occurrence number of that pair in the document.
 */
export function toAnnotations(text: string, spans: readonly FoundSpan[]): Annotation[] {
  return drain(toAnnotationsSteps(text, spans));
}

/** {@link toAnnotations} in steps. */
export function* toAnnotationsSteps(text: string, spans: readonly FoundSpan[]): Steps<Annotation[]> {
  const seen = new Map<string, number>();
  const out: Annotation[] = [];
  for (let k = 0; k < spans.length; k++) {
    if (k > 0 && k % STEP_ITEMS === 0) yield;
    const span = spans[k]!;
    const quote = text.slice(span.start, span.end);
    const key = span.kind === 'claim' ? `claim|${quote}` : `${span.kind}|${span.entity}|${quote}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    // Two literals of fixed shape (the keys in the file's order) rather than spreads: a large
    // document has some 10^5.
    const id = `${span.kind[0]}-${fnv1a(key)}-${n}`;
    const { start, end } = span;
    const { prefix, suffix } = contextOf(text, start, end);
    out.push(
      span.kind === 'claim'
        ? {
            id,
            kind: span.kind,
            start,
            end,
            text: quote,
            prefix,
            suffix,
            origin: 'auto',
            claim: span.claim,
            status: 'unreviewed',
          }
        : {
            id,
            kind: span.kind,
            start,
            end,
            text: quote,
            prefix,
            suffix,
            origin: 'auto',
            entity: span.entity,
          },
    );
  }
  return out;
}

/** Convenience: the auto annotations of a document. */
export function annotate(engine: Engine, text: string, languageId: string): Annotation[] {
  return toAnnotations(text, findSpans(engine, text, languageId));
}
