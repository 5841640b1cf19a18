import * as vscode from 'vscode';
import { visibleAnnotations } from '../core/model';
import type { Annotation } from '../core/types';
import type { DecorationKey, HighlightStyle, Settings } from './contributions';
import { colorIdOf, DECORATION_KEYS } from './contributions';
import type { DocumentModel, DocumentStore } from './documentStore';
import type { SettingsService } from './settings';

/** What was last drawn in a document's editors: half-open offset ranges per decoration. */
export type DrawnRanges = Record<DecorationKey, [number, number][]>;

/** The decoration an annotation is drawn with, or undefined when its kind is switched off. */
export function decorationKeyOf(a: Annotation, settings: Settings): DecorationKey | undefined {
  switch (a.kind) {
    case 'actor':
      return settings.highlight.actors ? 'actor' : undefined;
    case 'place':
      return settings.highlight.places ? 'place' : undefined;
    case 'note':
      return settings.highlight.notes ? 'note' : undefined;
    case 'claim':
      return settings.highlight.claims ? (`claim.${a.status ?? 'unreviewed'}` as DecorationKey) : undefined;
  }
}

function renderOptions(key: DecorationKey, style: HighlightStyle): vscode.DecorationRenderOptions {
  const id = colorIdOf(key);
  const border = new vscode.ThemeColor(`${id}Border`);
  const common: vscode.DecorationRenderOptions = {
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    overviewRulerColor: border,
    overviewRulerLane: key.startsWith('claim')
      ? vscode.OverviewRulerLane.Right
      : key === 'note'
        ? vscode.OverviewRulerLane.Left
        : vscode.OverviewRulerLane.Center,
  };
  switch (style) {
    case 'underline':
      return {
        ...common,
        borderStyle: 'none none solid none',
        borderWidth: '0 0 2px 0',
        borderColor: border,
      };
    case 'outline':
      return {
        ...common,
        borderStyle: 'solid',
        borderWidth: '1px',
        borderColor: border,
        borderRadius: '3px',
      };
    default:
      return { ...common, backgroundColor: new vscode.ThemeColor(`${id}Background`), borderRadius: '3px' };
  }
}

/**
 * Draws the highlights: one decoration type per entity kind, notes and claim status, created
 * once per highlight style, with theme colours from package.json; only visible editors are
 * drawn, and an editor is redrawn only when its ranges changed.
 */
export class DecorationController implements vscode.Disposable {
  private types = new Map<DecorationKey, vscode.TextEditorDecorationType>();
  private style: HighlightStyle;
  private enabled = true;
  private readonly drawn = new Map<string, DrawnRanges>();
  /** Editors drawn at least once: an editor shown again is a new object and needs every type. */
  private readonly seen = new WeakSet<vscode.TextEditor>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: DocumentStore,
    private readonly settings: SettingsService,
  ) {
    this.style = settings.current.highlight.style;
    this.createTypes();
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.drawVisible()),
      store.onDidChange((model) => this.drawModel(model)),
      store.onDidRemove((uri) => this.clear(uri)),
      settings.onDidChange(({ current }) => {
        if (current.highlight.style !== this.style) {
          this.style = current.highlight.style;
          this.disposeTypes();
          this.createTypes();
          this.drawn.clear();
        }
        this.drawVisible(true);
      }),
    );
    this.drawVisible();
  }

  /** Whether highlights are shown (the toggle command). */
  get highlightsOn(): boolean {
    return this.enabled;
  }

  /** Shows or hides every highlight. */
  setEnabled(on: boolean): void {
    this.enabled = on;
    this.drawVisible(true);
  }

  /** What was last drawn for a document (by URI string), for tests and diagnostics. */
  lastDrawn(uri: vscode.Uri | string): DrawnRanges | undefined {
    return this.drawn.get(typeof uri === 'string' ? uri : uri.toString());
  }

  /** Draws every visible editor; `force` redraws even when nothing changed. */
  drawVisible(force = false): void {
    if (force) this.drawn.clear();
    for (const editor of vscode.window.visibleTextEditors) void this.drawEditor(editor);
  }

  private async drawEditor(editor: vscode.TextEditor): Promise<void> {
    const doc = editor.document;
    if (!this.store.isTracked(doc)) return;
    const model = this.store.peek(doc.uri) ?? (await this.store.ensure(doc));
    // A model created by ensure() fires onDidChange, which draws it.
    if (model && this.store.peek(doc.uri) === model) this.drawModel(model);
  }

  private drawModel(model: DocumentModel): void {
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === model.key);
    if (editors.length === 0) return;
    const ranges = this.rangesOf(model);
    const previous = this.drawn.get(model.key);
    const changed = DECORATION_KEYS.filter((k) => !previous || !sameRanges(previous[k], ranges[k]));
    // Editors shown since the last draw need every type; others only the changed ones.
    const fresh = editors.filter((e) => !this.seen.has(e));
    if (changed.length === 0 && fresh.length === 0) return;
    this.drawn.set(model.key, ranges);
    for (const editor of editors) {
      const keys = this.seen.has(editor) ? changed : DECORATION_KEYS;
      this.seen.add(editor);
      const doc = editor.document;
      for (const key of keys) {
        const type = this.types.get(key)!;
        editor.setDecorations(
          type,
          ranges[key].map(([s, e]) => new vscode.Range(doc.positionAt(s), doc.positionAt(e))),
        );
      }
    }
  }

  private rangesOf(model: DocumentModel): DrawnRanges {
    const out = Object.fromEntries(DECORATION_KEYS.map((k) => [k, [] as [number, number][]])) as DrawnRanges;
    if (!this.enabled || model.tooLarge) return out;
    const settings = this.settings.current;
    for (const a of visibleAnnotations(model.merged)) {
      const key = decorationKeyOf(a, settings);
      if (key && a.end > a.start) out[key].push([a.start, a.end]);
    }
    return out;
  }

  /** A model was dropped (closed, or its language or size setting changed): clear, then draw anew if still shown. */
  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.drawn.delete(key);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== key) continue;
      for (const type of this.types.values()) editor.setDecorations(type, []);
      void this.drawEditor(editor);
    }
  }

  private createTypes(): void {
    for (const key of DECORATION_KEYS)
      this.types.set(key, vscode.window.createTextEditorDecorationType(renderOptions(key, this.style)));
  }

  private disposeTypes(): void {
    for (const type of this.types.values()) type.dispose();
    this.types = new Map();
  }

  dispose(): void {
    this.disposeTypes();
    for (const d of this.disposables) d.dispose();
  }
}

function sameRanges(a: readonly [number, number][], b: readonly [number, number][]): boolean {
  return a.length === b.length && a.every(([s, e], i) => s === b[i]![0] && e === b[i]![1]);
}
