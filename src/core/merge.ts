/**
 * Three-way merge of sidecars, for the git merge driver (`geo-annotate merge %O %A %B %P`) and
 * the editor. Annotations are matched across base, ours and theirs: manual ones by id, auto
 * ones by where they land in the merged document (auto ids count occurrences, so an edit that
 * adds an earlier mention renumbers them). Then, field by field:
 *
 * - a field changed on one side only takes that side's value; sources merge as a set by url;
 * - an annotation added on either side is kept; one deleted on a side and unchanged on the other
 *   is deleted; one changed on a side and deleted on the other is a conflict;
 * - a field changed on both sides in different ways is a conflict: the annotation keeps ours in
 *   its fields and gains `conflict: [{ side: "ours", ... }, { side: "theirs", ... }]` with each
 *   side's value of the disputed fields and its author and time. The file stays a valid sidecar;
 *   the editor shows the versions and {@link resolveConflict} keeps one.
 *
 * With the merged document's text, every annotation is re-anchored to it (the text decides where
 * each lands); personal work that cannot be placed is kept as an orphan, auto annotations that
 * cannot be placed are dropped (`geo-annotate export` recomputes them).
 */
import { reanchorAnnotation } from './anchoring';
import { compareAnnotations, isPersonalWork, rangeKey, SIDECAR_FORMAT } from './sidecar';
import { sha256Hex } from './sha256';
import type { Annotation, ConflictVersion, MergeSide, Sidecar, Source } from './types';

/** The inputs of a merge. */
export interface MergeInput {
  /** The common ancestor (git's %O); undefined when the file is new on both sides. */
  base?: Sidecar;
  /** Our version (git's %A, the branch being merged into). */
  ours: Sidecar;
  /** Their version (git's %B). */
  theirs: Sidecar;
  /** The merged document's text, when known: every annotation is re-anchored to it. */
  documentText?: string;
}

/** The outcome of a merge. */
export interface MergeResult {
  sidecar: Sidecar;
  /** Annotations that carry an unresolved `conflict`. */
  conflicts: Annotation[];
  /** Personal work that could not be placed in the merged document (kept, flagged orphaned). */
  orphans: Annotation[];
  /** Ids of annotations that one side deleted and the other left unchanged. */
  deleted: string[];
  /** Auto annotations without personal work that could not be placed (recomputed on export). */
  dropped: number;
}

/** Fields compared one by one. `anchor` stands for start, end, text, prefix and suffix. */
const FIELDS = [
  'anchor',
  'kind',
  'origin',
  'entity',
  'claim',
  'status',
  'note',
  'sources',
  'hidden',
  'conflict',
] as const;
type Field = (typeof FIELDS)[number];
const ANCHOR_KEYS = ['start', 'end', 'text', 'prefix', 'suffix'] as const;
/** What the engine computes for an auto annotation: not a person's change, never a conflict. */
const ENGINE_FIELDS: readonly Field[] = ['entity', 'claim'];

/** JSON with sorted keys: equal values give equal strings. */
function stable(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
}

/**
 * The comparable value of a field. With the merged text known, an anchor is where the annotation
 * landed in it (positions are in the same text on every side); without it, the quote alone (the
 * offsets of two sides may count in different versions of the document).
 */
function valueOf(a: Annotation, field: Field, placed: boolean): string {
  if (field === 'anchor') {
    if (placed && !a.orphaned) return `${a.start}:${a.end}`;
    return `quote:${a.text}`;
  }
  if (field === 'hidden') return a.hidden ? 'true' : 'undefined';
  if (field === 'sources') return stable(a.sources && a.sources.length > 0 ? a.sources : undefined);
  if (field === 'conflict') return stable(a.conflict && a.conflict.length > 0 ? a.conflict : undefined);
  return stable(a[field]);
}

function setField(target: Annotation, from: Annotation, field: Field): void {
  if (field === 'anchor') {
    for (const key of ANCHOR_KEYS) (target as unknown as Record<string, unknown>)[key] = from[key];
    if (from.orphaned) target.orphaned = true;
    else delete target.orphaned;
    return;
  }
  const value = from[field];
  if (value === undefined || value === false) delete target[field];
  else (target as unknown as Record<string, unknown>)[field] = value;
}

/** The fields of a version of a conflict: that side's values of the disputed fields, and who and when. */
function versionOf(side: MergeSide, a: Annotation, fields: readonly Field[]): ConflictVersion {
  const v: Record<string, unknown> = { side };
  for (const field of fields) {
    if (field === 'anchor') {
      for (const key of ANCHOR_KEYS) v[key] = a[key];
      if (a.orphaned) v.orphaned = true;
    } else if (field !== 'conflict' && a[field] !== undefined && a[field] !== false) v[field] = a[field];
  }
  if (a.author !== undefined) v.author = a.author;
  if (a.updated !== undefined) v.updated = a.updated;
  return v as ConflictVersion;
}

/** An auto annotation as the engine makes it: no review, no note, no sources, no author. */
function unreviewed(a: Annotation): Annotation {
  const out: Annotation = { ...a };
  for (const key of ['note', 'sources', 'author', 'updated', 'hidden', 'conflict'] as const) delete out[key];
  if (out.kind === 'claim') out.status = 'unreviewed';
  else delete out.status;
  return out;
}

function sourcesMerge(
  o: Source[] | undefined,
  a: Source[] | undefined,
  b: Source[] | undefined,
): Source[] | undefined {
  const byUrl = (list: Source[] | undefined) => new Map((list ?? []).map((s) => [s.url, s] as const));
  const [mo, ma, mb] = [byUrl(o), byUrl(a), byUrl(b)];
  const out: Source[] = [];
  const urls = [...ma.keys(), ...[...mb.keys()].filter((u) => !ma.has(u))];
  for (const url of urls) {
    const [so, sa, sb] = [mo.get(url), ma.get(url), mb.get(url)];
    if (sa && sb) out.push(so && stable(sa) === stable(so) ? sb : sa);
    else if (sa) {
      if (!(so && stable(sa) === stable(so))) out.push(sa);
    } else if (sb) {
      if (!(so && stable(sb) === stable(so))) out.push(sb);
    }
  }
  return out.length > 0 ? out : undefined;
}

function conflictUnion(
  a: ConflictVersion[] | undefined,
  b: ConflictVersion[] | undefined,
): ConflictVersion[] | undefined {
  const seen = new Set<string>();
  const out: ConflictVersion[] = [];
  for (const v of [...(a ?? []), ...(b ?? [])]) {
    const key = stable(v);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
  }
  return out.length > 0 ? out : undefined;
}

/** True when a changed nothing a person would see relative to o. */
function unchanged(o: Annotation, a: Annotation, placed: boolean): boolean {
  return FIELDS.every((f) => valueOf(a, f, placed) === valueOf(o, f, placed));
}

function changedFields(o: Annotation, a: Annotation, placed: boolean): Field[] {
  return FIELDS.filter((f) => f !== 'conflict' && valueOf(a, f, placed) !== valueOf(o, f, placed));
}

/** Merges the two versions of one annotation, both present, against the base version if any. */
function mergeBoth(o: Annotation | undefined, a: Annotation, b: Annotation, placed: boolean): Annotation {
  const base = o ?? (a.origin === 'auto' && b.origin === 'auto' ? unreviewed(a) : undefined);
  const out: Annotation = { ...a };
  const disputed: Field[] = [];
  let oursChanged = false;
  let theirsChanged = false;
  for (const field of FIELDS) {
    const va = valueOf(a, field, placed);
    const vb = valueOf(b, field, placed);
    const vo = base ? valueOf(base, field, placed) : undefined;
    if (va !== vo) oursChanged = true;
    if (vb !== vo) theirsChanged = true;
    if (va === vb) continue;
    if (va === vo) setField(out, b, field);
    else if (vb === vo) continue;
    else if (field === 'sources') out.sources = sourcesMerge(base?.sources, a.sources, b.sources);
    else if (field === 'conflict') out.conflict = conflictUnion(a.conflict, b.conflict);
    else if (ENGINE_FIELDS.includes(field) && a.origin === 'auto') continue;
    else disputed.push(field);
  }
  if (out.sources === undefined) delete out.sources;
  if (disputed.length > 0) {
    out.conflict = [
      ...(out.conflict ?? []),
      versionOf('ours', a, disputed),
      versionOf('theirs', b, disputed),
    ];
    return out;
  }
  // Who changed it last: the later of the two sides that changed something.
  const later = (b.updated ?? '') > (a.updated ?? '');
  if (theirsChanged && (!oursChanged || later)) {
    setMeta(out, b);
  } else setMeta(out, a);
  return out;
}

function setMeta(target: Annotation, from: Annotation): void {
  if (from.author !== undefined) target.author = from.author;
  else delete target.author;
  if (from.updated !== undefined) target.updated = from.updated;
  else delete target.updated;
}

/** One side changed the annotation, the other deleted it: keep the changed one, flagged. */
function modifyDelete(o: Annotation, kept: Annotation, keptSide: MergeSide, placed: boolean): Annotation {
  const deletedSide: MergeSide = keptSide === 'ours' ? 'theirs' : 'ours';
  const versions: ConflictVersion[] = [
    versionOf(keptSide, kept, changedFields(o, kept, placed)),
    { side: deletedSide, deleted: true },
  ];
  versions.sort((x, y) => (x.side === 'ours' ? -1 : 1) - (y.side === 'ours' ? -1 : 1));
  return { ...kept, conflict: [...(kept.conflict ?? []), ...versions] };
}

/** Keys an annotation for matching across sides: auto ones by their place, the rest by id. */
function keyAll(annotations: readonly Annotation[], placed: boolean): Map<string, Annotation> {
  const out = new Map<string, Annotation>();
  for (const a of annotations) {
    const byPlace =
      placed && a.origin === 'auto' && !a.orphaned ? `@${a.kind}|${a.start}|${a.end}` : undefined;
    if (byPlace && !out.has(byPlace)) out.set(byPlace, a);
    else out.set(`#${a.id}`, a);
  }
  return out;
}

/** Merges three sidecars; see the module comment for the rules. */
export function mergeSidecars(input: MergeInput): MergeResult {
  const text = input.documentText;
  const placed = text !== undefined;
  const place = (list: readonly Annotation[]) =>
    placed ? list.map((a) => reanchorAnnotation(a, text).annotation) : [...list];
  const o = keyAll(place(input.base?.annotations ?? []), placed);
  const a = keyAll(place(input.ours.annotations), placed);
  const b = keyAll(place(input.theirs.annotations), placed);
  const merged: Annotation[] = [];
  const deleted: string[] = [];
  const keys = [
    ...a.keys(),
    ...[...b.keys()].filter((k) => !a.has(k)),
    ...[...o.keys()].filter((k) => !a.has(k) && !b.has(k)),
  ];
  for (const key of keys) {
    const [vo, va, vb] = [o.get(key), a.get(key), b.get(key)];
    if (va && vb) merged.push(mergeBoth(vo, va, vb, placed));
    else if (va || vb) {
      const [kept, side] = va ? [va, 'ours' as const] : [vb!, 'theirs' as const];
      if (!vo) merged.push(kept);
      else if (unchanged(vo, kept, placed)) deleted.push(kept.id);
      else merged.push(modifyDelete(vo, kept, side, placed));
    }
  }
  // Auto annotations without personal work that found no place are recomputed on export; two
  // auto records on one range (renumbered ids) become one, the one with personal work.
  let dropped = 0;
  const placedAnnotations = merged.filter((x) => {
    if (x.orphaned && !isPersonalWork(x)) dropped++;
    return !(x.orphaned && !isPersonalWork(x));
  });
  const reviewed = new Set(
    placedAnnotations.filter((x) => x.origin === 'auto' && !x.orphaned && isPersonalWork(x)).map(rangeKey),
  );
  const seen = new Set<string>();
  const deduped = placedAnnotations.filter((x) => {
    if (x.origin !== 'auto' || x.orphaned || isPersonalWork(x)) return true;
    const p = rangeKey(x);
    const duplicate = reviewed.has(p) || seen.has(p);
    seen.add(p);
    if (duplicate) dropped++;
    return !duplicate;
  });
  // Ids stay unique: two different annotations can share one when matched by place.
  const ids = new Set<string>();
  const final = deduped.map((x) => {
    let id = x.id;
    for (let n = 2; ids.has(id); n++) id = `${x.id}~${n}`;
    ids.add(id);
    return id === x.id ? x : { ...x, id };
  });
  final.sort(compareAnnotations);
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    document: input.ours.document || input.theirs.document,
    offsetUnit: 'utf16',
    sha256: placed ? sha256Hex(text) : input.ours.sha256 || input.theirs.sha256,
    annotations: final,
  };
  return {
    sidecar,
    conflicts: final.filter(hasConflict),
    orphans: final.filter((x) => x.orphaned),
    deleted,
    dropped,
  };
}

/** True when an annotation carries an unresolved merge conflict. */
export function hasConflict(a: Annotation): boolean {
  return a.conflict !== undefined && a.conflict.length > 0;
}

/** The fields a conflict disputes (anchor fields as `text`), for display. */
export function conflictFields(a: Annotation): string[] {
  const fields = new Set<string>();
  for (const v of a.conflict ?? []) {
    for (const key of Object.keys(v)) {
      if (
        !['side', 'deleted', 'author', 'updated', 'orphaned', 'start', 'end', 'prefix', 'suffix'].includes(
          key,
        )
      )
        fields.add(key);
    }
  }
  return [...fields];
}

/**
 * Resolves a conflict by keeping one side's version: its values of the disputed fields (a field
 * the version lacks is removed) with its author and time. Returns undefined when the chosen side
 * deleted the annotation. An annotation without a conflict is returned unchanged.
 */
export function resolveConflict(a: Annotation, side: MergeSide): Annotation | undefined {
  if (!hasConflict(a)) return a;
  const versions = a.conflict!;
  const chosen = versions.filter((v) => v.side === side);
  if (chosen.length === 0) throw new Error(`annotation ${a.id} has no "${side}" version to keep`);
  if (chosen.some((v) => v.deleted)) return undefined;
  const out: Annotation = { ...a };
  delete out.conflict;
  const disputed = new Set<string>();
  for (const v of versions) {
    for (const key of Object.keys(v))
      if (!['side', 'deleted', 'author', 'updated', 'orphaned'].includes(key)) disputed.add(key);
  }
  const record = out as unknown as Record<string, unknown>;
  for (const v of chosen) {
    for (const key of disputed) {
      const value = (v as Record<string, unknown>)[key];
      if (value === undefined) delete record[key];
      else record[key] = value;
    }
    if (disputed.has('text')) {
      if (v.orphaned) out.orphaned = true;
      else delete out.orphaned;
    }
    if (v.author !== undefined) out.author = v.author;
    if (v.updated !== undefined) out.updated = v.updated;
  }
  return out;
}
