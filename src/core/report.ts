/**
 * The claims report: every claim of a document (or of a workspace) as a row a fact-checker reads,
 * filters and exports: its text and sentence, its structured value, its review (status, reviewer,
 * note, sources), the actors and places of its sentence, and what the desk found (period, time,
 * glossary cross-checks, consistency notes). Pure: the editor's webview panel and tests use it.
 *
 * Exports: CSV (RFC 4180, one row per claim, with the report's columns: document, sentence,
 * entities and findings besides interop.ts's claim columns) and schema.org ClaimReview JSON-LD
 * (interop.ts's, one ClaimReview per reviewed claim; unreviewed claims have no verdict).
 */
import type { ClaimFindings } from './hover';
import { claimFindings, claimValueText, hedgeReading, sentenceRange, vagueConvention } from './hover';
import { visibleAnnotations } from './model';
import type { ArticleDate } from './timeline';
import { articleDate, formatDate } from './timeline';
import { toClaimReview } from './interop';
import type { Annotation, ClaimStatus, ClaimType, Glossary, Sidecar, Source } from './types';
import { CLAIM_STATUSES } from './types';

/** An actor or place of a claim's sentence. */
export interface RowEntity {
  id: string;
  name: string;
  kind: 'actor' | 'place';
}

/** One claim, as the report lists it. */
export interface ClaimRow {
  /** The annotation id (unique within its document). */
  id: string;
  /** The document: its URI as a string (or a path, for the CLI). */
  document: string;
  /** The document's file name. */
  documentName: string;
  start: number;
  end: number;
  /** 1-based line and column of the claim's start. */
  line: number;
  column: number;
  /** The claim as written. */
  text: string;
  /** The sentence the claim stands in. */
  sentence: string;
  type: ClaimType | 'unknown';
  /** The value in words with its hedge and unit: "approximately 40 strikes". */
  value: string;
  /** The number, when a single one is stated; else the range. */
  quantity?: number;
  min?: number;
  max?: number;
  hedge?: string;
  /** How the hedge bounds the number: "36–44 strikes (within about 10%)". */
  hedgeReading?: string;
  /** The unit or counted noun. */
  unit?: string;
  /** The period the quantity is counted over: "2.5 weeks". */
  period?: string;
  /** The convention a vague magnitude is read with. */
  vague?: string;
  /** The claim resolved against the article's date: "about 1984, counted from ...". */
  time?: string;
  status: ClaimStatus;
  reviewer?: string;
  /** ISO timestamp of the last review change. */
  reviewed?: string;
  note?: string;
  sources: Source[];
  entities: RowEntity[];
  /** Glossary cross-checks: agree or differ, with the sentence shown in the hover. */
  checks: {
    entity: string;
    /** The entity's name and the fact compared: "Hezbollah founded 1982". */
    summary: string;
    agrees: boolean;
    explanation: string;
  }[];
  /** Other claims of the document that state the same quantity. */
  consistency: { other: string; otherText: string; relation: 'repeated' | 'differs'; explanation: string }[];
  origin: 'auto' | 'manual';
}

/** A document to report on: its text and annotations (auto and personal, merged). */
export interface ReportDocument {
  /** URI string or path. */
  document: string;
  /** File name shown in the report; default: the last path segment of `document`. */
  name?: string;
  text: string;
  annotations: readonly Annotation[];
}

/** What the report covers. */
export type ReportScope = 'document' | 'workspace';

/** The claims report: rows, per-document summary, counts per status and the entities to filter by. */
export interface ReportDocumentSummary {
  document: string;
  name: string;
  claims: number;
  /** The article's date and where it came from: "2024-10-14 (front matter)". */
  articleDate?: string;
  /** The article's date, YYYY-MM-DD. */
  date?: string;
  /** The article's public URL, from its front matter (`url:`, `canonical:`, `link:`, `source:`). */
  url?: string;
}

export interface ClaimsReport {
  scope: ReportScope;
  documents: ReportDocumentSummary[];
  rows: ClaimRow[];
  counts: Record<ClaimStatus, number>;
  entities: (RowEntity & { claims: number })[];
}

/** A filter of the rows: by status and by entity (an entity id of a row's sentence). */
export interface ReportFilter {
  status?: ClaimStatus | 'all' | 'reviewed';
  entity?: string;
}

/** Above this many claims in one document the pairwise consistency notes are skipped (quadratic). */
const MAX_CONSISTENCY_CLAIMS = 1500;

function nameOfPath(document: string): string {
  const clean = document.replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1));
  } catch {
    return clean.slice(clean.lastIndexOf('/') + 1);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The actors and places mentioned in a range, each once, in order of first mention. */
export function entitiesIn(
  annotations: readonly Annotation[],
  glossary: Glossary,
  start: number,
  end: number,
): RowEntity[] {
  const out: RowEntity[] = [];
  const seen = new Set<string>();
  for (const a of annotations) {
    if ((a.kind !== 'actor' && a.kind !== 'place') || !a.entity || a.hidden || a.orphaned) continue;
    if (a.start < start || a.end > end || seen.has(a.entity)) continue;
    seen.add(a.entity);
    const entry = glossary.byId.get(a.entity);
    out.push({ id: a.entity, name: entry?.name ?? a.text, kind: entry?.kind ?? a.kind });
  }
  return out;
}

/**
 * The rows of one document: every visible claim, in document order, with what the desk found
 * about it. `fallbackDate` (the geoAnnotator.articleDate setting) dates articles whose text does not.
 */
export function claimRows(doc: ReportDocument, glossary: Glossary, fallbackDate?: string): ClaimRow[] {
  const visible = visibleAnnotations(doc.annotations).sort((a, b) => a.start - b.start || a.end - b.end);
  const claims = visible.filter((a) => a.kind === 'claim');
  const date = articleDate(doc.text, fallbackDate || undefined);
  const name = doc.name ?? nameOfPath(doc.document);
  const withConsistency = claims.length <= MAX_CONSISTENCY_CLAIMS;
  return claims.map((a) => {
    const findings: ClaimFindings = claimFindings(
      doc.text,
      a,
      withConsistency ? visible : visible.filter((v) => v.kind !== 'claim' || v === a),
      glossary,
      date,
    );
    const sentence = sentenceRange(doc.text, a.start, a.end);
    const c = a.claim;
    const { line, column } = lineColumn(doc.text, a.start);
    const row: ClaimRow = {
      id: a.id,
      document: doc.document,
      documentName: name,
      start: a.start,
      end: a.end,
      line,
      column,
      text: a.text,
      sentence: doc.text.slice(sentence.start, sentence.end).replace(/\s+/g, ' '),
      type: c?.type ?? 'unknown',
      value: c ? claimValueText(c) : a.text,
      status: a.status ?? 'unreviewed',
      sources: a.sources ? a.sources.map((s) => ({ ...s })) : [],
      entities: entitiesIn(visible, glossary, sentence.start, sentence.end),
      checks: findings.crossChecks.map((x) => ({
        entity: x.entity,
        summary: `${glossary.byId.get(x.entity)?.name ?? x.entity} ${x.fact} ${x.glossaryValue}`,
        agrees: x.agrees,
        explanation: x.explanation,
      })),
      consistency: findings.consistency.map((x) => ({
        other: x.other.id,
        otherText: x.other.text,
        relation: x.relation,
        explanation: x.explanation,
      })),
      origin: a.origin,
    };
    if (c?.value !== undefined) row.quantity = c.value;
    if (c?.min !== undefined) row.min = c.min;
    if (c?.max !== undefined) row.max = c.max;
    if (c?.hedge) row.hedge = c.hedge;
    const hedge = c && hedgeReading(c);
    if (hedge) row.hedgeReading = hedge.text;
    if (c?.unit) row.unit = c.unit;
    if (findings.period?.claim) row.period = claimValueText(findings.period.claim);
    const vague = c && vagueConvention(a.text, c);
    if (vague) row.vague = vague;
    if (findings.time) row.time = findings.time.explanation;
    else if (findings.needsDate) row.time = 'relative to the article’s date, which is not known';
    if (a.author && row.status !== 'unreviewed') row.reviewer = a.author;
    else if (a.author && (a.note || a.sources?.length)) row.reviewer = a.author;
    if (a.updated) row.reviewed = a.updated;
    if (a.note) row.note = a.note;
    return row;
  });
}

/** The article date of a document as the report shows it. */
export function documentDate(text: string, fallbackDate?: string): ArticleDate | undefined {
  return articleDate(text, fallbackDate || undefined);
}

/** The public URL of an article, from its Markdown front matter (`url:`, `canonical:`, `link:`, `source:`). */
export function articleUrl(text: string): string | undefined {
  const fm = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!fm) return undefined;
  const m =
    /^(?:url|canonical|canonical_url|link|source|permalink):\s*["']?(https?:\/\/[^\s"']+)["']?\s*$/im.exec(
      fm[1]!,
    );
  return m?.[1];
}

/** The summary of one document: its name, claim count, date and URL. */
export function summariseDocument(
  doc: ReportDocument,
  claims: number,
  fallbackDate?: string,
): ReportDocumentSummary {
  const date = documentDate(doc.text, fallbackDate);
  const url = articleUrl(doc.text);
  return {
    document: doc.document,
    name: doc.name ?? nameOfPath(doc.document),
    claims,
    ...(date ? { articleDate: `${formatDate(date)} (${date.source})`, date: formatDate(date) } : {}),
    ...(url ? { url } : {}),
  };
}

/** Builds the report from documents (in the order given; rows in document order within each). */
export function buildReport(
  scope: ReportScope,
  docs: readonly ReportDocument[],
  glossary: Glossary,
  fallbackDate?: string,
): ClaimsReport {
  const rows: ClaimRow[] = [];
  const documents: ReportDocumentSummary[] = [];
  for (const doc of docs) {
    const docRows = claimRows(doc, glossary, fallbackDate);
    rows.push(...docRows);
    documents.push(summariseDocument(doc, docRows.length, fallbackDate));
  }
  return summarise(scope, documents, rows);
}

/** Counts and entity list for rows already built (the panel caches rows per document). */
export function summarise(
  scope: ReportScope,
  documents: ReportDocumentSummary[],
  rows: ClaimRow[],
): ClaimsReport {
  const counts = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])) as Record<ClaimStatus, number>;
  const entities = new Map<string, RowEntity & { claims: number }>();
  for (const row of rows) {
    counts[row.status]++;
    for (const e of row.entities) {
      const known = entities.get(e.id);
      if (known) known.claims++;
      else entities.set(e.id, { ...e, claims: 1 });
    }
  }
  return {
    scope,
    documents,
    rows,
    counts,
    entities: [...entities.values()].sort((a, b) => b.claims - a.claims || a.name.localeCompare(b.name)),
  };
}

/** The rows that pass a filter. */
export function filterRows(rows: readonly ClaimRow[], filter: ReportFilter = {}): ClaimRow[] {
  const status = filter.status ?? 'all';
  return rows.filter(
    (r) =>
      (status === 'all' || (status === 'reviewed' ? r.status !== 'unreviewed' : r.status === status)) &&
      (!filter.entity || filter.entity === 'all' || r.entities.some((e) => e.id === filter.entity)),
  );
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/** The CSV columns, in order. */
export const CSV_COLUMNS = [
  'document',
  'line',
  'column',
  'claim',
  'sentence',
  'type',
  'value',
  'quantity',
  'min',
  'max',
  'hedge',
  'unit',
  'period',
  'time',
  'status',
  'reviewer',
  'reviewed',
  'note',
  'sources',
  'entities',
  'glossary_checks',
  'consistency',
  'id',
] as const;

/**
 * One CSV field: quoted when it holds a comma, quote or line break (RFC 4180), and prefixed with
 * an apostrophe when a spreadsheet would read it as a formula (=, +, -, @ at the start of text).
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d[\d,.]*$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function sourcesText(sources: readonly Source[]): string {
  return sources
    .map((s) =>
      [s.title, s.url, s.accessed ? `accessed ${s.accessed}` : undefined].filter(Boolean).join(' · '),
    )
    .join(' | ');
}

/** The rows as CSV (RFC 4180: CRLF line ends, a header row). */
export function rowsToCsv(rows: readonly ClaimRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    const values: Record<(typeof CSV_COLUMNS)[number], string | number | undefined> = {
      document: r.documentName,
      line: r.line,
      column: r.column,
      claim: r.text,
      sentence: r.sentence,
      type: r.type,
      value: r.value,
      quantity: r.quantity,
      min: r.min,
      max: r.max,
      hedge: r.hedge,
      unit: r.unit,
      period: r.period,
      time: r.time,
      status: r.status,
      reviewer: r.reviewer,
      reviewed: r.reviewed,
      note: r.note,
      sources: sourcesText(r.sources),
      entities: r.entities.map((e) => e.name).join('; '),
      glossary_checks: r.checks.map((c) => c.explanation).join(' | '),
      consistency: r.consistency.map((c) => c.explanation).join(' | '),
      id: r.id,
    };
    lines.push(CSV_COLUMNS.map((c) => csvField(values[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------
// schema.org ClaimReview
// ---------------------------------------------------------------------------------------------

/**
 * The reviewed claims among `rows` as schema.org ClaimReview JSON-LD: one `@graph` with a
 * ClaimReview per reviewed claim (unreviewed claims have no verdict and are left out), built by
 * interop.ts's {@link toClaimReview} document by document, so that the CLI's `claimreview` format
 * and the editor's export agree. A document's front-matter URL stands for the article where it
 * has one, else its URI.
 */
export function rowsToClaimReview(
  rows: readonly ClaimRow[],
  docs: readonly ReportDocument[],
  summaries: readonly ReportDocumentSummary[] = [],
): { '@context': string; '@graph': unknown[] } {
  const graph: unknown[] = [];
  for (const doc of docs) {
    const ids = new Set(rows.filter((r) => r.document === doc.document).map((r) => r.id));
    if (ids.size === 0) continue;
    const summary = summaries.find((d) => d.document === doc.document);
    const sidecar: Sidecar = {
      format: 'geo-annotator/1',
      document: doc.name ?? nameOfPath(doc.document),
      offsetUnit: 'utf16',
      sha256: '',
      annotations: doc.annotations.filter((a) => a.kind === 'claim' && ids.has(a.id)),
    };
    const reviews = toClaimReview(sidecar, {
      text: doc.text,
      source: summary?.url ?? articleUrl(doc.text) ?? doc.document,
    });
    graph.push(...((reviews['@graph'] as unknown[] | undefined) ?? []));
  }
  return { '@context': 'https://schema.org', '@graph': graph };
}
