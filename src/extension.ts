import * as vscode from 'vscode';
import { visibleAnnotations } from './core/model';
import type { Annotation, Glossary } from './core/types';
import { AuthorService } from './vscode/author';
import { ClaimCodeActionProvider } from './vscode/codeActions';
import { createCommandTable, registerCommands } from './vscode/commands';
import { ContextKeys } from './vscode/contextKeys';
import type { DrawnRanges } from './vscode/decorations';
import { DecorationController } from './vscode/decorations';
import { DocumentStore } from './vscode/documentStore';
import { BundledGlossaryProvider, GLOSSARY_SCHEME, GlossaryService } from './vscode/glossaryService';
import { AnnotationHoverProvider } from './vscode/hover';
import { EntityDefinitionProvider, EntityReferenceProvider } from './vscode/language';
import { DocumentProblems } from './vscode/problems';
import type { ClaimsReportState } from './vscode/reportPanel';
import { ClaimsReportController } from './vscode/reportPanel';
import { SettingsService } from './vscode/settings';
import { SidecarFiles } from './vscode/sidecarFiles';
import { StatusBarController } from './vscode/statusBar';
import type { AnnotationNode } from './vscode/tree';
import { AnnotationsTreeProvider } from './vscode/tree';
import { useNodeSha256 } from './node/sha256';

/** The id of the Annotations view. */
export const ANNOTATIONS_VIEW = 'geoAnnotator.annotations';

/** What `activate` returns: a small API for tests and other extensions. */
export interface GeoAnnotatorApi {
  readonly ready: true;
  /** The annotations a reader sees in a document (`all`: with hidden records and orphans too). */
  annotationsFor(uri: vscode.Uri | string, options?: { all?: boolean }): Annotation[];
  /** The document's annotations once any pending scan is done (creates the model if needed). */
  annotate(doc: vscode.TextDocument): Promise<Annotation[]>;
  /** The merged glossary as loaded (empty before first use). */
  glossary(): Glossary;
  /** Loads the glossary if needed and returns it. */
  loadGlossary(): Promise<Glossary>;
  /** The ranges last drawn per decoration in a document's editors. */
  lastDrawn(uri: vscode.Uri | string): DrawnRanges | undefined;
  /** The Annotations view's data provider (getChildren / getTreeItem). */
  readonly tree: vscode.TreeDataProvider<AnnotationNode> & { readonly document: vscode.Uri | undefined };
  /** The status-bar text, or undefined while it is hidden. */
  statusText(): string | undefined;
  /** Whether highlights are on. */
  highlightsOn(): boolean;
  /** The claims report panel's current model (undefined while it is closed). */
  claimsReport(): ClaimsReportState | undefined;
  /** Hands the claims report a message as its webview would send it ({ type: 'reveal', ... }). */
  claimsReportMessage(message: unknown): Promise<unknown>;
}

/** Activates Geo Annotator: builds every service once and hands their disposables to VS Code. */
export function activate(context: vscode.ExtensionContext): GeoAnnotatorApi {
  useNodeSha256();
  const log = vscode.window.createOutputChannel('Geo Annotator', { log: true });
  const settings = new SettingsService();
  const glossary = new GlossaryService(
    context.extensionUri,
    settings,
    log,
    context.extensionMode === vscode.ExtensionMode.Production,
  );
  const sidecars = new SidecarFiles(log);
  const author = new AuthorService(settings);
  const store = new DocumentStore(glossary, sidecars, settings, log);
  const decorations = new DecorationController(store, settings);
  const tree = new AnnotationsTreeProvider(store, glossary);
  const treeView = vscode.window.createTreeView(ANNOTATIONS_VIEW, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const status = new StatusBarController(store, tree);
  const problems = new DocumentProblems(store, settings);
  const contextKeys = new ContextKeys(store);
  const report = new ClaimsReportController(context.extensionUri, store, glossary, settings, log);
  context.subscriptions.push(
    log,
    settings,
    glossary,
    sidecars,
    store,
    decorations,
    tree,
    treeView,
    status,
    problems,
    contextKeys,
    report,
    tree.onDidChangeDocument((uri) => {
      treeView.description = uri ? uri.path.slice(uri.path.lastIndexOf('/') + 1) : undefined;
    }),
    vscode.workspace.registerTextDocumentContentProvider(
      GLOSSARY_SCHEME,
      new BundledGlossaryProvider(glossary),
    ),
    ...registerCommands(
      createCommandTable({
        store,
        glossary,
        decorations,
        author,
        log,
        report,
        extensionUri: context.extensionUri,
      }),
      log,
    ),
  );

  // Language features follow the geoAnnotator.languages setting.
  let providers: vscode.Disposable[] = [];
  const registerProviders = () => {
    for (const d of providers) d.dispose();
    const selector = settings.current.languages.flatMap((language) => [
      { language, scheme: 'file' },
      { language, scheme: 'untitled' },
      { language, scheme: 'vscode-remote' },
    ]);
    providers = [
      vscode.languages.registerHoverProvider(
        selector,
        new AnnotationHoverProvider(store, glossary, settings),
      ),
      vscode.languages.registerCodeActionsProvider(
        selector,
        new ClaimCodeActionProvider(store),
        ClaimCodeActionProvider.metadata,
      ),
      vscode.languages.registerDefinitionProvider(selector, new EntityDefinitionProvider(store, glossary)),
      vscode.languages.registerReferenceProvider(selector, new EntityReferenceProvider(store, glossary)),
    ];
  };
  registerProviders();
  context.subscriptions.push(
    settings.onDidChange(({ previous, current }) => {
      if (previous.languages.join() !== current.languages.join()) {
        registerProviders();
        decorations.drawVisible(true);
      }
    }),
    { dispose: () => providers.forEach((d) => d.dispose()) },
  );

  const key = (uri: vscode.Uri | string) => (typeof uri === 'string' ? uri : uri.toString());
  return {
    ready: true,
    annotationsFor(uri, options) {
      const model = store.peek(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
      if (!model) return [];
      return options?.all ? [...model.merged] : visibleAnnotations(model.merged);
    },
    async annotate(doc) {
      const model = await store.flush(doc);
      return model ? visibleAnnotations(model.merged) : [];
    },
    glossary: () => glossary.current,
    loadGlossary: () => glossary.load(),
    lastDrawn: (uri) => decorations.lastDrawn(key(uri)),
    tree,
    statusText: () => status.text,
    highlightsOn: () => decorations.highlightsOn,
    claimsReport: () => report.state(),
    claimsReportMessage: (message) => report.handleMessage(message),
  };
}

/** Nothing to do: every resource is disposed through `context.subscriptions`. */
export function deactivate(): void {}
