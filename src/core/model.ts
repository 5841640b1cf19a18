/**
 * The live model of a document being edited: the engine's spans kept up to date through edits by
 * the incremental annotation state of src/core/incremental.ts ({@link updateScan}: only the blocks
 * around an edit are scanned again, with exactly the spans of a full scan), and the merge of fresh
 * auto annotations with a person's work (manual annotations, claim reviews, hidden records).
 * Pure: the editor adapter keeps the state and calls these on each (debounced) change.
 * ({@link scanText} is the older paragraph-window re-scan, kept for callers without a state.)
 */
import type { Engine, FoundSpan } from './annotate';
import { findSpans } from './annotate';
import type { OffsetRange, TextEdit } from './edits';
import { shiftRanges } from './edits';
import type { AnnotationState, TextChange } from './incremental';
import { allSpans, applyEdits, createAnnotationState } from './incremental';
import { complement, proseRanges } from './markdown';
import { compareAnnotations } from './sidecar';
import type { Annotation } from './types';

/** What the engine found in a text, kept so that the next scan can reuse what did not change. */
export interface ScanState {
  spans: FoundSpan[];
  prose: OffsetRange[];
}

/** The result of a scan; `incremental` tells whether only a window was re-scanned. */
export interface ScanResult {
  state: ScanState;
  incremental: boolean;
  /** The re-scanned window (the whole text for a full scan). */
  window: OffsetRange;
}

/**
 * Brings an incremental annotation state up to `text`: `changes` (the content changes since the
 * state was last brought up to date, in order, each applying to the result of the previous one)
 * are applied incrementally; a new state is made when there is none, or when it belongs to
 * another engine or language. Returns the state (the same object, updated in place, or a new one)
 * and the scan state (spans and prose ranges) of `text`.
 */
export function updateScan(
  previous: AnnotationState | undefined,
  engine: Engine,
  text: string,
  languageId: string,
  changes: readonly TextChange[],
): { state: AnnotationState; scan: ScanState } {
  let state = previous;
  if (state && state.engine === engine && state.languageId === languageId) applyEdits(state, text, changes);
  else state = createAnnotationState(engine, text, languageId);
  const flat = complement(state.excluded, text.length);
  const prose: OffsetRange[] = [];
  for (let k = 0; k < flat.length; k += 2) prose.push({ start: flat[k]!, end: flat[k + 1]! });
  return { state, scan: { spans: allSpans(state), prose } };
}

/** Moves a scan state through edits, so that it lines up with the text after them. */
export function shiftScanState(state: ScanState, edits: readonly TextEdit[]): ScanState {
  return { spans: shiftRanges(state.spans, edits), prose: shiftRanges(state.prose, edits) };
}

/** Start of the paragraph (text after the last blank line) at or before `pos`. */
export function paragraphStart(text: string, pos: number): number {
  let lineStart = text.lastIndexOf('\n', Math.max(0, pos - 1));
  // Walk back line by line until a blank line (or the start of the text).
  while (lineStart > 0) {
    const previous = text.lastIndexOf('\n', lineStart - 1);
    if (text.slice(previous + 1, lineStart).trim() === '') return lineStart + 1;
    lineStart = previous;
  }
  return 0;
}

/** End of the paragraph (the start of the next blank line) at or after `pos`. */
export function paragraphEnd(text: string, pos: number): number {
  let lineEnd = text.indexOf('\n', pos);
  while (lineEnd >= 0) {
    const next = text.indexOf('\n', lineEnd + 1);
    const line = text.slice(lineEnd + 1, next < 0 ? text.length : next);
    if (line.trim() === '') return lineEnd;
    if (next < 0) return text.length;
    lineEnd = next;
  }
  return text.length;
}

function clip(ranges: readonly OffsetRange[], from: number, to: number): OffsetRange[] {
  const out: OffsetRange[] = [];
  for (const r of ranges) {
    const start = Math.max(r.start, from);
    const end = Math.min(r.end, to);
    if (end > start) out.push({ start, end });
  }
  return out;
}

function sameRanges(a: readonly OffsetRange[], b: readonly OffsetRange[]): boolean {
  return a.length === b.length && a.every((r, i) => r.start === b[i]!.start && r.end === b[i]!.end);
}

/**
 * Scans a text. With a previous state already moved through the edits ({@link shiftScanState})
 * and the region those edits touched, only the paragraphs around that region are scanned again,
 * unless the edits changed which parts of the text are prose elsewhere (an opened code fence,
 * say): then the whole text is scanned.
 */
export function scanText(
  engine: Engine,
  text: string,
  languageId: string,
  previous?: ScanState,
  touched?: OffsetRange,
): ScanResult {
  const prose = proseRanges(text, languageId).map(([start, end]) => ({ start, end }));
  const full = (): ScanResult => ({
    state: {
      spans: findSpans(
        engine,
        text,
        languageId,
        prose.map((r) => [r.start, r.end]),
      ),
      prose,
    },
    incremental: false,
    window: { start: 0, end: text.length },
  });
  if (!previous || !touched) return full();
  const from = paragraphStart(text, Math.min(touched.start, text.length));
  const to = paragraphEnd(text, Math.min(touched.end, text.length));
  const outside = (ranges: readonly OffsetRange[]) => [
    ...clip(ranges, 0, from),
    ...clip(ranges, to, text.length),
  ];
  if (!sameRanges(outside(previous.prose), outside(prose))) return full();
  const window = clip(prose, from, to).map((r): [number, number] => [r.start, r.end]);
  const fresh = findSpans(engine, text, languageId, window);
  const spans = [
    ...previous.spans.filter((s) => s.end <= from),
    ...fresh,
    ...previous.spans.filter((s) => s.start >= to),
  ];
  return { state: { spans, prose }, incremental: true, window: { start: from, end: to } };
}

const key = (a: Annotation) => `${a.kind}|${a.start}|${a.end}`;
const overlaps = (a: OffsetRange, b: OffsetRange) => a.start < b.end && b.start < a.end;

function review(a: Annotation): Partial<Annotation> {
  const out: Partial<Annotation> = {};
  for (const k of ['status', 'note', 'sources', 'author', 'updated', 'conflict'] as const) {
    if (a[k] !== undefined) (out as Record<string, unknown>)[k] = a[k];
  }
  return out;
}

/**
 * Merges fresh auto annotations with a person's work, by the rules of the sidecar format:
 * - a review of an auto annotation (status, note, sources) lands on the fresh annotation of the
 *   same kind at the same range, or else on one of the same kind (and entity) that overlaps it;
 *   a review that finds none is kept as it is;
 * - a manual annotation replaces the fresh one of the same kind at exactly its range;
 * - a `hidden` record hides the fresh annotations of its kind (and entity) that overlap it;
 * - orphaned annotations are kept as they are.
 * Ids are made unique; the result is sorted by start, then id.
 */
export function mergeAnnotations(auto: readonly Annotation[], personal: readonly Annotation[]): Annotation[] {
  const fresh = auto.map((a) => ({ ...a }));
  const byKey = new Map(fresh.map((f) => [key(f), f]));
  const claimed = new Set<Annotation>();
  const kept: Annotation[] = [];
  const hiding: Annotation[] = [];
  const sameTarget = (f: Annotation, p: Annotation) =>
    f.kind === p.kind && (p.entity === undefined || f.entity === p.entity);
  for (const p of personal) {
    if (p.orphaned) {
      kept.push({ ...p });
      continue;
    }
    if (p.origin === 'auto') {
      let match = byKey.get(key(p));
      if (match && claimed.has(match)) match = undefined;
      match ??= fresh.find((f) => !claimed.has(f) && sameTarget(f, p) && overlaps(f, p));
      if (match) {
        Object.assign(match, review(p));
        claimed.add(match);
        continue;
      }
    }
    if (p.hidden) hiding.push(p);
    kept.push({ ...p });
  }
  const manual = new Set(kept.filter((a) => a.origin === 'manual' && !a.orphaned && !a.hidden).map(key));
  const visible = fresh.filter(
    (f) =>
      !manual.has(key(f)) &&
      !hiding.some(
        (h) =>
          h.kind === f.kind &&
          (h.entity === undefined || h.entity === f.entity) &&
          (overlaps(h, f) || key(h) === key(f)),
      ),
  );
  const out = [...visible, ...kept];
  const ids = new Set<string>();
  for (const a of out) {
    let id = a.id;
    for (let n = 2; ids.has(id); n++) id = `${a.id}~${n}`;
    a.id = id;
    ids.add(id);
  }
  return out.sort(compareAnnotations);
}

/** The annotations a reader sees: neither hidden records nor orphans. */
export function visibleAnnotations(annotations: readonly Annotation[]): Annotation[] {
  return annotations.filter((a) => !a.hidden && !a.orphaned);
}

/** The visible annotations that contain `offset` (start <= offset < end), innermost first. */
export function annotationsAt(annotations: readonly Annotation[], offset: number): Annotation[] {
  return visibleAnnotations(annotations)
    .filter((a) => a.start <= offset && offset < a.end)
    .sort((a, b) => a.end - a.start - (b.end - b.start));
}
