/**
 * Exports and imports for other tools:
 *
 * - W3C Web Annotation JSON-LD (an AnnotationCollection; each target has a TextQuoteSelector and a
 *   TextPositionSelector whose offsets count Unicode code points, as the W3C model requires);
 * - brat standoff (.ann): text-bound `T` lines with code-point offsets (brat counts the
 *   characters of the text as Python 3 reads it, i.e. code points), split at line breaks into
 *   fragments, with AnnotatorNotes, Reference normalisations and Status/ClaimType attributes;
 * - CSV of claims for a fact-checking desk (RFC 4180: CRLF, quoted fields where needed);
 * - schema.org ClaimReview JSON-LD for reviewed claims;
 * - import of W3C Web Annotation JSON (one annotation, a list, an AnnotationCollection or
 *   AnnotationPage, or a Hypothesis API search result) into manual notes, re-anchored to the
 *   document.
 *
 * Sidecars count UTF-16 code units; every conversion to and from code points goes through
 * {@link offsetConverter}, so characters outside the Basic Multilingual Plane (emoji, some
 * scripts) shift nothing.
 */
import { anchorQuote } from './anchoring';
import { CONTEXT, contextOf, fnv1a } from './text';
import type { Annotation, ClaimValue, Sidecar } from './types';

/** Converts offsets between UTF-16 code units (the sidecar's unit) and code points (W3C, brat). */
export interface OffsetConverter {
  toCodePoints(utf16: number): number;
  toUtf16(codePoints: number): number;
}

/**
 * Offset conversion for one text. A UTF-16 offset inside a surrogate pair counts as after the
 * pair. O(log n) per offset after an O(n) scan.
 */
export function offsetConverter(text: string): OffsetConverter {
  // UTF-16 index of the high surrogate of every well-formed pair.
  const pairs: number[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pairs.push(i);
        i++;
      }
    }
  }
  // Count of entries for which pred is true, pred monotone (true then false).
  const count = (pred: (j: number) => boolean) => {
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pred(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    toCodePoints: (u) => u - count((j) => pairs[j]! + 1 < u),
    // Pair j starts at code point pairs[j] - j; every pair before cp adds one unit.
    toUtf16: (cp) => cp + count((j) => pairs[j]! - j < cp),
  };
}

/** What exports may say about an entity id: its name and Wikidata id (from the glossary). */
export type EntityInfo = (id: string) => { name?: string; wikidata?: string } | undefined;

/** The context of an export: the document's text and how to name it. */
export interface ExportContext {
  /** The document's text, which the sidecar's offsets count into. */
  text: string;
  /** The document as an IRI or file name: target.source (W3C), the claim's appearance (ClaimReview). */
  source: string;
  /** Optional glossary lookups for names and Wikidata ids. */
  entity?: EntityInfo;
}

function exported(sidecar: Sidecar): Annotation[] {
  return sidecar.annotations.filter((a) => !a.hidden);
}

/** Drops a broken surrogate at the cut ends of a context string. */
function wellFormedContext(prefix: string, suffix: string): { prefix: string; suffix: string } {
  const low = (c: number) => c >= 0xdc00 && c <= 0xdfff;
  const high = (c: number) => c >= 0xd800 && c <= 0xdbff;
  return {
    prefix: prefix.length && low(prefix.charCodeAt(0)) ? prefix.slice(1) : prefix,
    suffix: suffix.length && high(suffix.charCodeAt(suffix.length - 1)) ? suffix.slice(0, -1) : suffix,
  };
}

/** A readable account of a claim's structured value: "count: approximately 40 rockets". */
export function describeClaimValue(c: ClaimValue): string {
  const parts: string[] = [];
  if (c.hedge) parts.push(c.hedge);
  if (c.value !== undefined) parts.push(String(c.value));
  else if (c.min !== undefined || c.max !== undefined) parts.push(`${c.min ?? '?'} to ${c.max ?? '?'}`);
  const date = dateOf(c);
  if (date) parts.push(date);
  if (c.unit) parts.push(c.unit);
  return `${c.type}: ${parts.join(' ')}`.trim();
}

function dateOf(c: ClaimValue): string | undefined {
  const d = c.date;
  if (!d) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d.year !== undefined)
    return [String(d.year), d.month && pad(d.month), d.month && d.day && pad(d.day)]
      .filter(Boolean)
      .join('-');
  if (d.month !== undefined) return `--${pad(d.month)}${d.day !== undefined ? `-${pad(d.day)}` : ''}`;
  return undefined;
}

function iriFor(source: string, id?: string): string {
  const base = /^[a-z][a-z0-9+.-]*:/i.test(source)
    ? source
    : `urn:geo-annotator:${encodeURIComponent(source)}`;
  if (id === undefined) return base;
  return base.startsWith('urn:') ? `${base}:${encodeURIComponent(id)}` : `${base}#${encodeURIComponent(id)}`;
}

/** "Jane Doe <jane@example.org>" as a name and an email. */
export function parseAuthor(author: string): { name: string; email?: string } {
  const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(author);
  if (m) return m[1] ? { name: m[1], email: m[2]! } : { name: m[2]!, email: m[2]! };
  if (/^[^\s@]+@[^\s@]+$/.test(author.trim())) return { name: author.trim(), email: author.trim() };
  return { name: author.trim() };
}

// ---------------------------------------------------------------------------------------------
// W3C Web Annotation

/** A W3C Web Annotation body or target node (loosely typed JSON). */
export type JsonObject = Record<string, unknown>;

const MOTIVATION: Record<Annotation['kind'], string> = {
  actor: 'identifying',
  place: 'identifying',
  claim: 'assessing',
  note: 'commenting',
};

/** One annotation as a W3C Web Annotation (without @context; the collection carries it). */
export function toW3CAnnotation(
  a: Annotation,
  ctx: ExportContext,
  conv = offsetConverter(ctx.text),
): JsonObject {
  const body: JsonObject[] = [{ type: 'TextualBody', purpose: 'classifying', value: a.kind }];
  if (a.entity !== undefined) {
    const info = ctx.entity?.(a.entity);
    body.push({ type: 'TextualBody', purpose: 'identifying', value: info?.name ?? a.entity });
    if (info?.wikidata)
      body.push({
        type: 'SpecificResource',
        purpose: 'identifying',
        source: `http://www.wikidata.org/entity/${info.wikidata}`,
      });
  }
  if (a.claim) body.push({ type: 'TextualBody', purpose: 'describing', value: describeClaimValue(a.claim) });
  if (a.status !== undefined) body.push({ type: 'TextualBody', purpose: 'assessing', value: a.status });
  if (a.note !== undefined)
    body.push({ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' });
  for (const s of a.sources ?? []) body.push({ type: 'SpecificResource', purpose: 'linking', source: s.url });
  const context = wellFormedContext(a.prefix, a.suffix);
  const selector: JsonObject[] = [
    { type: 'TextQuoteSelector', exact: a.text, prefix: context.prefix, suffix: context.suffix },
  ];
  if (!a.orphaned)
    selector.push({
      type: 'TextPositionSelector',
      start: conv.toCodePoints(a.start),
      end: conv.toCodePoints(a.end),
    });
  const out: JsonObject = {
    id: iriFor(ctx.source, a.id),
    type: 'Annotation',
    motivation:
      a.kind === 'claim' && (a.status === undefined || a.status === 'unreviewed')
        ? 'highlighting'
        : MOTIVATION[a.kind],
  };
  if (a.author !== undefined) {
    const { name, email } = parseAuthor(a.author);
    out.creator = { type: 'Person', name, ...(email ? { email: `mailto:${email}` } : {}) };
  }
  if (a.updated !== undefined) out.modified = a.updated;
  out.body = body;
  out.target = { source: ctx.source, selector };
  return out;
}

/** The sidecar as a W3C AnnotationCollection with its one page embedded. */
export function toW3C(sidecar: Sidecar, ctx: ExportContext): JsonObject {
  const conv = offsetConverter(ctx.text);
  const items = exported(sidecar).map((a) => toW3CAnnotation(a, ctx, conv));
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: iriFor(ctx.source, 'annotations'),
    type: 'AnnotationCollection',
    label: `Geo Annotator annotations of ${sidecar.document}`,
    total: items.length,
    first: { id: iriFor(ctx.source, 'annotations-page-1'), type: 'AnnotationPage', startIndex: 0, items },
  };
}

// ---------------------------------------------------------------------------------------------
// brat standoff

const BRAT_TYPE: Record<Annotation['kind'], string> = {
  actor: 'Actor',
  place: 'Place',
  claim: 'Claim',
  note: 'Note',
};

function oneLine(s: string): string {
  return s.replace(/[\t\r\n]+/g, ' ');
}

/**
 * The sidecar as brat standoff. Offsets count code points. A span over a line break becomes
 * fragments (brat's `start end;start end`), since brat fragments hold no newline. Orphaned
 * annotations have no place and are left out (see {@link bratSkipped}).
 */
export function toBrat(sidecar: Sidecar, ctx: ExportContext): string {
  const conv = offsetConverter(ctx.text);
  const lines: string[] = [];
  let t = 0;
  let n = 0;
  let attr = 0;
  let note = 0;
  for (const a of exported(sidecar)) {
    if (a.orphaned) continue;
    const fragments: [number, number][] = [];
    let s = a.start;
    for (let i = a.start; i <= a.end; i++) {
      if (i === a.end || ctx.text[i] === '\n' || ctx.text[i] === '\r') {
        let fs = s;
        let fe = i;
        while (fs < fe && /\s/.test(ctx.text[fs]!)) fs++;
        while (fe > fs && /\s/.test(ctx.text[fe - 1]!)) fe--;
        if (fe > fs) fragments.push([fs, fe]);
        s = i + 1;
      }
    }
    if (fragments.length === 0) continue;
    const id = `T${++t}`;
    const offsets = fragments
      .map(([fs, fe]) => `${conv.toCodePoints(fs)} ${conv.toCodePoints(fe)}`)
      .join(';');
    const quote = fragments.map(([fs, fe]) => ctx.text.slice(fs, fe)).join(' ');
    lines.push(`${id}\t${BRAT_TYPE[a.kind]} ${offsets}\t${quote}`);
    if (a.entity !== undefined) {
      const info = ctx.entity?.(a.entity);
      const ref = info?.wikidata ? `Wikidata:${info.wikidata}` : `GeoAnnotator:${a.entity}`;
      lines.push(`N${++n}\tReference ${id} ${ref}\t${oneLine(info?.name ?? a.entity)}`);
    }
    if (a.claim) lines.push(`A${++attr}\tClaimType ${id} ${a.claim.type}`);
    if (a.status !== undefined) lines.push(`A${++attr}\tStatus ${id} ${a.status}`);
    const notes = [
      a.note,
      a.claim ? describeClaimValue(a.claim) : undefined,
      ...(a.sources ?? []).map((x) => x.url),
    ].filter((x): x is string => !!x);
    if (notes.length) lines.push(`#${++note}\tAnnotatorNotes ${id}\t${oneLine(notes.join(' | '))}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The annotations brat cannot hold (orphans: no place in the text). */
export function bratSkipped(sidecar: Sidecar): Annotation[] {
  return exported(sidecar).filter((a) => a.orphaned);
}

// ---------------------------------------------------------------------------------------------
// CSV of claims

/** The columns of the claims CSV. */
export const CSV_COLUMNS = [
  'id',
  'text',
  'type',
  'value',
  'min',
  'max',
  'hedge',
  'unit',
  'status',
  'note',
  'sources',
  'author',
  'updated',
  'line',
  'orphaned',
] as const;

/** Quotes one CSV field by RFC 4180: in double quotes, doubled inside, when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The claims of a sidecar as CSV (header row, CRLF line ends). Dates go in `value` as ISO parts. */
export function toClaimsCsv(sidecar: Sidecar, ctx: Pick<ExportContext, 'text'>): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const a of exported(sidecar)) {
    if (a.kind !== 'claim') continue;
    const c = a.claim;
    const num = (x: number | undefined) => (x === undefined ? '' : String(x));
    rows.push([
      a.id,
      a.text,
      c?.type ?? '',
      c?.value !== undefined ? String(c.value) : c ? (dateOf(c) ?? '') : '',
      num(c?.min),
      num(c?.max),
      c?.hedge ?? '',
      c?.unit ?? '',
      a.status ?? '',
      a.note ?? '',
      (a.sources ?? []).map((s) => s.url).join(' | '),
      a.author ?? '',
      a.updated ?? '',
      a.orphaned ? '' : String(lineOf(ctx.text, a.start)),
      a.orphaned ? 'true' : '',
    ]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Parses RFC 4180 CSV (for tests and tools): rows of fields. */
export function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < csv.length) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// schema.org ClaimReview

const RATING: Record<string, { name: string; value?: number }> = {
  verified: { name: 'Verified', value: 5 },
  disputed: { name: 'Disputed', value: 3 },
  false: { name: 'False', value: 1 },
  unverifiable: { name: 'Unverifiable' },
};

/** The sentence around [start, end): from the previous sentence end or line break to the next. */
export function sentenceAround(text: string, start: number, end: number): string {
  let s = start;
  while (s > 0 && !/[\n.!?]/.test(text[s - 1]!) && start - s < 400) s--;
  let e = end;
  while (e < text.length && text[e] !== '\n' && end - e > -400) {
    if (/[.!?]/.test(text[e]!) && (e + 1 >= text.length || /\s/.test(text[e + 1]!))) {
      e++;
      break;
    }
    e++;
  }
  return text
    .slice(s, e)
    .replace(/\s+/g, ' ')
    .replace(/^[#>*\-\s]+/, '')
    .trim();
}

/**
 * Reviewed claims (status other than unreviewed) as schema.org ClaimReview JSON-LD, in an @graph:
 * claimReviewed is the sentence of the claim; itemReviewed a Claim with the quote and its
 * appearance (the document); reviewRating a Rating named by the status (alternateName) with a
 * 1-5 value where the status has one; author the reviewer; datePublished the day of the review.
 */
export function toClaimReview(sidecar: Sidecar, ctx: ExportContext): JsonObject {
  const graph: JsonObject[] = [];
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(ctx.source);
  for (const a of exported(sidecar)) {
    if (a.kind !== 'claim' || !a.status || a.status === 'unreviewed') continue;
    const rating = RATING[a.status]!;
    const review: JsonObject = {
      '@type': 'ClaimReview',
      claimReviewed: a.orphaned ? a.text : sentenceAround(ctx.text, a.start, a.end),
      itemReviewed: {
        '@type': 'Claim',
        text: a.text,
        appearance: { '@type': 'CreativeWork', ...(isUrl ? { url: ctx.source } : { name: ctx.source }) },
      },
      reviewRating: {
        '@type': 'Rating',
        alternateName: rating.name,
        ...(rating.value !== undefined ? { ratingValue: rating.value, bestRating: 5, worstRating: 1 } : {}),
      },
    };
    if (a.author !== undefined) {
      const { name, email } = parseAuthor(a.author);
      review.author = { '@type': 'Person', name, ...(email ? { email } : {}) };
    }
    if (a.updated !== undefined && /^\d{4}-\d{2}-\d{2}/.test(a.updated))
      review.datePublished = a.updated.slice(0, 10);
    if (a.note !== undefined) review.reviewBody = a.note;
    if (a.sources && a.sources.length) {
      review.citation = a.sources.map((s) => ({
        '@type': 'CreativeWork',
        url: s.url,
        ...(s.title ? { name: s.title } : {}),
      }));
    }
    graph.push(review);
  }
  return { '@context': 'https://schema.org', '@graph': graph };
}

// ---------------------------------------------------------------------------------------------
// Import of W3C Web Annotations (and Hypothesis API results)

/** An annotation of the input that was not imported, and why. */
export interface SkippedImport {
  /** 1-based position in the input. */
  index: number;
  id?: string;
  reason: string;
}

/** The outcome of an import. */
export interface ImportResult {
  /** Manual notes, re-anchored to the document (or flagged orphaned). */
  annotations: Annotation[];
  skipped: SkippedImport[];
}

/** Options of {@link importW3C}. */
export interface ImportOptions {
  /** Author for annotations whose creator is not given. */
  author: string;
  /** ISO time for annotations that carry no time. */
  now: string;
}

function asList(x: unknown): unknown[] {
  return x === undefined || x === null ? [] : Array.isArray(x) ? x : [x];
}

/** The annotations of any accepted input shape. Returns undefined when it is none of them. */
function annotationsOf(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  if (!data || typeof data !== 'object') return undefined;
  const d = data as JsonObject;
  const type = asList(d.type).concat(asList(d['@type'])).map(String);
  if (Array.isArray(d.rows)) return d.rows; // Hypothesis API search result
  if (type.includes('AnnotationCollection')) {
    const first = d.first;
    if (first && typeof first === 'object') {
      const items: unknown[] = [];
      for (
        let page = first as JsonObject | undefined;
        page;
        page = page.next && typeof page.next === 'object' ? (page.next as JsonObject) : undefined
      ) {
        items.push(...asList(page.items));
      }
      return items;
    }
    return asList(d.items);
  }
  if (type.includes('AnnotationPage') || Array.isArray(d.items)) return asList(d.items);
  if (Array.isArray(d['@graph'])) return d['@graph'] as unknown[];
  if (type.includes('Annotation') || d.target !== undefined) return [d];
  return undefined;
}

function textOfBody(body: unknown): { notes: string[]; tags: string[]; other: string[] } {
  const notes: string[] = [];
  const tags: string[] = [];
  const other: string[] = [];
  for (const b of asList(body)) {
    if (typeof b === 'string') continue; // An IRI body: nothing to quote.
    if (!b || typeof b !== 'object') continue;
    const x = b as JsonObject;
    const value = typeof x.value === 'string' ? x.value : typeof x.chars === 'string' ? x.chars : undefined;
    if (value === undefined) continue;
    const purpose = asList(x.purpose).map(String);
    if (purpose.includes('tagging')) tags.push(value);
    else if (
      purpose.length === 0 ||
      purpose.some((p) => ['commenting', 'describing', 'replying', 'editing', 'questioning'].includes(p))
    ) {
      notes.push(value);
    } else other.push(value);
  }
  return { notes, tags, other };
}

function creatorName(x: JsonObject): string | undefined {
  const c = Array.isArray(x.creator) ? x.creator[0] : x.creator;
  if (typeof c === 'string') return c.replace(/^acct:/, '');
  if (c && typeof c === 'object') {
    const o = c as JsonObject;
    const name = typeof o.name === 'string' ? o.name : typeof o.nick === 'string' ? o.nick : undefined;
    const email = typeof o.email === 'string' ? o.email.replace(/^mailto:/, '') : undefined;
    if (name && email) return `${name} <${email}>`;
    return name ?? email;
  }
  // Hypothesis: user "acct:alice@hypothes.is", user_info.display_name.
  const info = x.user_info as JsonObject | undefined;
  if (info && typeof info.display_name === 'string' && info.display_name) return info.display_name;
  if (typeof x.user === 'string') return x.user.replace(/^acct:/, '');
  return undefined;
}

interface Selectors {
  quote?: { exact: string; prefix: string; suffix: string };
  position?: { start: number; end: number };
}

function selectorsOf(target: unknown): Selectors {
  const out: Selectors = {};
  for (const t of asList(target)) {
    if (!t || typeof t !== 'object') continue;
    const visit = (sel: unknown) => {
      for (const s of asList(sel)) {
        if (!s || typeof s !== 'object') continue;
        const x = s as JsonObject;
        if (x.type === 'TextQuoteSelector' && typeof x.exact === 'string' && !out.quote) {
          out.quote = {
            exact: x.exact,
            prefix: typeof x.prefix === 'string' ? x.prefix : '',
            suffix: typeof x.suffix === 'string' ? x.suffix : '',
          };
        } else if (
          x.type === 'TextPositionSelector' &&
          Number.isInteger(x.start) &&
          Number.isInteger(x.end) &&
          (x.end as number) >= (x.start as number) &&
          (x.start as number) >= 0 &&
          !out.position
        ) {
          out.position = { start: x.start as number, end: x.end as number };
        }
        if (x.refinedBy) visit(x.refinedBy);
      }
    };
    visit((t as JsonObject).selector);
  }
  return out;
}

/** Trims a context string to what a sidecar stores (32 UTF-16 units), without splitting a pair. */
function clipContext(prefix: string, suffix: string): { prefix: string; suffix: string } {
  return wellFormedContext(prefix.slice(-CONTEXT), suffix.slice(0, CONTEXT));
}

/**
 * Imports W3C Web Annotations (or Hypothesis API annotations) into manual notes on `text`: the
 * quote (TextQuoteSelector) with its context, at the position (TextPositionSelector, code points)
 * as a hint, re-anchored like any stored annotation; the bodies' text becomes the note. An
 * annotation that cannot be placed is kept as an orphan; one without a text selector is skipped
 * and reported. Ids derive from the source annotation's id, so importing again updates in place.
 */
export function importW3C(data: unknown, text: string, options: ImportOptions): ImportResult | undefined {
  const list = annotationsOf(data);
  if (!list) return undefined;
  const conv = offsetConverter(text);
  const annotations: Annotation[] = [];
  const skipped: SkippedImport[] = [];
  const ids = new Set<string>();
  list.forEach((raw, i) => {
    const index = i + 1;
    if (!raw || typeof raw !== 'object') {
      skipped.push({ index, reason: 'not an annotation object' });
      return;
    }
    const x = raw as JsonObject;
    const sourceId =
      typeof x.id === 'string' ? x.id : typeof x['@id'] === 'string' ? (x['@id'] as string) : undefined;
    const sel = selectorsOf(x.target);
    let quote = sel.quote;
    let hint = sel.position
      ? { start: conv.toUtf16(sel.position.start), end: conv.toUtf16(sel.position.end) }
      : undefined;
    if (!quote && hint && hint.end <= text.length) {
      quote = { exact: text.slice(hint.start, hint.end), ...contextOf(text, hint.start, hint.end) };
    }
    if (!quote || quote.exact.length === 0) {
      skipped.push({
        index,
        ...(sourceId ? { id: sourceId } : {}),
        reason: x.references
          ? 'a reply (no target text of its own)'
          : 'no TextQuoteSelector or TextPositionSelector on the target',
      });
      return;
    }
    hint ??= { start: 0, end: quote.exact.length };
    const context = clipContext(quote.prefix, quote.suffix);
    const { notes, tags, other } = textOfBody(x.body);
    if (typeof x.text === 'string' && x.text) notes.push(x.text); // Hypothesis
    if (Array.isArray(x.tags)) tags.push(...x.tags.filter((t): t is string => typeof t === 'string'));
    let note = (notes.length ? notes : other).join('\n\n');
    if (tags.length) note += `${note ? '\n\n' : ''}Tags: ${tags.join(', ')}`;
    const time = [x.modified, x.updated, x.created].find((t): t is string => typeof t === 'string');
    let id = `m-${fnv1a(`import|${sourceId ?? `${quote.exact}|${quote.prefix}|${quote.suffix}|${note}`}`)}`;
    for (let n = 2; ids.has(id); n++) id = `${id.replace(/~\d+$/, '')}~${n}`;
    ids.add(id);
    const stored: Annotation = {
      id,
      kind: 'note',
      start: hint.start,
      end: hint.end,
      text: quote.exact,
      prefix: context.prefix,
      suffix: context.suffix,
      origin: 'manual',
      ...(note ? { note } : {}),
      author: creatorName(x) ?? options.author,
      updated: time ?? options.now,
    };
    const anchor = anchorQuote(text, stored);
    if (!anchor) annotations.push({ ...stored, orphaned: true });
    else {
      annotations.push({
        ...stored,
        start: anchor.start,
        end: anchor.end,
        text: text.slice(anchor.start, anchor.end),
        ...contextOf(text, anchor.start, anchor.end),
      });
    }
  });
  return { annotations, skipped };
}
