/**
 * Offsets through text edits: how annotations (and any other ranges) move while the user types,
 * so that manual annotations and claim reviews stay on their words between two runs of the
 * engine. Pure: the editor hands in its content changes, this returns the moved ranges.
 *
 * A range never widens when text is typed at its edges (an insertion at its start or end lands
 * outside it), as decorations with `ClosedClosed` range behaviour do. A range whose text is
 * removed entirely collapses: the annotation becomes orphaned and keeps its last quote.
 */
import { CONTEXT } from './text';
import type { Annotation } from './types';

/**
 * Read access to a text: a string, or a text kept as pieces (src/core/model.ts `LiveText`) that
 * should not be copied whole for a few characters. `slice` clamps like String.prototype.slice.
 */
export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
  /** The whole text (a text kept as pieces builds it, once). */
  toString(): string;
  /** The whole text when it is at hand without a copy (a string is), else undefined. */
  readonly built?: string | undefined;
}

/** The whole text of a source as one string. */
export function flatText(src: TextSource): string {
  return typeof src === 'string' ? src : src.toString();
}

/** The whole text of a source when it is at hand without a copy. */
export function builtText(src: TextSource): string | undefined {
  return typeof src === 'string' ? src : src.built;
}

/**
 * One text change: the half-open range [start, end) of the text *before* the change is replaced
 * by `text`. A list of changes applies in order, each to the result of the previous one (the way
 * VS Code applies the content changes of one event).
 */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A half-open range of UTF-16 offsets. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** Where a range lands after an edit; `collapsed` when the edit removed all of its text. */
export interface ShiftedRange extends OffsetRange {
  collapsed: boolean;
}

/** Moves one range through one edit. */
export function shiftRange(range: OffsetRange, edit: TextEdit): ShiftedRange {
  const { start: s, end: e } = range;
  const { start: cs, end: ce } = edit;
  const inserted = edit.text.length;
  const delta = inserted - (ce - cs);
  // Entirely before the range, or an insertion at its start: the range moves.
  if (ce <= s) return { start: s + delta, end: e + delta, collapsed: false };
  // Entirely after the range, or an insertion at its end: the range stays.
  if (cs >= e) return { start: s, end: e, collapsed: false };
  // The edit removes all of the range's text: nothing of the quote is left.
  if (cs <= s && ce >= e) return { start: cs + inserted, end: cs + inserted, collapsed: true };
  // The edit covers the range's start: the new text lands before what is left of it.
  if (cs < s) return { start: cs + inserted, end: e + delta, collapsed: false };
  // The edit covers the range's end: the range stops where the edit starts.
  if (ce > e) return { start: s, end: cs, collapsed: false };
  // Inside the range (possibly touching an edge while removing text): the range follows.
  return { start: s, end: e + delta, collapsed: false };
}

/** Moves a range through a sequence of edits; collapsed stays collapsed. */
export function shiftRangeThrough(range: OffsetRange, edits: readonly TextEdit[]): ShiftedRange {
  let current: ShiftedRange = { start: range.start, end: range.end, collapsed: false };
  for (const edit of edits) {
    const next = shiftRange(current, edit);
    current = { ...next, collapsed: current.collapsed || next.collapsed };
  }
  return current;
}

/**
 * Moves plain ranges (engine spans, prose ranges) through edits. Ranges whose text was removed
 * entirely are dropped: they are recomputed by the next run of the engine anyway.
 */
export function shiftRanges<T extends OffsetRange>(ranges: readonly T[], edits: readonly TextEdit[]): T[] {
  if (edits.length === 0) return [...ranges];
  const out: T[] = [];
  for (const r of ranges) {
    const moved = shiftRangeThrough(r, edits);
    if (moved.collapsed || moved.end <= moved.start) continue;
    out.push(
      moved.start === r.start && moved.end === r.end ? r : { ...r, start: moved.start, end: moved.end },
    );
  }
  return out;
}

/** The result of moving annotations through edits. */
export interface ShiftResult {
  annotations: Annotation[];
  /** Annotations whose whole text was removed by these edits: now flagged `orphaned`. */
  orphaned: Annotation[];
}

/**
 * Moves annotations through edits. With `newText` (the text after the edits, a string or any
 * {@link TextSource}) each moved
 * annotation's `text`, `prefix` and `suffix` are refreshed, so that it stays valid for the
 * sidecar. An annotation whose text was removed entirely is flagged `orphaned`, keeps its last
 * quote and context, and sits at the point where its text was; an annotation that was orphaned
 * already only moves along.
 */
export function shiftAnnotations(
  annotations: readonly Annotation[],
  edits: readonly TextEdit[],
  newText?: TextSource,
): ShiftResult {
  if (edits.length === 0) return { annotations: [...annotations], orphaned: [] };
  const out: Annotation[] = [];
  const orphaned: Annotation[] = [];
  for (const a of annotations) {
    const moved = shiftRangeThrough(a, edits);
    if (a.orphaned) {
      out.push(moved.start === a.start ? a : { ...a, start: moved.start, end: moved.start });
      continue;
    }
    if (moved.collapsed || moved.end <= moved.start) {
      const orphan: Annotation = { ...a, start: moved.start, end: moved.start, orphaned: true };
      out.push(orphan);
      orphaned.push(orphan);
      continue;
    }
    if (newText === undefined) {
      out.push(
        moved.start === a.start && moved.end === a.end ? a : { ...a, start: moved.start, end: moved.end },
      );
      continue;
    }
    const text = newText.slice(moved.start, moved.end);
    const context = {
      prefix: newText.slice(Math.max(0, moved.start - CONTEXT), moved.start),
      suffix: newText.slice(moved.end, Math.min(newText.length, moved.end + CONTEXT)),
    };
    const unchanged =
      moved.start === a.start &&
      moved.end === a.end &&
      text === a.text &&
      context.prefix === a.prefix &&
      context.suffix === a.suffix;
    out.push(unchanged ? a : { ...a, start: moved.start, end: moved.end, text, ...context });
  }
  return { annotations: out, orphaned };
}
