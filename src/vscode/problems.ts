import * as vscode from 'vscode';
import { describeConflict } from '../core/sidecar';
import type { DocumentModel, DocumentStore } from './documentStore';
import type { SettingsService } from './settings';

/**
 * Document problems in the Problems panel: unresolved merge conflicts and orphaned annotations
 * (always, as warnings) and unreviewed claims (as information, when
 * geoAnnotator.problems.unreviewedClaims is on).
 */
export class DocumentProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('geo-annotator');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsService,
  ) {
    this.disposables.push(
      this.collection,
      store.onDidChange((model) => this.publish(model)),
      store.onDidRemove((uri) => this.collection.delete(uri)),
      settings.onDidChange(({ previous, current }) => {
        if (previous.unreviewedClaimProblems !== current.unreviewedClaimProblems)
          for (const model of store.all()) this.publish(model);
      }),
    );
  }

  private publish(model: DocumentModel): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === model.key);
    if (!doc) return;
    const items: vscode.Diagnostic[] = [];
    const range = (start: number, end: number) =>
      new vscode.Range(doc.positionAt(start), doc.positionAt(end));
    for (const a of model.merged) {
      if (a.hidden) continue;
      if (a.conflict !== undefined && a.conflict.length > 0) {
        const d = new vscode.Diagnostic(
          a.orphaned ? range(a.start, a.start) : range(a.start, a.end),
          `Merge conflict on ${a.kind} “${a.text}”: ${describeConflict(a)}. Resolve it: Keep Ours or Keep Theirs (hover, Annotations view or palette).`,
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'Geo Annotator';
        d.code = 'merge-conflict';
        items.push(d);
      }
      if (a.orphaned) {
        const d = new vscode.Diagnostic(
          range(a.start, a.start),
          `Orphaned ${a.kind} annotation: “${a.text}” is no longer in the document. It is kept in the sidecar: select the right words and run “Re-attach Orphaned Annotation to Selection”, or delete it.`,
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'Geo Annotator';
        d.code = 'orphaned';
        items.push(d);
      } else if (
        this.settings.current.unreviewedClaimProblems &&
        a.kind === 'claim' &&
        (a.status ?? 'unreviewed') === 'unreviewed'
      ) {
        const d = new vscode.Diagnostic(
          range(a.start, a.end),
          `Unreviewed claim: “${a.text}”`,
          vscode.DiagnosticSeverity.Information,
        );
        d.source = 'Geo Annotator';
        d.code = 'unreviewed-claim';
        items.push(d);
      }
    }
    this.collection.set(model.uri, items);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
