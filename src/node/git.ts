/**
 * Git helpers for the CLI: who is annotating, installing the sidecar merge driver, and finding
 * the merged document's text while git runs the driver (git merges in memory and updates the
 * working tree only at the end, so the file beside the sidecar still holds our version then).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256Hex } from '../core/sha256';

/** The merge driver's name in .gitattributes and git config. */
export const MERGE_DRIVER = 'geo-annotator';
/** The .gitattributes line that routes sidecars to the driver. */
export const GITATTRIBUTES_LINE = `*.annotations.json merge=${MERGE_DRIVER}`;

/** The output of one git command. */
export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs git with arguments (no shell) in a folder. A missing git gives status -1. */
export function git(args: string[], cwd: string, options: { maxBuffer?: number } = {}): GitResult {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
    windowsHide: true,
  });
  if (r.error) return { status: -1, stdout: '', stderr: r.error.message };
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The top folder of the work tree that holds `cwd`, or undefined outside a repository. */
export function repoRoot(cwd: string): string | undefined {
  const r = git(['rev-parse', '--show-toplevel'], cwd);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function configValue(key: string, cwd: string): string {
  const r = git(['config', '--get', key], cwd);
  return r.status === 0 ? r.stdout.trim() : '';
}

/**
 * The author recorded on manual annotations: git's `user.name <user.email>` (either alone when
 * only one is set), else $USER / the operating-system user, else "unknown".
 */
export function gitAuthor(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = configValue('user.name', cwd);
  const email = configValue('user.email', cwd);
  if (name && email) return `${name} <${email}>`;
  if (name || email) return name || email;
  if (env.USER) return env.USER;
  if (env.USERNAME) return env.USERNAME;
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Quotes a word for the POSIX shell git runs merge drivers with. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** True when an executable named `name` is on the PATH. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      try {
        fs.accessSync(path.join(dir, name + ext), fs.constants.X_OK);
        return true;
      } catch {
        // Not here.
      }
    }
  }
  return false;
}

/**
 * The driver command for git config: `geo-annotate merge %O %A %B %P` when geo-annotate is on the
 * PATH, else the running node and CLI script by absolute path (so `node /path/dist/cli.js
 * setup-git` works without an install). %P (the sidecar's path in the repository) lets the driver
 * find the document beside it.
 */
export function driverCommand(cliScript: string, env: NodeJS.ProcessEnv = process.env): string {
  const args = 'merge %O %A %B %P';
  if (onPath('geo-annotate', env)) return `geo-annotate ${args}`;
  return `${shellQuote(process.execPath)} ${shellQuote(path.resolve(cliScript))} ${args}`;
}

/** What {@link setupGit} did. */
export interface SetupResult {
  root: string;
  attributesFile: string;
  /** False when the line was already there. */
  attributesAdded: boolean;
  command: string;
}

/**
 * Installs the merge driver in the repository around `cwd`: the .gitattributes line at its top
 * (added once) and `merge.geo-annotator.name` / `.driver` in its config (`--global` with
 * `global`). Throws with a message outside a repository.
 */
export function setupGit(cwd: string, command: string, options: { global?: boolean } = {}): SetupResult {
  const root = repoRoot(cwd);
  if (!root) throw new Error(`${cwd} is not inside a git repository (run git init first).`);
  const attributesFile = path.join(root, '.gitattributes');
  const existing = fs.existsSync(attributesFile) ? fs.readFileSync(attributesFile, 'utf8') : '';
  const present = existing
    .split(/\r?\n/)
    .some((line) => line.trim().split(/\s+/).join(' ') === GITATTRIBUTES_LINE);
  if (!present) {
    const sep = existing === '' || existing.endsWith('\n') ? '' : '\n';
    fs.writeFileSync(attributesFile, `${existing}${sep}${GITATTRIBUTES_LINE}\n`, 'utf8');
  }
  const scope = options.global ? ['--global'] : [];
  for (const [key, value] of [
    [`merge.${MERGE_DRIVER}.name`, 'Geo Annotator sidecar merge (by annotation id, re-anchored)'],
    [`merge.${MERGE_DRIVER}.driver`, command],
  ] as const) {
    const r = git(['config', ...scope, key, value], root);
    if (r.status !== 0) throw new Error(`git config ${key} failed: ${r.stderr.trim()}`);
  }
  return { root, attributesFile, attributesAdded: !present, command };
}

function decode(bytes: Buffer): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/**
 * Finds the text of a document whose SHA-256 (of the text, as the sidecar records it) is `sha`:
 * the working-tree file, else a version of the path in the repository's history (every ref, and
 * FETCH_HEAD/MERGE_HEAD while a pull or merge runs). Undefined when none matches.
 */
export function findDocumentText(root: string, relPath: string, sha: string | undefined): string | undefined {
  if (!sha || !/^[0-9a-f]{64}$/.test(sha)) return undefined;
  const file = path.join(root, relPath);
  if (fs.existsSync(file)) {
    const text = decode(fs.readFileSync(file));
    if (text !== undefined && sha256Hex(text) === sha) return text;
  }
  const heads = ['FETCH_HEAD', 'MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REBASE_HEAD', 'ORIG_HEAD'].filter(
    (h) => git(['rev-parse', '-q', '--verify', `${h}^{commit}`], root).status === 0,
  );
  const log = git(
    ['log', '--all', ...heads, '-m', '--raw', '--no-abbrev', '--format=', '-n', '300', '--', relPath],
    root,
  );
  if (log.status !== 0) return undefined;
  const blobs = new Set<string>();
  for (const line of log.stdout.split('\n')) {
    const m = /^:\d+ \d+ ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) /.exec(line);
    if (!m) continue;
    for (const id of [m[2]!, m[1]!]) if (!/^0+$/.test(id)) blobs.add(id);
  }
  for (const id of [...blobs].slice(0, 200)) {
    const r = spawnSync('git', ['cat-file', 'blob', id], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
      windowsHide: true,
    });
    if (r.status !== 0 || !r.stdout) continue;
    const text = decode(r.stdout);
    if (text !== undefined && sha256Hex(text) === sha) return text;
  }
  return undefined;
}

/** Three-way merge of texts with `git merge-file`: the result and whether it holds conflict markers. */
export function mergeTexts(
  ours: string,
  base: string,
  theirs: string,
): { text: string; conflicts: boolean } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geo-merge-'));
  try {
    const files = (['ours', 'base', 'theirs'] as const).map((name, i) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, [ours, base, theirs][i]!, 'utf8');
      return file;
    });
    const r = git(['merge-file', '-p', '-L', 'ours', '-L', 'base', '-L', 'theirs', ...files], dir);
    if (r.status < 0) return undefined;
    return { text: r.stdout, conflicts: r.status > 0 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** How the merged document's text was found, for the driver's message. */
export type DocumentSource = 'unchanged' | 'ours' | 'theirs' | 'merged' | 'working tree' | 'none';

/**
 * The text the document beside a sidecar will have after the merge: from the three sidecars'
 * digests, the version that changed (or git merge-file of all three when both sides changed it),
 * read from the working tree or the history. Falls back to the working-tree file (our version).
 */
export function mergedDocumentText(
  root: string,
  relPath: string,
  sha: { base?: string; ours: string; theirs: string },
): { text?: string; source: DocumentSource } {
  const find = (s: string | undefined) => findDocumentText(root, relPath, s);
  let text: string | undefined;
  let source: DocumentSource = 'none';
  if (sha.ours === sha.theirs) [text, source] = [find(sha.ours), 'unchanged'];
  else if (sha.base === sha.ours) [text, source] = [find(sha.theirs), 'theirs'];
  else if (sha.base === sha.theirs) [text, source] = [find(sha.ours), 'ours'];
  else {
    const [b, a, t] = [find(sha.base), find(sha.ours), find(sha.theirs)];
    if (b !== undefined && a !== undefined && t !== undefined) {
      const merged = mergeTexts(a, b, t);
      if (merged) [text, source] = [merged.text, 'merged'];
    }
  }
  if (text !== undefined) return { text, source };
  const file = path.join(root, relPath);
  if (fs.existsSync(file)) {
    const worktree = decode(fs.readFileSync(file));
    if (worktree !== undefined) return { text: worktree, source: 'working tree' };
  }
  return { source: 'none' };
}

/** git merge-file in place (conflict markers into `ours`), for sidecars that do not parse. Returns git's status. */
export function textualMerge(oursFile: string, baseFile: string, theirsFile: string): number {
  const files = [oursFile, baseFile, theirsFile].map((f) => path.resolve(f));
  return git(['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', ...files], process.cwd()).status;
}
