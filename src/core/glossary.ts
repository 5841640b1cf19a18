/**
 * The glossary: YAML files of entries (bundled, then workspace layers) parsed, validated and
 * merged into one {@link Glossary}. Every problem is reported as data with file, line and column;
 * a broken entry is skipped and the rest still loads.
 */
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node as YamlNode, YAMLMap } from 'yaml';
import { matcherCacheId, useMatcherCache } from './matcher';
import type { Entry, EntryOrigin, EntityKind, Glossary, Problem, Source } from './types';

/** A glossary file's text and where it came from. */
export interface GlossarySource {
  /** Path or label shown in problems. */
  file: string;
  text: string;
  /** True for files bundled with the extension. */
  bundled: boolean;
}

/**
 * One entry as written in one file: every field optional, so that a workspace layer can
 * override a few fields of a bundled entry.
 */
export interface PartialEntry {
  fields: Partial<Omit<Entry, 'origin'>>;
  /** Positions of the fields, for problems found after merging (1-based). */
  positions: Map<string, { line: number; column: number }>;
  origin: EntryOrigin;
}

/** The result of parsing one glossary file. */
export interface ParsedGlossaryFile {
  file: string;
  entries: PartialEntry[];
  problems: Problem[];
}

const KINDS: readonly EntityKind[] = ['actor', 'place'];
const STRING_FIELDS = [
  'id',
  'kind',
  'type',
  'name',
  'summary',
  'founded',
  'dissolved',
  'born',
  'died',
  'role',
  'country',
  'metonymFor',
  'wikidata',
  'wikipedia',
] as const;
const LIST_FIELDS = ['aliases', 'demonyms', 'leaders', 'backers', 'affiliations'] as const;
const KNOWN_FIELDS = new Set<string>([
  ...STRING_FIELDS,
  ...LIST_FIELDS,
  'coordinates',
  'geonames',
  'sources',
]);
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const WIKIDATA_PATTERN = /^Q[1-9][0-9]*$/;

/** Suggests the known field nearest to a misspelt one, for "did you mean". */
function nearestField(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of KNOWN_FIELDS) {
    const d = editDistance(name.toLowerCase(), known.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = known;
    }
  }
  return best;
}

/** Levenshtein distance, for short field names only. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

let yamlPackage: typeof Yaml | undefined;

/**
 * The yaml package, loaded at its first use. The editor loads the glossary the build merged
 * (JSON) unless a team adds a YAML layer, and evaluating yaml's modules is a third of the
 * time it takes to load the extension's bundle.
 */
export function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose
  return (yamlPackage ??= require('yaml') as typeof Yaml);
}

/**
 * Parses one glossary file. A YAML syntax error is reported at its position and the file is
 * then parsed item by item, so that entries outside the broken one still load.
 */
export function parseGlossaryFile(source: GlossarySource): ParsedGlossaryFile {
  const problems: Problem[] = [];
  const entries: PartialEntry[] = [];
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length === 0) {
    collectEntries(doc, lineCounter, 0, source, entries, problems);
    return { file: source.file, entries, problems };
  }
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    problems.push({
      file: source.file,
      line: pos.line,
      column: pos.col,
      severity: 'error',
      code: 'yaml-syntax',
      message: `YAML syntax error: ${firstLine(error.message)}. Fix the YAML at this position; entries elsewhere in the file still load.`,
    });
  }
  for (const chunk of splitTopLevelItems(source.text)) {
    const chunkCounter = new LineCounter();
    const chunkDoc = parseDocument(chunk.text, {
      lineCounter: chunkCounter,
      prettyErrors: false,
      uniqueKeys: true,
    });
    if (chunkDoc.errors.length > 0) continue;
    collectEntries(chunkDoc, chunkCounter, chunk.lineOffset, source, entries, problems);
  }
  return { file: source.file, entries, problems };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

/** Splits a YAML sequence file into its top-level `- ` items, keeping their line offsets. */
function splitTopLevelItems(text: string): { text: string; lineOffset: number }[] {
  const lines = text.split('\n');
  const chunks: { text: string; lineOffset: number }[] = [];
  let current: string[] = [];
  let start = 0;
  lines.forEach((line, index) => {
    if (line.startsWith('- ') || line === '-') {
      if (current.length > 0) chunks.push({ text: current.join('\n'), lineOffset: start });
      current = [line];
      start = index;
    } else if (current.length > 0) {
      current.push(line);
    }
  });
  if (current.length > 0) chunks.push({ text: current.join('\n'), lineOffset: start });
  return chunks;
}

function collectEntries(
  doc: Document,
  lineCounter: LineCounter,
  lineOffset: number,
  source: GlossarySource,
  entries: PartialEntry[],
  problems: Problem[],
): void {
  const at = (node: YamlNode | null | undefined): { line: number; column: number } => {
    const offset = node?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  const report = (
    node: YamlNode | null | undefined,
    code: string,
    message: string,
    severity: Problem['severity'] = 'error',
  ) => {
    problems.push({ file: source.file, ...at(node), severity, code, message });
  };
  const root = doc.contents;
  if (root === null || root === undefined) return;
  if (!yaml().isSeq(root)) {
    report(
      root,
      'not-a-list',
      'A glossary file must be a YAML list of entries (each item starting with "- ").',
    );
    return;
  }
  for (const item of root.items) {
    if (!yaml().isMap(item)) {
      report(
        item as YamlNode,
        'not-an-entry',
        'Each list item must be an entry (a mapping with id, kind, name, ...).',
      );
      continue;
    }
    const entry = readEntry(item, at, report, source);
    if (entry) entries.push(entry);
  }
}

type At = (node: YamlNode | null | undefined) => { line: number; column: number };
type Report = (
  node: YamlNode | null | undefined,
  code: string,
  message: string,
  severity?: Problem['severity'],
) => void;

function readEntry(map: YAMLMap, at: At, report: Report, source: GlossarySource): PartialEntry | undefined {
  const fields: Record<string, unknown> = {};
  const positions = new Map<string, { line: number; column: number }>();
  for (const pair of map.items) {
    const keyNode = pair.key as YamlNode;
    const key = yaml().isScalar(keyNode) ? String(keyNode.value) : '';
    const valueNode = pair.value as YamlNode | null;
    if (!KNOWN_FIELDS.has(key)) {
      const suggestion = nearestField(key);
      report(
        keyNode,
        'unknown-field',
        `Unknown field "${key}"${suggestion ? `: did you mean "${suggestion}"?` : '; it is ignored.'}`,
        'warning',
      );
      continue;
    }
    positions.set(key, at(valueNode ?? keyNode));
    const value: unknown =
      valueNode && 'toJSON' in valueNode ? (valueNode as { toJSON(): unknown }).toJSON() : null;
    if (value === null || value === undefined) continue;
    if ((STRING_FIELDS as readonly string[]).includes(key)) {
      if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value).trim();
      else report(valueNode, 'bad-type', `Field "${key}" must be a string.`);
    } else if ((LIST_FIELDS as readonly string[]).includes(key)) {
      const list = Array.isArray(value) ? value : [value];
      if (list.every((v) => typeof v === 'string' || typeof v === 'number')) {
        fields[key] = list.map((v) => String(v).trim()).filter((v) => v.length > 0);
      } else {
        report(valueNode, 'bad-type', `Field "${key}" must be a list of strings.`);
      }
    } else if (key === 'coordinates') {
      if (
        Array.isArray(value) &&
        value.length === 2 &&
        typeof value[0] === 'number' &&
        typeof value[1] === 'number' &&
        Math.abs(value[0]) <= 90 &&
        Math.abs(value[1]) <= 180
      ) {
        fields.coordinates = [value[0], value[1]];
      } else {
        report(
          valueNode,
          'bad-coordinates',
          'Field "coordinates" must be [latitude, longitude] in decimal degrees.',
        );
      }
    } else if (key === 'geonames') {
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) fields.geonames = value;
      else report(valueNode, 'bad-type', 'Field "geonames" must be a positive integer (a GeoNames id).');
    } else if (key === 'sources') {
      const sources = readSources(value);
      if (sources) fields.sources = sources;
      else
        report(
          valueNode,
          'bad-sources',
          'Field "sources" must be a list of URLs or of { url, title?, accessed? }.',
        );
    }
  }
  const idNode = map.get('id', true) as YamlNode | undefined;
  const id = fields.id as string | undefined;
  if (!id) {
    report(
      map,
      'missing-id',
      'Entry has no "id": add a kebab-case id such as "hezbollah". The entry is skipped.',
    );
    return undefined;
  }
  if (!ID_PATTERN.test(id)) {
    report(
      idNode,
      'bad-id',
      `Id "${id}" must be kebab-case (lower-case letters, digits and single hyphens).`,
    );
    return undefined;
  }
  const kind = fields.kind as string | undefined;
  if (kind !== undefined && !KINDS.includes(kind as EntityKind)) {
    report(
      map.get('kind', true) as YamlNode,
      'unknown-kind',
      `Unknown kind "${kind}" for "${id}": use "actor" or "place". The entry is skipped.`,
    );
    return undefined;
  }
  if (typeof fields.wikidata === 'string' && !WIKIDATA_PATTERN.test(fields.wikidata)) {
    report(
      map.get('wikidata', true) as YamlNode,
      'bad-wikidata',
      `Wikidata id "${fields.wikidata}" must look like Q123; the field is ignored.`,
    );
    delete fields.wikidata;
  }
  const origin: EntryOrigin = { file: source.file, ...at(map), bundled: source.bundled };
  return { fields: fields as PartialEntry['fields'], positions, origin };
}

function readSources(value: unknown): Source[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const sources: Source[] = [];
  for (const item of list) {
    if (typeof item === 'string') sources.push({ url: item });
    else if (item && typeof item === 'object' && typeof (item as Source).url === 'string') {
      const s = item as Source;
      sources.push({
        url: s.url,
        ...(typeof s.title === 'string' ? { title: s.title } : {}),
        ...(typeof s.accessed === 'string' || (s.accessed as unknown) instanceof Date
          ? { accessed: String(s.accessed) }
          : {}),
      });
    } else return undefined;
  }
  return sources;
}

const REFERENCE_FIELDS = ['backers', 'affiliations', 'leaders'] as const;

/**
 * Merges parsed files in order (bundled first, then workspace layers). A later entry with an
 * existing id overrides the fields it sets and adds its aliases and demonyms; a new id adds an
 * entry. Then the merged glossary is checked as a whole: missing names, the same alias on two
 * entries, references to ids that do not exist.
 */
export function mergeGlossaryFiles(files: ParsedGlossaryFile[]): Glossary {
  const problems: Problem[] = files.flatMap((f) => f.problems);
  const byId = new Map<string, { entry: Entry; positions: Map<string, { line: number; column: number }> }>();
  const seenInFile = new Map<string, Set<string>>();
  for (const file of files) {
    const seen = seenInFile.get(file.file) ?? new Set<string>();
    seenInFile.set(file.file, seen);
    for (const partial of file.entries) {
      const id = partial.fields.id!;
      const problemAt = (code: string, message: string, field?: string): Problem => ({
        file: partial.origin.file,
        ...(field && partial.positions.get(field) ? partial.positions.get(field)! : partial.origin),
        severity: 'error',
        code,
        message,
      });
      if (seen.has(id)) {
        problems.push(
          problemAt(
            'duplicate-id',
            `Duplicate id "${id}" in this file: rename one; the second is skipped.`,
            'id',
          ),
        );
        continue;
      }
      seen.add(id);
      const existing = byId.get(id);
      if (existing) {
        overrideEntry(existing.entry, partial);
        for (const [k, v] of partial.positions) existing.positions.set(k, v);
        continue;
      }
      if (!partial.fields.name) {
        problems.push(
          problemAt(
            'missing-name',
            `Entry "${id}" has no "name": add the usual English name. The entry is skipped.`,
          ),
        );
        continue;
      }
      if (!partial.fields.kind) {
        problems.push(
          problemAt(
            'missing-kind',
            `Entry "${id}" has no "kind": add "actor" or "place". The entry is skipped.`,
          ),
        );
        continue;
      }
      byId.set(id, { entry: newEntry(partial), positions: new Map(partial.positions) });
    }
  }
  const entries = [...byId.values()].map((v) => v.entry);
  checkAliases(byId, problems);
  checkReferences(byId, problems);
  const glossaryById = new Map(entries.map((e) => [e.id, e]));
  return { entries, byId: glossaryById, problems };
}

function newEntry(partial: PartialEntry): Entry {
  const f = partial.fields;
  return {
    id: f.id!,
    kind: f.kind!,
    type: f.type ?? (f.kind === 'place' ? 'place' : 'actor'),
    name: f.name!,
    aliases: dedupe(f.aliases ?? []),
    demonyms: dedupe(f.demonyms ?? []),
    leaders: f.leaders ?? [],
    backers: f.backers ?? [],
    affiliations: f.affiliations ?? [],
    sources: f.sources ?? [],
    ...pick(f, [
      'summary',
      'founded',
      'dissolved',
      'born',
      'died',
      'role',
      'country',
      'metonymFor',
      'coordinates',
      'wikidata',
      'geonames',
      'wikipedia',
    ]),
    origin: partial.origin,
  };
}

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

function overrideEntry(entry: Entry, partial: PartialEntry): void {
  const f = partial.fields;
  const target = entry as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(f)) {
    if (key === 'id' || value === undefined) continue;
    if (key === 'aliases' || key === 'demonyms') {
      target[key] = dedupe([...(target[key] as string[]), ...(value as string[])]);
    } else {
      target[key] = value;
    }
  }
  entry.origin = partial.origin;
}

function checkAliases(
  byId: Map<string, { entry: Entry; positions: Map<string, { line: number; column: number }> }>,
  problems: Problem[],
): void {
  const owner = new Map<string, string>();
  for (const { entry, positions } of byId.values()) {
    const surfaces: [string, string][] = [
      ['name', entry.name],
      ...entry.aliases.map((a): [string, string] => ['aliases', a]),
      ...entry.demonyms.map((d): [string, string] => ['demonyms', d]),
    ];
    const keep = { aliases: [] as string[], demonyms: [] as string[] };
    for (const [field, surface] of surfaces) {
      const previous = owner.get(surface);
      if (previous !== undefined && previous !== entry.id) {
        problems.push({
          file: entry.origin.file,
          ...(positions.get(field) ?? entry.origin),
          severity: 'error',
          code: 'duplicate-alias',
          message: `"${surface}" is already a name, alias or demonym of "${previous}"; it is ignored for "${entry.id}". Remove it from one of the two entries.`,
        });
        continue;
      }
      owner.set(surface, entry.id);
      if (field !== 'name') keep[field as 'aliases' | 'demonyms'].push(surface);
    }
    entry.aliases = keep.aliases;
    entry.demonyms = keep.demonyms;
  }
}

function checkReferences(
  byId: Map<string, { entry: Entry; positions: Map<string, { line: number; column: number }> }>,
  problems: Problem[],
): void {
  for (const { entry, positions } of byId.values()) {
    const where = (field: string) => ({ file: entry.origin.file, ...(positions.get(field) ?? entry.origin) });
    for (const field of REFERENCE_FIELDS) {
      const kept: string[] = [];
      for (const ref of entry[field]) {
        // A leader may be a plain name of someone without an entry; ids are kebab-case.
        const isId = ID_PATTERN.test(ref);
        if (isId && !byId.has(ref)) {
          problems.push({
            ...where(field),
            severity: 'error',
            code: 'unknown-reference',
            message: `"${entry.id}" lists ${field.replace(/s$/, '')} "${ref}", but no entry has that id. Add the entry or fix the id.`,
          });
          continue;
        }
        if (!isId && field !== 'leaders') {
          problems.push({
            ...where(field),
            severity: 'error',
            code: 'unknown-reference',
            message: `"${entry.id}" lists ${field.replace(/s$/, '')} "${ref}", which is not an entry id. Use the id of an entry (kebab-case).`,
          });
          continue;
        }
        kept.push(ref);
      }
      entry[field] = kept;
    }
    for (const field of ['country', 'metonymFor'] as const) {
      const ref = entry[field];
      if (ref !== undefined && !byId.has(ref)) {
        problems.push({
          ...where(field),
          severity: 'error',
          code: 'unknown-reference',
          message: `"${entry.id}" has ${field} "${ref}", but no entry has that id. Add the entry or fix the id.`,
        });
        delete entry[field];
      }
    }
  }
}

/**
 * Serialises parsed glossary files to JSON, so that the bundled glossary can be parsed once at
 * build time and loaded quickly at activation. {@link parsedFilesFromJson} reads it back.
 */
export function serializeParsedFiles(files: readonly ParsedGlossaryFile[]): string {
  return JSON.stringify({
    format: 'geo-annotator-glossary/1',
    files: files.map((f) => ({
      file: f.file,
      problems: f.problems,
      entries: f.entries.map((e) => ({ fields: e.fields, positions: [...e.positions], origin: e.origin })),
    })),
  });
}

/** Reads what {@link serializeParsedFiles} wrote; throws on another format. */
export function parsedFilesFromJson(json: string): ParsedGlossaryFile[] {
  const data = JSON.parse(json) as {
    format: string;
    files: {
      file: string;
      problems: Problem[];
      entries: {
        fields: PartialEntry['fields'];
        positions: [string, { line: number; column: number }][];
        origin: EntryOrigin;
      }[];
    }[];
  };
  if (data.format !== 'geo-annotator-glossary/1')
    throw new Error(`unknown compiled glossary format ${String(data.format)}`);
  return data.files.map((f) => ({
    file: f.file,
    problems: f.problems,
    entries: f.entries.map((e) => ({ fields: e.fields, positions: new Map(e.positions), origin: e.origin })),
  }));
}

/** The format tag of {@link serializeGlossary}'s output. */
export const MERGED_GLOSSARY_FORMAT = 'geo-annotator-glossary-merged/1';

/**
 * Serialises a merged glossary (entries in order, and problems), so that the build can write the
 * bundled glossary with the gazetteer already applied: the editor then loads it with one
 * `JSON.parse` and no merging (see {@link glossaryFromJson}). Empty lists are left out, and
 * each entry's origin file is written once in a table. With the matcher that
 * {@link compileMatcherCache} precompiled for these entries (written to a file of its own), the
 * JSON notes its id, so that {@link glossaryFromJson} uses only that one.
 */
export function serializeGlossary(glossary: Glossary, matcherCache?: Int32Array): string {
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const entries = glossary.entries.map((entry) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'origin' || (Array.isArray(value) && value.length === 0 && key !== 'coordinates')) continue;
      out[key] = value;
    }
    const { file, line, column, bundled } = entry.origin;
    let index = fileIndex.get(file);
    if (index === undefined) fileIndex.set(file, (index = files.push(file) - 1));
    out.origin = [index, line, column, bundled ? 1 : 0];
    return out;
  });
  const matcher = matcherCache && matcherCacheId(matcherCache);
  return asciiJson(
    JSON.stringify({
      format: MERGED_GLOSSARY_FORMAT,
      files,
      entries,
      problems: glossary.problems,
      ...(matcher !== undefined ? { matcher } : {}),
    }),
  );
}

/**
 * JSON text with every non-ASCII code unit escaped (`\u00e9`): the same value, but a file that
 * Node reads into a one-byte string without decoding UTF-8, a millisecond sooner at activation.
 */
function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The Int32Array of a precompiled matcher read from a file (a view of the bytes when they are
 * aligned, else a copy); undefined when the bytes cannot be one.
 */
export function matcherCacheFromBytes(bytes: Uint8Array): Int32Array | undefined {
  if (bytes.byteLength % 4 !== 0) return undefined;
  if (bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Int32Array(bytes.slice().buffer);
}

/** The list fields of an entry: {@link serializeGlossary} leaves them out when empty. */
type MergedListField = (typeof LIST_FIELDS)[number] | 'sources';

/** The empty list of every list field that {@link glossaryFromJson} reads empty. */
const NO_ITEMS: readonly never[] = Object.freeze([]);

/**
 * Reads what {@link serializeGlossary} wrote; throws on another format. `matcherCache` is the
 * precompiled matcher written with it: when it is the one the JSON notes, the engine loads it
 * instead of compiling the glossary's names (see {@link useMatcherCache}).
 */
export function glossaryFromJson(json: string, matcherCache?: Int32Array): Glossary {
  const data = JSON.parse(json) as {
    format: string;
    files: string[];
    entries: (Omit<Entry, 'origin'> & { origin: [number, number, number, number] })[];
    problems: Problem[];
    matcher?: number;
  };
  if (data.format !== MERGED_GLOSSARY_FORMAT) {
    throw new Error(`unknown merged glossary format ${String(data.format)}`);
  }
  const entries = data.entries as unknown as Entry[];
  const byId = new Map<string, Entry>();
  // Entries of one file at one position share an origin object: most generated entries (the
  // gazetteer's) have the same one, one after another.
  let origin: EntryOrigin | undefined;
  let originOf: number[] | undefined;
  for (let k = 0; k < entries.length; k++) {
    const entry = entries[k]!;
    const at = (entry as unknown as { origin: number[] }).origin;
    if (
      originOf === undefined ||
      at[0] !== originOf[0] ||
      at[1] !== originOf[1] ||
      at[2] !== originOf[2] ||
      at[3] !== originOf[3]
    ) {
      origin = { file: data.files[at[0]!]!, line: at[1]!, column: at[2]!, bundled: at[3] === 1 };
      originOf = at;
    }
    entry.origin = origin!;
    // Empty lists were left out: they become one shared, frozen empty list, as in the entries the
    // gazetteer makes (a new list each took as long as parsing the file). Written out field by
    // field: a loop over the names is slow in code that runs once, unoptimised, at activation.
    const fields = entry as unknown as Record<MergedListField, unknown>;
    fields.aliases ??= NO_ITEMS;
    fields.demonyms ??= NO_ITEMS;
    fields.leaders ??= NO_ITEMS;
    fields.backers ??= NO_ITEMS;
    fields.affiliations ??= NO_ITEMS;
    fields.sources ??= NO_ITEMS;
    byId.set(entry.id, entry);
  }
  if (
    matcherCache !== undefined &&
    data.matcher !== undefined &&
    matcherCacheId(matcherCache) === data.matcher
  ) {
    useMatcherCache(entries, matcherCache);
  }
  return { entries, byId, problems: data.problems };
}

/** Parses and merges glossary sources in order: the convenience used by the CLI and the editor. */
export function loadGlossary(sources: GlossarySource[]): Glossary {
  return mergeGlossaryFiles(sources.map(parseGlossaryFile));
}

/** Formats a problem the way compilers do: `file:line:column: severity: message`. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message} [${problem.code}]`;
}
