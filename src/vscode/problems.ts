import * as vscode from 'vscode';
import type { DocumentModel, DocumentStore } from './documentStore';
import type { SettingsService } from './settings';

/**
 * Document problems in the Problems panel: orphaned annotations (always, as warnings) and
 * unreviewed claims (as information, when geoAnnotator.problems.unreviewedClaims is on).
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
      if (a.orphaned) {
        const d = new vscode.Diagnostic(
          range(a.start, a.start),
          `Orphaned ${a.kind} annotation: “${a.text}” is no longer in the document. It is kept in the sidecar; remove it or annotate the text again.`,
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
