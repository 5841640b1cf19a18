/**
 * The live model of a document being edited ({@link LiveDocument}): the engine's spans kept up to
 * date through edits by the incremental annotation state of src/core/incremental.ts (only the
 * blocks around an edit are scanned again, with exactly the spans of a full scan), merged with a
 * person's work (manual annotations, claim reviews, hidden records) where there is some, with
 * work per keystroke proportional to the edit and to what is shown ({@link mergeAnnotations} is
 * the rule of that merge, for whole lists). Pure: the editor adapter keeps one per document.
 */
import type { Engine, FoundSpan } from './annotate';
import { toAnnotationsSteps } from './annotate';
import type { OffsetRange, TextSource } from './edits';
import { flatText, shiftAnnotations, shiftRanges } from './edits';
import type { AnnotationState, EditResult, TextChange } from './incremental';
import {
  allSpansSteps,
  applyEdits,
  buildAnnotationState,
  changedRegion,
  createAnnotationState,
  extendRegion,
  firstEndingAfter,
  firstRangeEndingAfter,
  needsFullScan,
  spanAt,
  spansIn,
  visitSpans,
} from './incremental';
import { UNLISTED } from './names';
import { compareAnnotations, isPersonalWork, rangeKey } from './sidecar';
import type { Steps } from './steps';
import { drain, STEP_ITEMS } from './steps';
import { contextOf, fnv1a } from './text';
import type { Annotation } from './types';

const overlaps = (a: OffsetRange, b: OffsetRange) => a.start < b.end && b.start < a.end;
const sameTarget = (f: Annotation, p: Annotation) =>
  f.kind === p.kind && (p.entity === undefined || f.entity === p.entity);

function review(a: Annotation): Partial<Annotation> {
  const out: Partial<Annotation> = {};
  for (const k of ['status', 'note', 'sources', 'author', 'updated', 'conflict'] as const) {
    if (a[k] !== undefined) (out as Record<string, unknown>)[k] = a[k];
  }
  return out;
}

/** Lookups in the fresh annotations of a merge. */
interface FreshIndex {
  /** The fresh annotation of the same kind at exactly the range of `a` (the last one, if several). */
  byKey(a: Annotation): Annotation | undefined;
  /** The fresh annotations with the same kind and range as `a`. */
  allByKey(a: Annotation): Annotation[];
  /** The fresh annotations that overlap `r`, in their order. */
  overlapping(r: OffsetRange): Annotation[];
}

/** Sorted by start and non-overlapping, none empty (in [from, to)): what the engine makes, so binary searches work. */
function isOrdered(fresh: readonly Annotation[], from = 0, to = fresh.length): boolean {
  for (let k = from; k < to; k++) {
    const f = fresh[k]!;
    if (f.end <= f.start || (k > 0 && f.start < fresh[k - 1]!.end)) return false;
  }
  return true;
}

function freshIndex(fresh: readonly Annotation[], ordered = isOrdered(fresh)): FreshIndex {
  if (ordered) {
    // First fresh annotation that ends after `p`.
    const after = (p: number) => firstEndingAfter(fresh, p);
    const allByKey = (a: Annotation) => {
      const f = fresh[after(a.start)];
      return f && f.start === a.start && f.end === a.end && f.kind === a.kind ? [f] : [];
    };
    return {
      byKey: (a) => allByKey(a)[0],
      allByKey,
      overlapping: (r) => {
        const out: Annotation[] = [];
        for (let k = after(r.start); k < fresh.length && fresh[k]!.start < r.end; k++)
          if (overlaps(fresh[k]!, r)) out.push(fresh[k]!);
        return out;
      },
    };
  }
  const byKey = new Map(fresh.map((f) => [rangeKey(f), f]));
  return {
    byKey: (a) => byKey.get(rangeKey(a)),
    allByKey: (a) => fresh.filter((f) => rangeKey(f) === rangeKey(a)),
    overlapping: (r) => fresh.filter((f) => overlaps(f, r)),
  };
}

/**
 * The merge of fresh auto annotations (mutable: reviews are written into them) with a person's
 * work, without ids made unique and unsorted: the visible fresh annotations in their order, and
 * the personal annotations kept, in theirs. See {@link mergeAnnotations} for the rules.
 */
export function mergeWork(
  fresh: Annotation[],
  personal: readonly Annotation[],
  ordered?: boolean,
): { visible: Annotation[]; kept: Annotation[]; matches: Map<Annotation, Annotation> } {
  const index = freshIndex(fresh, ordered);
  const claimed = new Set<Annotation>();
  /** Each review that landed on a fresh annotation, with it. */
  const matches = new Map<Annotation, Annotation>();
  const kept: Annotation[] = [];
  const hiding: Annotation[] = [];
  for (const p of personal) {
    if (p.orphaned) {
      kept.push({ ...p });
      continue;
    }
    if (p.origin === 'auto') {
      let match = index.byKey(p);
      if (match && claimed.has(match)) match = undefined;
      match ??= index.overlapping(p).find((f) => !claimed.has(f) && sameTarget(f, p));
      if (match) {
        Object.assign(match, review(p));
        claimed.add(match);
        matches.set(p, match);
        continue;
      }
    }
    if (p.hidden) hiding.push(p);
    kept.push({ ...p });
  }
  const removed = new Set<Annotation>();
  for (const m of kept)
    if (m.origin === 'manual' && !m.orphaned && !m.hidden) for (const f of index.allByKey(m)) removed.add(f);
  for (const h of hiding) {
    for (const f of [...index.overlapping(h), ...index.allByKey(h)])
      if (h.kind === f.kind && (h.entity === undefined || h.entity === f.entity)) removed.add(f);
  }
  const visible = removed.size === 0 ? fresh : fresh.filter((f) => !removed.has(f));
  return { visible, kept, matches };
}

/**
 * Merges fresh auto annotations with a person's work, by the rules of the sidecar format:
 * - a review of an auto annotation (status, note, sources) lands on the fresh annotation of the
 *   same kind at the same range, or else on one of the same kind (and entity) that overlaps it;
 *   a review that finds none is kept as it is;
 * - a manual annotation replaces the fresh one of the same kind at exactly its range;
 * - a `hidden` record hides the fresh annotations of its kind (and entity) that overlap it;
 * - orphaned annotations are kept as they are.
 * Ids are made unique; the result is sorted by start, then id. The inputs are not changed.
 */
export function mergeAnnotations(auto: readonly Annotation[], personal: readonly Annotation[]): Annotation[] {
  return mergeOwned(
    auto.map((a) => ({ ...a })),
    personal,
  );
}

/** {@link mergeAnnotations} on fresh annotations that the caller hands over (they are changed). */
function mergeOwned(fresh: Annotation[], personal: readonly Annotation[]): Annotation[] {
  return drain(mergeOwnedSteps(fresh, personal));
}

/** {@link mergeOwned} in steps. */
function* mergeOwnedSteps(fresh: Annotation[], personal: readonly Annotation[]): Steps<Annotation[]> {
  // Whether the fresh annotations are in order, a step at a time (reading 10^5 annotations
  // scattered in memory takes tens of milliseconds); what is left of them after the merge stays so.
  let ordered = true;
  for (let k = 0; k < fresh.length && ordered; k += STEP_ITEMS) {
    ordered = isOrdered(fresh, k, Math.min(fresh.length, k + STEP_ITEMS));
    yield;
  }
  const { visible, kept } = mergeWork(fresh, personal, ordered);
  const ids = new Set<string>();
  const unique = (a: Annotation) => {
    let id = a.id;
    for (let n = 2; ids.has(id); n++) id = `${a.id}~${n}`;
    a.id = id;
    ids.add(id);
  };
  for (let k = 0; k < visible.length; k++) {
    if (k > 0 && k % STEP_ITEMS === 0) yield;
    unique(visible[k]!);
  }
  for (const a of kept) unique(a);
  yield;
  if (!ordered) return [...visible, ...kept].sort(compareAnnotations);
  // Both parts sorted: merge them (the same order as a sort, without sorting 10^5 annotations).
  kept.sort(compareAnnotations);
  const out: Annotation[] = [];
  let i = 0;
  let j = 0;
  while (i < visible.length || j < kept.length) {
    if (j >= kept.length || (i < visible.length && compareAnnotations(visible[i]!, kept[j]!) <= 0))
      out.push(visible[i++]!);
    else out.push(kept[j++]!);
    if ((i + j) % (4 * STEP_ITEMS) === 0) yield;
  }
  return out;
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

// ---------------------------------------------------------------------------------------------
// The live document: what the editor keeps per open document
// ---------------------------------------------------------------------------------------------

/** A piece of a {@link LiveText}: inserted text, or a range of a flat string (a version of the text). */
type Piece = string | { src: string; start: number; end: number };

const pieceLength = (p: Piece) => (typeof p === 'string' ? p.length : p.end - p.start);

/** Beyond this many pieces, a change builds the whole text (one copy) and starts again from it. */
const MAX_PIECES = 4096;

/**
 * The text of a document as it is being edited, without copying it at every keystroke: pieces of
 * earlier versions of the text (flat strings) and the text typed since. `slice` reads a stretch
 * without building the whole text; `toString` builds it (once per version, when asked). A change
 * makes a new LiveText ({@link with}) and leaves this one as it is, so that the annotation state
 * can keep the text it was brought to while edits queue up.
 */
export class LiveText implements TextSource {
  private pieces: Piece[];
  private flat: string | undefined;
  readonly length: number;

  constructor(text: string | LiveText) {
    if (typeof text === 'string') {
      this.pieces = text.length > 0 ? [{ src: text, start: 0, end: text.length }] : [];
      this.length = text.length;
      this.flat = text;
    } else {
      this.pieces = text.pieces;
      this.length = text.length;
      this.flat = text.flat;
    }
  }

  /** The whole text when it is already built (no copy is made), else undefined. */
  get built(): string | undefined {
    return this.flat;
  }

  /** This text with changes applied, in order ([start, end) of the text before each replaced by its text). */
  with(changes: readonly TextChange[]): LiveText {
    if (changes.length === 0) return this;
    let pieces = this.pieces;
    let length = this.length;
    for (const change of changes) {
      const start = Math.max(0, Math.min(change.start, length));
      const end = Math.max(start, Math.min(change.end, length));
      const next = cut(pieces, 0, start);
      if (change.text.length > 0) push(next, change.text);
      for (const p of cut(pieces, end, length)) push(next, p);
      pieces = next;
      length += change.text.length - (end - start);
    }
    const out = new LiveText('');
    out.pieces = pieces;
    (out as { length: number }).length = length;
    out.flat = undefined;
    if (pieces.length > MAX_PIECES) out.toString();
    return out;
  }

  slice(start: number, end: number): string {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    if (this.flat !== undefined) return this.flat.slice(from, to);
    return cut(this.pieces, from, to)
      .map((p) => (typeof p === 'string' ? p : p.src.slice(p.start, p.end)))
      .join('');
  }

  /** The first index of `needle` at or after `from`, or -1 (as String.prototype.indexOf, without building the text). */
  indexOf(needle: string, from = 0): number {
    if (this.flat !== undefined) return this.flat.indexOf(needle, from);
    let pos = 0;
    for (const p of this.pieces) {
      const end = pos + pieceLength(p);
      if (end > from) {
        // Within the piece (a slice of a flat string is a view of it: no copy)...
        const piece = typeof p === 'string' ? p : p.src.slice(p.start, p.end);
        const i = piece.indexOf(needle, Math.max(from, pos) - pos);
        if (i >= 0) return pos + i;
        // ...or across its end.
        if (needle.length > 1 && end < this.length) {
          const lo = Math.max(from, end - needle.length + 1);
          const j = this.slice(lo, end + needle.length - 1).indexOf(needle);
          if (j >= 0) return lo + j;
        }
      }
      pos = end;
    }
    return needle === '' && from >= this.length ? this.length : -1;
  }

  /** The whole text (built once, then kept: a change makes a new LiveText). */
  toString(): string {
    if (this.flat === undefined) {
      this.flat = this.slice(0, this.length);
      this.pieces = this.length > 0 ? [{ src: this.flat, start: 0, end: this.length }] : [];
    }
    return this.flat;
  }
}

/** The pieces that make [from, to) of `pieces` (from <= to, both within the text). */
function cut(pieces: readonly Piece[], from: number, to: number): Piece[] {
  const out: Piece[] = [];
  let pos = 0;
  for (const p of pieces) {
    const len = pieceLength(p);
    const s = Math.max(from, pos);
    const e = Math.min(to, pos + len);
    if (e > s) {
      if (typeof p === 'string') out.push(p.slice(s - pos, e - pos));
      else out.push({ src: p.src, start: p.start + s - pos, end: p.start + e - pos });
    }
    pos += len;
    if (pos >= to) break;
  }
  return out;
}

/** Appends a piece, joining it to the last one when they are adjacent. */
function push(pieces: Piece[], p: Piece): void {
  const last = pieces[pieces.length - 1];
  if (typeof p === 'string' && typeof last === 'string') pieces[pieces.length - 1] = last + p;
  else if (
    typeof p !== 'string' &&
    last !== undefined &&
    typeof last !== 'string' &&
    last.src === p.src &&
    last.end === p.start
  )
    pieces[pieces.length - 1] = { src: p.src, start: last.start, end: p.end };
  else pieces.push(p);
}

/**
 * A position of the text after `changes` taken back to the text before them; a position inside
 * inserted text goes to the start of what it replaced (`side` 'start') or to its end ('end').
 */
function unmap(pos: number, changes: readonly TextChange[], side: 'start' | 'end'): number {
  let p = pos;
  for (let k = changes.length - 1; k >= 0; k--) {
    const c = changes[k]!;
    const insertedEnd = c.start + c.text.length;
    if (p <= c.start) continue;
    if (p >= insertedEnd) p += c.end - c.start - c.text.length;
    else p = side === 'start' ? c.start : c.end;
  }
  return p;
}

/** The counts a status bar shows: visible annotations by kind (hidden records aside), orphans apart. */
export interface AnnotationCounts {
  actors: number;
  places: number;
  claims: number;
  unreviewed: number;
  notes: number;
  orphaned: number;
}

/** Counts annotations (hidden records are skipped, orphans counted apart). */
export function countAnnotations(annotations: Iterable<Annotation>): AnnotationCounts {
  const c: AnnotationCounts = { actors: 0, places: 0, claims: 0, unreviewed: 0, notes: 0, orphaned: 0 };
  for (const a of annotations) addCount(c, a, 1);
  return c;
}

function addCount(c: AnnotationCounts, a: Annotation, sign: number): void {
  if (a.hidden) return;
  if (a.orphaned) c.orphaned += sign;
  else if (a.kind === 'actor') c.actors += sign;
  else if (a.kind === 'place') c.places += sign;
  else if (a.kind === 'note') c.notes += sign;
  else {
    c.claims += sign;
    if ((a.status ?? 'unreviewed') === 'unreviewed') c.unreviewed += sign;
  }
}

/** The key of an entity for counting: kind and entity id. */
const entityKey = (kind: string, entity: string) => `${kind}|${entity}`;

/**
 * A stretch of the document where a person's work changes what the engine found: the fresh
 * annotations there (before the merge) and the result of the merge (visible fresh annotations
 * and the personal annotations kept). Outside every window the fresh annotations are what a
 * reader sees.
 */
export interface OverlayWindow {
  start: number;
  end: number;
  fresh: Annotation[];
  merged: Annotation[];
  /** The personal annotations in the window (orphans aside), and the fresh one each review landed on. */
  personal: Annotation[];
  matches: Map<Annotation, Annotation>;
}

/**
 * The fresh annotation of a span, without what costs (id, quote and context): for drawing and
 * counting. Written out per kind (no spread): made for every span drawn, each kind in one shape.
 */
function lightOf(span: FoundSpan): Annotation {
  return span.kind === 'claim'
    ? {
        id: '',
        kind: 'claim',
        start: span.start,
        end: span.end,
        text: '',
        prefix: '',
        suffix: '',
        origin: 'auto',
        claim: span.claim,
        status: 'unreviewed',
      }
    : {
        id: '',
        kind: span.kind,
        start: span.start,
        end: span.end,
        text: '',
        prefix: '',
        suffix: '',
        origin: 'auto',
        entity: span.entity,
      };
}

/** Whether an annotation is fresh and not yet given its id, quote and context ({@link LiveDocument.materialize}). */
export function isLight(a: Annotation): boolean {
  return a.origin === 'auto' && a.id === '';
}

/**
 * The annotations of one open document, kept up to date through edits with work proportional to
 * the edit and to what is shown:
 * - the engine's spans live in the incremental annotation state (src/core/incremental.ts), the
 *   single source of truth for auto annotations; edits are queued (`pending`) and applied by
 *   {@link sync}; until then, spans are read through the queued edits (shifted);
 * - the text is a {@link LiveText}: an edit costs no copy of the document;
 * - a person's work (`personal`, usually few) is moved through each edit at once, and merged
 *   with the spans only where it is: the {@link overlay} windows;
 * - annotations are made as needed: light ones (no id, quote or context) for drawing and
 *   counting ({@link visibleIn}), whole ones for what is hovered or listed ({@link materialize}),
 *   and the whole merged list only when asked for ({@link merged}: export, save, commands);
 * - counts by kind and entity are kept up to date from what each scan changed.
 */
export class LiveDocument {
  state: AnnotationState;
  text: LiveText;
  /** The changes since the state was last brought up to date, in order. */
  pending: TextChange[] = [];
  /** A person's work: manual annotations, claim reviews, hidden records, orphans (current offsets). */
  personal: Annotation[] = [];
  /** Changes whenever the text, the spans or the personal annotations change. */
  generation = 0;
  private kinds = { actor: 0, place: 0, claim: 0 };
  private entities = new Map<string, number>();
  /** A mention's text per name outside the glossary (the first one of the document at a full count, else the first one scanned). */
  private names = new Map<string, string>();
  private overlayCache: { generation: number; windows: OverlayWindow[] } | undefined;
  private mergedCache: { generation: number; merged: Annotation[] } | undefined;
  /** What the last incremental scan did (for diagnostics). */
  lastScan: EditResult | undefined;
  /** A new scan of the whole text under way in steps (see {@link rescan}). */
  private rescanning: Steps<void> | undefined;
  /** Personal annotations to settle onto the fresh ones at the next chance (see {@link settle}). */
  private unsettled: Set<Annotation> | 'all' | undefined;

  /** Annotates a text (with `state`: takes a state already made for it, and counts nothing yet). */
  constructor(engine: Engine, text: string, languageId: string, state?: AnnotationState) {
    this.state = state ?? createAnnotationState(engine, text, languageId);
    this.text = new LiveText(text);
    if (!state) this.recount();
  }

  /** The live document of a text, made in steps (a large one over several tasks of an editor). */
  static *build(engine: Engine, text: string, languageId: string): Steps<LiveDocument> {
    const state = yield* buildAnnotationState(engine, text, languageId);
    const doc = new LiveDocument(engine, text, languageId, state);
    yield* doc.recountSteps();
    return doc;
  }

  get engine(): Engine {
    return this.state.engine;
  }

  get languageId(): string {
    return this.state.languageId;
  }

  /**
   * Takes content changes (in order, each applying to the result of the previous one): the text
   * and the personal annotations follow at once, the spans at the next {@link sync}. Returns the
   * personal annotations orphaned by these changes.
   */
  edit(changes: readonly TextChange[]): Annotation[] {
    if (changes.length === 0) return [];
    this.text = this.text.with(changes);
    this.pending.push(...changes);
    const { annotations, orphaned } = shiftAnnotations(this.personal, changes, this.text);
    this.personal = annotations;
    this.generation++;
    return orphaned;
  }

  /**
   * Replaces the personal annotations (a command, a sidecar read). Those that are new take their
   * place among the fresh annotations (see {@link settle}).
   */
  setPersonal(personal: Annotation[]): void {
    const before = new Set(this.personal);
    this.personal = personal;
    this.generation++;
    this.markUnsettled(personal.filter((p) => !before.has(p)));
    if (this.pending.length === 0) this.settle(() => true);
  }

  private markUnsettled(list: Iterable<Annotation> | 'all'): void {
    if (list === 'all' || this.unsettled === 'all') this.unsettled = 'all';
    else {
      this.unsettled ??= new Set();
      for (const p of list) this.unsettled.add(p);
    }
  }

  /**
   * Settles personal annotations onto the fresh ones, as a merge leaves them (what the sidecar
   * stores): a review takes the range and fields of the fresh annotation it landed on, and what
   * is no personal work any more is dropped. Only where it can change anything: the overlay
   * windows of unsettled annotations (new ones), and those `changed` picks (where a scan changed
   * spans). Ids are settled by {@link merged} (nothing reads them before).
   */
  private settle(changed: (w: OverlayWindow) => boolean): void {
    const unsettled = this.unsettled;
    this.unsettled = undefined;
    const replaced = new Map<Annotation, Annotation | undefined>();
    for (const w of this.overlay()) {
      if (!changed(w) && !(unsettled === 'all' || w.personal.some((p) => unsettled?.has(p)))) continue;
      for (const p of w.personal) {
        const f = w.matches.get(p);
        let settled: Annotation = p;
        if (f) {
          // The fresh annotation with the review on it; its id, quote and context are the
          // review's when it sits exactly there (they follow every edit), else made now.
          const exact = p.start === f.start && p.end === f.end && p.kind === f.kind;
          settled = exact
            ? { ...f, id: p.id, text: p.text, prefix: p.prefix, suffix: p.suffix }
            : this.materialize({ ...f });
        }
        replaced.set(p, isPersonalWork(settled) ? settled : undefined);
      }
    }
    for (const o of this.orphans())
      if ((unsettled === 'all' || unsettled?.has(o)) && !isPersonalWork(o)) replaced.set(o, undefined);
    const changedAny = [...replaced].some(([p, q]) => q !== p);
    if (!changedAny) return;
    const next: Annotation[] = [];
    for (const p of this.personal) {
      const q = replaced.has(p) ? replaced.get(p) : p;
      if (q) next.push(q);
    }
    this.personal = next;
    this.generation++;
  }

  /**
   * Brings the spans up to the current text: the queued changes applied incrementally (only the
   * blocks around them are scanned again), or a new scan when the engine or the language differ.
   * Returns whether anything was done.
   */
  sync(engine: Engine = this.engine, languageId: string = this.languageId): boolean {
    // A new scan under way in steps is finished first (what asks for the spans needs them now).
    if (this.rescanning) drain(this.rescanning);
    if (engine !== this.state.engine || languageId !== this.state.languageId) {
      this.state = createAnnotationState(engine, this.text.toString(), languageId);
      this.lastScan = { full: true, start: 0, end: this.text.length, namesRedone: true };
      this.afterScan(true);
      this.markUnsettled('all');
      this.settle(() => true);
      return true;
    }
    if (this.pending.length === 0) {
      if (this.unsettled) this.settle(() => false);
      return false;
    }
    // Changes far apart (typing here, then there; several cursors) are applied group by group,
    // so that each scan is of the text around one group.
    let text = this.stateText();
    let everywhere = false;
    let start = Infinity;
    let end = -Infinity;
    let added = 0;
    let removed = 0;
    for (const changes of groupChanges(this.pending)) {
      text = text.with(changes);
      const result = this.applyGroup(text, changes);
      everywhere ||= result.full || result.namesRedone;
      // The re-scanned windows, widened by what later groups may have moved them.
      start = Math.min(start, result.start);
      end = Math.max(end, result.end);
      const delta = changedRegion(changes).delta;
      if (delta > 0) added += delta;
      else removed -= delta;
    }
    this.afterScan(false);
    // Spans changed only in the re-scanned windows (unless names changed everywhere): personal
    // annotations elsewhere merge as they did.
    this.settle((w) => everywhere || (w.end >= start - removed && w.start <= end + added));
    return true;
  }

  /** Applies a group of changes to the state, with the counts of what the scan changed. */
  private applyGroup(text: LiveText, changes: readonly TextChange[]): EditResult {
    // The counts follow what the scan changed: the spans it took out and those it put in.
    const result = applyEdits(this.state, text, changes);
    this.lastScan = result;
    if (result.full || !result.changed) this.recount();
    else {
      for (const spans of result.changed.out) this.count(spans, 0, -1);
      for (const { spans, shift } of result.changed.in) this.count(spans, shift, 1);
      // The names of entities no longer mentioned go (they are looked up by entity).
      for (const spans of result.changed.out)
        for (const s of spans)
          if (s.kind !== 'claim' && !this.entities.has(entityKey(s.kind, s.entity)))
            this.names.delete(s.entity);
    }
    return result;
  }

  /**
   * Whether bringing the spans up to date means scanning the whole text again: a new engine or
   * language, or queued changes that edit Markdown structure (a code fence, a comment marker, the
   * front matter) or replace most of the text. An editor then runs {@link rescan} in slices.
   */
  needsRescan(engine: Engine = this.engine, languageId: string = this.languageId): boolean {
    if (engine !== this.state.engine || languageId !== this.state.languageId) return true;
    if (this.pending.length === 0) return false;
    // The first group of changes, against the state as it stands (a later one, after several
    // places were edited at once, can only be judged after the first: sync scans it whole at
    // once if it must).
    const changes = groupChanges(this.pending)[0]!;
    const text = this.stateText();
    return needsFullScan(this.state, text.with(changes), changes);
  }

  /**
   * A new scan of the whole text, in steps (see {@link needsRescan}). Edits made meanwhile stay
   * queued and are applied to the new spans when it ends; a {@link sync} meanwhile finishes it at
   * once.
   */
  rescan(engine: Engine = this.engine, languageId: string = this.languageId): Steps<void> {
    this.rescanning = this.rescanSteps(engine, languageId);
    return this.rescanning;
  }

  private *rescanSteps(engine: Engine, languageId: string): Steps<void> {
    const text = this.text;
    const queued = this.pending.length;
    const state = yield* buildAnnotationState(engine, text.toString(), languageId);
    // The new spans are of `text`; the changes made since apply to it.
    this.state = state;
    this.state.text = text;
    this.pending = this.pending.slice(queued);
    this.lastScan = { full: true, start: 0, end: text.length, namesRedone: true };
    yield* this.recountSteps();
    this.generation++;
    this.rescanning = undefined;
    this.markUnsettled('all');
    if (this.pending.length > 0) this.sync();
    else this.settle(() => true);
  }

  /** Starts again from a text (the document's, when the changes did not add up to it). */
  reset(text: string): void {
    this.text = new LiveText(text);
    this.state = createAnnotationState(this.engine, text, this.languageId);
    this.afterScan(true);
    this.markUnsettled('all');
    this.settle(() => true);
  }

  /** The text the spans are of, as a LiveText (what changes apply to). */
  private stateText(): LiveText {
    const text = this.state.text;
    return text instanceof LiveText ? text : new LiveText(flatText(text));
  }

  private afterScan(recount: boolean): void {
    this.pending = [];
    this.text = this.stateText();
    if (recount) this.recount();
    this.generation++;
  }

  private addEntity(k: string, n: number): void {
    const v = (this.entities.get(k) ?? 0) + n;
    if (v !== 0) this.entities.set(k, v);
    else this.entities.delete(k);
  }

  /** How a name outside the glossary is written in the document (a mention's text). */
  nameOf(entity: string): string | undefined {
    return this.names.get(entity);
  }

  /** Adds (sign 1) or takes away (-1) spans (at their offsets plus `shift`) from the counts. */
  private count(spans: readonly FoundSpan[], shift: number, sign: 1 | -1): void {
    for (const s of spans) {
      this.kinds[s.kind] += sign;
      if (s.kind === 'claim') continue;
      this.addEntity(entityKey(s.kind, s.entity), sign);
      if (sign > 0) this.rememberName(s.entity, s.start + shift, s.end + shift);
    }
  }

  /** Keeps how a name outside the glossary is written (its first mention counted) for {@link nameOf}. */
  private rememberName(entity: string, start: number, end: number): void {
    if (entity.startsWith(UNLISTED) && !this.names.has(entity))
      this.names.set(entity, this.state.text.slice(start, end));
  }

  /** Counts every span again (after a full scan, or when names changed everywhere). */
  private recount(): void {
    drain(this.recountSteps());
  }

  private *recountSteps(): Steps<void> {
    this.names = new Map();
    const length = this.state.text.length;
    const kinds = { actor: 0, place: 0, claim: 0 };
    const entities = new Map<string, number>();
    // Per entity, kept apart by kind without building a key per mention.
    const byKind = { actor: new Map<string, number>(), place: new Map<string, number>() };
    for (let from = 0; from <= length; from += RECOUNT_CHARS) {
      const to = from + RECOUNT_CHARS > length ? length + 1 : from + RECOUNT_CHARS;
      visitSpans(this.state, from, to, (s, shift) => {
        const start = s.start + shift;
        if (start < from || start >= to) return;
        kinds[s.kind]++;
        if (s.kind === 'claim') return;
        const map = byKind[s.kind];
        map.set(s.entity, (map.get(s.entity) ?? 0) + 1);
        this.rememberName(s.entity, start, s.end + shift);
      });
      if (to <= length) yield;
    }
    for (const kind of ['actor', 'place'] as const)
      for (const [entity, n] of byKind[kind]) entities.set(entityKey(kind, entity), n);
    this.kinds = kinds;
    this.entities = entities;
  }

  /** The engine's spans that overlap [from, to) of the current text (read through queued changes). */
  spansIn(from: number, to: number): FoundSpan[] {
    if (this.pending.length === 0) return spansIn(this.state, from, to);
    const a = unmap(from, this.pending, 'start');
    const b = Math.max(a, unmap(to, this.pending, 'end'));
    return shiftRanges(spansIn(this.state, a, b + 1), this.pending).filter(
      (s) => s.end > from && s.start < to,
    );
  }

  /** The span at an offset (start <= offset < end) of the current text, if any. */
  private spanAt(offset: number): FoundSpan | undefined {
    return this.spansIn(offset, offset + 1)[0];
  }

  /**
   * Where the personal annotations change what the engine found: windows closed under overlap
   * (every span and personal annotation that overlaps a window is inside it), sorted and
   * disjoint, with the merge of each. Cached until the next change.
   */
  overlay(): OverlayWindow[] {
    if (this.overlayCache?.generation === this.generation) return this.overlayCache.windows;
    const order = new Map(this.personal.map((p, k) => [p, k]));
    const live = this.personal
      .filter((p) => !p.orphaned)
      .sort((a, b) => a.start - b.start || order.get(a)! - order.get(b)!);
    const ranges: { start: number; end: number; personal: Annotation[] }[] = [];
    for (const p of live) {
      let start = p.start;
      let end = p.end;
      if (end > start) {
        // Out to the ends of the spans it cuts.
        start = Math.min(start, this.spanAt(start)?.start ?? start);
        end = this.extendEnd(end);
      }
      const last = ranges[ranges.length - 1];
      if (last && start < last.end) {
        last.end = Math.max(last.end, end);
        last.personal.push(p);
      } else ranges.push({ start, end, personal: [p] });
    }
    const windows = ranges.map((r) => {
      const fresh = r.end > r.start ? this.spansIn(r.start, r.end).map(lightOf) : [];
      const before = fresh.map((f) => ({ ...f }));
      // The personal annotations in their own order: the merge gives reviews out in that order.
      const personal = r.personal.sort((a, b) => order.get(a)! - order.get(b)!);
      const { visible, kept, matches } = mergeWork(fresh, personal);
      return { start: r.start, end: r.end, fresh: before, merged: [...visible, ...kept], personal, matches };
    });
    this.overlayCache = { generation: this.generation, windows };
    return windows;
  }

  /** `end` moved past the span that contains its last character, if one does. */
  private extendEnd(end: number): number {
    const s = end > 0 ? this.spanAt(end - 1) : undefined;
    return s ? Math.max(end, s.end) : end;
  }

  /** The orphaned personal annotations. */
  orphans(): Annotation[] {
    return this.personal.filter((p) => p.orphaned);
  }

  /** The annotations with an unresolved merge conflict (hidden records aside, orphans too), by start. */
  conflicts(): Annotation[] {
    const out: Annotation[] = [];
    const has = (a: Annotation) => !a.hidden && a.conflict !== undefined && a.conflict.length > 0;
    for (const w of this.overlay()) for (const a of w.merged) if (has(a)) out.push(a);
    for (const o of this.orphans()) if (has(o)) out.push(o);
    return out.sort((a, b) => a.start - b.start);
  }

  /** The current text of an annotation's range (no copy of the document). */
  quote(a: OffsetRange): string {
    return this.text.slice(a.start, a.end);
  }

  /** Whether an offset of the current text is in prose (not code, front matter or a link target). Brings the spans up to date. */
  isProse(offset: number): boolean {
    this.sync();
    const excluded = this.state.excluded;
    const k = firstRangeEndingAfter(excluded, offset);
    return !(k < excluded.length >> 1 && excluded[2 * k]! <= offset);
  }

  /**
   * The annotations a reader sees that overlap [from, to) (or, empty ones, lie in it), sorted by
   * start: fresh ones light (see {@link isLight}), personal ones as they are.
   */
  visibleIn(from: number, to: number): Annotation[] {
    const windows = this.overlay();
    const out: Annotation[] = [];
    let w = firstEndingAfter(windows, from);
    for (const s of this.spansIn(from, to)) {
      while (w < windows.length && windows[w]!.end <= s.start) w++;
      const inWindow = w < windows.length && windows[w]!.start <= s.start;
      if (!inWindow) out.push(lightOf(s));
    }
    for (let k = firstEndingAfter(windows, from - 1); k < windows.length; k++) {
      const win = windows[k]!;
      if (win.start > to) break;
      for (const a of win.merged) {
        if (a.hidden || a.orphaned) continue;
        if (a.end > from && a.start < to) out.push(a);
        else if (a.start === a.end && a.start >= from && a.start <= to) out.push(a);
      }
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** The visible annotations that contain `offset` (start <= offset < end), innermost first. */
  annotationsAt(offset: number): Annotation[] {
    return annotationsAt(this.visibleIn(offset, offset + 1), offset);
  }

  /** The counts of the visible annotations (orphans apart): kept up to date, no pass over the document. */
  counts(): AnnotationCounts {
    const c: AnnotationCounts = {
      actors: this.kinds.actor,
      places: this.kinds.place,
      claims: this.kinds.claim,
      unreviewed: this.kinds.claim,
      notes: 0,
      orphaned: 0,
    };
    for (const w of this.overlay()) {
      for (const f of w.fresh) addCount(c, f, -1);
      for (const a of w.merged) addCount(c, a, 1);
    }
    for (const o of this.orphans()) addCount(c, o, 1);
    return c;
  }

  /** Visible mentions per entity of a kind. */
  entityCounts(kind: 'actor' | 'place'): Map<string, number> {
    const out = new Map<string, number>();
    const prefix = `${kind}|`;
    for (const [k, n] of this.entities) if (k.startsWith(prefix)) out.set(k.slice(prefix.length), n);
    const add = (a: Annotation, sign: number) => {
      if (a.kind !== kind || a.hidden || a.orphaned || a.entity === undefined) return;
      const v = (out.get(a.entity) ?? 0) + sign;
      if (v === 0) out.delete(a.entity);
      else out.set(a.entity, v);
    };
    for (const w of this.overlay()) {
      for (const f of w.fresh) add(f, -1);
      for (const a of w.merged) add(a, 1);
    }
    return out;
  }

  /**
   * A light fresh annotation made whole: its id (as {@link toAnnotations} gives it: kind, a hash
   * of its key, the number of earlier spans with the same key), quote and context. Other
   * annotations are returned as they are. Brings the spans up to date first.
   */
  materialize(a: Annotation, occurrence?: number): Annotation {
    if (!isLight(a)) return a;
    this.sync();
    const text = this.state.text;
    const quote = text.slice(a.start, a.end);
    const k = a.kind === 'claim' ? `claim|${quote}` : `${a.kind}|${a.entity}|${quote}`;
    const n = occurrence ?? this.occurrence(a, quote);
    return { ...a, id: `${a.kind[0]}-${fnv1a(k)}-${n}`, text: quote, ...contextOf(text, a.start, a.end) };
  }

  /** 1 + the number of spans before `a` with its kind, entity and quote (found by searching the quote). */
  private occurrence(a: Annotation, quote: string): number {
    // Searched in the text as it is kept (no copy of the document).
    const src = this.state.text;
    const text = typeof src === 'string' ? src : src instanceof LiveText ? src : flatText(src);
    let n = 1;
    for (let i = text.indexOf(quote); i >= 0 && i < a.start; i = text.indexOf(quote, i + 1)) {
      const s = spanAt(this.state, i);
      if (
        s &&
        s.start === i &&
        s.end === i + quote.length &&
        s.kind === a.kind &&
        (s.kind === 'claim' || s.entity === a.entity)
      )
        n++;
    }
    return n;
  }

  /**
   * Goes through the visible annotations in document order from the start, in chunks of about
   * `chunk` characters, handing `visit` those that `select` picks (in each chunk by start, then
   * id); stops when `visit` returns false. With `counted`, fresh ones are made whole (ids as in
   * {@link merged}): it must pick every span that can share a key (kind, entity, quote) with a
   * selected one, their ids are counted on the way; without, they stay light. Between chunks
   * `pause` runs (an editor yields to the event loop there). Returns false when the document
   * changed meanwhile (nothing more was visited).
   */
  async walk(
    select: (a: Annotation) => boolean,
    visit: (a: Annotation) => boolean,
    options: {
      counted?: (s: FoundSpan) => boolean;
      chunk?: number;
      pause?: () => Promise<void>;
      /** Runs each chunk's work (to time it, say). */
      run?: (work: () => void) => void;
    } = {},
  ): Promise<boolean> {
    const { counted, pause } = options;
    const run = options.run ?? ((work: () => void) => work());
    const chunk = options.chunk ?? 1 << 18;
    const seen = new Map<string, number>();
    let generation = -1;
    let length = 0;
    let done = false;
    run(() => {
      this.sync();
      generation = this.generation;
      length = this.text.length;
    });
    for (let from = 0; !done; from += chunk) {
      if (from > 0 && pause) await pause();
      if (this.generation !== generation) return false;
      run(() => {
        const to = Math.min(length, from + chunk);
        if (to >= length) done = true;
        const text = this.state.text;
        const numbers = new Map<number, number>();
        if (counted) {
          for (const s of spansIn(this.state, from, to)) {
            if (s.start < from || !counted(s)) continue;
            const quote = text.slice(s.start, s.end);
            const k = s.kind === 'claim' ? `claim|${quote}` : `${s.kind}|${s.entity}|${quote}`;
            const n = (seen.get(k) ?? 0) + 1;
            seen.set(k, n);
            numbers.set(s.start, n);
          }
        }
        const picked: Annotation[] = [];
        for (const a of this.visibleIn(from, to)) {
          // Each annotation in the chunk where it starts (empty ones at the very end in the last).
          if (a.start < from || (a.start >= to && to < length)) continue;
          if (!select(a)) continue;
          picked.push(
            counted && isLight(a)
              ? this.materialize(a, numbers.get(a.start) ?? this.occurrence(a, text.slice(a.start, a.end)))
              : a,
          );
        }
        for (const a of picked.sort(compareAnnotations))
          if (!visit(a)) {
            done = true;
            break;
          }
      });
    }
    return true;
  }

  /**
   * Every annotation, merged (what the sidecar stores, with hidden records and orphans): built at
   * the first need after a change, then kept. The personal annotations take their place in it (a
   * review moves onto the fresh annotation it matched).
   */
  merged(): Annotation[] {
    return drain(this.snapshotSteps()).merged;
  }

  /**
   * {@link merged} in steps (what writing a sidecar needs, over several tasks of an editor), with
   * the text it is of. Changes made meanwhile (edits, reviews) do not enter it: it is the document
   * as it stood when its text and spans were read; it is kept as {@link merged} when nothing
   * changed meanwhile.
   */
  *snapshotSteps(): Steps<{ text: string; merged: Annotation[] }> {
    let text: string;
    let spans: readonly FoundSpan[];
    let generation: number;
    // The text and the spans of one version (a scan in between starts again).
    do {
      this.sync();
      generation = this.generation;
      text = flatText(this.state.text);
      if (this.mergedCache?.generation === generation) return { text, merged: this.mergedCache.merged };
      yield;
      if (this.generation !== generation) continue;
      spans = yield* allSpansSteps(this.state);
    } while (this.generation !== generation);
    const personal = this.personal;
    const merged = yield* mergeOwnedSteps(yield* toAnnotationsSteps(text, spans!), personal);
    const work: Annotation[] = [];
    for (let k = 0; k < merged.length; k++) {
      if (k > 0 && k % STEP_ITEMS === 0) yield;
      if (isPersonalWork(merged[k]!)) work.push(merged[k]!);
    }
    if (this.generation === generation) {
      this.personal = work;
      this.unsettled = undefined;
      this.overlayCache = undefined;
      this.mergedCache = { generation, merged };
    }
    return { text, merged };
  }
}

/** Changes whose region spans more than this go to separate scans (see {@link groupChanges}). */
const GROUP_SPAN = 1 << 12;

/**
 * Cuts a list of changes (in order) into runs whose changed region stays within GROUP_SPAN: what
 * one incremental scan takes (typing is one run; edits far apart are several).
 */
export function groupChanges(changes: readonly TextChange[]): TextChange[][] {
  const groups: TextChange[][] = [];
  let group: TextChange[] = [];
  let region = { start: Infinity, end: -Infinity, delta: 0 };
  for (const c of changes) {
    const next = { ...region };
    extendRegion(next, c);
    if (group.length > 0 && next.end - next.start > GROUP_SPAN) {
      groups.push(group);
      group = [];
      region = { start: Infinity, end: -Infinity, delta: 0 };
      extendRegion(region, c);
    } else region = next;
    group.push(c);
  }
  if (group.length > 0) groups.push(group);
  // Edits all over the document (a replace-all): one scan, which reads what it must.
  return groups.length > MAX_GROUPS ? [[...changes]] : groups;
}

/** Beyond this many groups, changes are scanned together. */
const MAX_GROUPS = 64;

/** How much text a step of a full count covers. */
const RECOUNT_CHARS = 1 << 18;
