/**
 * `geo-annotate`: the engine of src/core over files, for the shell, CI and batch export.
 * All logic lives in src/core; this file parses arguments, reads and writes files, and prints.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from './core/annotate';
import { annotate, createEngine, findSpans } from './core/annotate';
import type { GoldSpan, Report } from './core/evaluate';
import { align, evaluate } from './core/evaluate';
import { withGazetteer } from './core/gazetteer';
import {
  formatProblem,
  mergeGlossaryFiles,
  parseGlossaryFile,
  serializeGlossary,
  serializeParsedFiles,
} from './core/glossary';
import type { EntityInfo } from './core/interop';
import { bratSkipped, importW3C, toBrat, toClaimReview, toClaimsCsv, toW3C } from './core/interop';
import { mergeSidecars } from './core/merge';
import type { ReportDocument, ReportFilter } from './core/report';
import { buildReport, filterRows, rowsToClaimReview, rowsToCsv } from './core/report';
import { createGlossarySearch } from './core/search';
import type { ArticleDate } from './core/timeline';
import { articleDate, formatDate, parseDate, resolveClaimTime } from './core/timeline';
import {
  buildSidecar,
  checkAgainstDocument,
  describeConflict,
  hasErrors,
  parseSidecar,
  serializeSidecar,
  sidecarPathFor,
} from './core/sidecar';
import type { Annotation, ClaimStatus, Glossary, Problem, Sidecar } from './core/types';
import { CLAIM_STATUSES } from './core/types';
import { driverCommand, gitAuthor, mergedDocumentText, repoRoot, setupGit, textualMerge } from './node/git';
import { useNodeSha256 } from './node/sha256';
import {
  bundledGlossaryMerged,
  bundledGlossaryParsed,
  bundledGlossarySources,
  DEFAULT_MAX_BYTES,
  glossarySources,
  loadBundledGazetteer,
  readDocument,
  UserError,
  writeFileAtomic,
} from './node/files';

interface Options {
  positional: string[];
  glossary: string[];
  workspace: string;
  maxBytes: number;
  stdout: boolean;
  format: string;
  help: boolean;
  write: boolean;
  limit: number;
  verbose: boolean;
  minF1: number | undefined;
  status: string | undefined;
  entity: string | undefined;
  date: string | undefined;
  /** import: the document to import into. */
  into: string | undefined;
  /** export/import: the document's IRI in W3C and ClaimReview output. */
  sourceUri: string | undefined;
  /** import: the author of annotations that name none. */
  author: string | undefined;
  /** merge: the merged document's file (instead of finding it from %P). */
  document: string | undefined;
  /** setup-git: write the driver to the global git config. */
  global: boolean;
}

const USAGE: Record<string, string> = {
  main: `geo-annotate: annotate geopolitical news text (actors, places, numeric claims)

Usage: geo-annotate <command> [options]

Commands:
  annotate <file>             print a readable summary of a document's annotations (--write also writes its sidecar)
  export <files...>           write <file>.annotations.json beside each document (--stdout prints it instead;
                              --format w3c|brat|csv|claimreview writes other tools' formats)
  import <w3c.json> --into <document>
                              add W3C Web Annotations (e.g. from Hypothesis) to a document's sidecar as notes
  check [files...]            validate sidecars (and their documents) and the glossary; exit 1 on errors
  merge <base> <ours> <theirs> [<path>]
                              three-way merge of sidecars (the git merge driver); exit 1 when conflicts remain
  setup-git                   install the merge driver in the current git repository
  glossary search <query>     fuzzy search of the glossary
  glossary check              validate the glossary layers; exit 1 on errors
  claims <files...>           the claims report: every claim with its value, status, sources, checks
  eval <dir>                  score the engine against <name>.md + <name>.gold.json pairs in a folder

Options for every command:
  --glossary <file>           an extra glossary layer (repeatable), merged over the bundled one
  --workspace <dir>           folder whose .geo-annotator/glossary.yaml is merged (default: current folder)
  --max-size <bytes>          refuse documents larger than this (default ${DEFAULT_MAX_BYTES})
  -h, --help                  help for a command, e.g. geo-annotate export --help
`,
  annotate: `Usage: geo-annotate annotate <file> [--write] [--format text|json]

Prints the counts of actors, places and claims in a Markdown or text file, the entities by
mentions and every claim with its parsed value. --write also writes the sidecar like export.
`,
  export: `Usage: geo-annotate export <files...> [--format sidecar|w3c|brat|csv|claimreview] [--stdout]

Writes <file>.annotations.json beside each document (format geo-annotator/1). Manual
annotations and claim reviews already in an existing sidecar are kept (re-anchored to the
current text, or flagged orphaned); an existing sidecar that does not parse is never
overwritten: the command reports where it breaks and exits 1.
  --stdout              print instead of writing a file (one file only)
  --format sidecar      <file>.annotations.json (the default)
  --format w3c          <file>.annotations.w3c.jsonld: W3C Web Annotation JSON-LD collection,
                        TextQuoteSelector + TextPositionSelector (offsets in code points)
  --format brat         <file>.annotations.ann: brat standoff (offsets in code points)
  --format csv          <file>.annotations.csv: the claims, one row each (RFC 4180)
  --format claimreview  <file>.annotations.claimreview.jsonld: schema.org ClaimReview of reviewed claims
  --source-uri <iri>    the document's address in W3C and ClaimReview output (default: its file name)
`,
  import: `Usage: geo-annotate import <annotations.json> --into <document> [--author "Name <email>"] [--stdout]

Adds W3C Web Annotations to the document's sidecar as manual notes: a single annotation, a list,
an AnnotationCollection or AnnotationPage, or a Hypothesis API search result. Each is placed by
its TextQuoteSelector (exact, prefix, suffix), with its TextPositionSelector (code points) as a
hint, and re-anchored like any annotation; one that cannot be placed is kept as an orphan. The
bodies' text becomes the note; the creator (else --author, else git's user.name/user.email, else
$USER) the author. Importing the same file again updates the notes instead of adding copies.
`,
  check: `Usage: geo-annotate check [files...] [--format text|json]

Each file may be a document (its sidecar is checked) or a sidecar (*.annotations.json); with no
file, every *.annotations.json under the current folder is checked. Checks: each sidecar parses
and follows the schema, it matches its document (no drifted or orphaned annotation, no
unresolved merge conflict), and the glossary layers are valid. Prints file:line:column
messages.
Exit status: 0 no errors (warnings such as a stale digest allowed), 1 errors found.
  --format json    print { ok, files, errors, warnings, problems: [...] } for tools
`,
  merge: `Usage: geo-annotate merge <base> <ours> <theirs> [<path>] [--document <file>]

The git merge driver for sidecars (git passes %O %A %B %P). Merges by annotation id: the union
of both sides; deletions on one side of an annotation the other left unchanged are honoured; an
annotation changed on both sides in different ways keeps both versions in its "conflict" field.
Every annotation is re-anchored to the merged document (found beside <path>, or --document).
Writes the result to <ours>. Exit status: 0 clean, 1 conflicts remain (the file is still a valid
sidecar; resolve them in the editor, then git add).
`,
  'setup-git': `Usage: geo-annotate setup-git [--global]

Installs the sidecar merge driver in the git repository around the current folder: adds
"*.annotations.json merge=geo-annotator" to .gitattributes at its top (commit that file) and
sets merge.geo-annotator.name and merge.geo-annotator.driver in the repository's config
(--global: in your global config). The driver runs "geo-annotate" when it is on the PATH, else
this node and this CLI script by absolute path.
`,
  glossary: `Usage: geo-annotate glossary search <query> [--limit N]
       geo-annotate glossary check [--format json]

search: fuzzy search over names, aliases and demonyms (typos and transliterations find the entry).
check:  validate the bundled glossary and the workspace and --glossary layers.
`,
  claims: `Usage: geo-annotate claims <files...> [--format table|csv|json|claimreview] [--status S] [--entity ID] [--date YYYY-MM-DD]

The fact-checker's report over documents: every claim with its parsed value, hedge, unit,
the time it resolves to against the article's date (front matter, dateline, or --date),
glossary cross-checks, claims stated twice, review status, sources and reviewer (reviews are
read from each document's sidecar). Filters: --status (unreviewed, verified, disputed,
false, unverifiable, reviewed, all) and --entity (a glossary id in the claim's sentence).
  --format table        one line per claim (default)
  --format csv          RFC 4180 CSV for a fact-checking desk
  --format json         the report object
  --format claimreview  schema.org ClaimReview JSON-LD for the reviewed claims
`,
  eval: `Usage: geo-annotate eval <dir> [--format text|json] [--verbose] [--min-f1 0.97]

Scores the engine against every <name>.md (or .txt) with a <name>.gold.json in <dir>, by the
annotation guide's rules: a prediction matches a gold span when they overlap and their kinds
agree. Prints precision, recall and F1 per kind and overall; --verbose lists misses;
--min-f1 exits 1 when the overall F1 is below the given value (for CI).
`,
};

function parseArgs(argv: string[]): Options {
  const o: Options = {
    positional: [],
    glossary: [],
    workspace: process.cwd(),
    maxBytes: DEFAULT_MAX_BYTES,
    stdout: false,
    format: 'text',
    help: false,
    write: false,
    limit: 10,
    verbose: false,
    minF1: undefined,
    status: undefined,
    entity: undefined,
    date: undefined,
    into: undefined,
    sourceUri: undefined,
    author: undefined,
    document: undefined,
    global: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UserError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '-h' || arg === '--help') o.help = true;
    else if (arg === '--glossary') o.glossary.push(value());
    else if (arg === '--workspace') o.workspace = value();
    else if (arg === '--max-size') {
      o.maxBytes = Number(value());
      if (!Number.isFinite(o.maxBytes) || o.maxBytes <= 0)
        throw new UserError('--max-size needs a positive number of bytes.');
    } else if (arg === '--stdout') o.stdout = true;
    else if (arg === '--write') o.write = true;
    else if (arg === '--verbose' || arg === '-v') o.verbose = true;
    else if (arg === '--format') o.format = value();
    else if (arg === '--limit') o.limit = Number(value());
    else if (arg === '--into') o.into = value();
    else if (arg === '--source-uri') o.sourceUri = value();
    else if (arg === '--author') o.author = value();
    else if (arg === '--document') o.document = value();
    else if (arg === '--global') o.global = true;
    else if (arg === '--status') o.status = value();
    else if (arg === '--entity') o.entity = value();
    else if (arg === '--date') o.date = value();
    else if (arg === '--min-f1') {
      o.minF1 = Number(value());
      if (!(o.minF1 >= 0 && o.minF1 <= 1)) throw new UserError('--min-f1 needs a number between 0 and 1.');
    } else if (arg.startsWith('-') && arg !== '-') throw new UserError(`unknown option ${arg}; see --help.`);
    else o.positional.push(arg);
  }
  return o;
}

/** The merged glossary: the bundled one (compiled at build time), the workspace file, the --glossary files. */
function loadGlossaryLayers(o: Options): Glossary {
  const layers = glossarySources({ workspace: o.workspace, extra: o.glossary }).map(parseGlossaryFile);
  // Without other layers, the bundled glossary as the build merged it (gazetteer applied).
  const merged = layers.length === 0 ? bundledGlossaryMerged() : undefined;
  if (merged) return merged;
  return withGazetteer(mergeGlossaryFiles([...bundledGlossaryParsed(), ...layers]), loadBundledGazetteer());
}

function loadEngine(o: Options): Engine {
  return createEngine(loadGlossaryLayers(o));
}

function languageOf(file: string): string {
  return /\.(md|markdown|mdx)$/i.test(file) ? 'markdown' : 'plaintext';
}

function readSidecarIfAny(sidecarFile: string): { sidecar?: Sidecar; problems: Problem[]; exists: boolean } {
  if (!fs.existsSync(sidecarFile)) return { problems: [], exists: false };
  const parsed = parseSidecar(fs.readFileSync(sidecarFile, 'utf8'), sidecarFile);
  return { ...parsed, exists: true };
}

/**
 * The existing sidecar of a document, if any; throws when it does not parse, so that it is never
 * overwritten (the message says where it breaks).
 */
function readWritableSidecar(file: string): { sidecar?: Sidecar; problems: Problem[]; exists: boolean } {
  const sidecarFile = sidecarPathFor(file);
  const previous = readSidecarIfAny(sidecarFile);
  if (previous.exists && hasErrors(previous.problems)) {
    throw new UserError(
      `${sidecarFile} is not a valid sidecar, so it is left untouched:\n` +
        previous.problems.map((p) => '  ' + formatProblem(p)).join('\n') +
        '\nFix it (or move it away) and run the command again.',
    );
  }
  return previous;
}

/** Annotates a document and merges the previous sidecar: the shared step of export and annotate --write. */
function exportOne(
  engine: Engine,
  file: string,
  o: Options,
): { sidecar: Sidecar; orphans: Annotation[]; approximate: Annotation[]; text: string } {
  const text = readDocument(file, o.maxBytes);
  const previous = readWritableSidecar(file);
  const auto = annotate(engine, text, languageOf(file));
  const { sidecar, orphans, approximate } = buildSidecar(path.basename(file), text, auto, previous.sidecar);
  return { sidecar, orphans, approximate, text };
}

function cmdExport(o: Options): number {
  if (o.positional.length === 0)
    throw new UserError('export needs at least one file; see geo-annotate export --help.');
  if (o.stdout && o.positional.length > 1) throw new UserError('--stdout takes exactly one file.');
  const format = o.format === 'text' || o.format === 'json' ? 'sidecar' : o.format;
  if (!(format in EXPORT_SUFFIX)) {
    throw new UserError(`unknown export format "${o.format}": use ${Object.keys(EXPORT_SUFFIX).join(', ')}.`);
  }
  const engine = loadEngine(o);
  const entity: EntityInfo = (id) => {
    const e = engine.glossary.byId.get(id);
    return e ? { name: e.name, ...(e.wikidata ? { wikidata: e.wikidata } : {}) } : undefined;
  };
  let status = 0;
  for (const file of o.positional) {
    try {
      const { sidecar, orphans, approximate, text } = exportOne(engine, file, o);
      if (format !== 'sidecar') {
        const ctx = { text, source: o.sourceUri ?? path.basename(file), entity };
        const output =
          format === 'w3c'
            ? `${JSON.stringify(toW3C(sidecar, ctx), null, 2)}\n`
            : format === 'brat'
              ? toBrat(sidecar, ctx)
              : format === 'csv'
                ? toClaimsCsv(sidecar, ctx)
                : `${JSON.stringify(toClaimReview(sidecar, ctx), null, 2)}\n`;
        if (format === 'brat') {
          for (const a of bratSkipped(sidecar)) {
            console.error(
              `geo-annotate: ${file}: orphaned ${a.kind} ${a.id} "${a.text}" has no place in the text; left out of the .ann file.`,
            );
          }
        }
        if (o.stdout) process.stdout.write(output);
        else {
          const out = `${file}${EXPORT_SUFFIX[format]}`;
          writeFileAtomic(out, output);
          console.log(`${out}: ${format} export of ${sidecar.annotations.length} annotation(s)`);
        }
        continue;
      }
      if (o.stdout) {
        process.stdout.write(serializeSidecar(sidecar));
        continue;
      }
      writeFileAtomic(sidecarPathFor(file), serializeSidecar(sidecar));
      const counts = countKinds(sidecar.annotations);
      console.log(
        `${sidecarPathFor(file)}: ${sidecar.annotations.length} annotations (${counts.actor} actors, ${counts.place} places, ${counts.claim} claims, ${counts.note} notes)` +
          (orphans.length ? `, ${orphans.length} orphaned (kept)` : '') +
          (approximate.length ? `, ${approximate.length} re-anchored to changed words` : ''),
      );
      for (const a of orphans) console.log(`  orphaned: ${a.kind} ${a.id} "${a.text}"`);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      console.error(`geo-annotate: ${error.message}`);
      status = 1;
    }
  }
  return status;
}

/** The file each export format writes beside the document. */
const EXPORT_SUFFIX: Record<string, string> = {
  sidecar: '.annotations.json',
  w3c: '.annotations.w3c.jsonld',
  brat: '.annotations.ann',
  csv: '.annotations.csv',
  claimreview: '.annotations.claimreview.jsonld',
};

function countKinds(
  annotations: readonly Annotation[],
): Record<'actor' | 'place' | 'claim' | 'note', number> {
  const c = { actor: 0, place: 0, claim: 0, note: 0 };
  for (const a of annotations) c[a.kind]++;
  return c;
}

function describeClaim(a: Annotation, text: string, date: ArticleDate | undefined): string {
  const c = a.claim;
  if (!c) return '';
  const parts: string[] = [c.type];
  if (c.hedge) parts.push(c.hedge);
  if (c.value !== undefined) parts.push(String(c.value));
  else if (c.min !== undefined || c.max !== undefined) parts.push(`${c.min ?? '?'}-${c.max ?? '?'}`);
  if (c.date?.year !== undefined) parts.push(formatDate({ ...c.date, year: c.date.year }));
  if (c.unit) parts.push(c.unit);
  const resolved = date ? resolveClaimTime(text, a, date) : undefined;
  if (resolved) parts.push(`(${resolved.explanation})`);
  return parts.join(' ');
}

function cmdAnnotate(o: Options): number {
  const file = o.positional[0];
  if (!file || o.positional.length > 1)
    throw new UserError('annotate takes one file; see geo-annotate annotate --help.');
  const engine = loadEngine(o);
  const { sidecar, orphans, text } = exportOne(engine, file, o);
  if (o.format === 'json') {
    process.stdout.write(serializeSidecar(sidecar));
    return 0;
  }
  const counts = countKinds(sidecar.annotations);
  const out: string[] = [];
  out.push(`${file}`);
  out.push(
    `  ${counts.actor} actors, ${counts.place} places, ${counts.claim} claims${counts.note ? `, ${counts.note} notes` : ''}`,
  );
  const byEntity = new Map<string, { kind: string; count: number }>();
  for (const a of sidecar.annotations) {
    if (!a.entity) continue;
    const name = engine.glossary.byId.get(a.entity)?.name ?? `${a.text}, not in the glossary`;
    const e = byEntity.get(name) ?? { kind: a.kind, count: 0 };
    e.count++;
    byEntity.set(name, e);
  }
  const top = [...byEntity].sort((x, y) => y[1].count - x[1].count || x[0].localeCompare(y[0]));
  out.push('', '  Entities (mentions):');
  for (const [name, e] of top) out.push(`    ${String(e.count).padStart(3)}  ${name} (${e.kind})`);
  const date = articleDate(text);
  out.push('', `  Claims${date ? ` (article date ${formatDate(date)}, from the ${date.source})` : ''}:`);
  for (const a of sidecar.annotations.filter((x) => x.kind === 'claim')) {
    const { line, column } = lineColumn(text, a.start);
    out.push(
      `    ${String(line).padStart(4)}:${String(column).padEnd(4)} "${a.text}"  ->  ${describeClaim(a, text, date)}  [${a.status}]`,
    );
  }
  if (orphans.length) out.push('', `  ${orphans.length} orphaned annotation(s) kept in the sidecar.`);
  if (engine.glossary.problems.length)
    out.push(
      '',
      `  ${engine.glossary.problems.length} glossary problem(s): run geo-annotate glossary check.`,
    );
  if (o.write) {
    writeFileAtomic(sidecarPathFor(file), serializeSidecar(sidecar));
    out.push('', `  Wrote ${sidecarPathFor(file)}`);
  }
  console.log(out.join('\n'));
  return 0;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function glossaryProblems(o: Options): { glossary: Glossary; problems: Problem[] } {
  const glossary = loadGlossaryLayers(o);
  return { glossary, problems: glossary.problems };
}

function printProblems(problems: Problem[], o: Options, extra: Record<string, unknown> = {}): number {
  const ok = !hasErrors(problems);
  if (o.format === 'json') console.log(JSON.stringify({ ok, ...extra, problems }, null, 2));
  else {
    for (const p of problems) (p.severity === 'error' ? console.error : console.log)(formatProblem(p));
    console.log(
      ok
        ? `ok: ${problems.length} warning(s), no errors`
        : `${problems.filter((p) => p.severity === 'error').length} error(s)`,
    );
  }
  return ok ? 0 : 1;
}

/** Every sidecar under a folder, skipping dependencies, build output and hidden folders. */
function findSidecars(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !['node_modules', 'dist', 'out'].includes(e.name)) walk(full);
      } else if (e.isFile() && e.name.endsWith('.annotations.json'))
        out.push(path.relative(process.cwd(), full) || full);
    }
  };
  walk(dir);
  return out;
}

function cmdCheck(o: Options): number {
  const files = o.positional.length > 0 ? o.positional : findSidecars(process.cwd());
  const problems: Problem[] = [...glossaryProblems(o).problems];
  const checked: string[] = [];
  for (const file of files) {
    const isSidecar = file.endsWith('.annotations.json');
    const sidecarFile = isSidecar ? file : sidecarPathFor(file);
    const documentFile = isSidecar ? file.slice(0, -'.annotations.json'.length) : file;
    checked.push(sidecarFile);
    if (!fs.existsSync(sidecarFile)) {
      problems.push({
        file: sidecarFile,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'missing-sidecar',
        message: 'No sidecar: run geo-annotate export on the document.',
      });
      continue;
    }
    const sidecarText = fs.readFileSync(sidecarFile, 'utf8');
    const parsed = parseSidecar(sidecarText, sidecarFile);
    problems.push(...parsed.problems);
    if (!parsed.sidecar) continue;
    try {
      const text = readDocument(documentFile, o.maxBytes);
      problems.push(
        ...checkAgainstDocument(parsed.sidecar, text, sidecarFile, {
          sidecarText,
          documentName: documentFile,
        }),
      );
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      problems.push({
        file: sidecarFile,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'missing-document',
        message: error.message,
      });
    }
  }
  return printProblems(problems, o, {
    files: checked,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
  });
}

/** Reads one input of the merge driver: undefined for a missing or empty file (no base). */
function readMergeInput(
  file: string,
  label: string,
): { sidecar?: Sidecar; problems: Problem[]; empty: boolean } {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (text.trim() === '') return { problems: [], empty: true };
  return { ...parseSidecar(text, label), empty: false };
}

function cmdMerge(o: Options): number {
  const [baseFile, oursFile, theirsFile, mergedPath] = o.positional;
  if (!baseFile || !oursFile || !theirsFile || o.positional.length > 4) {
    throw new UserError('merge needs <base> <ours> <theirs> [<path>]; see geo-annotate merge --help.');
  }
  const label = mergedPath ?? oursFile;
  const base = readMergeInput(baseFile, `${label} (base)`);
  const ours = readMergeInput(oursFile, `${label} (ours)`);
  const theirs = readMergeInput(theirsFile, `${label} (theirs)`);
  const broken = [ours, theirs].filter((x) => !x.empty && (hasErrors(x.problems) || !x.sidecar));
  if (broken.length > 0) {
    // Not sidecars we can read: fall back to a line merge with conflict markers, like git's own.
    for (const x of broken) for (const p of x.problems) console.error(formatProblem(p));
    textualMerge(oursFile, baseFile, theirsFile);
    console.error(
      `geo-annotate merge: ${label}: a side is not a valid sidecar; merged line by line, resolve by hand.`,
    );
    return 1;
  }
  if (!base.empty && (hasErrors(base.problems) || !base.sidecar)) {
    console.error(
      `geo-annotate merge: ${label}: the common ancestor is not a valid sidecar; merging without it.`,
    );
  }
  const empty = (document: string): Sidecar => ({
    format: 'geo-annotator/1',
    document,
    offsetUnit: 'utf16',
    sha256: '',
    annotations: [],
  });
  const guessName = path.basename(label).replace(/\.annotations\.json$/, '');
  const oursSidecar = ours.sidecar ?? empty(theirs.sidecar?.document ?? guessName);
  const theirsSidecar = theirs.sidecar ?? empty(oursSidecar.document);
  const baseSidecar = hasErrors(base.problems) ? undefined : base.sidecar;
  // The merged document's text decides where each annotation lands.
  let documentText: string | undefined;
  let from = 'none';
  if (o.document) {
    documentText = readDocument(o.document, o.maxBytes);
    from = o.document;
  } else if (mergedPath) {
    const root = repoRoot(process.cwd()) ?? process.cwd();
    const rel = path.join(
      path.dirname(mergedPath),
      oursSidecar.document || theirsSidecar.document || guessName,
    );
    const found = mergedDocumentText(root, rel, {
      ...(baseSidecar ? { base: baseSidecar.sha256 } : {}),
      ours: oursSidecar.sha256,
      theirs: theirsSidecar.sha256,
    });
    documentText = found.text;
    from = `${rel} (${found.source})`;
  }
  const result = mergeSidecars({
    ...(baseSidecar ? { base: baseSidecar } : {}),
    ours: oursSidecar,
    theirs: theirsSidecar,
    ...(documentText !== undefined ? { documentText } : {}),
  });
  writeFileAtomic(oursFile, serializeSidecar(result.sidecar));
  const summary = [
    `${result.sidecar.annotations.length} annotations`,
    result.deleted.length ? `${result.deleted.length} deleted` : '',
    result.orphans.length ? `${result.orphans.length} orphaned (kept)` : '',
    result.conflicts.length ? `${result.conflicts.length} conflict(s)` : 'no conflicts',
  ].filter(Boolean);
  console.error(`geo-annotate merge: ${label}: ${summary.join(', ')}; anchored to ${from}.`);
  for (const a of result.conflicts)
    console.error(`  conflict: ${a.kind} ${a.id} "${a.text}": ${describeConflict(a)}`);
  for (const a of result.orphans) console.error(`  orphaned: ${a.kind} ${a.id} "${a.text}"`);
  return result.conflicts.length > 0 ? 1 : 0;
}

function cmdSetupGit(o: Options): number {
  if (o.positional.length > 0)
    throw new UserError('setup-git takes no files; see geo-annotate setup-git --help.');
  let script = process.argv[1] ?? __filename;
  try {
    script = fs.realpathSync(script);
  } catch {
    // Keep the path as given.
  }
  try {
    const r = setupGit(process.cwd(), driverCommand(script), { global: o.global });
    console.log(
      `${r.attributesFile}: ${r.attributesAdded ? 'added' : 'already has'} "*.annotations.json merge=geo-annotator"` +
        (r.attributesAdded ? ' (commit it)' : ''),
    );
    console.log(`git config${o.global ? ' --global' : ''} merge.geo-annotator.driver "${r.command}"`);
    return 0;
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}

function cmdImport(o: Options): number {
  const [input] = o.positional;
  if (!input || o.positional.length > 1 || !o.into) {
    throw new UserError('import needs <annotations.json> --into <document>; see geo-annotate import --help.');
  }
  let data: unknown;
  try {
    data = JSON.parse(readDocument(input, o.maxBytes));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${input}: not valid JSON (${(error as Error).message}).`);
  }
  const file = o.into;
  const text = readDocument(file, o.maxBytes);
  const sidecarFile = sidecarPathFor(file);
  const previous = readWritableSidecar(file);
  const author = o.author ?? gitAuthor(path.dirname(path.resolve(file)));
  const imported = importW3C(data, text, { author, now: new Date().toISOString() });
  if (!imported) {
    throw new UserError(
      `${input}: not W3C Web Annotation JSON (an Annotation, a list of them, an AnnotationCollection or AnnotationPage, or a Hypothesis search result).`,
    );
  }
  const ids = new Set(imported.annotations.map((a) => a.id));
  const before: Sidecar = previous.sidecar ?? {
    format: 'geo-annotator/1',
    document: path.basename(file),
    offsetUnit: 'utf16',
    sha256: '',
    annotations: [],
  };
  const updated = before.annotations.filter((a) => ids.has(a.id)).length;
  const merged: Sidecar = {
    ...before,
    annotations: [...before.annotations.filter((a) => !ids.has(a.id)), ...imported.annotations],
  };
  const engine = loadEngine(o);
  const { sidecar, orphans } = buildSidecar(
    path.basename(file),
    text,
    annotate(engine, text, languageOf(file)),
    merged,
  );
  if (o.stdout) process.stdout.write(serializeSidecar(sidecar));
  else writeFileAtomic(sidecarFile, serializeSidecar(sidecar));
  const newOrphans = orphans.filter((a) => ids.has(a.id));
  const log = o.stdout ? console.error : console.log;
  log(
    `${o.stdout ? '(stdout)' : sidecarFile}: imported ${imported.annotations.length} note(s) from ${input}` +
      (updated ? ` (${updated} updated)` : '') +
      (newOrphans.length ? `, ${newOrphans.length} orphaned (kept)` : '') +
      (imported.skipped.length ? `, ${imported.skipped.length} skipped` : ''),
  );
  for (const a of newOrphans) log(`  orphaned: note ${a.id} "${a.text}" is not in ${file}`);
  for (const x of imported.skipped)
    console.error(
      `geo-annotate: ${input}: annotation ${x.index}${x.id ? ` (${x.id})` : ''} skipped: ${x.reason}`,
    );
  return imported.annotations.length === 0 && imported.skipped.length > 0 ? 1 : 0;
}

function cmdGlossary(o: Options): number {
  const [sub, ...rest] = o.positional;
  if (sub === 'search') {
    const query = rest.join(' ');
    if (!query) throw new UserError('glossary search needs a query.');
    const { glossary } = glossaryProblems(o);
    const hits = createGlossarySearch(glossary).search(query, o.limit);
    if (o.format === 'json') {
      console.log(
        JSON.stringify(
          hits.map((h) => ({
            id: h.entry.id,
            name: h.entry.name,
            kind: h.entry.kind,
            type: h.entry.type,
            score: h.score,
          })),
        ),
      );
      return hits.length ? 0 : 1;
    }
    if (!hits.length) {
      console.log(`no entry matches "${query}"`);
      return 1;
    }
    for (const h of hits) {
      console.log(
        `${h.entry.name}  [${h.entry.id}] ${h.entry.kind}, ${h.entry.type}${h.entry.summary ? `\n    ${h.entry.summary}` : ''}`,
      );
    }
    return 0;
  }
  if (sub === 'compile') {
    // Used by the build: parse the bundled YAML once, write JSON that loads fast at activation.
    const out = rest[0];
    if (!out) throw new UserError('glossary compile needs an output file.');
    const parsed = bundledGlossarySources().map(parseGlossaryFile);
    const problems = mergeGlossaryFiles(parsed).problems;
    if (hasErrors(problems)) return printProblems(problems, o);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    writeFileAtomic(out, serializeParsedFiles(parsed));
    // And the glossary as it is when no other layer is added: merged, with the gazetteer.
    const bundled = withGazetteer(mergeGlossaryFiles(parsed), loadBundledGazetteer());
    writeFileAtomic(path.join(path.dirname(out), 'glossary-bundled.json'), serializeGlossary(bundled));
    return 0;
  }
  if (sub === 'check') {
    const { glossary, problems } = glossaryProblems(o);
    return printProblems(problems, o, { entries: glossary.entries.length });
  }
  throw new UserError(
    'glossary needs a subcommand: search <query> | check; see geo-annotate glossary --help.',
  );
}

function formatReport(report: Report): string {
  const rows = (['actor', 'place', 'claim', 'overall'] as const).map((k) => {
    const s = report[k];
    return `${k.padEnd(8)} ${String(s.gold).padStart(5)} ${String(s.predicted).padStart(5)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(7)}`;
  });
  return [
    `${'kind'.padEnd(8)} ${'gold'.padStart(5)} ${'pred'.padStart(5)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(7)}`,
    ...rows,
  ].join('\n');
}

function cmdEval(o: Options): number {
  const dir = o.positional[0];
  if (!dir) throw new UserError('eval needs a folder; see geo-annotate eval --help.');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UserError(`${dir}: not a folder.`);
  const engine = loadEngine(o);
  const docs: { name: string; gold: GoldSpan[]; predicted: ReturnType<typeof findSpans>; text: string }[] =
    [];
  for (const goldFile of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()) {
    const gold = JSON.parse(fs.readFileSync(path.join(dir, goldFile), 'utf8')) as {
      document?: string;
      spans: GoldSpan[];
    };
    const base = goldFile.slice(0, -'.gold.json'.length);
    const docName =
      gold.document ?? [`${base}.md`, `${base}.txt`].find((n) => fs.existsSync(path.join(dir, n)));
    if (!docName || !fs.existsSync(path.join(dir, docName))) {
      console.error(`geo-annotate: ${goldFile}: its document is missing; skipped.`);
      continue;
    }
    const text = readDocument(path.join(dir, docName), o.maxBytes);
    docs.push({
      name: docName,
      gold: gold.spans,
      predicted: findSpans(engine, text, languageOf(docName)),
      text,
    });
  }
  if (!docs.length) throw new UserError(`${dir}: no <name>.gold.json with its document.`);
  const report = evaluate(docs);
  if (o.format === 'json') {
    console.log(JSON.stringify({ documents: docs.map((d) => d.name), report }));
  } else {
    console.log(`${docs.length} document(s): ${docs.map((d) => d.name).join(', ')}\n`);
    console.log(formatReport(report));
  }
  if (o.verbose) {
    for (const d of docs) {
      const { missedGold, spuriousPredicted } = align(d.gold, d.predicted);
      for (const i of missedGold)
        console.log(
          `${d.name}: missed ${d.gold[i]!.kind} "${d.text.slice(d.gold[i]!.start, d.gold[i]!.end)}" at ${d.gold[i]!.start}`,
        );
      for (const i of spuriousPredicted)
        console.log(
          `${d.name}: spurious ${d.predicted[i]!.kind} "${d.text.slice(d.predicted[i]!.start, d.predicted[i]!.end)}" at ${d.predicted[i]!.start}`,
        );
    }
  }
  if (o.minF1 !== undefined && report.overall.f1 < o.minF1) {
    console.error(
      `geo-annotate: overall F1 ${report.overall.f1.toFixed(3)} is below the required ${o.minF1}.`,
    );
    return 1;
  }
  return 0;
}

function cmdClaims(o: Options): number {
  if (o.positional.length === 0)
    throw new UserError('claims needs at least one file; see geo-annotate claims --help.');
  const statuses = [...CLAIM_STATUSES, 'all', 'reviewed'];
  if (o.status !== undefined && !statuses.includes(o.status as ClaimStatus)) {
    throw new UserError(`--status must be one of ${statuses.join(', ')}.`);
  }
  if (o.date !== undefined && !parseDate(o.date))
    throw new UserError('--date must be a date such as 2024-10-14.');
  const engine = loadEngine(o);
  const docs: ReportDocument[] = o.positional.map((file) => {
    const { sidecar, text } = exportOne(engine, file, o);
    return { document: file, name: path.basename(file), text, annotations: sidecar.annotations };
  });
  const report = buildReport('workspace', docs, engine.glossary, o.date);
  const rows = filterRows(report.rows, {
    ...(o.status ? { status: o.status as ReportFilter['status'] } : {}),
    ...(o.entity ? { entity: o.entity } : {}),
  });
  if (o.format === 'csv') process.stdout.write(rowsToCsv(rows));
  else if (o.format === 'json') console.log(JSON.stringify({ ...report, rows }, null, 2));
  else if (o.format === 'claimreview')
    console.log(JSON.stringify(rowsToClaimReview(rows, docs, report.documents), null, 2));
  else if (o.format === 'table' || o.format === 'text') {
    for (const r of rows) {
      const notes = [
        r.time,
        ...r.checks.map((c) => `${c.agrees ? 'agrees' : 'DIFFERS'}: ${c.summary}`),
        ...r.consistency.map((c) => `${c.relation}: "${c.otherText}"`),
      ].filter(Boolean);
      console.log(
        `${r.document}:${r.line}:${r.column}  ${r.status.padEnd(12)} "${r.text}"  ->  ${r.value}` +
          (r.reviewer ? `  [${r.reviewer}]` : '') +
          (r.sources.length ? `  sources: ${r.sources.map((x) => x.url).join(' ')}` : '') +
          (notes.length ? `\n      ${notes.join('; ')}` : ''),
      );
    }
    const counts = CLAIM_STATUSES.map((s) => `${rows.filter((r) => r.status === s).length} ${s}`).join(', ');
    console.log(`${rows.length} claim(s): ${counts}`);
  } else throw new UserError(`unknown --format ${o.format}; use table, csv, json or claimreview.`);
  return 0;
}

/** Runs the CLI with arguments (without node and script); returns the exit code. */
export function main(argv: string[]): number {
  useNodeSha256();
  const [command, ...rest] = argv;
  try {
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      console.log(USAGE.main);
      return command ? 0 : 2;
    }
    if (command === '--version' || command === '-V') {
      console.log('geo-annotate 0.1.0');
      return 0;
    }
    const o = parseArgs(rest);
    if (o.help) {
      console.log(USAGE[command] ?? USAGE.main);
      return 0;
    }
    switch (command) {
      case 'annotate':
        return cmdAnnotate(o);
      case 'export':
        return cmdExport(o);
      case 'check':
        return cmdCheck(o);
      case 'merge':
        return cmdMerge(o);
      case 'setup-git':
        return cmdSetupGit(o);
      case 'import':
        return cmdImport(o);
      case 'glossary':
        return cmdGlossary(o);
      case 'eval':
        return cmdEval(o);
      case 'claims':
        return cmdClaims(o);
      default:
        throw new UserError(`unknown command "${command}"; see geo-annotate --help.`);
    }
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`geo-annotate: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
