// Helpers shared by the integration suites (they run inside a real VS Code extension host).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { activate } from '../../src/extension';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'geo-annotator.geo-annotator';

/** What `activate()` returns. */
export type GeoApi = ReturnType<typeof activate>;

export interface WaitOptions {
  /** Give up after this many ms (default 10 000). */
  timeout?: number;
  /** Poll every this many ms (default 50). */
  interval?: number;
  /** Shown in the error when the deadline passes. */
  message?: string;
}

/**
 * Polls `probe` until it returns a truthy value (and returns that value) or the deadline passes.
 * Use it instead of fixed sleeps: decorations, diagnostics and activation all settle asynchronously.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeout = options.timeout ?? 10_000;
  const interval = options.interval ?? 50;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${options.message ?? 'condition not met'} within ${timeout} ms${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The first workspace folder (a fresh copy of test/fixtures/workspace). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open (the runner opens a copy of test/fixtures/workspace)');
  return folder.uri;
}

/** URI of a file of the test workspace, e.g. `fixtureUri('test.md')`. */
export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

/** Opens a workspace file and shows it in the active editor group. */
export async function openDoc(
  relativePath: string,
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Opens an untitled document with the given content and language, shown in the active group. */
export async function openUntitled(
  content: string,
  language = 'markdown',
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Closes every editor, reverting unsaved changes first (a dirty editor would otherwise open a save dialog). */
export async function closeAllEditors(): Promise<void> {
  const openTabs = () => vscode.window.tabGroups.all.reduce((n, g) => n + g.tabs.length, 0);
  for (let i = 0; i < 100 && openTabs() > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Position of the `occurrence`-th (0-based) match of `needle` in `doc`, shifted by `delta` characters. */
export function positionOf(
  doc: vscode.TextDocument,
  needle: string,
  occurrence = 0,
  delta = 0,
): vscode.Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = doc.getText().indexOf(needle, index + 1);
    assert.ok(index >= 0, `"${needle}" (occurrence ${occurrence}) not found in ${doc.uri.path}`);
  }
  return doc.positionAt(index + delta);
}

/** The Geo Annotator extension as the extension host sees it (fails if it is not installed/loaded). */
export function getExtension(): vscode.Extension<GeoApi> {
  const ext = vscode.extensions.getExtension<GeoApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** Activates the extension (no-op if already active) and returns its API. */
export async function activateExtension(): Promise<GeoApi> {
  return getExtension().activate();
}

/** All hover contents at `position` from every hover provider, as one Markdown/plain string. */
export async function hoverTextAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ??
    [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

/** A file's text, through the editor's file system. */
export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Whether a file exists, through the editor's file system. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
