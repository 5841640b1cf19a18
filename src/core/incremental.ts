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
 * - An edit reads only the text around it: a flat copy of a stretch of the new text (a view)
 *   reaching {@link setViewMargin} characters (2048) beyond the re-scanned window, wider when that
 *   falls short. The text may be kept as pieces (src/core/model.ts `LiveText`), so that an edit
 *   of a large document costs no copy of it; a full scan builds it.
 * - The later blocks move by an edit's length change through a lazy shift (one per place edited,
 *   kept on the state and added when read), so that an edit does not visit every later block;
 *   they are added to the blocks' own shifts when there are more than a few.
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
import type { TextSource } from './edits';
import { builtText, flatText } from './edits';
import type { Steps } from './steps';
import { drain, STEP_ITEMS } from './steps';
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
  /**
   * Spans changed outside the window too: a name found by its cue appeared or went, and other
   * mentions of it changed (or the whole text was scanned again).
   */
  namesRedone: boolean;
  /**
   * Unless the whole text was scanned: the spans the edit took out (those of the blocks scanned
   * again, in the window and where names were redone) and those it put in (at their offsets plus
   * `shift` in the new text), so that counts can follow without a pass over every span.
   */
  changed?: { out: readonly (readonly FoundSpan[])[]; in: readonly PlacedSpans[] };
}

/** Spans of a block, at their offsets plus `shift`. */
export interface PlacedSpans {
  spans: readonly FoundSpan[];
  shift: number;
}

interface Block {
  /** Offsets in the text the block was scanned in; add its shift ({@link shiftOf}) for the current text. */
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
  /** The text the spans are of: a string, or a text kept as pieces (src/core/model.ts `LiveText`). */
  text: TextSource;
  /** Ranges that are not prose, flat ([s0, e0, ...]), sorted and merged; and the structural ones. */
  excluded: number[];
  structural: number[];
  blocks: Block[];
  /** Per name, the blocks that wrote it in the first and in the second pass, in document order. */
  writers1: Map<string, Block[]>;
  writers2: Map<string, Block[]>;
  /** Per name, the blocks whose logs read it (either pass): those a change of its value may change. */
  readers: Map<string, Set<Block>>;
  /** All spans of the current text, once asked for. */
  cache: FoundSpan[] | undefined;
  /**
   * Shifts not yet added to the blocks' own: each adds `delta` to every block whose order is at
   * least `from` (see {@link shiftOf}). An edit adds one (typing at one place adds to the same
   * one) instead of visiting every later block; they are added to the blocks when there are many.
   */
  lazy: { from: number; delta: number }[];
}

/** About how much text a step of a scan covers (a few milliseconds). */
const STEP_CHARS = 1 << 15;

/** Scans a document and keeps what an edit needs. */
export function createAnnotationState(engine: Engine, text: string, languageId: string): AnnotationState {
  return drain(buildAnnotationState(engine, text, languageId));
}

/** {@link createAnnotationState} in steps. */
export function* buildAnnotationState(
  engine: Engine,
  text: string,
  languageId: string,
): Steps<AnnotationState> {
  const state: AnnotationState = {
    engine,
    languageId,
    text,
    excluded: [],
    structural: [],
    blocks: [],
    writers1: new Map(),
    writers2: new Map(),
    readers: new Map(),
    cache: undefined,
    lazy: [],
  };
  yield* rescanAllSteps(state);
  return state;
}

function rescanAll(state: AnnotationState): void {
  drain(rescanAllSteps(state));
}

function* rescanAllSteps(state: AnnotationState): Steps<void> {
  const text = flatText(state.text);
  state.lazy = [];
  const layout = layoutOf(text, state.languageId);
  state.excluded = layout.excluded;
  state.structural = layout.structural;
  yield;
  state.blocks = yield* scanBlocksSteps(state, { text, base: 0, length: text.length }, 0, text.length);
  state.blocks.forEach((b, k) => (b.order = k));
  yield* redoNamesSteps(state);
  state.cache = undefined;
}

/**
 * The region that changes applied one after another touch: [start, end) of the text after them
 * (start is Infinity when there is no change), and how much longer the text got.
 */
export function changedRegion(changes: readonly TextChange[]): { start: number; end: number; delta: number } {
  const region = { start: Infinity, end: -Infinity, delta: 0 };
  for (const c of changes) extendRegion(region, c);
  return region;
}

/** Adds a change (applied after those already in it) to a {@link changedRegion}, in place. */
export function extendRegion(region: { start: number; end: number; delta: number }, c: TextChange): void {
  const delta = c.text.length - (c.end - c.start);
  if (region.start === Infinity) {
    region.start = c.start;
    region.end = c.start + c.text.length;
  } else {
    const end = region.end;
    const mapped = end <= c.start ? end : end >= c.end ? end + delta : c.start + c.text.length;
    region.start = Math.min(region.start, c.start);
    region.end = Math.max(mapped, c.start + c.text.length);
  }
  region.delta += delta;
}

/**
 * Applies a text change to the state: `newText` is the document after `changes` (in the order
 * VS Code lists the content changes of one event). Updates the state in place.
 *
 * Only the text around the changes is read: a flat copy of a stretch of `newText` (a
 * {@link View}) when `newText` is kept as pieces, so that an edit of a large document costs no
 * copy of it (a full scan builds it).
 */
export function applyEdits(
  state: AnnotationState,
  newText: TextSource,
  changes: readonly TextChange[],
): EditResult {
  const old = state.text;
  const { delta } = changedRegion(changes);
  state.cache = undefined;
  const plan = editPlan(state, newText, changes);
  if (plan === 'none' || plan === 'mismatch') {
    // No changes, or changes that do not add up to the new text: scan it all (unless unchanged).
    state.text = newText;
    const rescan = plan === 'mismatch' || (old !== newText && flatText(old) !== flatText(newText));
    if (rescan) rescanAll(state);
    return { full: rescan, start: 0, end: rescan ? newText.length : 0, namesRedone: rescan };
  }
  if (plan === 'full') {
    state.text = newText;
    rescanAll(state);
    return { full: true, start: 0, end: newText.length, namesRedone: true };
  }
  const blocks = state.blocks;
  const { view, lineFrom, lineToOld, lineToNew, b0, b1, from, to } = plan;
  updateExclusions(state, view, lineFrom, lineToOld, lineToNew, delta);
  state.text = newText;
  const fresh = scanBlocks(state, view, from, to);
  // Orders strictly between the neighbours'.
  const before = b0 > 0 ? blocks[b0 - 1]!.order : blocks[0]!.order - 1;
  const after = b1 < blocks.length ? blocks[b1]!.order : before + fresh.length + 1;
  const step = (after - before) / (fresh.length + 1);
  fresh.forEach((f, k) => {
    f.order = before + step * (k + 1);
    // Its offsets are the view's (shiftOf gives view.base), whatever lazy shifts its order gets.
    f.shift = view.base - (shiftOf(state, f) - f.shift);
  });
  const removed = blocks.slice(b0, b1);
  const later = b1 < blocks.length;

  let namesRedone = false;
  // The spans taken out and put in (the window's, then those of blocks whose names were redone).
  const out = removed.map((r) => r.spans);
  const put: PlacedSpans[] = [];
  if (state.engine.unlistedNames && !namesInWindow(state, removed, fresh, before, after, view))
    namesRedone = true;
  blocks.splice(b0, b1 - b0, ...fresh);
  // The later blocks move by delta: one lazy shift for all of them.
  if (later && delta !== 0) addLazyShift(state, after, delta);
  if (step < 1e-9 * Math.max(1, Math.abs(after))) {
    settleShifts(state);
    blocks.forEach((x, k) => (x.order = k));
  }
  if (namesRedone) {
    // Only the names whose last value the window changed can read differently elsewhere.
    const changed = new Set<string>();
    for (const pass of [(b: Block) => b.net1, (b: Block) => b.net2]) {
      differingKeys(lastValues(removed, pass), lastValues(fresh, pass), (k) => changed.add(k));
    }
    // The writers of every name as they now stand (the window's first), then the blocks that may
    // read a changed name.
    for (const r of removed) unregister(state, r);
    for (const f of fresh) register(state, f);
    namesRedone = redoNamesAround(state, fresh, changed, out, put);
  } else {
    for (const f of fresh) f.spans = mergeBlock(f, view);
    if (state.engine.unlistedNames) {
      for (const r of removed) unregister(state, r);
      for (const f of fresh) register(state, f);
    }
  }
  for (const f of fresh) put.push({ spans: f.spans, shift: shiftOf(state, f) });
  return { full: false, start: from, end: to, namesRedone, changed: { out, in: put } };
}

/**
 * Whether changes need a scan of the whole text rather than of the blocks around them: Markdown
 * structure edited (a code fence, an HTML comment marker, the front matter), most of the text
 * replaced, or changes that do not add up to the new text. Changes nothing.
 */
export function needsFullScan(
  state: AnnotationState,
  newText: TextSource,
  changes: readonly TextChange[],
): boolean {
  const plan = editPlan(state, newText, changes);
  return plan === 'full' || plan === 'mismatch';
}

/** What {@link applyEdits} does with changes: nothing to do, a full scan, or a plan (see {@link planEdit}). */
function editPlan(
  state: AnnotationState,
  newText: TextSource,
  changes: readonly TextChange[],
): EditPlan | 'none' | 'mismatch' | 'full' {
  const old = state.text;
  // The changed region: [a, b) of the new text, [a, oldB) of the old one.
  const { start: a, end: b, delta } = changedRegion(changes);
  if (old.length + delta !== newText.length || a < 0) return 'mismatch';
  if (a === Infinity) return 'none';
  if (b - a > newText.length / 2 + 4096) return 'full';
  // What to scan again, read from a view around the changes (a wider one when it falls short).
  const blocks = state.blocks;
  const guessFrom = startOf(state, blocks[blockAt(state, Math.max(0, a - CONTEXT_REACH))]!);
  const next = blockAt(state, Math.min(old.length, b - delta + CONTEXT_REACH)) + 1;
  const guessTo = next < blocks.length ? startOf(state, blocks[next]!) + delta : newText.length;
  let plan: EditPlan | 'full' | undefined;
  for (let margin = viewMargin; plan === undefined; margin *= 8) {
    const view = viewOf(newText, guessFrom - margin, guessTo + margin);
    plan = planEdit(state, old, newText, view, a, b, delta);
  }
  return plan;
}

/** What {@link applyEdits} scans again: the changed lines and the window of blocks, with the view they were read from. */
interface EditPlan {
  view: View;
  lineFrom: number;
  lineToOld: number;
  lineToNew: number;
  /** The old blocks [b0, b1) give way to the blocks of [from, to) of the new text. */
  b0: number;
  b1: number;
  from: number;
  to: number;
}

/**
 * Reads what an edit changes from a view of the new text: 'full' when the whole text must be
 * scanned again, undefined when the view is too narrow for it (nothing is changed meanwhile).
 */
function planEdit(
  state: AnnotationState,
  old: TextSource,
  newText: TextSource,
  view: View,
  a: number,
  b: number,
  delta: number,
): EditPlan | 'full' | undefined {
  try {
    // Markdown exclusions of the changed lines.
    const lineFrom = lineStartAt(view, a);
    const lineToNew = lineEndAt(view, b);
    const lineToOld = lineToNew - delta;
    if (isMarkdown(state.languageId)) {
      if (
        touchesStructure(old, lineFrom, lineToOld, state.languageId) ||
        touchesStructure(view.text, lineFrom - view.base, lineToNew - view.base, state.languageId)
      )
        return 'full';
      const frontMatterEnd =
        state.structural.length > 0 && state.structural[0] === 0 ? state.structural[1]! : 0;
      const head = old.slice(0, 3);
      const newHead = newText.slice(0, 3);
      if ((head === '---' || newHead === '---') && lineFrom <= frontMatterEnd + 1) return 'full';
      if (lineFrom === 0 && (head.startsWith('--') || newHead.startsWith('--'))) return 'full';
    }
    // The window of blocks to scan again.
    const blocks = state.blocks;
    let b0 = blockAt(state, Math.max(0, a - CONTEXT_REACH));
    let b1 = blockAt(state, Math.min(old.length, b - delta + CONTEXT_REACH)) + 1;
    while (b0 > 0 && !isBlockStart(view, startOf(state, blocks[b0]!))) b0--;
    while (b1 < blocks.length && !isBlockStart(view, startOf(state, blocks[b1]!) + delta)) b1++;
    const from = startOf(state, blocks[b0]!);
    const to = b1 < blocks.length ? startOf(state, blocks[b1]!) + delta : view.length;
    // The scanners read around the window: the view must reach well beyond it.
    if (!covers(view, from - viewMargin, to + viewMargin)) return undefined;
    return { view, lineFrom, lineToOld, lineToNew, b0, b1, from, to };
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}

/**
 * A flat copy of [base, base + text.length) of the document (whose length is `length`): what an
 * edit reads instead of the whole text. Offsets are the document's; `text` is indexed from base.
 */
interface View {
  readonly text: string;
  readonly base: number;
  readonly length: number;
}

/**
 * How far a view reaches beyond the blocks scanned in it: far more than the scanners read
 * around a block ({@link CONTEXT_REACH}), so that a view's edges are never read.
 */
let viewMargin = 2048;

/** Sets how far views reach beyond what is scanned (tests narrow it to read edges often); returns the old value. */
export function setViewMargin(margin: number): number {
  const previous = viewMargin;
  viewMargin = Math.max(2 * CONTEXT_REACH, margin);
  return previous;
}

/** Thrown when a read leaves its view. */
const OUTSIDE = new Error('read outside the view');

/** The view of [from, to) of a text (clamped): the whole text when it is built already. */
function viewOf(src: TextSource, from: number, to: number): View {
  const built = builtText(src);
  const base = built !== undefined ? 0 : Math.max(0, from);
  const text = built ?? src.slice(base, Math.min(src.length, to));
  return { text, base, length: src.length };
}

/** Whether a view holds [from, to) of the document (clamped to it). */
function covers(view: View, from: number, to: number): boolean {
  return view.base <= Math.max(0, from) && view.base + view.text.length >= Math.min(view.length, to);
}

/** Throws {@link OUTSIDE} unless the view holds [from, to). */
function need(view: View, from: number, to: number): void {
  if (!covers(view, from, to)) throw OUTSIDE;
}

/** Every span of the current text, sorted (a new array; offsets shifted where blocks moved). */
export function allSpans(state: AnnotationState): FoundSpan[] {
  return drain(allSpansSteps(state));
}

/**
 * {@link allSpans} in steps. Edits applied meanwhile make the list of no use (a caller checks); it
 * is kept only when the state did not change.
 */
export function* allSpansSteps(state: AnnotationState): Steps<FoundSpan[]> {
  if (state.cache) return state.cache;
  const text = state.text;
  const out: FoundSpan[] = [];
  let due = STEP_ITEMS;
  for (const block of state.blocks) {
    const shift = shiftOf(state, block);
    if (shift === 0) for (const s of block.spans) out.push(s);
    else for (const s of block.spans) out.push(moved(s, shift));
    if (out.length >= due) {
      due = out.length + STEP_ITEMS;
      yield;
      if (state.text !== text) return out;
    }
  }
  if (state.text === text) state.cache = out;
  return out;
}

/** The spans that overlap [start, end) of the current text (what an editor shows for its visible ranges). */
export function spansIn(state: AnnotationState, start: number, end: number): FoundSpan[] {
  const out: FoundSpan[] = [];
  visitSpans(state, start, end, (s, shift) => out.push(shift === 0 ? s : moved(s, shift)));
  return out;
}

/**
 * Visits the spans that overlap [start, end) of the current text in order, as they are kept, with
 * the shift to add to their offsets (no span is copied).
 */
export function visitSpans(
  state: AnnotationState,
  start: number,
  end: number,
  visit: (span: FoundSpan, shift: number) => void,
): void {
  const blocks = state.blocks;
  for (let k = Math.max(0, blockAt(state, start) - 1); k < blocks.length; k++) {
    const block = blocks[k]!;
    const shift = shiftOf(state, block);
    if (block.start + shift >= end && k > 0) break;
    for (const s of block.spans) if (s.end + shift > start && s.start + shift < end) visit(s, shift);
  }
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

/** The index of the first range that ends after `pos`, in flat sorted ranges ([s0, e0, s1, e1, ...]). */
export function firstRangeEndingAfter(flat: readonly number[], pos: number): number {
  let lo = 0;
  let hi = flat.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (flat[2 * mid + 1]! <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The span that contains `offset` (start <= offset < end), if any: a binary search, for hovers. */
export function spanAt(state: AnnotationState, offset: number): FoundSpan | undefined {
  const block = state.blocks[blockAt(state, offset)];
  if (!block) return undefined;
  const spans = block.spans;
  const shift = shiftOf(state, block);
  const target = offset - shift;
  const s = spans[firstEndingAfter(spans, target)];
  if (!s || s.start > target) return undefined;
  return shift === 0 ? s : moved(s, shift);
}

function moved<T extends FoundSpan>(s: T, shift: number): T {
  return { ...s, start: s.start + shift, end: s.end + shift };
}

/** How far a block's offsets are from the current text's: its own shift and the lazy ones of its order. */
function shiftOf(state: AnnotationState, block: Block): number {
  let d = block.shift;
  for (const l of state.lazy) if (block.order >= l.from) d += l.delta;
  return d;
}

/** Beyond this many lazy shifts, they are added to the blocks (one pass over them). */
const MAX_LAZY = 16;

/** Adds `delta` to the shift of every block of order `from` or more (lazily). */
function addLazyShift(state: AnnotationState, from: number, delta: number): void {
  const same = state.lazy.find((l) => l.from === from);
  if (same) same.delta += delta;
  else state.lazy.push({ from, delta });
  if (state.lazy.length > MAX_LAZY) settleShifts(state);
}

/** Adds the lazy shifts to the blocks' own. */
function settleShifts(state: AnnotationState): void {
  if (state.lazy.length === 0) return;
  for (const block of state.blocks) block.shift = shiftOf(state, block);
  state.lazy = [];
}

function startOf(state: AnnotationState, block: Block): number {
  return block.start + shiftOf(state, block);
}

/** Index of the block that holds `offset` (the last block for the end of the text). */
function blockAt(state: AnnotationState, offset: number): number {
  const blocks = state.blocks;
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (startOf(state, blocks[mid]!) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Start of the line that holds `p`. */
function lineStartAt(view: View, p: number): number {
  if (p <= 0) return 0;
  need(view, p - 1, p);
  const i = view.text.lastIndexOf('\n', p - 1 - view.base);
  if (i < 0 && view.base > 0) throw OUTSIDE;
  return i + 1 + view.base;
}

/** End of the line that holds `p` (its line feed, or the end of the text). */
function lineEndAt(view: View, p: number): number {
  need(view, p, p);
  const i = view.text.indexOf('\n', p - view.base);
  if (i >= 0) return i + view.base;
  need(view, p, view.length);
  return view.length;
}

function isBlankLine(view: View, from: number, to: number): boolean {
  need(view, from, to);
  const text = view.text;
  for (let p = from - view.base; p < to - view.base; p++) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Whether a block starts at `p`: the start or end of the text, or a non-blank line after a blank one. */
function isBlockStart(view: View, p: number): boolean {
  if (p <= 0 || p >= view.length) return true;
  need(view, p - 1, p);
  if (view.text.charCodeAt(p - 1 - view.base) !== 10) return false;
  if (isBlankLine(view, p, lineEndAt(view, p))) return false;
  return isBlankLine(view, lineStartAt(view, p - 1), p - 1);
}

/** Block starts in [from, to), from a block start. */
function blockStarts(view: View, from: number, to: number): number[] {
  const starts = [from];
  let p = from;
  let previousBlank = false;
  while (p < to) {
    const e = lineEndAt(view, p);
    const blank = isBlankLine(view, p, e);
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
  const lo = firstRangeEndingAfter(excluded, from);
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
function scanBlocks(state: AnnotationState, view: View, from: number, to: number): Block[] {
  return drain(scanBlocksSteps(state, view, from, to));
}

function* scanBlocksSteps(state: AnnotationState, view: View, from: number, to: number): Steps<Block[]> {
  const { engine } = state;
  const { text, base } = view;
  const starts = blockStarts(view, from, to);
  const out: Block[] = [];
  let budget = STEP_CHARS;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k]!;
    const end = k + 1 < starts.length ? starts[k + 1]! : to;
    budget -= end - start;
    if (budget < 0) {
      budget = STEP_CHARS;
      yield;
    }
    const pieces = piecesIn(state, view, start, end);
    const listed: Mention[][] = [];
    const claims: ClaimSpan[] = [];
    for (let p = 0; p < pieces.length; p += 4) {
      const [rs, re, ps, pe] = [pieces[p]!, pieces[p + 1]!, pieces[p + 2]!, pieces[p + 3]!];
      listed.push(listedMentions(engine, text, rs, re, ps, pe));
      claimsWithin(text, rs, re, ps, pe, claims);
    }
    // Offsets in the view's text: the block's shift is the view's base.
    out.push({
      start: start - base,
      end: end - base,
      shift: base,
      // A double from the start: orders become fractions, and a field that changed from small
      // integers to doubles would make the engine migrate every block at its next access.
      order: Number.NaN,
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

/** Updates the exclusions for an edit of the lines [lineFrom, lineToOld) (now [lineFrom, lineToNew), in the view). */
function updateExclusions(
  state: AnnotationState,
  view: View,
  lineFrom: number,
  lineToOld: number,
  lineToNew: number,
  delta: number,
): void {
  const { excluded, structural } = state;
  const map = (p: number) => (p >= lineToOld ? p + delta : p);
  // Inside a fence or comment (one left open runs to the end of the text, and over what is added there).
  const oldLength = view.length - delta;
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
  lineExclusions(view.text, lineFrom - view.base, lineToNew - view.base, state.languageId, fresh);
  const lines = normalise(fresh.map((p) => p + view.base));
  for (let k = i1; k < excluded.length; k++) excluded[k] = excluded[k]! + delta;
  excluded.splice(i0, i1 - i0, ...lines);
}

/** Merges a block's mentions and claims into its spans (the block's offsets are the view's). */
function mergeBlock(block: Block, view: View): FoundSpan[] {
  const mentions: Mention[] = [];
  for (let k = 0; k < block.listed.length; k++)
    mergeSorted(block.listed[k]!, block.second[k] ?? [], mentions);
  return mergeSpans(view.text, mentions, block.claims);
}

/**
 * The prose pieces of the document's [from, to) in a view's offsets, as {@link piecesOf} gives
 * them (a range's bounds clipped to the view, which reaches far beyond what is scanned).
 */
function piecesIn(state: AnnotationState, view: View, from: number, to: number): number[] {
  const pieces = piecesOf(state.excluded, view.length, from, to);
  const { base } = view;
  if (base === 0 && view.text.length === view.length) return pieces;
  const end = base + view.text.length;
  for (let p = 0; p < pieces.length; p += 4) {
    pieces[p] = Math.max(pieces[p]!, base) - base;
    pieces[p + 1] = Math.min(pieces[p + 1]!, end) - base;
    pieces[p + 2] = pieces[p + 2]! - base;
    pieces[p + 3] = pieces[p + 3]! - base;
  }
  return pieces;
}

/**
 * Runs a pass of the name finder over a block's pieces, reading and writing through `log`. The
 * block's offsets are the view's (its shift is the view's base).
 */
function namePass(state: AnnotationState, block: Block, log: NameLog, view: View): Mention[][] {
  const pieces = piecesIn(state, view, startOf(state, block), block.end + shiftOf(state, block));
  const out: Mention[][] = [];
  for (let p = 0, k = 0; p < pieces.length; p += 4, k++) {
    out.push(
      findUnlistedNames(
        view.text,
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
 * A view for one block, with the block's offsets brought to it: the whole text when it is built,
 * else a copy of the block with a margin.
 */
function blockView(state: AnnotationState, block: Block): View {
  const from = startOf(state, block);
  const view = viewOf(state.text, from - viewMargin, block.end + shiftOf(state, block) + viewMargin);
  rebase(state, block, view.base);
  return view;
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
  view: View,
): boolean {
  const { writers1, writers2 } = state;
  const local1 = new Map<string, string>();
  const view1: NameMemory = {
    get: (key) => (local1.has(key) ? local1.get(key) : lastWrite(writers1.get(key), key, before, false)),
    set: (key, value) => local1.set(key, value),
  };
  for (const f of fresh) {
    f.log1 = new NameLog(view1);
    f.first = namePass(state, f, f.log1, view);
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
  for (const f of fresh) secondPass(state, f, view2, view);
  const before1 = (key: string) => lastWrite(writers1.get(key), key, before, false);
  const before2 = (key: string) => lastWrite(writers2.get(key), key, before, true) ?? finalFirst(key);
  return (
    sameEffect(removed, local1, (r) => r.net1, before1) && sameEffect(removed, local2, (r) => r.net2, before2)
  );
}

/** The second pass of a block: a replay of its first-pass log when the reads agree, else a scan. */
function secondPass(state: AnnotationState, block: Block, memory: NameMemory, view: View): void {
  if (block.log1!.replay(memory)) {
    block.second = block.first;
    block.log2 = block.log1;
  } else {
    block.log2 = new NameLog(memory);
    block.second = namePass(state, block, block.log2, view);
  }
  block.net2 = block.log2!.writes();
}

/**
 * The value that the last block at or before `order` in `list` wrote to `key` (pass 1 or 2);
 * with `strictly`, the last block before it.
 */
function lastWrite(
  list: Block[] | undefined,
  key: string,
  order: number,
  second: boolean,
  strictly = false,
): string | undefined {
  if (!list) return undefined;
  const n = countBelow(list, order, !strictly);
  if (n === 0) return undefined;
  const block = list[n - 1]!;
  return (second ? block.net2 : block.net1)!.get(key);
}

/** How many blocks of `sorted` (by order) come before `order` (or at it too, with `orAt`). */
function countBelow(sorted: readonly Block[], order: number, orAt = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const o = sorted[mid]!.order;
    if (o < order || (orAt && o === order)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  indexReads(state, block, true);
}

function unregister(state: AnnotationState, block: Block): void {
  block.net1?.forEach((_, key) => removeWriter(state.writers1, key, block));
  block.net2?.forEach((_, key) => removeWriter(state.writers2, key, block));
  indexReads(state, block, false);
}

/** Adds a block to (or takes it from) the readers of every name its logs read. */
function indexReads(state: AnnotationState, block: Block, add: boolean): void {
  for (const log of block.log2 === block.log1 ? [block.log1] : [block.log1, block.log2]) {
    if (log === undefined) continue;
    for (let e = 0; e < log.length; e++) {
      if (log.kinds[e] !== 0) continue;
      const key = log.keys[e]!;
      let set = state.readers.get(key);
      if (add) {
        if (!set) state.readers.set(key, (set = new Set()));
        set.add(block);
      } else if (set) {
        set.delete(block);
        if (set.size === 0) state.readers.delete(key);
      }
    }
  }
}

function insertWriter(writers: Map<string, Block[]>, key: string, block: Block): void {
  let list = writers.get(key);
  if (!list) writers.set(key, (list = []));
  list.splice(countBelow(list, block.order), 0, block);
}

function removeWriter(writers: Map<string, Block[]>, key: string, block: Block): void {
  const list = writers.get(key);
  if (!list) return;
  const k = list.indexOf(block);
  if (k >= 0) list.splice(k, 1);
  if (list.length === 0) writers.delete(key);
}

/**
 * Redoes every block's names in document order, in steps (a full scan's second half). A block
 * whose logged reads get the same answers replays its writes; the others (and blocks without
 * logs yet) are scanned again. Rebuilds the per-name lists of writers and
 * re-merges the spans that changed.
 */
function* redoNamesSteps(state: AnnotationState): Steps<void> {
  const blocks = state.blocks;
  // What is done since the last step, in characters: a block scanned counts whole, one replayed
  // or merged a part.
  let budget = STEP_CHARS;
  const spent = (block: Block, part: number) => {
    budget -= (block.end - block.start) * part;
    if (budget >= 0) return false;
    budget = STEP_CHARS;
    return true;
  };
  if (!state.engine.unlistedNames) {
    for (const block of blocks) {
      block.spans = mergeBlock(block, blockView(state, block));
      if (spent(block, 0.25)) yield;
    }
    return;
  }
  const memory = new Map<string, string>();
  const dirty = new Set<Block>();
  for (const block of blocks) {
    if (block.log1 !== undefined && block.log1.replay(memory)) {
      if (spent(block, 0.05)) yield;
      continue;
    }
    const view = blockView(state, block);
    block.log1 = new NameLog(memory);
    block.first = namePass(state, block, block.log1, view);
    block.net1 = block.log1.writes();
    if (spent(block, 0.5)) yield;
  }
  for (const block of blocks) {
    if (block.log2 !== undefined && block.log2.replay(memory)) {
      if (spent(block, 0.05)) yield;
      continue;
    }
    if (block.log2 !== block.log1 && block.log1!.replay(memory)) {
      block.second = block.first;
      block.log2 = block.log1;
      block.net2 = block.net1;
    } else {
      const view = blockView(state, block);
      block.log2 = new NameLog(memory);
      block.second = namePass(state, block, block.log2, view);
      block.net2 = block.log2.writes();
    }
    dirty.add(block);
    if (spent(block, 0.5)) yield;
  }
  for (const block of blocks)
    if (dirty.has(block) || block.spans.length === 0) {
      block.spans = mergeBlock(block, blockView(state, block));
      if (spent(block, 0.25)) yield;
    }
  state.writers1 = new Map();
  state.writers2 = new Map();
  state.readers = new Map();
  for (const block of blocks) register(state, block);
}

/**
 * Brings the names of the blocks that may read a changed name up to date (after an edit whose
 * window wrote other values than before), against the per-name lists of writers (kept up to date
 * as blocks are scanned again) rather than a replay of every block: a block whose text and
 * surroundings hold none of the changed names reads what it read. A block scanned again that
 * writes other values adds its names. The spans of blocks outside `fresh` made again go to `out`
 * (before) and `put` (after); returns whether there were any.
 */
function redoNamesAround(
  state: AnnotationState,
  fresh: readonly Block[],
  changed: Set<string>,
  out: (readonly FoundSpan[])[],
  put: PlacedSpans[],
): boolean {
  // The blocks to check, in document order: a pass goes through `todo` while readers found on the
  // way join it in their places.
  const readers = new Set<Block>(fresh);
  let todo: Block[] = [];
  const addReaders = (keys: Iterable<string>) => {
    for (const key of keys)
      state.readers.get(key)?.forEach((b) => {
        if (readers.has(b)) return;
        readers.add(b);
        todo.splice(countBelow(todo, b.order), 0, b);
      });
  };
  addReaders(changed);
  const inOrder = () => [...readers].sort((a, b) => a.order - b.order);
  // The memory a block of the first pass reads: the last values written before it.
  const firstView = (block: Block): NameMemory => {
    const local = new Map<string, string>();
    return {
      get: (key) =>
        local.has(key) ? local.get(key) : lastWrite(state.writers1.get(key), key, block.order, false, true),
      set: (key, value) => local.set(key, value),
    };
  };
  // Of the second pass: the last values written before it in that pass, else the first pass's last.
  const secondView = (block: Block): NameMemory => {
    const local = new Map<string, string>();
    return {
      get: (key) => {
        if (local.has(key)) return local.get(key);
        const value = lastWrite(state.writers2.get(key), key, block.order, true, true);
        if (value !== undefined) return value;
        const list = state.writers1.get(key);
        return list?.[list.length - 1]?.net1?.get(key);
      },
      set: (key, value) => local.set(key, value),
    };
  };
  /** Adds the readers of the names a block scanned again wrote differently in a pass. */
  const rewrote = (before: Map<string, string> | undefined, after: Map<string, string> | undefined) => {
    const differ: string[] = [];
    differingKeys(before, after, (k) => differ.push(k));
    addReaders(differ);
  };
  const dirty = new Set<Block>();
  todo = inOrder();
  for (let i = 0; i < todo.length; i++) {
    const block = todo[i]!;
    const memory = firstView(block);
    if (block.log1 !== undefined && block.log1.replay(memory)) continue;
    const view = blockView(state, block);
    const before = block.net1;
    const log = new NameLog(firstView(block));
    const first = namePass(state, block, log, view);
    // Out of the lists with what it wrote and read, back in with the new.
    unregister(state, block);
    block.log1 = log;
    block.first = first;
    block.net1 = log.writes();
    register(state, block);
    rewrote(before, block.net1);
  }
  todo = inOrder();
  for (let i = 0; i < todo.length; i++) {
    const block = todo[i]!;
    if (block.log2 !== undefined && block.log2.replay(secondView(block))) continue;
    const before = block.net2;
    let log = block.log1!;
    let second = block.first;
    if (block.log2 === block.log1 || !block.log1!.replay(secondView(block))) {
      const view = blockView(state, block);
      log = new NameLog(secondView(block));
      second = namePass(state, block, log, view);
    }
    unregister(state, block);
    block.log2 = log;
    block.second = second;
    block.net2 = log === block.log1 ? block.net1 : log.writes();
    register(state, block);
    rewrote(before, block.net2);
    dirty.add(block);
  }
  let elsewhere = false;
  for (const block of new Set([...fresh, ...dirty])) {
    const before = block.spans;
    block.spans = mergeBlock(block, blockView(state, block));
    if (fresh.includes(block)) continue;
    out.push(before);
    put.push({ spans: block.spans, shift: shiftOf(state, block) });
    elsewhere = true;
  }
  return elsewhere;
}

/** Hands `found` each name whose value differs between two maps (one missing counts as empty). */
function differingKeys(
  a: ReadonlyMap<string, string> | undefined,
  b: ReadonlyMap<string, string> | undefined,
  found: (key: string) => void,
): void {
  a?.forEach((v, k) => b?.get(k) !== v && found(k));
  b?.forEach((v, k) => a?.get(k) !== v && found(k));
}

/** The last value written to each name by a run of blocks (in order), in one pass. */
function lastValues(
  blocks: readonly Block[],
  net: (b: Block) => Map<string, string> | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of blocks) net(b)?.forEach((v, k) => out.set(k, v));
  return out;
}

/** Brings a block's offsets to those of the current text less `shift` (new span objects). */
function rebase(state: AnnotationState, block: Block, shift: number): void {
  const lazy = shiftOf(state, block) - block.shift;
  const d = block.shift + lazy - shift;
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
  block.shift = shift - lazy;
}
