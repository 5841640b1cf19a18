import { createHash } from 'crypto';
import * as vscode from 'vscode';
import type { Engine } from '../core/annotate';
import { annotate, toAnnotations } from '../core/annotate';
import { flatText } from '../core/edits';
import type { TextChange } from '../core/incremental';
import type { Steps } from '../core/steps';
import { allSpans } from '../core/incremental';
import { LiveDocument, mergeAnnotations, visibleAnnotations } from '../core/model';
import { isPersonalWork, placeAnnotations, serializeSidecarSteps, SIDECAR_FORMAT } from '../core/sidecar';
import type { Annotation, Problem } from '../core/types';
import type { GlossaryService } from './glossaryService';
import type { SettingsService } from './settings';
import type { EncodedSidecar, SidecarFiles, SidecarRead } from './sidecarFiles';
import { inSlices } from './slices';
import { timed } from './taskTimes';

/**
 * Where the annotation a command argument names was shown: its `offset`, or the start of a view
 * node's annotation (see DocumentModel.find).
 */
export function shownAt(args: { offset?: number; annotation?: { start?: unknown } }): number | undefined {
  if (args.offset !== undefined) return args.offset;
  const start = args.annotation?.start;
  return typeof start === 'number' ? start : undefined;
}

/** The annotations of one open document, kept in step with its text. */
export class DocumentModel {
  /** The document version the annotations belong to (personal ones follow every edit at once). */
  version: number;
  /**
   * The live annotations (src/core/model.ts): the engine's spans in the incremental state, the
   * edits not scanned yet, a person's work. Undefined while the document is over the size limit.
   */
  live: LiveDocument | undefined;
  /** Over the size limit: not annotated. */
  tooLarge: boolean;
  /** The sidecar on disk: missing, usable, or broken (then never overwritten). */
  sidecar: 'missing' | 'ok' | 'broken' = 'missing';
  sidecarProblems: Problem[] = [];
  /** A scan is scheduled (the debounce, see DocumentStore.schedule). */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** A new scan of the whole text runs in slices (see DocumentStore.rescan). */
  rescanning = false;
  /**
   * A change that left the document clean came in (a reload from disk, or the first keystroke
   * after a save, before the editor reports the document dirty): the personal annotations before
   * it, to re-anchor if the document is still clean when the scan runs.
   */
  reload: Annotation[] | undefined;
  /** When the document was last edited (Date.now()), and a sidecar write waiting for a pause. */
  editedAt = 0;
  saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles such a change now (set by the store): before the whole list is read. */
  settleReload: (() => void) | undefined;

  constructor(
    readonly uri: vscode.Uri,
    readonly key: string,
    version: number,
    tooLarge: boolean,
  ) {
    this.version = version;
    this.tooLarge = tooLarge;
  }

  /**
   * Every annotation, auto and personal merged (with hidden records and orphans: filter with
   * `visibleAnnotations`). Built when first asked for after a change (O(document)): views and
   * decorations use the cheaper queries of `live` instead.
   */
  get merged(): Annotation[] {
    if (this.reload) this.settleReload?.();
    return this.live?.merged() ?? [];
  }

  /**
   * The annotation with this id: looked for first among the visible ones at `near` (an offset it
   * covered when it was shown: made whole there, without the merged list, which costs a pass over
   * the document), else in the merged list.
   */
  find(id: string, near?: number): Annotation | undefined {
    if (this.reload) this.settleReload?.();
    const live = this.live;
    if (live && near !== undefined) {
      for (const a of live.annotationsAt(near)) {
        const whole = live.materialize(a);
        if (whole.id === id) return whole;
      }
    }
    return this.merged.find((a) => a.id === id);
  }

  /** A person's work: manual annotations, claim reviews, hidden records, orphans. */
  get personal(): Annotation[] {
    return this.live?.personal ?? [];
  }

  /** Edits not scanned yet, or a scan scheduled. */
  get dirty(): boolean {
    return (
      this.timer !== undefined ||
      this.rescanning ||
      this.reload !== undefined ||
      (this.live?.pending.length ?? 0) > 0
    );
  }
}

/** Documents longer than this (characters) get their sidecar written after a pause rather than at each auto-save. */
const IDLE_SAVE_CHARS = 1_000_000;
const SAVE_IDLE_MS = 5000;

/** The length of a document's text, without copying it (`getText()` joins every line). */
export function lengthOf(doc: vscode.TextDocument): number {
  return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}

/** The file name of a document URI. */
function nameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** Documents longer than this (characters) are scanned whole again in slices (see DocumentStore.rescan). */
const SLICED_SCAN_CHARS = 1 << 18;

/** The sidecar of a live document, in steps: its merged annotations, the text's digest, the JSON in UTF-8. */
function* sidecarSteps(live: LiveDocument, document: string): Steps<EncodedSidecar> {
  const { text, merged } = yield* live.snapshotSteps();
  // The digest of the UTF-8 text, a megabyte at a time (never between the halves of a surrogate pair).
  const hash = createHash('sha256');
  for (let from = 0; from < text.length;) {
    let to = Math.min(text.length, from + (1 << 20));
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to++;
    hash.update(text.slice(from, to), 'utf8');
    from = to;
    yield;
  }
  const parts = yield* serializeSidecarSteps({
    format: SIDECAR_FORMAT,
    document,
    offsetUnit: 'utf16',
    sha256: hash.digest('hex'),
    annotations: merged,
  });
  // Each part encoded and digested apart (no string of the whole file is ever built).
  const encoder = new TextEncoder();
  const sha1 = createHash('sha1');
  const bytes: Uint8Array[] = [];
  for (const part of parts) {
    const encoded = encoder.encode(part);
    sha1.update(encoded);
    bytes.push(encoded);
    yield;
  }
  return { bytes: Buffer.concat(bytes), digest: sha1.digest('hex') };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

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
 * from the sidecar (core/model.ts LiveDocument). An edit costs no copy of the document: the text
 * and the personal annotations follow at once; after the debounce the incremental annotation
 * state takes the edits (re-scanning only the blocks around them) and the views are told.
 * Personal changes and document saves write the sidecar (auto-save).
 */
export class DocumentStore implements vscode.Disposable {
  private readonly models = new Map<string, DocumentModel>();
  private readonly creating = new Map<string, Promise<DocumentModel | undefined>>();
  /** The edits made to each document while its first scan runs. */
  private readonly loading = new Map<string, TextChange[]>();
  private readonly allowLarge = new Set<string>();
  private readonly noticed = new Set<string>();
  private readonly writes = new Map<string, Promise<unknown>>();
  /** Why each document is being saved (from onWillSave, read at onDidSave). */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  /** Who waits for a model's scheduled scan (see settled). */
  private readonly waiting = new Map<string, (() => void)[]>();
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
      vscode.workspace.onDidChangeTextDocument((e) => timed('edit', () => this.onEdit(e))),
      vscode.workspace.onDidCloseTextDocument((doc) => this.drop(doc.uri)),
      vscode.workspace.onWillSaveTextDocument((e) =>
        this.saveReasons.set(e.document.uri.toString(), e.reason),
      ),
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
    if (model && !model.tooLarge && (model.dirty || model.version !== doc.version)) this.rescan(model, doc);
    return model;
  }

  /**
   * Resolves when the model has no edits waiting for their scan (at once if it has none): for
   * what needs the spans up to date but should not scan in its own task (a light bulb asked for
   * while typing waits for the debounced scan instead).
   */
  settled(model: DocumentModel): Promise<void> {
    if (!model.dirty || this.models.get(model.key) !== model) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiting.get(model.key) ?? [];
      list.push(resolve);
      this.waiting.set(model.key, list);
    });
  }

  private release(key: string): void {
    const list = this.waiting.get(key);
    this.waiting.delete(key);
    for (const resolve of list ?? []) resolve();
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
    model.live!.setPersonal(change([...model.personal], model));
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
    // Built in slices (a 10 MB document has some 270,000 annotations: seconds of work), from the
    // document as it stood when the save began.
    if (model.reload) model.settleReload?.();
    const content = inSlices(sidecarSteps(model.live!, nameOf(doc.uri)), (slice) => timed('sidecar', slice));
    // One write at a time per document, in the order the saves began.
    const previous = this.writes.get(model.key) ?? Promise.resolve();
    const next = previous
      .then(
        () => content,
        () => content,
      )
      .then((text) => this.sidecars.write(doc.uri, text));
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
      if (!model) return undefined;
      const annotations = visibleAnnotations(model.merged);
      return { text: model.live ? flatText(model.live.state.text) : open.getText(), annotations };
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
    const { annotations } = placeAnnotations(text, auto, read.sidecar);
    return {
      text,
      annotations: visibleAnnotations(mergeAnnotations(auto, annotations.filter(isPersonalWork))),
    };
  }

  private async create(doc: vscode.TextDocument): Promise<DocumentModel | undefined> {
    const key = doc.uri.toString();
    const size = lengthOf(doc);
    const tooLarge = size > this.settings.current.maxFileSize && !this.allowLarge.has(key);
    const model = new DocumentModel(doc.uri, key, doc.version, tooLarge);
    model.settleReload = () => this.settleReload(model, doc);
    if (tooLarge) {
      this.noticeTooLarge(doc, size);
    } else {
      const [engine, read] = await Promise.all([this.glossary.engine(), this.sidecars.read(doc.uri)]);
      if (doc.isClosed || !this.isTracked(doc)) return undefined;
      // The first scan of a large document runs in slices (the editor stays responsive); the
      // edits made meanwhile are kept and applied to the model when it is ready.
      const text = doc.getText();
      const edits: TextChange[] = [];
      this.loading.set(key, edits);
      let live: LiveDocument;
      try {
        live = await inSlices(LiveDocument.build(engine, text, doc.languageId), (step) =>
          timed('scan.full', step),
        );
      } finally {
        this.loading.delete(key);
      }
      if (doc.isClosed || !this.isTracked(doc)) return undefined;
      model.live = live;
      this.applySidecar(model, read, doc, text);
      if (edits.length > 0) {
        live.edit(edits);
        this.schedule(model, doc);
      }
      model.version = doc.version;
      // The glossary changed during the scan: annotate again with the new one.
      if (this.glossary.loadedEngine !== engine) this.schedule(model, doc);
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
    const live = model.live!;
    if (read.state === 'ok') {
      live.sync();
      const auto = toAnnotations(flatText(live.state.text), allSpans(live.state));
      const { annotations, orphans } = placeAnnotations(text, auto, read.sidecar);
      live.setPersonal(annotations.filter(isPersonalWork));
      if (orphans.length)
        this.log.warn(
          `${doc.uri.toString(true)}: ${orphans.length} annotation(s) could not be re-anchored and are kept as orphans`,
        );
    } else if (read.state === 'broken') {
      live.setPersonal([]);
      this.noticeBroken(model, false);
    }
  }

  /**
   * The document changed outside the editor (reloaded from disk after a git pull, a checkout or
   * another tool): the editor's line diff says little about where text moved, so every personal
   * annotation finds its place again by its quote and context (core/anchoring.ts: position, exact
   * quote, then fuzzy), and what cannot be found is kept as an orphan.
   */
  private reanchorExternal(before: Annotation[], doc: vscode.TextDocument, text: string): Annotation[] {
    const { annotations, orphans, approximate } = placeAnnotations(text, [], {
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
    return annotations;
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const model = this.models.get(e.document.uri.toString());
    const loading = this.loading.get(e.document.uri.toString());
    if (loading && !model) {
      for (const c of e.contentChanges)
        loading.push({ start: c.rangeOffset, end: c.rangeOffset + c.rangeLength, text: c.text });
      return;
    }
    if (!model || e.contentChanges.length === 0) return;
    model.version = e.document.version;
    model.editedAt = Date.now();
    const live = model.live;
    if (model.tooLarge || !live) return;
    const changes: TextChange[] = e.contentChanges.map((c) => ({
      start: c.rangeOffset,
      end: c.rangeOffset + c.rangeLength,
      text: c.text,
    }));
    // A change that leaves the document clean and is no undo or redo may be a reload from disk;
    // the first keystroke after a save looks the same until the editor reports the document
    // dirty, so this is decided when the scan runs (see settleReload).
    if (!e.document.isDirty && e.reason === undefined) model.reload ??= live.personal;
    const orphansBefore = live.personal.filter((a) => a.orphaned).length;
    // The text and the personal annotations follow at once (no copy of the document); the spans
    // at the next scan.
    live.edit(changes);
    const orphansChanged = live.personal.filter((a) => a.orphaned).length !== orphansBefore;
    if (live.text.length !== lengthOf(e.document)) {
      // Never expected: the changes did not add up to the document. Start again from its text.
      this.log.warn(`${e.document.uri.toString(true)}: lost track of the text; annotating it again`);
      live.reset(e.document.getText());
    }
    // The editor moves the drawn decorations itself; only orphans change what the views show.
    if (orphansChanged) this.emitter.fire(model);
    this.schedule(model, e.document);
  }

  /**
   * A change that left the document clean is a reload from disk when the document is still clean:
   * the editor's line diff says little about where text moved, so the personal annotations from
   * before it find their places again by quote and context (reanchorExternal).
   */
  private settleReload(model: DocumentModel, doc: vscode.TextDocument): void {
    const before = model.reload;
    model.reload = undefined;
    if (!before || doc.isDirty || !model.live || before.length === 0) return;
    model.live.setPersonal(this.reanchorExternal(before, doc, doc.getText()));
  }

  /**
   * Scans after the debounce: brings the spans up to date (reading only the text around the
   * edits: no copy of the document) and tells the views. An edit in between starts the debounce
   * again.
   */
  private schedule(model: DocumentModel, doc: vscode.TextDocument): void {
    if (model.timer) clearTimeout(model.timer);
    model.timer = setTimeout(() => {
      model.timer = undefined;
      if (this.models.get(model.key) !== model || doc.isClosed) return;
      try {
        timed('rescan', () => this.rescan(model, doc));
      } catch (error) {
        this.log.error(`annotating ${doc.uri.toString(true)} failed`, error);
      }
    }, this.settings.current.debounceMs);
  }

  /** Brings the model up to the document now (the pending edits, or a new engine or language) and tells the views. */
  private rescan(model: DocumentModel, doc: vscode.TextDocument): void {
    if (model.timer) clearTimeout(model.timer);
    model.timer = undefined;
    if (model.tooLarge || !model.live) return this.release(model.key);
    const engine = this.glossary.loadedEngine;
    if (!engine) {
      // A reload is under way: its change event rescans every model.
      return this.release(model.key);
    }
    this.settleReload(model, doc);
    if (
      lengthOf(doc) > SLICED_SCAN_CHARS &&
      (model.rescanning || model.live.needsRescan(engine, doc.languageId))
    ) {
      // A new scan of a large document (a new glossary, Markdown structure edited) runs in slices;
      // it applies the edits made meanwhile itself, then the views are told.
      if (!model.rescanning) void this.rescanInSlices(model, doc, engine);
      return;
    }
    const started = performance.now();
    if (model.live.sync(engine, doc.languageId)) {
      const ms = performance.now() - started;
      const scan = model.live.lastScan;
      // A long one is worth a line: a full scan (Markdown structure edited, a new glossary) or
      // names redone everywhere (a name found by its cue appeared or went).
      if (ms > 250)
        this.log.info(
          `${doc.uri.toString(true)}: annotations brought up to date in ${Math.round(ms)} ms` +
            (scan?.full ? ' (full scan)' : scan?.namesRedone ? ' (names redone everywhere)' : ''),
        );
    }
    model.version = doc.version;
    this.emitter.fire(model);
    this.release(model.key);
  }

  private async rescanInSlices(
    model: DocumentModel,
    doc: vscode.TextDocument,
    engine: Engine,
  ): Promise<void> {
    model.rescanning = true;
    const started = performance.now();
    try {
      await inSlices(model.live!.rescan(engine, doc.languageId), (slice) => timed('scan.full', slice));
      this.log.info(
        `${doc.uri.toString(true)}: annotated again in slices (full scan) in ${Math.round(performance.now() - started)} ms`,
      );
    } catch (error) {
      this.log.error(`annotating ${doc.uri.toString(true)} failed`, error);
    } finally {
      model.rescanning = false;
    }
    if (this.models.get(model.key) !== model || doc.isClosed) return;
    model.version = doc.version;
    this.emitter.fire(model);
    this.release(model.key);
  }

  private rescanAll(): void {
    for (const model of this.models.values()) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === model.key);
      if (!doc) continue;
      // A new engine: the model's sync scans the whole text again.
      this.rescan(model, doc);
    }
  }

  private drop(uri: vscode.Uri): void {
    const model = this.models.get(uri.toString());
    if (!model) return;
    if (model.timer) clearTimeout(model.timer);
    if (model.saveTimer) clearTimeout(model.saveTimer);
    this.models.delete(model.key);
    this.release(model.key);
    this.removedEmitter.fire(uri);
  }

  private async onSave(doc: vscode.TextDocument): Promise<void> {
    const model = this.models.get(doc.uri.toString());
    // A save explains a clean document: the edits before it were typed, not a reload from disk
    // (auto-save can save again before their scan runs; see onEdit).
    if (model) model.reload = undefined;
    if (!model || !this.settings.current.autoSave || model.tooLarge || model.sidecar === 'broken') return;
    // Only documents somebody annotated get a sidecar on save; export writes one for any document.
    if (model.sidecar === 'missing' && model.personal.length === 0) return;
    const reason = this.saveReasons.get(model.key);
    this.saveReasons.delete(model.key);
    if (reason === vscode.TextDocumentSaveReason.AfterDelay && lengthOf(doc) > IDLE_SAVE_CHARS) {
      // Auto-save (code-server's default) saves at every pause in typing; a large document's
      // sidecar (every annotation: tens of MB, seconds to write) waits for a longer pause. A
      // person's work is written when it changes, whatever this: only the offsets lag.
      this.saveWhenIdle(model, doc);
      return;
    }
    await this.saveNow(doc);
  }

  private async saveNow(doc: vscode.TextDocument): Promise<void> {
    try {
      await this.save(doc);
    } catch (error) {
      this.report('writing the sidecar failed', error);
    }
  }

  /** Writes the sidecar after SAVE_IDLE_MS without edits, if the document is still saved then (else its next save will). */
  private saveWhenIdle(model: DocumentModel, doc: vscode.TextDocument): void {
    if (model.saveTimer) clearTimeout(model.saveTimer);
    const due = Date.now() + SAVE_IDLE_MS;
    model.saveTimer = setTimeout(() => {
      model.saveTimer = undefined;
      if (this.models.get(model.key) !== model || doc.isClosed || doc.isDirty) return;
      // Late (the extension host was busy: edits may be waiting behind this timer), or edited
      // since: wait for another pause.
      if (Date.now() - due > 250 || Date.now() - model.editedAt < SAVE_IDLE_MS)
        return this.saveWhenIdle(model, doc);
      void this.saveNow(doc);
    }, SAVE_IDLE_MS);
  }

  private async onSidecarChanged(sidecarUri: vscode.Uri): Promise<void> {
    const docUri = this.sidecars.documentFor(sidecarUri);
    const model = docUri && this.models.get(docUri.toString());
    if (!docUri || !model) return;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === model.key);
    if (!doc) return;
    // Our own writes come back here too: they are told apart from the bytes, without decoding them.
    const bytes = await this.sidecars.readBytes(sidecarUri);
    if (bytes !== undefined && (await this.sidecars.isOwnWrite(sidecarUri, bytes))) return;
    const read =
      bytes === undefined
        ? this.sidecars.missing(sidecarUri)
        : this.sidecars.parse(sidecarUri, new TextDecoder().decode(bytes));
    if (read.state === 'missing') {
      // Deleted on disk: the work in memory stays and is written again at the next change.
      model.sidecar = 'missing';
      return;
    }
    this.log.info(`${sidecarUri.toString(true)} changed on disk: reloading its annotations`);
    const current = await this.flush(doc);
    if (current !== model) return;
    // The model is up to date (flushed above): its text is the document's.
    this.applySidecar(model, read, doc, model.live ? flatText(model.live.state.text) : doc.getText());
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
    for (const model of this.models.values()) {
      if (model.timer) clearTimeout(model.timer);
      if (model.saveTimer) clearTimeout(model.saveTimer);
    }
    for (const d of this.disposables) d.dispose();
  }
}
