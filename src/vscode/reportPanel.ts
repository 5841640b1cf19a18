import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { visibleAnnotations } from '../core/model';
import type {
  ClaimRow,
  ClaimsReport,
  ReportDocument,
  ReportDocumentSummary,
  ReportFilter,
  ReportScope,
} from '../core/report';
import {
  buildReport,
  claimRows,
  filterRows,
  rowsToClaimReview,
  rowsToCsv,
  summarise,
  summariseDocument,
} from '../core/report';
import { CLAIM_STATUSES } from '../core/types';
import type { DocumentStore } from './documentStore';
import { UserFacingError } from './documentStore';
import type { GlossaryService } from './glossaryService';
import type { SettingsService } from './settings';

/** The export formats: CSV, schema.org ClaimReview JSON-LD, or the report's own JSON. */
export type ExportFormat = 'csv' | 'claimreview' | 'json';
const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'claimreview', 'json'];

/** The webview panel's view type. */
export const REPORT_VIEW_TYPE = 'geoAnnotator.claimsReport';

/** Files the workspace report reads (the languages the extension annotates by default). */
const WORKSPACE_GLOB = '**/*.{md,markdown,mdx,txt,text}';
const WORKSPACE_EXCLUDE = '{**/node_modules/**,**/.git/**,**/.work/**,**/dist/**,**/out/**}';
const MAX_WORKSPACE_FILES = 500;

/** What the panel shows: the tests read it through the extension API. */
export interface ClaimsReportState {
  scope: ReportScope;
  /** The document of the document scope (URI string). */
  document?: string;
  filter: Required<ReportFilter>;
  report: ClaimsReport;
  /** The rows that pass the filter. */
  visible: ClaimRow[];
  /** Bumped at every rebuild. */
  version: number;
  /** How many rows the webview last rendered, and for which version (-1: not yet). */
  rendered: { rows: number; version: number };
  /** The HTML of the webview (its content security policy, for tests). */
  html: string;
}

/** Messages from the webview (media/report/report.js). */
type WebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; document: string; id: string; start?: number; end?: number }
  | { type: 'scope'; scope: ReportScope }
  | { type: 'filter'; status?: string; entity?: string }
  | { type: 'export'; format: ExportFormat }
  | { type: 'rendered'; rows: number; version: number };

/** Options of an export. */
export interface ExportOptions {
  document?: vscode.TextDocument;
  scope?: ReportScope;
  format?: ExportFormat;
  target?: vscode.Uri;
  filter?: ReportFilter;
}

function nonce(): string {
  return randomBytes(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

/** The webview's HTML: a strict content security policy, the styles and the script from media/report. */
export function reportHtml(webview: vscode.Webview, mediaRoot: vscode.Uri): string {
  const n = nonce();
  const css = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'report.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'report.js'));
  const statusOptions = CLAIM_STATUSES.map(
    (s) => `<option value="${s}">${s[0]!.toUpperCase()}${s.slice(1)}</option>`,
  ).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}">
<title>Claims Report</title>
</head>
<body>
<header class="toolbar">
  <h1 id="title">Claims</h1>
  <fieldset class="scope" aria-label="Scope">
    <label><input type="radio" name="scope" value="document" checked> This document</label>
    <label><input type="radio" name="scope" value="workspace"> Workspace</label>
  </fieldset>
  <label>Status
    <select id="status">
      <option value="all">All statuses</option>
      <option value="reviewed">Reviewed (any verdict)</option>
      ${statusOptions}
    </select>
  </label>
  <label>Entity
    <select id="entity"><option value="all">All actors and places</option></select>
  </label>
  <span class="spacer"></span>
  <button id="export-csv" type="button" title="Export the listed claims as CSV">Export CSV</button>
  <button id="export-claimreview" type="button" title="Export the reviewed claims as schema.org ClaimReview JSON-LD">Export ClaimReview</button>
</header>
<p id="summary" class="summary" aria-live="polite"></p>
<div class="table-wrap">
<table id="claims">
  <thead>
    <tr>
      <th class="col-document" scope="col">Document</th>
      <th scope="col">Claim</th>
      <th scope="col">Value</th>
      <th scope="col">Status</th>
      <th scope="col">Sources</th>
      <th scope="col">Reviewer</th>
      <th scope="col">Actors and places</th>
      <th scope="col">Checks</th>
    </tr>
  </thead>
  <tbody id="rows"></tbody>
</table>
</div>
<p id="empty" class="empty" hidden>No claims match.</p>
<script nonce="${n}" src="${js.toString()}"></script>
</body>
</html>`;
}

/**
 * The claims report: a webview panel listing every claim of the current document or of the
 * workspace, kept up to date as reviews change; and its exports (CSV, ClaimReview JSON-LD, JSON).
 */
export class ClaimsReportController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly mediaRoot: vscode.Uri;
  private scope: ReportScope = 'document';
  private document: vscode.Uri | undefined;
  private filter: Required<ReportFilter> = { status: 'all', entity: 'all' };
  private current: ClaimsReportState | undefined;
  private version = 0;
  private rendered = { rows: -1, version: -1 };
  private html = '';
  /** Workspace scope: rows and summary per document key, rebuilt one document at a time. */
  private readonly cache = new Map<string, { rows: ClaimRow[]; summary: ReportDocumentSummary }>();
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private building: Promise<void> = Promise.resolve();

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: DocumentStore,
    private readonly glossary: GlossaryService,
    private readonly settings: SettingsService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media', 'report');
    this.disposables.push(
      store.onDidChange((model) => this.changed(model.key)),
      glossary.onDidChange(() => this.changed()),
      settings.onDidChange(({ previous, current }) => {
        if (previous.articleDate !== current.articleDate) this.changed();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!this.panel || this.scope !== 'document' || !editor) return;
        if (!this.store.isTracked(editor.document)) return;
        if (editor.document.uri.toString() === this.document?.toString()) return;
        this.document = editor.document.uri;
        this.changed();
      }),
    );
  }

  /** The panel's current model, or undefined while it is closed. */
  state(): ClaimsReportState | undefined {
    return this.panel ? this.current : undefined;
  }

  /** Opens (or shows) the panel on a document, the active one by default, or on the workspace. */
  async open(
    options: { document?: vscode.TextDocument; scope?: ReportScope } = {},
  ): Promise<ClaimsReportState> {
    const doc = options.document ?? this.activeDocument();
    if (doc) this.document = doc.uri;
    if (options.scope) this.scope = options.scope;
    if (this.scope === 'document' && !this.document)
      throw new UserFacingError('Open a Markdown or text document first, or choose the workspace scope.');
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        REPORT_VIEW_TYPE,
        'Claims Report',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [this.mediaRoot], enableFindWidget: true },
      );
      panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, '..', 'activity-bar.svg');
      this.panel = panel;
      this.rendered = { rows: -1, version: -1 };
      this.html = reportHtml(panel.webview, this.mediaRoot);
      panel.webview.html = this.html;
      this.panelDisposables = [
        panel.onDidDispose(() => this.closed()),
        panel.webview.onDidReceiveMessage((message: unknown) =>
          this.handleMessage(message).catch((error: unknown) => this.report(error)),
        ),
      ];
    } else {
      this.panel.reveal(undefined, true);
    }
    this.cache.clear();
    await this.rebuild();
    return this.current!;
  }

  /** Handles a message as the webview sends it (also for tests, through the extension API). */
  async handleMessage(message: unknown): Promise<unknown> {
    if (!message || typeof message !== 'object' || typeof (message as { type?: unknown }).type !== 'string')
      return undefined;
    const m = message as WebviewMessage;
    switch (m.type) {
      case 'ready':
        this.post();
        return true;
      case 'rendered':
        this.rendered = { rows: Number(m.rows), version: Number(m.version) };
        if (this.current) this.current.rendered = this.rendered;
        return true;
      case 'scope':
        if (m.scope !== 'document' && m.scope !== 'workspace') return undefined;
        if (m.scope === 'document' && !this.document) return undefined;
        this.scope = m.scope;
        this.cache.clear();
        await this.rebuild();
        return this.current?.scope;
      case 'filter': {
        const status = m.status ?? this.filter.status;
        this.filter = {
          status: ['all', 'reviewed', ...CLAIM_STATUSES].includes(status)
            ? (status as ReportFilter['status'] & string)
            : 'all',
          entity: m.entity ?? this.filter.entity,
        };
        if (this.current) {
          this.current.filter = { ...this.filter };
          this.current.visible = filterRows(this.current.report.rows, this.filter);
        }
        return this.current?.visible.length;
      }
      case 'export':
        if (!EXPORT_FORMATS.includes(m.format)) return undefined;
        return this.export({
          scope: this.scope,
          format: m.format,
          filter: this.filter,
          ...(this.scope === 'document' && this.document
            ? { document: await vscode.workspace.openTextDocument(this.document) }
            : {}),
        });
      case 'reveal':
        return this.reveal(m.document, m.id, m.start, m.end);
    }
    return undefined;
  }

  /**
   * Exports claims: of a document, the active one or the workspace; as CSV, ClaimReview JSON-LD or
   * JSON; to `target`, else to a file picked in a save dialog. Returns the file written.
   */
  async export(options: ExportOptions = {}): Promise<vscode.Uri | undefined> {
    const scope = options.scope ?? (options.document ? 'document' : this.panel ? this.scope : 'document');
    let docUri = options.document?.uri;
    if (scope === 'document' && !docUri) docUri = this.activeDocument()?.uri ?? this.document;
    if (scope === 'document' && !docUri)
      throw new UserFacingError('Open a Markdown or text document first, or export the workspace.');
    let format = options.format;
    if (!format) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: 'CSV', description: 'one row per claim, for spreadsheets', format: 'csv' as const },
          {
            label: 'ClaimReview JSON-LD',
            description: 'schema.org, one ClaimReview per reviewed claim',
            format: 'claimreview' as const,
          },
          { label: 'JSON', description: 'the report as this extension builds it', format: 'json' as const },
        ],
        { title: 'Export the claims report as' },
      );
      if (!picked) return undefined;
      format = picked.format;
    }
    if (!EXPORT_FORMATS.includes(format)) throw new UserFacingError(`Unknown export format “${format}”.`);
    const { report, docs } = await this.collect(scope, docUri);
    const rows = filterRows(report.rows, options.filter ?? {});
    const content =
      format === 'csv'
        ? rowsToCsv(rows)
        : JSON.stringify(
            format === 'claimreview' ? rowsToClaimReview(rows, docs, report.documents) : { ...report, rows },
            null,
            2,
          ) + '\n';
    let target = options.target;
    if (!target) {
      const base =
        scope === 'document' && docUri
          ? docUri.path.slice(docUri.path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '')
          : 'workspace';
      const extension = format === 'csv' ? 'csv' : 'json';
      const name = `${base}.${format === 'claimreview' ? 'claimreview' : 'claims'}.${extension}`;
      const folder =
        docUri && docUri.scheme === 'file'
          ? vscode.Uri.joinPath(docUri, '..')
          : vscode.workspace.workspaceFolders?.[0]?.uri;
      target = await vscode.window.showSaveDialog({
        title: 'Export the claims report',
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
        filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON-LD': ['json', 'jsonld'] },
      });
      if (!target) return undefined;
      const written = target;
      await vscode.workspace.fs.writeFile(written, new TextEncoder().encode(content));
      void vscode.window
        .showInformationMessage(
          `Geo Annotator: exported ${format === 'claimreview' ? rows.filter((r) => r.status !== 'unreviewed').length : rows.length} claims to ${vscode.workspace.asRelativePath(written)}.`,
          'Open',
        )
        .then((choice) => {
          if (choice) void vscode.window.showTextDocument(written);
        });
      return written;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    return target;
  }

  private activeDocument(): vscode.TextDocument | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor && this.store.isTracked(editor.document) ? editor.document : undefined;
  }

  /** Builds the report now, from the documents' current text and annotations. */
  private async collect(
    scope: ReportScope,
    document: vscode.Uri | undefined,
  ): Promise<{ report: ClaimsReport; docs: ReportDocument[] }> {
    const glossary = await this.glossary.load();
    const fallback = this.settings.current.articleDate;
    const docs: ReportDocument[] = [];
    const uris = scope === 'document' ? (document ? [document] : []) : await this.workspaceFiles();
    for (const uri of uris) {
      const doc = await this.input(uri);
      if (doc) docs.push(doc);
    }
    return { report: buildReport(scope, docs, glossary, fallback), docs };
  }

  /** A document's text and annotations: an open document's live model, else the file on disk. */
  private async input(uri: vscode.Uri): Promise<ReportDocument | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const name = vscode.workspace.getWorkspaceFolder(uri)
      ? vscode.workspace.asRelativePath(uri, false)
      : uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if (open) {
      const model = await this.store.flush(open);
      if (!model) return undefined;
      return {
        document: uri.toString(),
        name,
        text: open.getText(),
        annotations: visibleAnnotations(model.merged),
      };
    }
    const file = await this.store.annotationsOfFile(uri);
    return file && { document: uri.toString(), name, text: file.text, annotations: file.annotations };
  }

  /** The workspace's Markdown and text files, and open untitled documents, sorted by path. */
  private async workspaceFiles(): Promise<vscode.Uri[]> {
    const files = await vscode.workspace.findFiles(WORKSPACE_GLOB, WORKSPACE_EXCLUDE, MAX_WORKSPACE_FILES);
    const seen = new Set(files.map((f) => f.toString()));
    for (const doc of vscode.workspace.textDocuments)
      if (this.store.isTracked(doc) && doc.uri.scheme === 'untitled' && !seen.has(doc.uri.toString()))
        files.push(doc.uri);
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Something changed (one document, or everything): rebuild soon, while the panel is open. */
  private changed(key?: string): void {
    if (!this.panel) return;
    if (key === undefined) this.cache.clear();
    else if (this.scope === 'document' && key !== this.document?.toString()) return;
    else this.pending.add(key);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.rebuild();
    }, 100);
  }

  /** Rebuilds the model (serialised: one build at a time) and posts it to the webview. */
  private rebuild(): Promise<void> {
    this.building = this.building.then(() => this.doRebuild()).catch((error: unknown) => this.report(error));
    return this.building;
  }

  private async doRebuild(): Promise<void> {
    if (!this.panel) return;
    const glossary = await this.glossary.load();
    const fallback = this.settings.current.articleDate;
    let report: ClaimsReport;
    if (this.scope === 'document') {
      report = (await this.collect('document', this.document)).report;
    } else {
      const pending = this.pending;
      this.pending = new Set();
      const files = await this.workspaceFiles();
      const keys = new Set(files.map((f) => f.toString()));
      for (const key of [...this.cache.keys()]) if (!keys.has(key)) this.cache.delete(key);
      for (const uri of files) {
        const key = uri.toString();
        if (this.cache.has(key) && !pending.has(key)) continue;
        const doc = await this.input(uri);
        if (!doc) {
          this.cache.delete(key);
          continue;
        }
        const rows = claimRows(doc, glossary, fallback);
        this.cache.set(key, { rows, summary: summariseDocument(doc, rows.length, fallback) });
      }
      const entries = files.map((f) => this.cache.get(f.toString())).filter((e) => e !== undefined);
      report = summarise(
        'workspace',
        entries.map((e) => e.summary),
        entries.flatMap((e) => e.rows),
      );
    }
    this.pending.clear();
    if (this.filter.entity !== 'all' && !report.entities.some((e) => e.id === this.filter.entity))
      this.filter = { ...this.filter, entity: 'all' };
    this.version++;
    this.current = {
      scope: this.scope,
      ...(this.document ? { document: this.document.toString() } : {}),
      filter: { ...this.filter },
      report,
      visible: filterRows(report.rows, this.filter),
      version: this.version,
      rendered: this.rendered,
      html: this.html,
    };
    if (this.panel) {
      const name =
        this.scope === 'document' && this.document
          ? this.document.path.slice(this.document.path.lastIndexOf('/') + 1)
          : 'workspace';
      this.panel.title = `Claims: ${name}`;
    }
    this.post();
  }

  private post(): void {
    if (!this.panel || !this.current) return;
    const { scope, document, filter, report, version } = this.current;
    const name = document ? decodeURIComponent(document.slice(document.lastIndexOf('/') + 1)) : undefined;
    void this.panel.webview.postMessage({ type: 'model', scope, document, name, filter, report, version });
  }

  /** Shows the claim in an editor (beside the panel) with its range selected. */
  private async reveal(document: string, id: string, start?: number, end?: number): Promise<unknown> {
    const uri = vscode.Uri.parse(document);
    const doc =
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
      (await vscode.workspace.openTextDocument(uri));
    const model = await this.store.flush(doc);
    const annotation = model?.merged.find((a) => a.id === id && !a.hidden);
    const from = annotation?.start ?? start;
    const to = annotation?.end ?? end;
    if (from === undefined || to === undefined)
      throw new UserFacingError('That claim is gone: the document changed.');
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const column =
      visible?.viewColumn ??
      (this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: column,
      preserveFocus: false,
      preview: false,
    });
    const range = new vscode.Range(doc.positionAt(from), doc.positionAt(to));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { document: doc.uri.toString(), start: from, end: to };
  }

  private closed(): void {
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.current = undefined;
    this.cache.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private report(error: unknown): void {
    if (error instanceof UserFacingError) {
      void vscode.window.showErrorMessage(`Geo Annotator: ${error.message}`);
      return;
    }
    this.log.error('claims report', error);
    void vscode.window.showErrorMessage(
      `Geo Annotator: the claims report failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
    for (const d of this.disposables) d.dispose();
  }
}
