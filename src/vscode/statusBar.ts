import * as vscode from 'vscode';
import type { AnnotationCounts } from '../core/model';
import { countAnnotations } from '../core/model';
import type { DocumentStore } from './documentStore';
import { timed } from './taskTimes';
import type { AnnotationsTreeProvider } from './tree';

/** The counts the status bar shows for a document. */
export type Counts = AnnotationCounts;

/** A status-bar item with the active document's counts; clicking it focuses the Annotations view. */
export class StatusBarController implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'geoAnnotator.counts',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: DocumentStore,
    private readonly tree: AnnotationsTreeProvider,
  ) {
    this.item.name = 'Geo Annotator';
    this.item.command = 'geoAnnotator.annotations.focus';
    this.disposables.push(
      this.item,
      store.onDidChange(() => this.update()),
      store.onDidRemove(() => this.update()),
      tree.onDidChangeDocument(() => this.update()),
    );
    this.update();
  }

  /** The item's current text (for tests), or undefined while it is hidden. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  private update(): void {
    timed('statusBar', () => this.refresh());
  }

  private refresh(): void {
    const uri = this.tree.document;
    const model = uri && this.store.peek(uri);
    if (!model) {
      this.item.hide();
      this.visible = false;
      return;
    }
    if (model.tooLarge) {
      this.item.text = '$(warning) Geo: not annotated';
      this.item.tooltip =
        'Over the size limit (geoAnnotator.maxFileSize): run "Geo Annotator: Annotate Anyway".';
    } else {
      // Kept up to date by the model: no pass over the document.
      const c = model.live?.counts() ?? countAnnotations([]);
      this.item.text = `$(person) ${c.actors} $(location) ${c.places} $(symbol-number) ${c.claims} $(circle-large-outline) ${c.unreviewed}`;
      this.item.tooltip = new vscode.MarkdownString(
        `**Geo Annotator**: ${c.actors} actors, ${c.places} places, ${c.claims} claims (${c.unreviewed} unreviewed)` +
          (c.notes ? `, ${c.notes} notes` : '') +
          (c.orphaned ? `, ${c.orphaned} orphaned` : '') +
          '\n\nClick to show the Annotations view.',
      );
      this.item.accessibilityInformation = {
        label: `Geo Annotator: ${c.actors} actors, ${c.places} places, ${c.claims} claims, ${c.unreviewed} unreviewed`,
      };
    }
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
