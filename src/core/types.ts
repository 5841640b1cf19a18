/**
 * Shared data types of the annotation engine. Everything here is plain data: no classes, no
 * editor types, so the same values flow through the editor, the CLI, the sidecar and tests.
 *
 * Offsets are half-open UTF-16 code unit offsets into the document text, as JavaScript strings
 * and the VS Code API count them.
 */

/** The kinds of glossary entry. */
export type EntityKind = 'actor' | 'place';

/** The kinds of annotation. */
export type AnnotationKind = 'actor' | 'place' | 'claim' | 'note';

/** Where an annotation came from: the engine, or a person. */
export type AnnotationOrigin = 'auto' | 'manual';

/** The review status of a claim. */
export type ClaimStatus = 'unreviewed' | 'verified' | 'disputed' | 'false' | 'unverifiable';

/** All claim statuses, in the order a fact-checker walks through them. */
export const CLAIM_STATUSES: readonly ClaimStatus[] = [
  'unreviewed',
  'verified',
  'disputed',
  'false',
  'unverifiable',
];

/** A source cited for a glossary fact or a claim review. */
export interface Source {
  url: string;
  title?: string;
  /** ISO date (YYYY-MM-DD) the source was read. */
  accessed?: string;
}

/** A position in a file, 1-based line and column, for messages people read. */
export interface FilePosition {
  line: number;
  column: number;
}

/** A problem found while loading a glossary or a sidecar: data, never an exception. */
export interface Problem {
  /** The file (or label) the problem is in. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  severity: 'error' | 'warning';
  /** What is wrong and what to do about it. */
  message: string;
  /** A short stable code, e.g. `duplicate-id`, for tools. */
  code: string;
}

/** One glossary entry, as loaded and validated. */
export interface Entry {
  id: string;
  kind: EntityKind;
  /** state, armed group, political party, person, institution, international body, media, think tank, city, region, water, site, ... */
  type: string;
  name: string;
  aliases: string[];
  demonyms: string[];
  summary?: string;
  /** Year or date as written, e.g. "1982", "1982-06", "early 1980s". */
  founded?: string;
  /** Year or date the organisation was dissolved, where that applies. */
  dissolved?: string;
  /** For people: year or date of birth and of death, where public. */
  born?: string;
  died?: string;
  /** For people: their best-known position, e.g. "Secretary-General of Hezbollah (1992-2024)". */
  role?: string;
  /** Entry ids of leaders (or names when no entry exists). */
  leaders: string[];
  /** Entry ids of backers/sponsors. */
  backers: string[];
  /** Entry ids of coalitions, parent bodies or allies the entity belongs to. */
  affiliations: string[];
  /** Entry id of the country (for places, people, national institutions). */
  country?: string;
  /** For a capital city or seat, the entry id of the government it can stand for ("Tehran said"). */
  metonymFor?: string;
  /** [latitude, longitude] in decimal degrees. */
  coordinates?: [number, number];
  wikidata?: string;
  geonames?: number;
  wikipedia?: string;
  sources: Source[];
  /** Where the entry is defined, for "open the glossary entry" and problems. */
  origin: EntryOrigin;
}

/** Where an entry (or the last layer that touched it) came from. */
export interface EntryOrigin {
  file: string;
  line: number;
  column: number;
  /** True for the glossary bundled with the extension. */
  bundled: boolean;
}

/** A glossary after all layers are merged. */
export interface Glossary {
  entries: Entry[];
  byId: ReadonlyMap<string, Entry>;
  problems: Problem[];
}

/** The structured value of a numeric claim. */
export interface ClaimValue {
  /** count, duration, date, percent, money, quantity, age, ... */
  type: ClaimType;
  /** The number, when a single one is asserted. */
  value?: number;
  /** A range, for vague magnitudes ("dozens") or explicit ranges ("20 to 30"). */
  min?: number;
  max?: number;
  /** approximately, more than, at least, up to, nearly, ... (normalised, lower case). */
  hedge?: string;
  /** The counted noun or unit ("strikes", "weeks", "km", "USD", "percent"). */
  unit?: string;
  /** For dates: ISO-like parts that were stated. */
  date?: { year?: number; month?: number; day?: number };
  /** True when the magnitude is a vague word ("thousands", "dozens"). */
  vague?: boolean;
}

/** The types of claim value. */
export type ClaimType = 'count' | 'duration' | 'date' | 'percent' | 'money' | 'quantity' | 'age' | 'ordinal';

/** A span found in the text by the engine, before it becomes an annotation. */
export interface Span {
  start: number;
  end: number;
  kind: AnnotationKind;
}

/** An entity mention found by the matcher. */
export interface Mention extends Span {
  kind: 'actor' | 'place';
  entity: string;
}

/** A numeric claim found by the claim scanner. */
export interface ClaimSpan extends Span {
  kind: 'claim';
  claim: ClaimValue;
}

/** One annotation, as stored in the sidecar. */
export interface Annotation {
  id: string;
  kind: AnnotationKind;
  start: number;
  end: number;
  text: string;
  prefix: string;
  suffix: string;
  origin: AnnotationOrigin;
  entity?: string;
  claim?: ClaimValue;
  status?: ClaimStatus;
  note?: string;
  sources?: Source[];
  author?: string;
  /** ISO timestamp of the last manual change. */
  updated?: string;
  /** Set when the annotation's quote could not be found in the current text: kept, never dropped. */
  orphaned?: boolean;
  /**
   * A manual record that hides the auto annotation of the same kind on the same range (the user
   * removed it). Kept in the sidecar so that re-annotation does not bring it back.
   */
  hidden?: boolean;
  /**
   * An unresolved merge conflict (see core/merge.ts): both sides of a merge changed this
   * annotation in different ways. The annotation's own fields hold the merged value with ours
   * where the sides disagree; each version lists that side's values of the disputed fields (with
   * its `author` and `updated`), or `deleted: true` when that side deleted the annotation.
   * Resolving picks one version and removes this field.
   */
  conflict?: ConflictVersion[];
}

/** The side of a merge: ours (the branch merged into, git's %A) or theirs (%B). */
export type MergeSide = 'ours' | 'theirs';

/** One side's version of an annotation in a merge conflict: the fields that side set, or its deletion. */
export type ConflictVersion = { side: MergeSide; deleted?: boolean } & Partial<
  Omit<Annotation, 'id' | 'conflict'>
>;

/** The sidecar file: `<file>.annotations.json`. */
export interface Sidecar {
  format: 'geo-annotator/1';
  document: string;
  offsetUnit: 'utf16';
  sha256: string;
  annotations: Annotation[];
}
