import * as vscode from 'vscode';
import { isLight } from '../core/model';
import { describeConflict } from '../core/sidecar';
import type { Annotation } from '../core/types';
import type { DocumentModel, DocumentStore } from './documentStore';
import type { SettingsService } from './settings';
import { timed } from './taskTimes';

/** A problem to show: an annotation and what is wrong with it. */
interface Item {
  a: Annotation;
  code: 'merge-conflict' | 'orphaned' | 'unreviewed-claim';
}

/** How long after a change the unreviewed claims are gone through again (every claim of the document). */
const UNREVIEWED_DELAY_MS = 300;

/**
 * Document problems in the Problems panel: unresolved merge conflicts and orphaned annotations
 * (always, as warnings) and unreviewed claims (as information, when
 * geoAnnotator.problems.unreviewedClaims is on).
 */
export class DocumentProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('geo-annotator');
  private readonly disposables: vscode.Disposable[] = [];
  /** Per document: what was last published, and the scheduled pass over its claims. */
  private readonly shown = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsService,
  ) {
    this.disposables.push(
      this.collection,
      store.onDidChange((model) => timed('problems', () => this.publish(model))),
      store.onDidRemove((uri) => {
        this.collection.delete(uri);
        this.shown.delete(uri.toString());
      }),
      settings.onDidChange(({ previous, current }) => {
        if (previous.unreviewedClaimProblems !== current.unreviewedClaimProblems)
          for (const model of store.all()) this.publish(model);
      }),
    );
  }

  /** Publishes a document's problems; unreviewed claims (every claim of it) after a pause, in chunks. */
  private publish(model: DocumentModel): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === model.key);
    const live = model.live;
    if (!doc || !live) return;
    if (this.timers.has(model.key)) clearTimeout(this.timers.get(model.key));
    const generation = live.generation;
    // Conflicts and orphans come from a person's work only: few, found at once.
    const items: Item[] = [];
    for (const a of live.conflicts()) items.push({ a, code: 'merge-conflict' });
    for (const a of live.orphans()) if (!a.hidden) items.push({ a, code: 'orphaned' });
    if (!this.settings.current.unreviewedClaimProblems) {
      this.set(model, doc, items);
      return;
    }
    this.timers.set(
      model.key,
      setTimeout(() => {
        this.timers.delete(model.key);
        void live
          .walk(
            (a) => a.kind === 'claim' && (a.status ?? 'unreviewed') === 'unreviewed',
            (a) => {
              items.push({ a, code: 'unreviewed-claim' });
              return true;
            },
            { pause: () => new Promise((resolve) => setImmediate(resolve)), chunk: 1 << 15 },
          )
          .then((complete) => {
            if (complete && live.generation === generation && this.store.peek(model.uri) === model)
              timed('problems', () => this.set(model, doc, items));
          });
      }, UNREVIEWED_DELAY_MS),
    );
  }

  /** Sets a document's problems, unless they are those already shown. */
  private set(model: DocumentModel, doc: vscode.TextDocument, items: Item[]): void {
    const live = model.live!;
    const text = (a: Annotation) => (a.orphaned || !isLight(a) ? a.text : live.quote(a));
    const signature = items.map(({ a, code }) => `${code}:${a.start}:${a.end}:${a.id}:${text(a)}`).join('\n');
    if (this.shown.get(model.key) === signature) return;
    this.shown.set(model.key, signature);
    const range = (start: number, end: number) =>
      new vscode.Range(doc.positionAt(start), doc.positionAt(end));
    const diagnostics = items.map(({ a, code }) => {
      let d: vscode.Diagnostic;
      if (code === 'merge-conflict')
        d = new vscode.Diagnostic(
          a.orphaned ? range(a.start, a.start) : range(a.start, a.end),
          `Merge conflict on ${a.kind} “${text(a)}”: ${describeConflict(a)}. Resolve it: Keep Ours or Keep Theirs (hover, Annotations view or palette).`,
          vscode.DiagnosticSeverity.Warning,
        );
      else if (code === 'orphaned')
        d = new vscode.Diagnostic(
          range(a.start, a.start),
          `Orphaned ${a.kind} annotation: “${a.text}” is no longer in the document. It is kept in the sidecar: select the right words and run “Re-attach Orphaned Annotation to Selection”, or delete it.`,
          vscode.DiagnosticSeverity.Warning,
        );
      else
        d = new vscode.Diagnostic(
          range(a.start, a.end),
          `Unreviewed claim: “${text(a)}”`,
          vscode.DiagnosticSeverity.Information,
        );
      d.source = 'Geo Annotator';
      d.code = code;
      return d;
    });
    this.collection.set(model.uri, diagnostics);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
