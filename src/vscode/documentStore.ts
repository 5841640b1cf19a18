import * as vscode from 'vscode';
import type { Engine } from '../core/annotate';
import { annotate, toAnnotations } from '../core/annotate';
import type { TextEdit } from '../core/edits';
import { shiftAnnotations } from '../core/edits';
import type { AnnotationState, TextChange } from '../core/incremental';
import type { ScanState } from '../core/model';
import { mergeAnnotations, shiftScanState, updateScan, visibleAnnotations } from '../core/model';
import { sha256Hex } from '../core/sha256';
import { buildSidecar, isPersonalWork, serializeSidecar, SIDECAR_FORMAT } from '../core/sidecar';
import type { Annotation, Problem } from '../core/types';
import type { GlossaryService } from './glossaryService';
import type { SettingsService } from './settings';
import type { SidecarFiles, SidecarRead } from './sidecarFiles';

/** The annotations of one open document, kept in step with its text. */
export interface DocumentModel {
  readonly uri: vscode.Uri;
  readonly key: string;
  /** The document version the annotations belong to (they are shifted through every edit). */
  version: number;
  /** The engine's spans and the prose ranges of the last scan (shifted through later edits). */
  scan: ScanState | undefined;
  /**
   * The incremental annotation state (src/core/incremental.ts) of the text as of the last scan,
   * for the engine and language it was made with; recreated when either changes.
   */
  state: AnnotationState | undefined;
  /** The content changes since the last scan, in order (each applies to the previous result). */
  pending: TextChange[];
  /** Fresh auto annotations. */
  auto: Annotation[];
  /** A person's work: manual annotations, claim reviews, hidden records, orphans. */
  personal: Annotation[];
  /** Auto and personal merged: what the views show (filter with `visibleAnnotations`). */
  merged: Annotation[];
  /** Over the size limit: not annotated. */
  tooLarge: boolean;
  /** The sidecar on disk: missing, usable, or broken (then never overwritten). */
  sidecar: 'missing' | 'ok' | 'broken';
  sidecarProblems: Problem[];
  /** A scan is scheduled. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The file name of a document URI. */
function nameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** An expected failure with a message for the user (shown as-is, not logged as a bug). */
export class UserFacingError extends Error {}

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  txt: 'plaintext',
  text: 'plaintext',
};

/**
 * The per-document model: auto annotations from the engine, plus the personal annotations loaded
 * from the sidecar. Edits shift personal annotations at once; after a short delay the document's
 * incremental annotation state (src/core/incremental.ts) takes the edits, re-scanning only the
 * blocks around them; personal changes and document saves write the sidecar (auto-save).
 */
export class DocumentStore implements vscode.Disposable {
  private readonly models = new Map<string, DocumentModel>();
  private readonly creating = new Map<string, Promise<DocumentModel | undefined>>();
  private readonly allowLarge = new Set<string>();
  private readonly noticed = new Set<string>();
  private readonly writes = new Map<string, Promise<unknown>>();
  private readonly emitter = new vscode.EventEmitter<DocumentModel>();
  private readonly removedEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when a document's annotations changed (after a scan, a personal change, a reload). */
  readonly onDidChange = this.emitter.event;
  /** Fires when a document is no longer annotated (closed, language or size changed). */
  readonly onDidRemove = this.removedEmitter.event;

  constructor(
    private readonly glossary: GlossaryService,
    private readonly sidecars: SidecarFiles,
    private readonly settings: SettingsService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const sidecarWatcher = vscode.workspace.createFileSystemWatcher('**/*.annotations.json');
    this.disposables.push(
      this.emitter,
      this.removedEmitter,
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.drop(doc.uri)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.onSave(doc)),
      glossary.onDidChange(() => this.rescanAll()),
      settings.onDidChange(({ previous, current }) => {
        if (
          previous.languages.join() !== current.languages.join() ||
          previous.maxFileSize !== current.maxFileSize
        ) {
          for (const model of [...this.models.values()]) this.drop(model.uri);
        }
      }),
      sidecarWatcher,
      sidecarWatcher.onDidChange((uri) => this.onSidecarChanged(uri)),
      sidecarWatcher.onDidCreate((uri) => this.onSidecarChanged(uri)),
      sidecarWatcher.onDidDelete((uri) => this.onSidecarChanged(uri)),
    );
  }

  /** The sidecar reader/writer. */
  get sidecarFiles(): SidecarFiles {
    return this.sidecars;
  }

  /** True when this document is annotated (its language is enabled and it is a real text document). */
  isTracked(doc: vscode.TextDocument): boolean {
    return (
      this.settings.isLanguageEnabled(doc.languageId) &&
      !['output', 'git', 'geo-annotator-glossary', 'vscode-scm'].includes(doc.uri.scheme)
    );
  }

  /** The model of a document if it exists already (no work). */
  peek(uri: vscode.Uri): DocumentModel | undefined {
    return this.models.get(uri.toString());
  }

  /** All current models. */
  all(): DocumentModel[] {
    return [...this.models.values()];
  }

  /** The model of a document, created (glossary loaded, sidecar read, text scanned) at first need. */
  async ensure(doc: vscode.TextDocument): Promise<DocumentModel | undefined> {
    if (!this.isTracked(doc)) return undefined;
    const key = doc.uri.toString();
    const existing = this.models.get(key);
    if (existing) return existing;
    let pending = this.creating.get(key);
    if (!pending) {
      pending = this.create(doc).finally(() => this.creating.delete(key));
      this.creating.set(key, pending);
    }
    return pending;
  }

  /** The model with any scheduled scan done now: up to date with the document's text. */
  async flush(doc: vscode.TextDocument): Promise<DocumentModel | undefined> {
    const model = await this.ensure(doc);
    if (model && (model.timer || model.version !== doc.version || !model.scan)) this.rescan(model, doc);
    return model;
  }

  /** Lets a document over the size limit be annotated anyway. */
  async annotateAnyway(doc: vscode.TextDocument): Promise<DocumentModel | undefined> {
    this.allowLarge.add(doc.uri.toString());
    this.drop(doc.uri);
    return this.ensure(doc);
  }

  /**
   * Changes the personal annotations of a document, re-merges, and saves the sidecar when
   * auto-save is on. Refuses while the sidecar on disk is broken (it is never overwritten).
   */
  async updatePersonal(
    doc: vscode.TextDocument,
    change: (personal: Annotation[], model: DocumentModel) => Annotation[],
  ): Promise<DocumentModel> {
    const model = await this.writableModel(
      doc,
      'The sidecar of this document is broken: fix it first, so that nothing in it is lost.',
    );
    model.personal = change([...model.personal], model);
    this.remerge(model);
    this.emitter.fire(model);
    if (this.settings.current.autoSave) await this.save(doc);
    return model;
  }

  /**
   * The model of a document whose sidecar may be written: annotated (its language is on, it is not
   * over the size limit) and with a sidecar that parses. Throws a message for the user otherwise.
   */
  private async writableModel(doc: vscode.TextDocument, brokenMessage: string): Promise<DocumentModel> {
    const model = await this.flush(doc);
    if (!model)
      throw new UserFacingError(
        `Geo Annotator does not annotate ${doc.languageId} documents (setting geoAnnotator.languages).`,
      );
    if (model.tooLarge)
      throw new UserFacingError(
        'This document is over the size limit and not annotated: run "Annotate Anyway" first.',
      );
    if (model.sidecar === 'broken') {
      this.noticeBroken(model, true);
      throw new UserFacingError(brokenMessage);
    }
    return model;
  }

  /** Writes the sidecar of a document now (the export command, auto-save). Returns its URI. */
  async save(doc: vscode.TextDocument): Promise<vscode.Uri> {
    const model = await this.writableModel(
      doc,
      'The sidecar of this document is broken and is left untouched: fix it first.',
    );
    if (!this.sidecars.uriFor(doc.uri))
      throw new UserFacingError('Save the document to a file first: untitled documents have no sidecar.');
    const text = doc.getText();
    const content = serializeSidecar({
      format: SIDECAR_FORMAT,
      document: doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1),
      offsetUnit: 'utf16',
      sha256: sha256Hex(text),
      annotations: model.merged,
    });
    // One write at a time per document, in order.
    const previous = this.writes.get(model.key) ?? Promise.resolve();
    const next = previous.then(
      () => this.sidecars.write(doc.uri, content),
      () => this.sidecars.write(doc.uri, content),
    );
    this.writes.set(model.key, next);
    const uri = await next;
    model.sidecar = 'ok';
    return uri;
  }

  /**
   * The visible annotations of a file, open or not (for Find All References): an open document's
   * model, else the file read from disk, annotated and merged with its sidecar.
   */
  async annotationsOfFile(uri: vscode.Uri): Promise<{ text: string; annotations: Annotation[] } | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      const model = await this.flush(open);
      return model ? { text: open.getText(), annotations: visibleAnnotations(model.merged) } : undefined;
    }
    const extension = uri.path.slice(uri.path.lastIndexOf('.') + 1).toLowerCase();
    const languageId = LANGUAGE_BY_EXTENSION[extension];
    if (!languageId || !this.settings.isLanguageEnabled(languageId)) return undefined;
    let text: string;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.length > this.settings.current.maxFileSize * 3) return undefined;
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
    if (text.length > this.settings.current.maxFileSize) return undefined;
    const engine = await this.glossary.engine();
    const auto = annotate(engine, text, languageId);
    const read = await this.sidecars.read(uri);
    if (read.state !== 'ok') return { text, annotations: auto };
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const { sidecar } = buildSidecar(name, text, auto, read.sidecar);
    return {
      text,
      annotations: visibleAnnotations(mergeAnnotations(auto, sidecar.annotations.filter(isPersonalWork))),
    };
  }

  private async create(doc: vscode.TextDocument): Promise<DocumentModel | undefined> {
    const key = doc.uri.toString();
    const size = doc.getText().length;
    const tooLarge = size > this.settings.current.maxFileSize && !this.allowLarge.has(key);
    const model: DocumentModel = {
      uri: doc.uri,
      key,
      version: doc.version,
      scan: undefined,
      state: undefined,
      pending: [],
      auto: [],
      personal: [],
      merged: [],
      tooLarge,
      sidecar: 'missing',
      sidecarProblems: [],
      timer: undefined,
    };
    if (tooLarge) {
      this.noticeTooLarge(doc, size);
    } else {
      const [engine, read] = await Promise.all([this.glossary.engine(), this.sidecars.read(doc.uri)]);
      if (doc.isClosed || !this.isTracked(doc)) return undefined;
      // Synchronous from here on: the text and version read below belong together.
      const text = doc.getText();
      this.scan(model, engine, text, doc.languageId);
      model.version = doc.version;
      this.applySidecar(model, read, doc, text);
    }
    this.models.set(key, model);
    this.emitter.fire(model);
    return model;
  }

  /** Takes the personal annotations of a freshly read sidecar (re-anchored to the text). */
  private applySidecar(
    model: DocumentModel,
    read: SidecarRead,
    doc: vscode.TextDocument,
    text: string,
  ): void {
    model.sidecar = read.state;
    model.sidecarProblems = read.state === 'missing' ? [] : read.problems;
    if (read.state === 'ok') {
      const name = doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1);
      const { sidecar, orphans } = buildSidecar(name, text, model.auto, read.sidecar);
      model.personal = sidecar.annotations.filter(isPersonalWork);
      if (orphans.length)
        this.log.warn(
          `${doc.uri.toString(true)}: ${orphans.length} annotation(s) could not be re-anchored and are kept as orphans`,
        );
    } else if (read.state === 'broken') {
      model.personal = [];
      this.noticeBroken(model, false);
    }
    this.remerge(model);
  }

  private remerge(model: DocumentModel): void {
    model.merged = mergeAnnotations(model.auto, model.personal);
    model.personal = model.merged.filter(isPersonalWork);
  }

  /**
   * The document changed outside the editor (reloaded from disk after a git pull, a checkout or
   * another tool): the editor's line diff says little about where text moved, so every personal
   * annotation finds its place again by its quote and context (core/anchoring.ts: position, exact
   * quote, then fuzzy), and what cannot be found is kept as an orphan.
   */
  private reanchorExternal(model: DocumentModel, doc: vscode.TextDocument, text: string): Annotation[] {
    const before = model.personal;
    const { sidecar, orphans, approximate } = buildSidecar(nameOf(doc.uri), text, [], {
      format: SIDECAR_FORMAT,
      document: nameOf(doc.uri),
      offsetUnit: 'utf16',
      sha256: '',
      annotations: before,
    });
    const wasOrphan = new Set(before.filter((a) => a.orphaned).map((a) => a.id));
    const newOrphans = orphans.filter((a) => !wasOrphan.has(a.id));
    this.log.info(
      `${doc.uri.toString(true)} changed on disk: ${before.length} personal annotation(s) re-anchored` +
        (approximate.length ? `, ${approximate.length} to changed words` : '') +
        (newOrphans.length ? `, ${newOrphans.length} orphaned (kept)` : ''),
    );
    return sidecar.annotations;
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const model = this.models.get(e.document.uri.toString());
    if (!model || e.contentChanges.length === 0) return;
    if (model.tooLarge) {
      model.version = e.document.version;
      return;
    }
    const edits: TextEdit[] = e.contentChanges.map((c) => ({
      start: c.rangeOffset,
      end: c.rangeOffset + c.rangeLength,
      text: c.text,
    }));
    const text = e.document.getText();
    // A change that leaves the document clean and is no undo or redo is a reload from disk.
    const external = !e.document.isDirty && e.reason === undefined;
    const orphansBefore = model.personal.filter((a) => a.orphaned).length;
    if (external) model.personal = this.reanchorExternal(model, e.document, text);
    else model.personal = shiftAnnotations(model.personal, edits, text).annotations;
    const orphansChanged = model.personal.filter((a) => a.orphaned).length !== orphansBefore;
    model.auto = shiftAnnotations(model.auto, edits, text).annotations.filter((a) => !a.orphaned);
    if (model.scan) model.scan = shiftScanState(model.scan, edits);
    if (model.state) for (const edit of edits) model.pending.push(edit);
    model.version = e.document.version;
    this.remerge(model);
    // The editor moves the drawn decorations itself; only orphans change what the views show.
    if (external || orphansChanged) this.emitter.fire(model);
    if (external) this.rescan(model, e.document);
    else this.schedule(model, e.document);
  }

  private schedule(model: DocumentModel, doc: vscode.TextDocument): void {
    if (model.timer) clearTimeout(model.timer);
    model.timer = setTimeout(() => {
      model.timer = undefined;
      if (this.models.get(model.key) !== model || doc.isClosed) return;
      try {
        this.rescan(model, doc);
      } catch (error) {
        this.log.error(`annotating ${doc.uri.toString(true)} failed`, error);
      }
    }, this.settings.current.debounceMs);
  }

  private rescan(model: DocumentModel, doc: vscode.TextDocument): void {
    if (model.timer) clearTimeout(model.timer);
    model.timer = undefined;
    if (model.tooLarge) return;
    const engine = this.glossary.loadedEngine;
    if (!engine) {
      // A reload is under way: its change event rescans every model.
      return;
    }
    const text = doc.getText();
    this.scan(model, engine, text, doc.languageId);
    model.version = doc.version;
    this.remerge(model);
    this.emitter.fire(model);
  }

  /**
   * Brings the model's annotation state up to `text`: the pending content changes applied
   * incrementally (only the blocks around them are scanned again), or a fresh state when there is
   * none yet or the engine or language changed. Then the auto annotations are made from its spans.
   */
  private scan(model: DocumentModel, engine: Engine, text: string, languageId: string): void {
    const { state, scan } = updateScan(model.state, engine, text, languageId, model.pending);
    model.state = state;
    model.pending = [];
    model.scan = scan;
    model.auto = toAnnotations(text, scan.spans);
  }

  private rescanAll(): void {
    for (const model of this.models.values()) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === model.key);
      if (!doc) continue;
      model.scan = undefined;
      model.state = undefined;
      model.pending = [];
      this.rescan(model, doc);
    }
  }

  private drop(uri: vscode.Uri): void {
    const model = this.models.get(uri.toString());
    if (!model) return;
    if (model.timer) clearTimeout(model.timer);
    this.models.delete(model.key);
    this.removedEmitter.fire(uri);
  }

  private async onSave(doc: vscode.TextDocument): Promise<void> {
    const model = this.models.get(doc.uri.toString());
    if (!model || !this.settings.current.autoSave || model.tooLarge || model.sidecar === 'broken') return;
    // Only documents somebody annotated get a sidecar on save; export writes one for any document.
    if (model.sidecar === 'missing' && model.personal.length === 0) return;
    try {
      await this.save(doc);
    } catch (error) {
      this.report('writing the sidecar failed', error);
    }
  }

  private async onSidecarChanged(sidecarUri: vscode.Uri): Promise<void> {
    const docUri = this.sidecars.documentFor(sidecarUri);
    const model = docUri && this.models.get(docUri.toString());
    if (!docUri || !model) return;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === model.key);
    if (!doc) return;
    const text = await this.sidecars.readText(sidecarUri);
    if (text !== undefined && this.sidecars.isOwnWrite(sidecarUri, text)) return;
    const read =
      text === undefined ? this.sidecars.missing(sidecarUri) : this.sidecars.parse(sidecarUri, text);
    if (read.state === 'missing') {
      // Deleted on disk: the work in memory stays and is written again at the next change.
      model.sidecar = 'missing';
      return;
    }
    this.log.info(`${sidecarUri.toString(true)} changed on disk: reloading its annotations`);
    const current = await this.flush(doc);
    if (current !== model) return;
    this.applySidecar(model, read, doc, doc.getText());
    this.emitter.fire(model);
  }

  private noticeTooLarge(doc: vscode.TextDocument, size: number): void {
    const key = doc.uri.toString();
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    const limit = this.settings.current.maxFileSize;
    void vscode.window
      .showInformationMessage(
        `Geo Annotator: this document has ${size.toLocaleString('en')} characters, over the limit of ${limit.toLocaleString('en')} (setting geoAnnotator.maxFileSize), so it is not annotated.`,
        'Annotate Anyway',
      )
      .then((choice) => {
        if (choice)
          void vscode.commands.executeCommand('geoAnnotator.annotateAnyway', { uri: doc.uri.toString() });
      });
  }

  private noticeBroken(model: DocumentModel, force: boolean): void {
    const key = `broken:${model.key}`;
    if (this.noticed.has(key) && !force) return;
    this.noticed.add(key);
    const first = model.sidecarProblems.find((p) => p.severity === 'error');
    const where = first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : '';
    void vscode.window
      .showErrorMessage(
        `Geo Annotator: the sidecar of ${model.uri.path.slice(model.uri.path.lastIndexOf('/') + 1)} is not valid${where}. It is left untouched, and reviews of this document are not saved until it is fixed.`,
        'Open Sidecar',
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('geoAnnotator.openSidecar', { uri: model.key });
      });
  }

  private report(what: string, error: unknown): void {
    if (error instanceof UserFacingError) {
      void vscode.window.showErrorMessage(`Geo Annotator: ${error.message}`);
      return;
    }
    this.log.error(what, error);
    void vscode.window.showErrorMessage(
      `Geo Annotator: ${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  dispose(): void {
    for (const model of this.models.values()) if (model.timer) clearTimeout(model.timer);
    for (const d of this.disposables) d.dispose();
  }
}
