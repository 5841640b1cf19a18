import * as vscode from 'vscode';
import type { DocumentStore } from './documentStore';
import { timed } from './taskTimes';

/**
 * Context keys for `when` clauses: `geoAnnotator.active` (the active editor is annotated),
 * `geoAnnotator.cursorOnAnnotation`, `geoAnnotator.cursorOnClaim` and `geoAnnotator.cursorOnUnlisted`
 * (a name found outside the glossary), `geoAnnotator.cursorOnConflict` (an unresolved merge conflict),
 * `geoAnnotator.hasOrphans` and `geoAnnotator.hasConflicts` (in the active document), so that menus
 * offer only what applies.
 */
export class ContextKeys implements vscode.Disposable {
  private readonly values = new Map<string, boolean>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly store: DocumentStore) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.update();
      }),
      store.onDidChange(() => this.update()),
    );
    this.set('geoAnnotator.highlightsOn', true);
    this.update();
  }

  private update(): void {
    timed('contextKeys', () => this.refresh());
  }

  private refresh(): void {
    const editor = vscode.window.activeTextEditor;
    const active = !!editor && this.store.isTracked(editor.document);
    const model = active ? this.store.peek(editor.document.uri) : undefined;
    // Only what is at the cursor (fresh annotations light: no id, quote or context needed here).
    const live = model?.live;
    const hits = live && editor ? live.annotationsAt(editor.document.offsetAt(editor.selection.active)) : [];
    this.set('geoAnnotator.active', active);
    this.set('geoAnnotator.cursorOnAnnotation', hits.length > 0);
    this.set(
      'geoAnnotator.cursorOnClaim',
      hits.some((a) => a.kind === 'claim'),
    );
    this.set(
      'geoAnnotator.cursorOnConflict',
      hits.some((a) => a.conflict !== undefined && a.conflict.length > 0),
    );
    this.set('geoAnnotator.hasOrphans', !!live?.orphans().some((a) => !a.hidden));
    this.set('geoAnnotator.hasConflicts', !!live && live.conflicts().length > 0);
    this.set(
      'geoAnnotator.cursorOnUnlisted',
      hits.some((a) => a.entity?.startsWith('unlisted:') === true),
    );
  }

  private set(key: string, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
