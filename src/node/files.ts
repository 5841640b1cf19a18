/**
 * File-system helpers for the Node hosts (the CLI, the benchmark): reading documents safely,
 * loading glossary layers, writing sidecars atomically. The core never touches the disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GazetteerData } from '../core/gazetteer';
import type { GlossarySource, ParsedGlossaryFile } from '../core/glossary';
import type { Glossary } from '../core/types';
import {
  glossaryFromJson,
  matcherCacheFromBytes,
  parseGlossaryFile,
  parsedFilesFromJson,
  serializeGlossary,
} from '../core/glossary';
import { compileMatcherCache } from '../core/matcher';

/** The default size limit for a document: larger files are refused unless the limit is raised. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** An expected failure with a message for people. */
export class UserError extends Error {}

/** Reads a text document: refuses missing files, directories, binary and non-UTF-8 files, and files over the limit. */
export function readDocument(file: string, maxBytes = DEFAULT_MAX_BYTES): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UserError(`${file}: no such file.`);
  }
  if (stat.isDirectory())
    throw new UserError(`${file}: is a directory; pass the Markdown or text files inside it.`);
  if (!stat.isFile()) throw new UserError(`${file}: not a regular file.`);
  if (stat.size > maxBytes) {
    throw new UserError(
      `${file}: ${stat.size} bytes is over the size limit of ${maxBytes} bytes; raise it with --max-size.`,
    );
  }
  const bytes = fs.readFileSync(file);
  if (bytes.includes(0))
    throw new UserError(`${file}: looks like a binary file (it contains NUL bytes); only text is annotated.`);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new UserError(`${file}: is not valid UTF-8; convert it to UTF-8 first.`);
  }
}

/** The folder of the bundled glossary, next to the built CLI (dist/) or the sources (src/node/). */
export function bundledGlossaryDir(): string {
  const candidates = [
    path.join(__dirname, '..', 'media', 'glossary'),
    path.join(__dirname, '..', '..', 'media', 'glossary'),
  ];
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0]!;
}

/** The bundled glossary files, in a fixed order, labelled `media/glossary/<name>.yaml`. */
export function bundledGlossarySources(dir = bundledGlossaryDir()): GlossarySource[] {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  return files.map((f) => ({
    file: `media/glossary/${f}`,
    text: fs.readFileSync(path.join(dir, f), 'utf8'),
    bundled: true,
  }));
}

/** Where the build writes the bundled glossary, parsed once: `dist/glossary.json`. */
export function compiledGlossaryPath(): string {
  return path.join(bundledGlossaryDir(), '..', '..', 'dist', 'glossary.json');
}

/**
 * Where the build writes the bundled glossary merged, with the gazetteer applied:
 * `dist/glossary-bundled.json`, the glossary itself when there is no other layer.
 */
export function compiledBundledGlossaryPath(): string {
  return path.join(path.dirname(compiledGlossaryPath()), 'glossary-bundled.json');
}

/**
 * Where the build writes the matcher precompiled for the bundled glossary at `compiled`:
 * `dist/glossary-bundled.matcher.bin`, beside it.
 */
export function compiledBundledMatcherPath(compiled = compiledBundledGlossaryPath()): string {
  return path.join(path.dirname(compiled), `${path.basename(compiled, '.json')}.matcher.bin`);
}

/** Reads a precompiled matcher; undefined when there is none (the engine then compiles). */
export function readMatcherCache(file: string): Int32Array | undefined {
  try {
    return matcherCacheFromBytes(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * For the build, after `glossary compile`: precompiles the matcher of the bundled glossary at
 * `compiled` into the file beside it ({@link compiledBundledMatcherPath}) and notes its id in the
 * glossary, so that loading the glossary loads the matcher instead of compiling it.
 */
export function precompileBundledMatcher(compiled = compiledBundledGlossaryPath()): void {
  const glossary = glossaryFromJson(fs.readFileSync(compiled, 'utf8'));
  const cache = compileMatcherCache(glossary.entries);
  writeFileAtomic(
    compiledBundledMatcherPath(compiled),
    new Uint8Array(cache.buffer, cache.byteOffset, cache.byteLength),
  );
  writeFileAtomic(compiled, serializeGlossary(glossary, cache));
}

/** True when `compiled` exists and none of `inputs` (files or folders of files) is newer. */
function upToDate(compiled: string, inputs: string[]): boolean {
  if (!fs.existsSync(compiled)) return false;
  const built = fs.statSync(compiled).mtimeMs;
  const newer = (file: string) => fs.existsSync(file) && fs.statSync(file).mtimeMs > built;
  return inputs.every((input) =>
    fs.existsSync(input) && fs.statSync(input).isDirectory()
      ? !fs.readdirSync(input).some((f) => newer(path.join(input, f)))
      : !newer(input),
  );
}

/**
 * The bundled glossary, parsed: from `dist/glossary.json` when the build wrote it and no YAML
 * file is newer, else parsed from the YAML now.
 */
export function bundledGlossaryParsed(dir = bundledGlossaryDir()): ParsedGlossaryFile[] {
  const compiled = compiledGlossaryPath();
  if (fs.existsSync(dir) && upToDate(compiled, [dir])) {
    return parsedFilesFromJson(fs.readFileSync(compiled, 'utf8'));
  }
  return bundledGlossarySources(dir).map(parseGlossaryFile);
}

/**
 * The bundled glossary merged and with the gazetteer applied, as the build wrote it
 * (`dist/glossary-bundled.json`); undefined when it is missing or older than a YAML file or the
 * gazetteer (then merge {@link bundledGlossaryParsed} and the gazetteer instead).
 */
export function bundledGlossaryMerged(
  dir = bundledGlossaryDir(),
  compiled = compiledBundledGlossaryPath(),
): Glossary | undefined {
  if (!fs.existsSync(dir) || !upToDate(compiled, [dir, bundledGazetteerPath(dir)])) return undefined;
  return glossaryFromJson(
    fs.readFileSync(compiled, 'utf8'),
    readMatcherCache(compiledBundledMatcherPath(compiled)),
  );
}

/** The bundled gazetteer file: `media/gazetteer.json`, next to the glossary folder. */
export function bundledGazetteerPath(glossaryDir = bundledGlossaryDir()): string {
  return path.join(path.dirname(glossaryDir), 'gazetteer.json');
}

/**
 * Reads the bundled gazetteer (generated countries, cities and regions; see
 * scripts/make-gazetteer.mjs). Undefined when the file is not there; a file that is not a
 * gazetteer is an error.
 */
export function loadBundledGazetteer(file = bundledGazetteerPath()): GazetteerData | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file}: is not valid JSON (${(error as Error).message}); rebuild it with scripts/make-gazetteer.mjs.`,
    );
  }
  const d = data as Partial<GazetteerData> | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.countries) || !Array.isArray(d.places)) {
    throw new UserError(
      `${file}: is not a gazetteer (no "countries" and "places" lists); rebuild it with scripts/make-gazetteer.mjs.`,
    );
  }
  return d as GazetteerData;
}

/** The workspace glossary path for a folder: `.geo-annotator/glossary.yaml`. */
export function workspaceGlossaryPath(folder: string): string {
  return path.join(folder, '.geo-annotator', 'glossary.yaml');
}

/** Reads the glossary layers after the bundled one: the workspace file when present, then the extra files given. */
export function glossarySources(options: { workspace?: string; extra?: string[] }): GlossarySource[] {
  const sources: GlossarySource[] = [];
  const layer = (file: string): GlossarySource => {
    try {
      return { file, text: fs.readFileSync(file, 'utf8'), bundled: false };
    } catch {
      throw new UserError(`${file}: glossary file not found.`);
    }
  };
  if (options.workspace) {
    const ws = workspaceGlossaryPath(options.workspace);
    if (fs.existsSync(ws)) sources.push(layer(ws));
  }
  for (const file of options.extra ?? []) sources.push(layer(file));
  return sources;
}

/** Writes a file atomically: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  fs.writeFileSync(tmp, content, 'utf8');
  try {
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
