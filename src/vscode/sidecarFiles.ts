import { createHash } from 'crypto';
import * as vscode from 'vscode';
import { formatProblem } from '../core/glossary';
import { hasErrors, parseSidecar, sidecarPathFor } from '../core/sidecar';
import type { Steps } from '../core/steps';
import type { Problem, Sidecar } from '../core/types';
import { inSlices } from './slices';
import { timed } from './taskTimes';

/** What reading a document's sidecar found. */
export type SidecarRead =
  | { state: 'missing' }
  | { state: 'ok'; sidecar: Sidecar; problems: Problem[] }
  | { state: 'broken'; problems: Problem[] };

/** The SHA-1 (hex) of bytes, a megabyte per step. */
function* sha1Steps(bytes: Uint8Array): Steps<string> {
  const hash = createHash('sha1');
  for (let i = 0; i < bytes.length; i += 1 << 20) {
    hash.update(bytes.subarray(i, i + (1 << 20)));
    yield;
  }
  return hash.digest('hex');
}

/** A sidecar's text in UTF-8, with the SHA-1 of the bytes. */
function encode(text: string): EncodedSidecar {
  const bytes = new TextEncoder().encode(text);
  return { bytes, digest: createHash('sha1').update(bytes).digest('hex') };
}

/** What this extension wrote to a sidecar: the SHA-1 of the bytes, and their number. */
interface Written {
  digest: string;
  size: number;
}

/** A sidecar's file content made ahead (in parts, see DocumentStore.save): its bytes and their SHA-1 (hex). */
export interface EncodedSidecar {
  bytes: Uint8Array;
  digest: string;
}

/** Schemes whose documents get a sidecar beside them (not untitled or virtual documents). */
const FILE_SCHEMES = new Set(['file', 'vscode-remote', 'vscode-vfs']);

/**
 * Reads and writes `<file>.annotations.json` beside documents with `vscode.workspace.fs`:
 * writes are atomic (a temporary file in the same folder, then a rename), a sidecar that does not
 * parse is reported in the Problems panel at its line and is never overwritten.
 */
export class SidecarFiles implements vscode.Disposable {
  /**
   * Per sidecar: what this extension wrote last, earlier writes (their SHA-1s: a large document's
   * sidecar runs to tens of MB), and when it last wrote.
   */
  private readonly written = new Map<string, { latest: Written; earlier: Written[]; at: number }>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('geo-annotator-sidecar');

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The sidecar of a document, or undefined for documents that have none (untitled ones). */
  uriFor(documentUri: vscode.Uri): vscode.Uri | undefined {
    if (!FILE_SCHEMES.has(documentUri.scheme)) return undefined;
    return documentUri.with({ path: sidecarPathFor(documentUri.path) });
  }

  /** The document of a sidecar URI, or undefined if it is not one. */
  documentFor(sidecarUri: vscode.Uri): vscode.Uri | undefined {
    const suffix = '.annotations.json';
    return sidecarUri.path.endsWith(suffix)
      ? sidecarUri.with({ path: sidecarUri.path.slice(0, -suffix.length) })
      : undefined;
  }

  /**
   * True when a change event with these bytes is our own write: what we wrote last, or an
   * earlier write of ours whose event arrives late, just after a newer write. Only bytes of the
   * size of one of those are hashed, in slices (a large document's sidecar runs to tens of MB).
   */
  async isOwnWrite(sidecarUri: vscode.Uri, bytes: Uint8Array): Promise<boolean> {
    const own = this.written.get(sidecarUri.toString());
    if (!own) return false;
    const candidates = [own.latest, ...(Date.now() - own.at < 3000 ? own.earlier : [])].filter(
      (w) => w.size === bytes.length,
    );
    if (candidates.length === 0) return false;
    const hash = await inSlices(sha1Steps(bytes), (slice) => timed('sidecar', slice));
    return candidates.some((w) => w.digest === hash);
  }

  /** Reads the bytes of a sidecar, if it exists. */
  async readBytes(sidecarUri: vscode.Uri): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(sidecarUri);
    } catch {
      return undefined;
    }
  }

  /** Reads the raw text of a sidecar, if it exists. */
  async readText(sidecarUri: vscode.Uri): Promise<string | undefined> {
    const bytes = await this.readBytes(sidecarUri);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  /** Reads and validates a document's sidecar; problems of a broken one go to the Problems panel. */
  async read(documentUri: vscode.Uri): Promise<SidecarRead> {
    const uri = this.uriFor(documentUri);
    if (!uri) return { state: 'missing' };
    const text = await this.readText(uri);
    return text === undefined ? this.missing(uri) : this.parse(uri, text);
  }

  /** Validates sidecar text read elsewhere (a watcher event). */
  parse(sidecarUri: vscode.Uri, text: string): SidecarRead {
    const parsed = parseSidecar(
      text,
      sidecarUri.scheme === 'file' ? sidecarUri.fsPath : sidecarUri.toString(),
    );
    this.publish(sidecarUri, parsed.problems);
    if (!parsed.sidecar || hasErrors(parsed.problems)) {
      this.log.warn(`sidecar not usable, left untouched:\n${parsed.problems.map(formatProblem).join('\n')}`);
      return { state: 'broken', problems: parsed.problems };
    }
    return { state: 'ok', sidecar: parsed.sidecar, problems: parsed.problems };
  }

  /** Forgets a sidecar that is gone. */
  missing(sidecarUri: vscode.Uri): SidecarRead {
    this.diagnostics.delete(sidecarUri);
    return { state: 'missing' };
  }

  /** Writes a sidecar atomically: a temporary file beside it, then a rename over it. */
  async write(documentUri: vscode.Uri, content: string | EncodedSidecar): Promise<vscode.Uri> {
    const encoded = typeof content === 'string' ? encode(content) : content;
    const uri = this.uriFor(documentUri);
    if (!uri) throw new Error('This document has no file on disk, so it has no sidecar: save it first.');
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const tmp = uri.with({
      path: `${uri.path.slice(0, uri.path.length - name.length)}.${name}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`,
    });
    const previous = this.written.get(uri.toString());
    this.written.set(uri.toString(), {
      latest: { digest: encoded.digest, size: encoded.bytes.length },
      earlier: previous ? [previous.latest, ...previous.earlier].slice(0, 8) : [],
      at: Date.now(),
    });
    await vscode.workspace.fs.writeFile(tmp, encoded.bytes);
    try {
      await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
    } catch (error) {
      await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
      throw error;
    }
    this.diagnostics.delete(uri);
    return uri;
  }

  private publish(uri: vscode.Uri, problems: readonly Problem[]): void {
    if (problems.length === 0) {
      this.diagnostics.delete(uri);
      return;
    }
    this.diagnostics.set(
      uri,
      problems.map((p) => {
        const line = Math.max(0, p.line - 1);
        const d = new vscode.Diagnostic(
          new vscode.Range(line, Math.max(0, p.column - 1), line, Math.max(0, p.column - 1) + 1),
          p.message,
          p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'Geo Annotator sidecar';
        d.code = p.code;
        return d;
      }),
    );
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}
