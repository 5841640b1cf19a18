/**
 * The sidecar file format `geo-annotator/1`: `<file>.annotations.json` beside each document.
 * Deterministic serialisation (same input, byte-identical output), one annotation per line so
 * that git diffs and merges stay small; parsing that reports problems with line and column;
 * and the merge that keeps every manual annotation and claim review when a document is
 * re-annotated.
 */
import type { AnchorMethod } from './anchoring';
import { reanchorAnnotation } from './anchoring';
import { sha256Hex } from './sha256';
import type {
  Annotation,
  AnnotationKind,
  ClaimStatus,
  ClaimValue,
  ConflictVersion,
  Problem,
  Sidecar,
  Source,
} from './types';
import { CLAIM_STATUSES } from './types';
import type { Steps } from './steps';
import { drain, STEP_ITEMS } from './steps';

export { reanchor } from './anchoring';

/** The format tag of this version. */
export const SIDECAR_FORMAT = 'geo-annotator/1';

/** The sidecar path for a document path: `article.md` -> `article.md.annotations.json`. */
export function sidecarPathFor(documentPath: string): string {
  return `${documentPath}.annotations.json`;
}

const KINDS: readonly AnnotationKind[] = ['actor', 'place', 'claim', 'note'];

/** An annotation's kind and range, as one key (what a review or a manual annotation lands on). */
export function rangeKey(a: { kind: string; start: number; end: number }): string {
  return `${a.kind}|${a.start}|${a.end}`;
}

/** Orders annotations by start, then id: the order of the file. */
export function compareAnnotations(a: Annotation, b: Annotation): number {
  return a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function orderedClaim(c: ClaimValue): ClaimValue {
  const out: Record<string, unknown> = {};
  for (const key of ['type', 'value', 'min', 'max', 'hedge', 'unit', 'date', 'vague'] as const) {
    const v = c[key];
    if (v === undefined) continue;
    if (key === 'date' && typeof v === 'object') {
      const d = v as { year?: number; month?: number; day?: number };
      out.date = Object.fromEntries(
        (['year', 'month', 'day'] as const).filter((k) => d[k] !== undefined).map((k) => [k, d[k]]),
      );
    } else out[key] = v;
  }
  for (const [key, v] of Object.entries(c)) if (!(key in out) && v !== undefined) out[key] = v;
  return out as unknown as ClaimValue;
}

function orderedSource(s: Source): Source {
  return {
    url: s.url,
    ...(s.title !== undefined ? { title: s.title } : {}),
    ...(s.accessed !== undefined ? { accessed: s.accessed } : {}),
  };
}

/** The fields of an annotation after `id`, in file order (a conflict version uses the same order). */
const FIELD_ORDER = ['kind', 'start', 'end', 'text', 'prefix', 'suffix', 'origin'] as const;

/** Returns a conflict version with its keys in the canonical order: side, deleted, then the annotation's order. */
function orderedConflictVersion(v: ConflictVersion): ConflictVersion {
  const out: Record<string, unknown> = { side: v.side };
  if (v.deleted) out.deleted = true;
  for (const key of FIELD_ORDER) if (v[key] !== undefined) out[key] = v[key];
  Object.assign(out, orderedOptionalFields(v));
  return out as ConflictVersion;
}

function orderedOptionalFields(a: Partial<Annotation>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (a.entity !== undefined) out.entity = a.entity;
  if (a.claim !== undefined) out.claim = orderedClaim(a.claim);
  if (a.status !== undefined) out.status = a.status;
  if (a.note !== undefined) out.note = a.note;
  if (a.sources !== undefined) out.sources = a.sources.map(orderedSource);
  if (a.author !== undefined) out.author = a.author;
  if (a.updated !== undefined) out.updated = a.updated;
  if (a.orphaned) out.orphaned = true;
  if (a.hidden) out.hidden = true;
  return out;
}

/** Returns the annotation with its keys in the canonical order. */
export function orderedAnnotation(a: Annotation): Annotation {
  const out: Record<string, unknown> = {
    id: a.id,
    kind: a.kind,
    start: a.start,
    end: a.end,
    text: a.text,
    prefix: a.prefix,
    suffix: a.suffix,
    origin: a.origin,
  };
  Object.assign(out, orderedOptionalFields(a));
  if (a.conflict !== undefined && a.conflict.length > 0)
    out.conflict = a.conflict.map(orderedConflictVersion);
  return out as unknown as Annotation;
}

/**
 * `JSON.stringify(orderedAnnotation(a))`, written out field by field: the line of an annotation in
 * a sidecar (a large document's has some 10^5; building an ordered copy of each cost more than
 * writing it).
 */
export function annotationJson(a: Annotation): string {
  // Every field with a comma before it; the first comma goes at the end.
  let s = '';
  if (a.id !== undefined) s += `,"id":${JSON.stringify(a.id)}`;
  if (a.kind !== undefined) s += `,"kind":${JSON.stringify(a.kind)}`;
  if (a.start !== undefined) s += `,"start":${JSON.stringify(a.start)}`;
  if (a.end !== undefined) s += `,"end":${JSON.stringify(a.end)}`;
  if (a.text !== undefined) s += `,"text":${JSON.stringify(a.text)}`;
  if (a.prefix !== undefined) s += `,"prefix":${JSON.stringify(a.prefix)}`;
  if (a.suffix !== undefined) s += `,"suffix":${JSON.stringify(a.suffix)}`;
  if (a.origin !== undefined) s += `,"origin":${JSON.stringify(a.origin)}`;
  if (a.entity !== undefined) s += `,"entity":${JSON.stringify(a.entity)}`;
  if (a.claim !== undefined) s += `,"claim":${JSON.stringify(orderedClaim(a.claim))}`;
  if (a.status !== undefined) s += `,"status":${JSON.stringify(a.status)}`;
  if (a.note !== undefined) s += `,"note":${JSON.stringify(a.note)}`;
  if (a.sources !== undefined) s += `,"sources":${JSON.stringify(a.sources.map(orderedSource))}`;
  if (a.author !== undefined) s += `,"author":${JSON.stringify(a.author)}`;
  if (a.updated !== undefined) s += `,"updated":${JSON.stringify(a.updated)}`;
  if (a.orphaned) s += ',"orphaned":true';
  if (a.hidden) s += ',"hidden":true';
  if (a.conflict !== undefined && a.conflict.length > 0)
    s += `,"conflict":${JSON.stringify(a.conflict.map(orderedConflictVersion))}`;
  return `{${s.slice(1)}}`;
}

/** Serialises a sidecar deterministically: fixed key order, sorted annotations, one per line. */
export function serializeSidecar(sidecar: Sidecar): string {
  return drain(serializeSidecarSteps(sidecar)).join('');
}

/**
 * {@link serializeSidecar} in steps, as parts of the text (a part per STEP_ITEMS annotations), so
 * that a large sidecar is never one string built at once.
 */
export function* serializeSidecarSteps(sidecar: Sidecar): Steps<string[]> {
  let annotations = sidecar.annotations;
  // Whether they are in order already (the usual case), a step at a time.
  let sorted = true;
  for (let k = 1; k < annotations.length && sorted; k++) {
    sorted = compareAnnotations(annotations[k - 1]!, annotations[k]!) <= 0;
    if (k % STEP_ITEMS === 0) yield;
  }
  if (!sorted) annotations = [...annotations].sort(compareAnnotations);
  const parts = [
    '{\n' +
      `  "format": ${JSON.stringify(SIDECAR_FORMAT)},\n` +
      `  "document": ${JSON.stringify(sidecar.document)},\n` +
      `  "offsetUnit": "utf16",\n` +
      `  "sha256": ${JSON.stringify(sidecar.sha256)},\n` +
      (annotations.length === 0 ? '  "annotations": []\n' : '  "annotations": [\n'),
  ];
  for (let from = 0; from < annotations.length; from += STEP_ITEMS) {
    yield;
    const to = Math.min(annotations.length, from + STEP_ITEMS);
    let part = '';
    for (let i = from; i < to; i++)
      part += `    ${annotationJson(annotations[i]!)}${i < annotations.length - 1 ? ',' : ''}\n`;
    parts.push(part);
  }
  parts.push(annotations.length === 0 ? '}\n' : '  ]\n}\n');
  return parts;
}

/** The result of parsing a sidecar: the sidecar when it is usable, and every problem found. */
export interface ParsedSidecar {
  sidecar?: Sidecar;
  problems: Problem[];
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Finds the offset of the first JSON syntax error. JSON.parse's messages do not always carry a
 * position, so this small scanner walks the grammar and stops where the text stops being JSON.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else {
      const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
      m.lastIndex = i;
      const r = m.exec(text);
      if (!r) fail();
      i += r![0].length;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (offset) {
    return Math.min(offset as number, text.length);
  }
}

/**
 * Parses and validates a sidecar. Problems carry the file, line and column; an annotation that is
 * invalid is reported and left out of `sidecar`, so a caller must never write back a sidecar
 * that had errors (see {@link hasErrors}).
 */
export function parseSidecar(text: string, file: string): ParsedSidecar {
  const problems: Problem[] = [];
  const problem = (offset: number, code: string, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ file, ...lineColumnAt(text, offset), severity, code, message });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const marker = /^(?:<<<<<<<|>>>>>>>)(?: |$)/m.exec(text);
    if (marker) {
      problem(
        marker.index,
        'merge-markers',
        'Git conflict markers: a merge without the Geo Annotator merge driver left this sidecar half-merged. ' +
          'Resolve it by hand (keep the annotation lines of both sides), or abort the merge, run `geo-annotate setup-git` and merge again. ' +
          'It is never overwritten while broken.',
      );
      return { problems };
    }
    problem(
      jsonErrorOffset(text),
      'json-syntax',
      `Not valid JSON: ${message}. Fix the file by hand; it is never overwritten while broken.`,
    );
    return { problems };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    problem(
      0,
      'not-an-object',
      'A sidecar must be a JSON object with format, document, offsetUnit, sha256 and annotations.',
    );
    return { problems };
  }
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!TOP_KEYS.has(key)) {
      problem(
        Math.max(0, text.indexOf(JSON.stringify(key))),
        'unknown-field',
        `Unknown field "${key}": a sidecar holds only format, document, offsetUnit, sha256 and annotations.`,
      );
    }
  }
  if (obj.format !== SIDECAR_FORMAT) {
    problem(
      Math.max(0, text.indexOf('"format"')),
      'bad-format',
      `Unknown format ${JSON.stringify(obj.format)}: this version reads "${SIDECAR_FORMAT}".`,
    );
    return { problems };
  }
  if (typeof obj.document !== 'string')
    problem(0, 'bad-document', '"document" must be the document\'s file name.');
  if (obj.offsetUnit !== 'utf16')
    problem(Math.max(0, text.indexOf('"offsetUnit"')), 'bad-offset-unit', '"offsetUnit" must be "utf16".');
  if (typeof obj.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(obj.sha256)) {
    problem(
      Math.max(0, text.indexOf('"sha256"')),
      'bad-sha256',
      '"sha256" must be the 64-digit hex SHA-256 of the document text.',
    );
  }
  if (!Array.isArray(obj.annotations)) {
    problem(Math.max(0, text.indexOf('"annotations"')), 'bad-annotations', '"annotations" must be a list.');
    return { problems };
  }
  const annotations: Annotation[] = [];
  const ids = new Set<string>();
  let searchFrom = Math.max(0, text.indexOf('"annotations"'));
  for (const [index, raw] of (obj.annotations as unknown[]).entries()) {
    // One annotation per line in files we write; find this one's line for messages.
    const idText = raw && typeof raw === 'object' ? JSON.stringify((raw as { id?: unknown }).id ?? '') : '';
    let offset = idText ? text.indexOf(`"id":${idText}`, searchFrom) : -1;
    if (offset < 0 && idText) offset = text.indexOf(idText, searchFrom);
    if (offset < 0) offset = searchFrom;
    else searchFrom = offset + 1;
    const { errors, warnings } = validateAnnotation(raw);
    for (const w of warnings) problem(offset, 'unknown-field', `Annotation ${index + 1}: ${w}`, 'warning');
    if (errors.length > 0) {
      for (const e of errors) problem(offset, 'bad-annotation', `Annotation ${index + 1}: ${e}`);
      continue;
    }
    const a = raw as Annotation;
    if (ids.has(a.id)) {
      problem(offset, 'duplicate-annotation-id', `Annotation ${index + 1}: id "${a.id}" appears twice.`);
      continue;
    }
    ids.add(a.id);
    annotations.push(a);
  }
  if (
    problems.some((p) => p.severity === 'error') &&
    annotations.length === 0 &&
    (obj.annotations as unknown[]).length > 0
  ) {
    return { problems };
  }
  return {
    sidecar: {
      format: SIDECAR_FORMAT,
      document: typeof obj.document === 'string' ? obj.document : '',
      offsetUnit: 'utf16',
      sha256: typeof obj.sha256 === 'string' ? obj.sha256 : '',
      annotations,
    },
    problems,
  };
}

/** True when any problem is an error: such a sidecar must not be overwritten. */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

const ANNOTATION_KEYS = new Set([
  'id',
  'kind',
  'start',
  'end',
  'text',
  'prefix',
  'suffix',
  'origin',
  'entity',
  'claim',
  'status',
  'note',
  'sources',
  'author',
  'updated',
  'orphaned',
  'hidden',
  'conflict',
]);
const CLAIM_TYPES = ['count', 'duration', 'date', 'percent', 'money', 'quantity', 'age', 'ordinal'];
const CLAIM_KEYS = new Set(['type', 'value', 'min', 'max', 'hedge', 'unit', 'date', 'vague']);
const TOP_KEYS = new Set(['format', 'document', 'offsetUnit', 'sha256', 'annotations']);

/** Length in code points, as JSON Schema's maxLength counts. */
function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function validateClaim(claim: unknown): string[] {
  if (!claim || typeof claim !== 'object' || Array.isArray(claim))
    return ['a claim needs "claim" with a "type".'];
  const c = claim as Record<string, unknown>;
  const errors: string[] = [];
  if (!CLAIM_TYPES.includes(c.type as string))
    errors.push(`"claim.type" must be one of ${CLAIM_TYPES.join(', ')}.`);
  for (const key of ['value', 'min', 'max'] as const) {
    if (c[key] !== undefined && (typeof c[key] !== 'number' || !Number.isFinite(c[key]))) {
      errors.push(`"claim.${key}" must be a number.`);
    }
  }
  for (const key of ['hedge', 'unit'] as const) {
    if (c[key] !== undefined && typeof c[key] !== 'string') errors.push(`"claim.${key}" must be a string.`);
  }
  if (c.vague !== undefined && typeof c.vague !== 'boolean')
    errors.push('"claim.vague" must be true or false.');
  if (c.date !== undefined) {
    const d = c.date as Record<string, unknown> | null;
    if (!d || typeof d !== 'object' || Array.isArray(d))
      errors.push('"claim.date" must be an object { year?, month?, day? }.');
    else {
      const int = (v: unknown, lo: number, hi: number) =>
        Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
      if (d.year !== undefined && !Number.isInteger(d.year))
        errors.push('"claim.date.year" must be an integer.');
      if (d.month !== undefined && !int(d.month, 1, 12))
        errors.push('"claim.date.month" must be an integer from 1 to 12.');
      if (d.day !== undefined && !int(d.day, 1, 31))
        errors.push('"claim.date.day" must be an integer from 1 to 31.');
    }
  }
  return errors;
}

function validSources(sources: unknown): boolean {
  return (
    Array.isArray(sources) &&
    sources.every((s) => {
      if (!s || typeof s !== 'object') return false;
      const x = s as Record<string, unknown>;
      return (
        typeof x.url === 'string' &&
        (x.title === undefined || typeof x.title === 'string') &&
        (x.accessed === undefined || typeof x.accessed === 'string')
      );
    })
  );
}

/**
 * Validates one annotation against the rules of media/schemas/sidecar.schema.json (and a few the
 * schema cannot say), or with `version` one side of a merge conflict, whose fields are all
 * optional. Unknown fields are warnings: they are not kept when the sidecar is rewritten.
 */
function validateAnnotation(raw: unknown, version = false): { errors: string[]; warnings: string[] } {
  const warnings: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { errors: ['must be an object.'], warnings };
  const a = raw as Record<string, unknown>;
  const errors: string[] = [];
  const required = (key: string) => !version || a[key] !== undefined;
  if (!version && (typeof a.id !== 'string' || a.id.length === 0))
    errors.push('"id" must be a non-empty string.');
  if (required('kind') && !KINDS.includes(a.kind as AnnotationKind))
    errors.push(`"kind" must be one of ${KINDS.join(', ')}.`);
  if (required('start') || required('end')) {
    const { start, end } = a;
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      (start as number) < 0 ||
      (end as number) < (start as number)
    ) {
      errors.push('"start" and "end" must be integers with 0 <= start <= end.');
    }
  }
  for (const key of ['text', 'prefix', 'suffix'] as const) {
    if (required(key) && typeof a[key] !== 'string') errors.push(`"${key}" must be a string.`);
  }
  for (const key of ['prefix', 'suffix'] as const) {
    if (typeof a[key] === 'string' && codePointLength(a[key]) > 32)
      errors.push(`"${key}" holds at most 32 characters of context.`);
  }
  if (required('origin') && a.origin !== 'auto' && a.origin !== 'manual')
    errors.push('"origin" must be "auto" or "manual".');
  if (!version && (a.kind === 'actor' || a.kind === 'place') && typeof a.entity !== 'string') {
    errors.push(`a ${String(a.kind)} needs "entity" (a glossary id).`);
  } else if (a.entity !== undefined && typeof a.entity !== 'string')
    errors.push('"entity" must be a glossary id.');
  if (!version && a.kind === 'claim') {
    errors.push(...validateClaim(a.claim));
    if (!CLAIM_STATUSES.includes(a.status as ClaimStatus)) {
      errors.push(`a claim needs "status", one of ${CLAIM_STATUSES.join(', ')}.`);
    }
  } else {
    if (a.claim !== undefined) errors.push(...validateClaim(a.claim));
    if (a.status !== undefined && !version) errors.push('"status" is only for claims.');
    if (a.status !== undefined && version && !CLAIM_STATUSES.includes(a.status as ClaimStatus)) {
      errors.push(`"status" must be one of ${CLAIM_STATUSES.join(', ')}.`);
    }
  }
  if (a.claim && typeof a.claim === 'object') {
    for (const key of Object.keys(a.claim)) {
      if (!CLAIM_KEYS.has(key))
        warnings.push(`unknown claim field "${key}" (not kept when the sidecar is rewritten).`);
    }
  }
  if (a.note !== undefined && typeof a.note !== 'string') errors.push('"note" must be a string.');
  if (a.sources !== undefined && !validSources(a.sources))
    errors.push('"sources" must be a list of { url, title?, accessed? }.');
  for (const key of ['author', 'updated'] as const) {
    if (a[key] !== undefined && typeof a[key] !== 'string') errors.push(`"${key}" must be a string.`);
  }
  for (const key of ['orphaned', 'hidden'] as const) {
    if (a[key] !== undefined && typeof a[key] !== 'boolean') errors.push(`"${key}" must be true or false.`);
  }
  if (!version && a.hidden === true && a.origin !== 'manual')
    errors.push('"hidden" is only for manual records.');
  if (version) {
    if (a.side !== 'ours' && a.side !== 'theirs') errors.push('"side" must be "ours" or "theirs".');
    if (a.deleted !== undefined && typeof a.deleted !== 'boolean')
      errors.push('"deleted" must be true or false.');
    if (a.id !== undefined || a.conflict !== undefined)
      errors.push('a conflict version holds no "id" or "conflict".');
    return { errors, warnings };
  }
  if (a.conflict !== undefined) {
    if (!Array.isArray(a.conflict) || a.conflict.length === 0)
      errors.push('"conflict" must be a non-empty list of versions.');
    else {
      for (const [k, v] of a.conflict.entries()) {
        errors.push(...validateAnnotation(v, true).errors.map((e) => `conflict version ${k + 1}: ${e}`));
      }
    }
  }
  for (const key of Object.keys(a)) {
    if (!ANNOTATION_KEYS.has(key))
      warnings.push(`unknown field "${key}" (not kept when the sidecar is rewritten).`);
  }
  return { errors, warnings };
}

/** Options of {@link checkAgainstDocument}. */
export interface CheckOptions {
  /** The sidecar's own text, to point problems at the line of each annotation. */
  sidecarText?: string;
  /** The document's name in messages (default: the sidecar's `document`). */
  documentName?: string;
}

/** The 1-based line of each annotation id in a sidecar's text (one annotation per line). */
function annotationLines(sidecarText: string | undefined): Map<string, number> {
  const lines = new Map<string, number>();
  if (!sidecarText) return lines;
  sidecarText.split('\n').forEach((line, i) => {
    const m = /^\s*\{\s*"id"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(line);
    if (m) {
      try {
        lines.set(JSON.parse(m[1]!) as string, i + 1);
      } catch {
        // Not a well-formed id: no line for it.
      }
    }
  });
  return lines;
}

function shortQuote(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/** A one-line account of an unresolved conflict: which fields, and each side's value and author. */
export function describeConflict(a: Annotation): string {
  const versions = a.conflict ?? [];
  const fields = new Set<string>();
  for (const v of versions) {
    for (const key of Object.keys(v))
      if (
        !['side', 'deleted', 'author', 'updated', 'orphaned', 'prefix', 'suffix', 'start', 'end'].includes(
          key,
        )
      )
        fields.add(key);
  }
  const value = (v: ConflictVersion): string => {
    if (v.deleted) return 'deleted';
    const parts = [...fields].map((f) => {
      const x = (v as Record<string, unknown>)[f];
      return `${f} ${x === undefined ? '(none)' : typeof x === 'string' ? JSON.stringify(shortQuote(x)) : JSON.stringify(x)}`;
    });
    return parts.join(', ') || 'changed';
  };
  return versions.map((v) => `${v.side}: ${value(v)}${v.author ? ` (${v.author})` : ''}`).join('; ');
}

/**
 * Checks a parsed sidecar against its document: a stale digest (warning); annotations whose text
 * no longer matches the document at their offsets (drifted), orphaned annotations and unresolved
 * merge conflicts (errors). Messages quote the annotation; with `sidecarText` each problem points
 * at the annotation's line in the sidecar.
 */
export function checkAgainstDocument(
  sidecar: Sidecar,
  documentText: string,
  file: string,
  options: CheckOptions = {},
): Problem[] {
  const problems: Problem[] = [];
  const lines = annotationLines(options.sidecarText);
  const documentName = options.documentName ?? sidecar.document;
  if (sidecar.sha256 !== sha256Hex(documentText)) {
    problems.push({
      file,
      line: 1,
      column: 1,
      severity: 'warning',
      code: 'stale',
      message:
        'The document changed since this sidecar was written (sha256 differs): run `geo-annotate export` to re-anchor it.',
    });
  }
  for (const a of sidecar.annotations) {
    const at = { file, line: lines.get(a.id) ?? 1, column: 1 };
    if (a.conflict && a.conflict.length > 0) {
      problems.push({
        ...at,
        severity: 'error',
        code: 'merge-conflict',
        message: `Annotation ${a.id} (${a.kind} "${shortQuote(a.text)}") has an unresolved merge conflict: ${describeConflict(a)}. Resolve it in the editor, or keep one version and delete "conflict".`,
      });
    }
    if (a.orphaned) {
      problems.push({
        ...at,
        severity: 'error',
        code: 'orphaned',
        message: `Annotation ${a.id} (${a.kind}) is orphaned: its quote "${shortQuote(a.text)}" is no longer in ${documentName}. Re-attach it to the right words in the editor, or delete it.`,
      });
    } else if (documentText.slice(a.start, a.end) !== a.text) {
      problems.push({
        ...at,
        severity: 'error',
        code: 'drifted',
        message: `Annotation ${a.id} (${a.kind} "${shortQuote(a.text)}") does not match ${documentName} at ${a.start}-${a.end}: run \`geo-annotate export\` to re-anchor it.`,
      });
    }
  }
  return problems;
}

/** True when an annotation carries work a person did: it must survive re-annotation. */
export function isPersonalWork(a: Annotation): boolean {
  return (
    a.origin === 'manual' ||
    (a.status !== undefined && a.status !== 'unreviewed') ||
    a.note !== undefined ||
    (a.sources !== undefined && a.sources.length > 0) ||
    (a.conflict !== undefined && a.conflict.length > 0)
  );
}

/** The result of {@link placeAnnotations}. */
export interface PlacedAnnotations {
  /** The fresh auto annotations with the previous personal work placed on the text, sorted. */
  annotations: Annotation[];
  /** Annotations whose quote could not be placed: kept with `orphaned: true`. */
  orphans: Annotation[];
  /** Annotations placed by an approximate match: their quote changed a little. */
  approximate: Annotation[];
  /** How each previous personal annotation was placed, by id. */
  methods: Map<string, AnchorMethod | 'orphaned'>;
}

/** The result of {@link buildSidecar}. */
export interface BuiltSidecar extends Omit<PlacedAnnotations, 'annotations'> {
  sidecar: Sidecar;
}

/**
 * Builds the sidecar for a document from fresh auto annotations and the previous sidecar, if any
 * ({@link placeAnnotations}, with the digest of the text).
 */
export function buildSidecar(
  documentName: string,
  text: string,
  auto: Annotation[],
  previous?: Sidecar,
): BuiltSidecar {
  const { annotations, ...placed } = placeAnnotations(text, auto, previous);
  return {
    sidecar: {
      format: SIDECAR_FORMAT,
      document: documentName,
      offsetUnit: 'utf16',
      sha256: sha256Hex(text),
      annotations,
    },
    ...placed,
  };
}

/**
 * Fresh auto annotations with the personal work of a previous sidecar: every manual annotation
 * and claim review is re-anchored (core/anchoring.ts) and kept: reviews of auto annotations carry
 * over to the fresh annotation on the same range; an annotation whose quote cannot be placed is
 * kept and flagged `orphaned`, never dropped.
 */
export function placeAnnotations(text: string, auto: Annotation[], previous?: Sidecar): PlacedAnnotations {
  // The auto annotations are the caller's: one that changes is copied first.
  const fresh = auto.slice();
  /** The first fresh annotation of each kind and range, made at the first review of an auto one. */
  let byRange: Map<string, number> | undefined;
  const kept: Annotation[] = [];
  const orphans: Annotation[] = [];
  const approximate: Annotation[] = [];
  const methods = new Map<string, AnchorMethod | 'orphaned'>();
  for (const old of previous?.annotations ?? []) {
    if (!isPersonalWork(old)) continue;
    const { annotation: moved, method } = reanchorAnnotation(old, text);
    methods.set(old.id, method);
    if (method === 'orphaned') {
      kept.push(moved);
      orphans.push(moved);
      continue;
    }
    if (method === 'fuzzy') approximate.push(moved);
    if (old.origin === 'auto') {
      if (byRange === undefined) {
        byRange = new Map();
        for (let k = 0; k < fresh.length; k++) {
          const f = fresh[k]!;
          const key = rangeKey(f);
          if (!byRange.has(key)) byRange.set(key, k);
        }
      }
      const k = byRange.get(rangeKey(moved));
      if (k !== undefined) {
        fresh[k] = { ...fresh[k]!, ...pickReview(old) };
        continue;
      }
    }
    kept.push(moved);
  }
  // A manual annotation on exactly the range of an auto one replaces it.
  const manualRanges = new Set(kept.filter((a) => a.origin === 'manual' && !a.orphaned).map(rangeKey));
  const annotations = [
    ...(manualRanges.size === 0 ? fresh : fresh.filter((f) => !manualRanges.has(rangeKey(f)))),
    ...kept,
  ];
  const ids = new Set<string>();
  for (let k = 0; k < annotations.length; k++) {
    // Keep ids unique even if a kept annotation collides with a fresh one.
    const a = annotations[k]!;
    let id = a.id;
    for (let n = 2; ids.has(id); n++) id = `${a.id}~${n}`;
    if (id !== a.id) annotations[k] = { ...a, id };
    ids.add(id);
  }
  annotations.sort(compareAnnotations);
  return { annotations, orphans, approximate, methods };
}

function pickReview(a: Annotation): Partial<Annotation> {
  const out: Partial<Annotation> = {};
  if (a.status !== undefined) out.status = a.status;
  if (a.note !== undefined) out.note = a.note;
  if (a.sources !== undefined) out.sources = a.sources;
  if (a.author !== undefined) out.author = a.author;
  if (a.updated !== undefined) out.updated = a.updated;
  if (a.conflict !== undefined) out.conflict = a.conflict;
  return out;
}
