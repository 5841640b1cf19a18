import * as vscode from 'vscode';
import { annotationsAt } from '../core/model';
import type { DocumentStore } from './documentStore';

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
    const editor = vscode.window.activeTextEditor;
    const active = !!editor && this.store.isTracked(editor.document);
    const model = active ? this.store.peek(editor.document.uri) : undefined;
    const hits =
      model && editor ? annotationsAt(model.merged, editor.document.offsetAt(editor.selection.active)) : [];
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
    this.set('geoAnnotator.hasOrphans', !!model?.merged.some((a) => a.orphaned && !a.hidden));
    this.set(
      'geoAnnotator.hasConflicts',
      !!model?.merged.some((a) => !a.hidden && a.conflict !== undefined && a.conflict.length > 0),
    );
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
