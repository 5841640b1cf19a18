import * as vscode from 'vscode';
import type { Annotation } from '../core/types';
import type { DecorationKey, HighlightStyle, Settings } from './contributions';
import { colorIdOf, DECORATION_KEYS } from './contributions';
import type { DocumentModel, DocumentStore } from './documentStore';
import { lengthOf } from './documentStore';
import type { SettingsService } from './settings';
import { timed } from './taskTimes';

/** How far around the visible ranges decorations are drawn, in characters (a few hundred lines of prose). */
export const DRAW_MARGIN = 20_000;

/** Documents up to this many characters are drawn whole (the overview ruler shows every highlight). */
export const DRAW_WHOLE = 200_000;

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
 * once per highlight style, with theme colours from package.json. Only visible editors are
 * drawn; a document over {@link DRAW_WHOLE} characters only around their visible ranges
 * ({@link DRAW_MARGIN} characters either side), drawn again when scrolling nears the edge. An
 * editor is redrawn only when its ranges changed.
 */
export class DecorationController implements vscode.Disposable {
  private types = new Map<DecorationKey, vscode.TextEditorDecorationType>();
  private style: HighlightStyle;
  private enabled = true;
  private readonly drawn = new Map<string, DrawnRanges>();
  /** Per document, the offset ranges the last draw covered. */
  private readonly windows = new Map<string, [number, number][]>();
  /** Models to draw at the next turn of the event loop. */
  private readonly due = new Map<string, DocumentModel>();
  private immediate: ReturnType<typeof setImmediate> | undefined;
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
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.onScroll(e.textEditor)),
      // Drawn in a task of its own, after the scan that changed the model.
      store.onDidChange((model) => this.drawSoon(model)),
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

  private drawSoon(model: DocumentModel): void {
    this.due.set(model.key, model);
    this.immediate ??= setImmediate(() => {
      this.immediate = undefined;
      const models = [...this.due.values()];
      this.due.clear();
      for (const m of models) if (this.store.peek(m.uri) === m) timed('decorations', () => this.drawModel(m));
    });
  }

  /** An editor scrolled: draws again when it shows text near the edge of what was drawn. */
  private onScroll(editor: vscode.TextEditor): void {
    const model = this.store.peek(editor.document.uri);
    const windows = model && this.windows.get(model.key);
    if (!model || !windows) return;
    const doc = editor.document;
    const inside = editor.visibleRanges.every((r) => {
      const start = Math.max(0, doc.offsetAt(r.start) - DRAW_MARGIN / 2);
      const end = doc.offsetAt(r.end) + DRAW_MARGIN / 2;
      return windows.some(([s, e]) => s <= start && (end <= e || e >= lengthOf(doc)));
    });
    if (!inside) timed('decorations.scroll', () => this.drawModel(model));
  }

  private drawModel(model: DocumentModel): void {
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === model.key);
    if (editors.length === 0) return;
    const windows = windowsOf(editors);
    const ranges = this.rangesOf(model, windows);
    this.windows.set(model.key, windows);
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

  /** The ranges to draw in the given windows of a document: its visible annotations there, by decoration. */
  private rangesOf(model: DocumentModel, windows: readonly [number, number][]): DrawnRanges {
    const out = Object.fromEntries(DECORATION_KEYS.map((k) => [k, [] as [number, number][]])) as DrawnRanges;
    const live = model.live;
    if (!this.enabled || model.tooLarge || !live) return out;
    const settings = this.settings.current;
    for (const [from, to] of windows) {
      for (const a of live.visibleIn(from, to)) {
        const key = decorationKeyOf(a, settings);
        if (key && a.end > a.start) out[key].push([a.start, a.end]);
      }
    }
    if (windows.length > 1) {
      // An annotation across two windows came twice.
      for (const key of DECORATION_KEYS) {
        const list = out[key].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        out[key] = list.filter((r, k) => k === 0 || r[0] !== list[k - 1]![0] || r[1] !== list[k - 1]![1]);
      }
    }
    return out;
  }

  /** A model was dropped (closed, or its language or size setting changed): clear, then draw anew if still shown. */
  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.drawn.delete(key);
    this.windows.delete(key);
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
    if (this.immediate) clearImmediate(this.immediate);
    this.disposeTypes();
    for (const d of this.disposables) d.dispose();
  }
}

/** The offset ranges around what the editors show: their visible ranges, {@link DRAW_MARGIN} either side, merged. */
function windowsOf(editors: readonly vscode.TextEditor[]): [number, number][] {
  const doc = editors[0]!.document;
  const length = lengthOf(doc);
  if (length <= DRAW_WHOLE) return [[0, length]];
  const ranges = editors
    .flatMap((e) => e.visibleRanges)
    .map((r): [number, number] => [
      Math.max(0, doc.offsetAt(r.start) - DRAW_MARGIN),
      Math.min(length, doc.offsetAt(r.end) + DRAW_MARGIN),
    ])
    .sort((a, b) => a[0] - b[0]);
  // An editor not laid out yet has no visible ranges: its first screen.
  if (ranges.length === 0) ranges.push([0, Math.min(length, DRAW_MARGIN)]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([...r]);
  }
  return out;
}

function sameRanges(a: readonly [number, number][], b: readonly [number, number][]): boolean {
  return a.length === b.length && a.every(([s, e], i) => s === b[i]![0] && e === b[i]![1]);
}
