/**
 * Incremental annotation: after an edit, only the paragraphs around it are scanned again and the
 * rest of the document's spans are shifted, with exactly the spans a full scan
 * ({@link findSpans}) would give.
 *
 * Design.
 * - Blocks. The text is cut into blocks: a paragraph with the blank lines after it (a block starts
 *   at a non-blank line that follows a blank line). No scanner carries state across a blank line,
 *   so the spans of a block depend only on the block, on up to {@link CONTEXT_REACH} characters
 *   around it (cue words, "Operation", verbs after a capital), on where its prose ranges start and
 *   end, and on the names the document remembers (below). A block keeps its spans with the offsets
 *   of the text it was scanned in, and a `shift` to add: an edit adds its length change to the
 *   shift of every later block (one addition per block, not per span), and spans are shifted when
 *   read ({@link spansIn}, {@link spanAt}, {@link allSpans}).
 * - An edit re-scans the window of blocks that lie within CONTEXT_REACH characters of the changed
 *   text (extended until its ends are block starts in the new text), after re-reading the
 *   Markdown exclusions of the changed lines only ({@link lineExclusions}). An edit that touches
 *   what spans lines in Markdown (a code fence, an HTML comment marker, the front matter) falls
 *   back to a full scan, as does one that covers most of the document.
 * - Names. A name found by its cue is recognised everywhere in the document (two passes: the
 *   first fills a memory, the second uses it), so a block's unlisted names depend on what other
 *   blocks wrote to the memory. Each block keeps the log of what it read and wrote in each pass
 *   ({@link NameLog}) and the last value it wrote per name; per name, the blocks that wrote it are
 *   kept in document order (`order`, a number between the neighbours' orders). The window is
 *   scanned against the memory as it stands just before it (the last writer of each name before
 *   the window) and, for the second pass, after the whole first pass. When the window writes the
 *   same last values as before (the usual case: typing inside a paragraph), no other block can
 *   change. Otherwise every block's names are redone from the logs: a block whose reads get the
 *   same answers replays its writes, and only the others are scanned again.
 *
 * The state is mutable: {@link applyEdits} updates it in place and returns what it re-scanned.
 * Pure otherwise (no editor, no I/O); src/core/types and the engine are all it needs.
 */
import type { Engine, FoundSpan } from './annotate';
import { CONTEXT_REACH, NameLog, claimsWithin, listedMentions, mergeSorted, mergeSpans } from './annotate';
import { isMarkdown, layoutOf, lineExclusions, normalise, touchesStructure } from './markdown';
import type { NameMemory } from './names';
import { findUnlistedNames } from './names';
import type { ClaimSpan, Mention } from './types';

/**
 * One text change: [start, end) of the text before it is replaced by `text`. A list of changes
 * applies in order, each to the result of the previous one, as VS Code's content changes of one
 * event do (the same shape as `TextEdit` in src/core/edits.ts).
 */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/** What {@link applyEdits} did. */
export interface EditResult {
  /** The whole text was scanned again (an edit of Markdown structure, or a large edit). */
  full: boolean;
  /** The re-scanned window in the new text: spans outside it only moved. */
  start: number;
  end: number;
  /** The names of every block were redone (a name or its cue changed). */
  namesRedone: boolean;
}

interface Block {
  /** Offsets in the text the block was scanned in; add `shift` for the current text. */
  start: number;
  end: number;
  shift: number;
  /** Document order, for the per-name lists of writers. */
  order: number;
  /** Per prose piece: glossary mentions, and unlisted names of the first and second pass. */
  listed: Mention[][];
  first: Mention[][];
  second: Mention[][];
  claims: ClaimSpan[];
  spans: FoundSpan[];
  /** Name memory events of each pass, and the last value written per name. */
  log1: NameLog | undefined;
  log2: NameLog | undefined;
  net1: Map<string, string> | undefined;
  net2: Map<string, string> | undefined;
}

/** The annotations of a document, kept up to date through edits. */
export interface AnnotationState {
  readonly engine: Engine;
  readonly languageId: string;
  text: string;
  /** Ranges that are not prose, flat ([s0, e0, ...]), sorted and merged; and the structural ones. */
  excluded: number[];
  structural: number[];
  blocks: Block[];
  /** Per name, the blocks that wrote it in the first and in the second pass, in document order. */
  writers1: Map<string, Block[]>;
  writers2: Map<string, Block[]>;
  /** All spans of the current text, once asked for. */
  cache: FoundSpan[] | undefined;
}

/** Scans a document and keeps what an edit needs. */
export function createAnnotationState(engine: Engine, text: string, languageId: string): AnnotationState {
  const state: AnnotationState = {
    engine,
    languageId,
    text,
    excluded: [],
    structural: [],
    blocks: [],
    writers1: new Map(),
    writers2: new Map(),
    cache: undefined,
  };
  rescanAll(state);
  return state;
}

function rescanAll(state: AnnotationState): void {
  const { text } = state;
  const layout = layoutOf(text, state.languageId);
  state.excluded = layout.excluded;
  state.structural = layout.structural;
  state.blocks = scanBlocks(state, 0, text.length);
  state.blocks.forEach((b, k) => (b.order = k));
  redoNames(state, undefined);
  state.cache = undefined;
}

/**
 * The region that changes applied one after another touch: [start, end) of the text after them
 * (start is Infinity when there is no change), and how much longer the text got.
 */
export function changedRegion(changes: readonly TextChange[]): { start: number; end: number; delta: number } {
  let start = Infinity;
  let end = -Infinity;
  let total = 0;
  for (const c of changes) {
    const delta = c.text.length - (c.end - c.start);
    if (start === Infinity) {
      start = c.start;
      end = c.start + c.text.length;
    } else {
      const mapped = end <= c.start ? end : end >= c.end ? end + delta : c.start + c.text.length;
      start = Math.min(start, c.start);
      end = Math.max(mapped, c.start + c.text.length);
    }
    total += delta;
  }
  return { start, end, delta: total };
}

/**
 * Applies a text change to the state: `newText` is the document after `changes` (in the order
 * VS Code lists the content changes of one event). Updates the state in place.
 */
export function applyEdits(
  state: AnnotationState,
  newText: string,
  changes: readonly TextChange[],
): EditResult {
  const old = state.text;
  // The changed region: [a, b) of the new text, [a, oldB) of the old one.
  const { start: a, end: b, delta } = changedRegion(changes);
  const length = old.length + delta;
  state.cache = undefined;
  if (length !== newText.length || a === Infinity || a < 0) {
    // No changes, or changes that do not add up to the new text: scan it all (unless unchanged).
    state.text = newText;
    const rescan = length !== newText.length || a < 0 || old !== newText;
    if (rescan) rescanAll(state);
    return { full: rescan, start: 0, end: rescan ? newText.length : 0, namesRedone: rescan };
  }
  // Here delta = newText.length - old.length.
  const oldB = b - delta;
  const full = (): EditResult => {
    state.text = newText;
    rescanAll(state);
    return { full: true, start: 0, end: newText.length, namesRedone: true };
  };
  if (b - a > newText.length / 2 + 4096) return full();

  // Markdown exclusions of the changed lines.
  const lineFrom = lineStartAt(newText, a);
  let lineToNew = newText.indexOf('\n', b);
  if (lineToNew < 0) lineToNew = newText.length;
  const lineToOld = lineToNew - delta;
  const md = isMarkdown(state.languageId);
  if (md) {
    if (
      touchesStructure(old, lineFrom, lineToOld, state.languageId) ||
      touchesStructure(newText, lineFrom, lineToNew, state.languageId)
    )
      return full();
    const frontMatterEnd =
      state.structural.length > 0 && state.structural[0] === 0 ? state.structural[1]! : 0;
    if ((old.startsWith('---') || newText.startsWith('---')) && lineFrom <= frontMatterEnd + 1) return full();
    if (lineFrom === 0 && (old.startsWith('--') || newText.startsWith('--'))) return full();
  }
  updateExclusions(state, newText, lineFrom, lineToOld, lineToNew, delta);

  // The window of blocks to scan again.
  const blocks = state.blocks;
  let b0 = blockAt(blocks, Math.max(0, a - CONTEXT_REACH));
  let b1 = blockAt(blocks, Math.min(old.length, oldB + CONTEXT_REACH)) + 1;
  while (b0 > 0 && !isBlockStart(newText, startOf(blocks[b0]!))) b0--;
  while (b1 < blocks.length && !isBlockStart(newText, startOf(blocks[b1]!) + delta)) b1++;
  const from = startOf(blocks[b0]!);
  const to = b1 < blocks.length ? startOf(blocks[b1]!) + delta : newText.length;
  state.text = newText;
  const fresh = scanBlocks(state, from, to);
  // Orders strictly between the neighbours'.
  const before = b0 > 0 ? blocks[b0 - 1]!.order : blocks[0]!.order - 1;
  const after = b1 < blocks.length ? blocks[b1]!.order : before + fresh.length + 1;
  const step = (after - before) / (fresh.length + 1);
  fresh.forEach((f, k) => (f.order = before + step * (k + 1)));
  const removed = blocks.slice(b0, b1);

  let namesRedone = false;
  if (state.engine.unlistedNames && !namesInWindow(state, removed, fresh, before, after)) namesRedone = true;
  blocks.splice(b0, b1 - b0, ...fresh);
  for (let k = b0 + fresh.length; k < blocks.length; k++) blocks[k]!.shift += delta;
  if (step < 1e-9 * Math.max(1, Math.abs(after))) blocks.forEach((x, k) => (x.order = k));
  if (namesRedone) redoNames(state, new Set(fresh));
  else {
    for (const f of fresh) f.spans = mergeBlock(state, f);
    if (state.engine.unlistedNames) {
      for (const r of removed) unregister(state, r);
      for (const f of fresh) register(state, f);
    }
  }
  return { full: false, start: from, end: to, namesRedone };
}

/** Every span of the current text, sorted (a new array; offsets shifted where blocks moved). */
export function allSpans(state: AnnotationState): FoundSpan[] {
  if (state.cache) return state.cache;
  const out: FoundSpan[] = [];
  for (const block of state.blocks) {
    if (block.shift === 0) for (const s of block.spans) out.push(s);
    else for (const s of block.spans) out.push(moved(s, block.shift));
  }
  state.cache = out;
  return out;
}

/** The spans that overlap [start, end) of the current text (what an editor shows for its visible ranges). */
export function spansIn(state: AnnotationState, start: number, end: number): FoundSpan[] {
  const out: FoundSpan[] = [];
  const blocks = state.blocks;
  for (let k = Math.max(0, blockAt(blocks, start) - 1); k < blocks.length; k++) {
    const block = blocks[k]!;
    if (block.start + block.shift >= end && k > 0) break;
    for (const s of block.spans) {
      const s0 = s.start + block.shift;
      const e0 = s.end + block.shift;
      if (e0 > start && s0 < end) out.push(block.shift === 0 ? s : moved(s, block.shift));
    }
  }
  return out;
}

/** The index of the first item that ends after `pos`, in items ordered by their ends. */
export function firstEndingAfter(items: readonly { end: number }[], pos: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The span that contains `offset` (start <= offset < end), if any: a binary search, for hovers. */
export function spanAt(state: AnnotationState, offset: number): FoundSpan | undefined {
  const block = state.blocks[blockAt(state.blocks, offset)];
  if (!block) return undefined;
  const spans = block.spans;
  const target = offset - block.shift;
  const s = spans[firstEndingAfter(spans, target)];
  if (!s || s.start > target) return undefined;
  return block.shift === 0 ? s : moved(s, block.shift);
}

function moved<T extends FoundSpan>(s: T, shift: number): T {
  return { ...s, start: s.start + shift, end: s.end + shift };
}

function startOf(block: Block): number {
  return block.start + block.shift;
}

/** Index of the block that holds `offset` (the last block for the end of the text). */
function blockAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (startOf(blocks[mid]!) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Start of the line that holds `p`. */
function lineStartAt(text: string, p: number): number {
  return p <= 0 ? 0 : text.lastIndexOf('\n', p - 1) + 1;
}

function isBlankLine(text: string, from: number, to: number): boolean {
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Whether a block starts at `p`: the start or end of the text, or a non-blank line after a blank one. */
function isBlockStart(text: string, p: number): boolean {
  if (p <= 0 || p >= text.length) return true;
  if (text.charCodeAt(p - 1) !== 10) return false;
  let lineEnd = text.indexOf('\n', p);
  if (lineEnd < 0) lineEnd = text.length;
  if (isBlankLine(text, p, lineEnd)) return false;
  return isBlankLine(text, lineStartAt(text, p - 1), p - 1);
}

/** Block starts in [from, to), from a block start. */
function blockStarts(text: string, from: number, to: number): number[] {
  const starts = [from];
  let p = from;
  let previousBlank = false;
  while (p < to) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    const blank = isBlankLine(text, p, e);
    if (!blank && previousBlank && p > from) starts.push(p);
    previousBlank = blank;
    p = e + 1;
  }
  return starts;
}

/**
 * The prose pieces of [from, to): [start, end) of each prose range clipped to it, with the whole
 * range's bounds (the context a scanner may read), flat: [rangeStart, rangeEnd, start, end, ...].
 */
function piecesOf(excluded: readonly number[], length: number, from: number, to: number): number[] {
  const out: number[] = [];
  // First excluded range that ends after `from`.
  let lo = 0;
  let hi = excluded.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (excluded[2 * mid + 1]! <= from) lo = mid + 1;
    else hi = mid;
  }
  let rangeStart = lo > 0 ? excluded[2 * lo - 1]! : 0;
  for (let k = lo; ; k++) {
    const rangeEnd = k < excluded.length >> 1 ? excluded[2 * k]! : length;
    const s = Math.max(rangeStart, from);
    const e = Math.min(rangeEnd, to);
    if (e > s) out.push(rangeStart, rangeEnd, s, e);
    if (rangeEnd >= to || k >= excluded.length >> 1) break;
    rangeStart = excluded[2 * k + 1]!;
  }
  return out;
}

/** Scans the blocks of [from, to) (block starts) for glossary mentions and claims. */
function scanBlocks(state: AnnotationState, from: number, to: number): Block[] {
  const { text, engine } = state;
  const starts = blockStarts(text, from, to);
  const out: Block[] = [];
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k]!;
    const end = k + 1 < starts.length ? starts[k + 1]! : to;
    const pieces = piecesOf(state.excluded, text.length, start, end);
    const listed: Mention[][] = [];
    const claims: ClaimSpan[] = [];
    for (let p = 0; p < pieces.length; p += 4) {
      const [rs, re, ps, pe] = [pieces[p]!, pieces[p + 1]!, pieces[p + 2]!, pieces[p + 3]!];
      listed.push(listedMentions(engine, text, rs, re, ps, pe));
      claimsWithin(text, rs, re, ps, pe, claims);
    }
    out.push({
      start,
      end,
      shift: 0,
      order: 0,
      listed,
      first: [],
      second: listed.map(() => []),
      claims,
      spans: [],
      log1: undefined,
      log2: undefined,
      net1: undefined,
      net2: undefined,
    });
  }
  return out;
}

/** Updates the exclusions for an edit of the lines [lineFrom, lineToOld) (now [lineFrom, lineToNew)). */
function updateExclusions(
  state: AnnotationState,
  text: string,
  lineFrom: number,
  lineToOld: number,
  lineToNew: number,
  delta: number,
): void {
  const { excluded, structural } = state;
  const map = (p: number) => (p >= lineToOld ? p + delta : p);
  // Inside a fence or comment (one left open runs to the end of the text, and over what is added there).
  const oldLength = text.length - delta;
  let inside = false;
  for (let k = 0; k < structural.length && structural[k]! <= lineFrom; k += 2) {
    if (structural[k + 1]! > lineFrom || structural[k + 1] === oldLength) inside = true;
  }
  for (let k = 0; k < structural.length; k++) structural[k] = map(structural[k]!);
  if (inside) {
    for (let k = 0; k < excluded.length; k++) excluded[k] = map(excluded[k]!);
    return;
  }
  // Ranges before the lines stay, those after move; the lines' own are read again.
  let i0 = 0;
  while (i0 < excluded.length && excluded[i0 + 1]! <= lineFrom) i0 += 2;
  let i1 = i0;
  while (i1 < excluded.length && excluded[i1]! < lineToOld) i1 += 2;
  const fresh: number[] = [];
  lineExclusions(text, lineFrom, lineToNew, state.languageId, fresh);
  const lines = normalise(fresh);
  for (let k = i1; k < excluded.length; k++) excluded[k] = excluded[k]! + delta;
  excluded.splice(i0, i1 - i0, ...lines);
}

/** Merges a block's mentions and claims into its spans. */
function mergeBlock(state: AnnotationState, block: Block): FoundSpan[] {
  const mentions: Mention[] = [];
  for (let k = 0; k < block.listed.length; k++)
    mergeSorted(block.listed[k]!, block.second[k] ?? [], mentions);
  return mergeSpans(state.text, mentions, block.claims);
}

/** Runs a pass of the name finder over a block's pieces, reading and writing through `log`. */
function namePass(state: AnnotationState, block: Block, log: NameLog): Mention[][] {
  const { text } = state;
  const pieces = piecesOf(state.excluded, text.length, block.start, block.end);
  const out: Mention[][] = [];
  for (let p = 0, k = 0; p < pieces.length; p += 4, k++) {
    out.push(
      findUnlistedNames(
        text,
        pieces[p]!,
        pieces[p + 1]!,
        block.listed[k]!,
        log,
        pieces[p + 2]!,
        pieces[p + 3]!,
      ),
    );
  }
  return out;
}

/**
 * The window's names against the memory as it stands around it. Returns false when the window
 * writes other last values than the blocks it replaces (then every block's names must be redone).
 */
function namesInWindow(
  state: AnnotationState,
  removed: Block[],
  fresh: Block[],
  before: number,
  after: number,
): boolean {
  const { writers1, writers2 } = state;
  const local1 = new Map<string, string>();
  const view1: NameMemory = {
    get: (key) => (local1.has(key) ? local1.get(key) : lastWrite(writers1.get(key), key, before, false)),
    set: (key, value) => local1.set(key, value),
  };
  for (const f of fresh) {
    f.log1 = new NameLog(view1);
    f.first = namePass(state, f, f.log1);
    f.net1 = f.log1.writes();
  }
  // After the whole first pass: the last writer after the window, else the window, else before it.
  const finalFirst = (key: string): string | undefined => {
    const list = writers1.get(key);
    const last = list?.[list.length - 1];
    if (last && last.order >= after) return last.net1!.get(key);
    return local1.has(key) ? local1.get(key) : lastWrite(list, key, before, false);
  };
  const local2 = new Map<string, string>();
  const view2: NameMemory = {
    get: (key) =>
      local2.has(key)
        ? local2.get(key)
        : (lastWrite(writers2.get(key), key, before, true) ?? finalFirst(key)),
    set: (key, value) => local2.set(key, value),
  };
  for (const f of fresh) secondPass(state, f, view2);
  const before1 = (key: string) => lastWrite(writers1.get(key), key, before, false);
  const before2 = (key: string) => lastWrite(writers2.get(key), key, before, true) ?? finalFirst(key);
  return (
    sameEffect(removed, local1, (r) => r.net1, before1) && sameEffect(removed, local2, (r) => r.net2, before2)
  );
}

/** The second pass of a block: a replay of its first-pass log when the reads agree, else a scan. */
function secondPass(state: AnnotationState, block: Block, memory: NameMemory): void {
  if (block.log1!.replay(memory)) {
    block.second = block.first;
    block.log2 = block.log1;
  } else {
    block.log2 = new NameLog(memory);
    block.second = namePass(state, block, block.log2);
  }
  block.net2 = block.log2!.writes();
}

/** The value that the last block at or before `order` in `list` wrote to `key` (pass 1 or 2). */
function lastWrite(
  list: Block[] | undefined,
  key: string,
  order: number,
  second: boolean,
): string | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.order <= order) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return undefined;
  const block = list[lo - 1]!;
  return (second ? block.net2 : block.net1)!.get(key);
}

/**
 * Whether the window leaves the memory as the removed blocks left it: for every name either
 * wrote, the value after the window (its last write, else the value before it) is the same.
 */
function sameEffect(
  removed: readonly Block[],
  writes: Map<string, string>,
  net: (b: Block) => Map<string, string> | undefined,
  before: (key: string) => string | undefined,
): boolean {
  const old = new Map<string, string>();
  for (const r of removed) net(r)?.forEach((v, k) => old.set(k, v));
  for (const [k, v] of old) if ((writes.has(k) ? writes.get(k) : before(k)) !== v) return false;
  for (const [k, v] of writes) if (!old.has(k) && before(k) !== v) return false;
  return true;
}

function register(state: AnnotationState, block: Block): void {
  block.net1?.forEach((_, key) => insertWriter(state.writers1, key, block));
  block.net2?.forEach((_, key) => insertWriter(state.writers2, key, block));
}

function unregister(state: AnnotationState, block: Block): void {
  block.net1?.forEach((_, key) => removeWriter(state.writers1, key, block));
  block.net2?.forEach((_, key) => removeWriter(state.writers2, key, block));
}

function insertWriter(writers: Map<string, Block[]>, key: string, block: Block): void {
  let list = writers.get(key);
  if (!list) writers.set(key, (list = []));
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.order < block.order) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, block);
}

function removeWriter(writers: Map<string, Block[]>, key: string, block: Block): void {
  const list = writers.get(key);
  if (!list) return;
  const k = list.indexOf(block);
  if (k >= 0) list.splice(k, 1);
  if (list.length === 0) writers.delete(key);
}

/**
 * Redoes every block's names in document order. A block whose logged reads get the same answers
 * replays its writes; the others (and the blocks in `scanned`, which have no logs yet) are
 * scanned again. Rebuilds the per-name lists of writers and re-merges the spans that changed.
 */
function redoNames(state: AnnotationState, scanned: Set<Block> | undefined): void {
  const blocks = state.blocks;
  if (!state.engine.unlistedNames) {
    for (const block of blocks)
      if (scanned === undefined || scanned.has(block)) block.spans = mergeBlock(state, block);
    return;
  }
  const memory = new Map<string, string>();
  const dirty = new Set<Block>();
  for (const block of blocks) {
    if (block.log1 !== undefined && block.log1.replay(memory)) continue;
    rebase(block);
    block.log1 = new NameLog(memory);
    block.first = namePass(state, block, block.log1);
    block.net1 = block.log1.writes();
  }
  for (const block of blocks) {
    if (block.log2 !== undefined && block.log2.replay(memory)) continue;
    if (block.log2 !== block.log1 && block.log1!.replay(memory)) {
      block.second = block.first;
      block.log2 = block.log1;
      block.net2 = block.net1;
    } else {
      rebase(block);
      block.log2 = new NameLog(memory);
      block.second = namePass(state, block, block.log2);
      block.net2 = block.log2.writes();
    }
    dirty.add(block);
  }
  for (const block of blocks)
    if (dirty.has(block) || scanned?.has(block) || block.spans.length === 0) {
      rebase(block);
      block.spans = mergeBlock(state, block);
    }
  state.writers1 = new Map();
  state.writers2 = new Map();
  for (const block of blocks) register(state, block);
}

/** Brings a block's offsets to the current text (new span objects; shift 0). */
function rebase(block: Block): void {
  const d = block.shift;
  if (d === 0) return;
  const move = <T extends FoundSpan>(list: T[]) => list.map((s) => moved(s, d));
  const same = block.second === block.first;
  block.listed = block.listed.map(move);
  block.first = block.first.map(move);
  block.second = same ? block.first : block.second.map(move);
  block.claims = move(block.claims);
  block.spans = move(block.spans);
  block.start += d;
  block.end += d;
  block.shift = 0;
}
