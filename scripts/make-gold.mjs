#!/usr/bin/env node
/**
 * Builds the bundled sample articles and their gold span files from hand-labelled sources.
 *
 * Every file in test/fixtures/gold-src/ (.md or .txt) carries inline markup:
 *
 *   [[actor:Hezbollah]]  [[place:southern Lebanon]]  [[claim:approximately 40 strikes]]
 *   [[actor*:Israel]]  [[place*:Iraq]]   (a country or demonym: gold "either": true)
 *
 * The markup is stripped to give samples/NAME.ext, and the spans are written to
 * samples/NAME.gold.json in the annotation guide's format (UTF-16 offsets, sorted by start).
 * Malformed markup, overlapping spans and spans inside Markdown regions that the guide never
 * marks (front matter, code, link targets) are errors.
 *
 * Usage: node scripts/make-gold.mjs            write samples/
 *        node scripts/make-gold.mjs --check    exit 1 if samples/ is not up to date
 *        --src <dir> --out <dir>               other source and output folders (relative to the
 *                                              working directory), e.g. for the held-out set:
 *        node scripts/make-gold.mjs --src test/fixtures/heldout-src --out test/fixtures/heldout
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_SRC_DIR = join(ROOT, 'test', 'fixtures', 'gold-src');
const DEFAULT_OUT_DIR = join(ROOT, 'samples');
const KINDS = new Set(['actor', 'place', 'claim']);
const MARK_RE = /\[\[([a-z]+)(\*?):([^\]\n]*)\]\]/y;

class MarkupError extends Error {}

/** Line and column (1-based) of a UTF-16 offset, for error messages. */
function where(source, offset) {
  const before = source.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/**
 * Strips the markup from a source text.
 * Returns the plain content and its spans; throws MarkupError on anything malformed.
 */
export function parse(source, name = '<source>') {
  const fail = (offset, message) => {
    throw new MarkupError(`${name}:${where(source, offset)}: ${message}`);
  };
  let content = '';
  const spans = [];
  let i = 0;
  while (i < source.length) {
    // "[[[actor:X]] ...](url)" is a link whose text begins with a span: the first "[" is text.
    if (source.startsWith('[[', i) && source[i + 2] !== '[') {
      MARK_RE.lastIndex = i;
      const m = MARK_RE.exec(source);
      if (!m) {
        const line = source.slice(i, source.indexOf('\n', i) < 0 ? undefined : source.indexOf('\n', i));
        fail(i, `malformed or unclosed markup near ${JSON.stringify(line.slice(0, 60))}`);
      }
      const [whole, kind, star, text] = m;
      if (!KINDS.has(kind)) fail(i, `unknown kind "${kind}" (expected actor, place or claim)`);
      if (star && kind === 'claim') fail(i, 'claims cannot carry "*" (either)');
      if (text.length === 0) fail(i, 'empty span text');
      if (text !== text.trim()) fail(i, `span text has surrounding whitespace: ${JSON.stringify(text)}`);
      if (text.includes('[')) fail(i, `nested markup in ${JSON.stringify(text)}`);
      const start = content.length;
      content += text;
      spans.push({ kind, start, end: content.length, text, either: star === '*' });
      i += whole.length;
      continue;
    }
    if (source.startsWith(']]', i)) fail(i, 'stray "]]" outside markup');
    content += source[i];
    i += 1;
  }
  return { content, spans };
}

/** Ranges of a Markdown text that the guide never marks: front matter, code, link targets. */
export function unmarkedRanges(content) {
  const ranges = [];
  let body = 0;
  const fm = /^---[ \t]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/.exec(content);
  if (fm) {
    ranges.push([0, fm[0].length, 'front matter']);
    body = fm[0].length;
  }
  const fenceRe = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1[ \t]*$/gm;
  fenceRe.lastIndex = body;
  const fences = [];
  for (let m; (m = fenceRe.exec(content));) fences.push([m.index, m.index + m[0].length, 'fenced code']);
  ranges.push(...fences);
  const inFence = (pos) => fences.some(([s, e]) => pos >= s && pos < e);
  const inlineRe = /(`+)[^`][\s\S]*?\1/g;
  inlineRe.lastIndex = body;
  for (let m; (m = inlineRe.exec(content));) {
    if (!inFence(m.index)) ranges.push([m.index, m.index + m[0].length, 'inline code']);
  }
  const linkRe = /\]\(([^)\s]*)(?:\s+"[^"]*")?\)/g;
  linkRe.lastIndex = body;
  for (let m; (m = linkRe.exec(content));) {
    if (!inFence(m.index)) ranges.push([m.index + 2, m.index + m[0].length - 1, 'link target']);
  }
  return ranges;
}

/** Checks the invariants every gold file must meet; throws on the first violation. */
export function verify(name, content, spans) {
  let prevEnd = -1;
  for (const s of spans) {
    if (content.slice(s.start, s.end) !== s.text) {
      throw new Error(`${name}: span ${s.start}-${s.end} text ${JSON.stringify(s.text)} does not match`);
    }
    if (s.start < prevEnd) throw new Error(`${name}: span ${JSON.stringify(s.text)} at ${s.start} overlaps`);
    prevEnd = s.end;
  }
  if (!/\.(md|markdown)$/i.test(name)) return;
  for (const [rs, re, what] of unmarkedRanges(content)) {
    for (const s of spans) {
      if (s.start < re && rs < s.end) {
        throw new Error(`${name}: span ${JSON.stringify(s.text)} at ${s.start} lies in ${what}`);
      }
    }
  }
}

/** Serialises a gold file in the corpus layout: one span per line. */
export function formatGold(document, spans) {
  const lines = spans.map(
    (s) =>
      `    {"kind": ${JSON.stringify(s.kind)}, "start": ${s.start}, "end": ${s.end}, ` +
      `"text": ${JSON.stringify(s.text)}, "either": ${s.either}}`,
  );
  const body = lines.length ? `\n${lines.join(',\n')}\n  ` : '';
  return `{ "document": ${JSON.stringify(document)},\n  "spans": [${body}] }\n`;
}

/** The value of a "--name <value>" option, or the fallback when it is absent. */
function option(args, name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a folder`);
  return resolve(value);
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const SRC_DIR = option(args, '--src', DEFAULT_SRC_DIR);
  const OUT_DIR = option(args, '--out', DEFAULT_OUT_DIR);
  if (!existsSync(SRC_DIR)) throw new Error(`missing source directory ${SRC_DIR}`);
  const files = readdirSync(SRC_DIR).sort();
  if (files.length === 0) throw new Error(`no sources in ${SRC_DIR}`);
  if (!check) mkdirSync(OUT_DIR, { recursive: true });
  let stale = 0;
  for (const file of files) {
    const ext = extname(file);
    if (ext !== '.md' && ext !== '.txt') throw new Error(`${file}: only .md and .txt sources are allowed`);
    const source = readFileSync(join(SRC_DIR, file), 'utf8');
    const { content, spans } = parse(source, file);
    spans.sort((a, b) => a.start - b.start || a.end - b.end);
    verify(file, content, spans);
    const goldName = `${file.slice(0, -ext.length)}.gold.json`;
    const outputs = [
      [join(OUT_DIR, file), content],
      [join(OUT_DIR, goldName), formatGold(file, spans)],
    ];
    for (const [path, text] of outputs) {
      if (check) {
        if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
          console.error(`out of date: ${path}`);
          stale += 1;
        }
      } else {
        writeFileSync(path, text);
      }
    }
    const count = (kind) => spans.filter((s) => s.kind === kind).length;
    const words = content.split(/\s+/).filter(Boolean).length;
    console.log(
      `${file}: ${spans.length} spans (actor ${count('actor')}, place ${count('place')}, ` +
        `claim ${count('claim')}), ${words} words`,
    );
  }
  if (stale) {
    const rerun = args.filter((a) => a !== '--check').join(' ');
    console.error(`${stale} file(s) out of date; run node scripts/make-gold.mjs${rerun ? ` ${rerun}` : ''}`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (err) {
    console.error(`make-gold: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
