/**
 * The sidecar file format `geo-annotator/1`: `<file>.annotations.json` beside each document.
 * Deterministic serialisation (same input, byte-identical output), one annotation per line so
 * that git diffs and merges stay small; parsing that reports problems with line and column;
 * and the merge that keeps every manual annotation and claim review when a document is
 * re-annotated.
 */
import { contextOf } from './text';
import { sha256Hex } from './sha256';
import type { Annotation, AnnotationKind, ClaimStatus, ClaimValue, Problem, Sidecar, Source } from './types';
import { CLAIM_STATUSES } from './types';

/** The format tag of this version. */
export const SIDECAR_FORMAT = 'geo-annotator/1';

/** The sidecar path for a document path: `article.md` -> `article.md.annotations.json`. */
export function sidecarPathFor(documentPath: string): string {
  return `${documentPath}.annotations.json`;
}

const KINDS: readonly AnnotationKind[] = ['actor', 'place', 'claim', 'note'];

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
  if (a.entity !== undefined) out.entity = a.entity;
  if (a.claim !== undefined) out.claim = orderedClaim(a.claim);
  if (a.status !== undefined) out.status = a.status;
  if (a.note !== undefined) out.note = a.note;
  if (a.sources !== undefined) out.sources = a.sources.map(orderedSource);
  if (a.author !== undefined) out.author = a.author;
  if (a.updated !== undefined) out.updated = a.updated;
  if (a.orphaned) out.orphaned = true;
  if (a.hidden) out.hidden = true;
  return out as unknown as Annotation;
}

/** Serialises a sidecar deterministically: fixed key order, sorted annotations, one per line. */
export function serializeSidecar(sidecar: Sidecar): string {
  const annotations = [...sidecar.annotations].sort(compareAnnotations).map(orderedAnnotation);
  const lines = annotations.map((a, i) => `    ${JSON.stringify(a)}${i < annotations.length - 1 ? ',' : ''}`);
  return (
    '{\n' +
    `  "format": ${JSON.stringify(SIDECAR_FORMAT)},\n` +
    `  "document": ${JSON.stringify(sidecar.document)},\n` +
    `  "offsetUnit": "utf16",\n` +
    `  "sha256": ${JSON.stringify(sidecar.sha256)},\n` +
    (lines.length === 0 ? '  "annotations": []\n' : `  "annotations": [\n${lines.join('\n')}\n  ]\n`) +
    '}\n'
  );
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
    problem(jsonErrorOffset(text), 'json-syntax', `Not valid JSON: ${message}. Fix the file by hand; it is never overwritten while broken.`);
    return { problems };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    problem(0, 'not-an-object', 'A sidecar must be a JSON object with format, document, offsetUnit, sha256 and annotations.');
    return { problems };
  }
  const obj = data as Record<string, unknown>;
  if (obj.format !== SIDECAR_FORMAT) {
    problem(
      Math.max(0, text.indexOf('"format"')),
      'bad-format',
      `Unknown format ${JSON.stringify(obj.format)}: this version reads "${SIDECAR_FORMAT}".`,
    );
    return { problems };
  }
  if (typeof obj.document !== 'string') problem(0, 'bad-document', '"document" must be the document\'s file name.');
  if (obj.offsetUnit !== 'utf16') problem(Math.max(0, text.indexOf('"offsetUnit"')), 'bad-offset-unit', '"offsetUnit" must be "utf16".');
  if (typeof obj.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(obj.sha256)) {
    problem(Math.max(0, text.indexOf('"sha256"')), 'bad-sha256', '"sha256" must be the 64-digit hex SHA-256 of the document text.');
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
    const errors = validateAnnotation(raw);
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
  if (problems.some((p) => p.severity === 'error') && annotations.length === 0 && (obj.annotations as unknown[]).length > 0) {
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

function validateAnnotation(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['must be an object.'];
  const a = raw as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof a.id !== 'string' || a.id.length === 0) errors.push('"id" must be a non-empty string.');
  if (!KINDS.includes(a.kind as AnnotationKind)) errors.push(`"kind" must be one of ${KINDS.join(', ')}.`);
  if (!Number.isInteger(a.start) || !Number.isInteger(a.end) || (a.start as number) < 0 || (a.end as number) < (a.start as number)) {
    errors.push('"start" and "end" must be integers with 0 <= start <= end.');
  }
  for (const key of ['text', 'prefix', 'suffix'] as const) if (typeof a[key] !== 'string') errors.push(`"${key}" must be a string.`);
  if (a.origin !== 'auto' && a.origin !== 'manual') errors.push('"origin" must be "auto" or "manual".');
  if ((a.kind === 'actor' || a.kind === 'place') && typeof a.entity !== 'string') errors.push(`a ${String(a.kind)} needs "entity" (a glossary id).`);
  if (a.kind === 'claim') {
    if (!a.claim || typeof a.claim !== 'object' || typeof (a.claim as { type?: unknown }).type !== 'string') errors.push('a claim needs "claim" with a "type".');
    if (!CLAIM_STATUSES.includes(a.status as ClaimStatus)) errors.push(`a claim needs "status", one of ${CLAIM_STATUSES.join(', ')}.`);
  } else if (a.status !== undefined) errors.push('"status" is only for claims.');
  if (a.note !== undefined && typeof a.note !== 'string') errors.push('"note" must be a string.');
  if (a.sources !== undefined) {
    if (!Array.isArray(a.sources) || !a.sources.every((s) => s && typeof s === 'object' && typeof (s as Source).url === 'string')) {
      errors.push('"sources" must be a list of { url, title?, accessed? }.');
    }
  }
  for (const key of ['author', 'updated'] as const) if (a[key] !== undefined && typeof a[key] !== 'string') errors.push(`"${key}" must be a string.`);
  for (const key of ['orphaned', 'hidden'] as const) if (a[key] !== undefined && typeof a[key] !== 'boolean') errors.push(`"${key}" must be true or false.`);
  if (a.hidden === true && a.origin !== 'manual') errors.push('"hidden" is only for manual records.');
  return errors;
}

/** Checks a parsed sidecar against its document: stale digest, annotations whose text drifted. */
export function checkAgainstDocument(sidecar: Sidecar, documentText: string, file: string): Problem[] {
  const problems: Problem[] = [];
  if (sidecar.sha256 !== sha256Hex(documentText)) {
    problems.push({
      file,
      line: 1,
      column: 1,
      severity: 'warning',
      code: 'stale',
      message: 'The document changed since this sidecar was written (sha256 differs): run `geo-annotate export` to re-anchor it.',
    });
  }
  for (const a of sidecar.annotations) {
    if (a.orphaned) {
      problems.push({ file, line: 1, column: 1, severity: 'error', code: 'orphaned', message: `Annotation ${a.id} is orphaned: its quote "${a.text}" is no longer in the document.` });
    } else if (documentText.slice(a.start, a.end) !== a.text) {
      problems.push({
        file,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'drifted',
        message: `Annotation ${a.id} (${a.kind} "${a.text}") does not match the document at ${a.start}-${a.end}: run \`geo-annotate export\` to re-anchor it.`,
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
    (a.sources !== undefined && a.sources.length > 0)
  );
}

/**
 * Places an annotation from an older text in the current one: at its offsets when the text there
 * still equals its quote, else at the occurrence of the quote nearest its old position (preferring
 * one whose prefix/suffix context agrees). Returns undefined when the quote is gone.
 */
export function reanchor(a: Annotation, text: string): { start: number; end: number } | undefined {
  if (text.slice(a.start, a.end) === a.text) return { start: a.start, end: a.end };
  if (a.text.length === 0) return undefined;
  let best: { start: number; score: number } | undefined;
  for (let i = text.indexOf(a.text); i >= 0; i = text.indexOf(a.text, i + 1)) {
    const ctx = contextOf(text, i, i + a.text.length);
    const contextBonus = (ctx.prefix.endsWith(a.prefix.slice(-8)) ? 0 : 1e6) + (ctx.suffix.startsWith(a.suffix.slice(0, 8)) ? 0 : 1e6);
    const score = contextBonus + Math.abs(i - a.start);
    if (!best || score < best.score) best = { start: i, score };
  }
  return best ? { start: best.start, end: best.start + a.text.length } : undefined;
}

/**
 * Builds the sidecar for a document from fresh auto annotations and the previous sidecar, if any.
 * Manual annotations are re-anchored and kept; reviews of auto claims (status, note, sources)
 * carry over to the matching fresh annotation; an annotation whose quote is gone is kept and
 * flagged `orphaned`, never dropped.
 */
export function buildSidecar(
  documentName: string,
  text: string,
  auto: Annotation[],
  previous?: Sidecar,
): { sidecar: Sidecar; orphans: Annotation[] } {
  const fresh = auto.map((a) => ({ ...a }));
  const kept: Annotation[] = [];
  const orphans: Annotation[] = [];
  for (const old of previous?.annotations ?? []) {
    if (!isPersonalWork(old)) continue;
    const place = reanchor(old, text);
    if (!place) {
      const orphan = { ...old, orphaned: true };
      kept.push(orphan);
      orphans.push(orphan);
      continue;
    }
    const moved: Annotation = { ...old, ...place, ...contextOf(text, place.start, place.end) };
    delete moved.orphaned;
    if (old.origin === 'auto') {
      const match = fresh.find((f) => f.kind === old.kind && f.start === place.start && f.end === place.end);
      if (match) {
        Object.assign(match, pickReview(old));
        continue;
      }
    }
    kept.push(moved);
  }
  // A manual annotation on exactly the range of an auto one replaces it.
  const manualRanges = new Set(kept.filter((a) => a.origin === 'manual').map((a) => `${a.kind}|${a.start}|${a.end}`));
  const annotations = [...fresh.filter((f) => !manualRanges.has(`${f.kind}|${f.start}|${f.end}`)), ...kept];
  const ids = new Set<string>();
  for (const a of annotations) {
    // Keep ids unique even if a kept annotation collides with a fresh one.
    let id = a.id;
    for (let n = 2; ids.has(id); n++) id = `${a.id}~${n}`;
    a.id = id;
    ids.add(id);
  }
  annotations.sort(compareAnnotations);
  return {
    sidecar: { format: SIDECAR_FORMAT, document: documentName, offsetUnit: 'utf16', sha256: sha256Hex(text), annotations },
    orphans,
  };
}

function pickReview(a: Annotation): Partial<Annotation> {
  const out: Partial<Annotation> = {};
  if (a.status !== undefined) out.status = a.status;
  if (a.note !== undefined) out.note = a.note;
  if (a.sources !== undefined) out.sources = a.sources;
  if (a.author !== undefined) out.author = a.author;
  if (a.updated !== undefined) out.updated = a.updated;
  return out;
}
