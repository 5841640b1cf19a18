import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Engine } from '../core/annotate';
import { createEngine } from '../core/annotate';
import type { GazetteerData } from '../core/gazetteer';
import { withGazetteer } from '../core/gazetteer';
import type { ParsedGlossaryFile } from '../core/glossary';
import {
  glossaryFromJson,
  matcherCacheFromBytes,
  mergeGlossaryFiles,
  parsedFilesFromJson,
  parseGlossaryFile,
  yaml,
} from '../core/glossary';
import { precompiledMatcher } from '../core/matcher';
import type { GlossarySearch } from '../core/search';
import { createGlossarySearch } from '../core/search';
import type { Entry, EntityKind, Glossary } from '../core/types';
import type { SettingsService } from './settings';

/** The URI scheme of the read-only views of bundled glossary files. */
export const GLOSSARY_SCHEME = 'geo-annotator-glossary';

/** The workspace glossary, relative to a workspace folder. */
export const WORKSPACE_GLOSSARY = '.geo-annotator/glossary.yaml';

interface LoadedSource {
  /** Where the file opens: a `geo-annotator-glossary:` URI for bundled files, else the file. */
  uri: vscode.Uri;
  /** The file's text (bundled files are read when their view opens). */
  text: string | undefined;
  bundled: boolean;
  /** For bundled files: the YAML in the extension. */
  file?: vscode.Uri;
}

interface State {
  glossary: Glossary;
  engine: Engine;
  search?: GlossarySearch;
  sources: Map<string, LoadedSource>;
}

/** A new entity for the workspace glossary. */
export interface NewEntity {
  id: string;
  kind: EntityKind;
  type: string;
  name: string;
  aliases?: string[];
  summary?: string;
}

const EMPTY: Glossary = { entries: [], byId: new Map(), problems: [] };

/**
 * The merged glossary (bundled files, the workspace glossary, the files of the
 * `geoAnnotator.glossary.files` setting) and its compiled engine: loaded lazily at first need,
 * reloaded when a workspace layer changes on disk or on the reload command. Its problems go to
 * the Problems panel at their file, line and column.
 */
export class GlossaryService implements vscode.Disposable {
  private state: State | undefined;
  private loading: Promise<State> | undefined;
  private generation = 0;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private extraWatchers: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<Glossary>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('geo-annotator-glossary');
  /** Fires after a (re)load, with the new glossary. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly settings: SettingsService,
    private readonly log: vscode.LogOutputChannel,
    /** True in an installed extension: the files the build wrote are current. */
    private readonly trustBuild = false,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_GLOSSARY}`);
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.scheduleReload()),
      watcher.onDidCreate(() => this.scheduleReload()),
      watcher.onDidDelete(() => this.scheduleReload()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleReload()),
      settings.onDidChange(({ previous, current }) => {
        if (previous.glossaryFiles.join('\n') !== current.glossaryFiles.join('\n')) {
          this.watchExtraFiles();
          this.scheduleReload();
        }
      }),
      this.emitter,
      this.diagnostics,
    );
    this.watchExtraFiles();
  }

  /** The compiled engine, loading the glossary at first need. */
  async engine(): Promise<Engine> {
    return (await this.ensure()).engine;
  }

  /** The glossary, loading it at first need. */
  async load(): Promise<Glossary> {
    return (await this.ensure()).glossary;
  }

  /** The engine if it is loaded already (no loading). */
  get loadedEngine(): Engine | undefined {
    return this.state?.engine;
  }

  /** The current glossary (empty until it is first loaded). */
  get current(): Glossary {
    return this.state?.glossary ?? EMPTY;
  }

  /** The fuzzy search index, built at first use. */
  async search(): Promise<GlossarySearch> {
    const state = await this.ensure();
    state.search ??= createGlossarySearch(state.glossary);
    return state.search;
  }

  /** Reloads every layer now and returns the new glossary. */
  async reload(): Promise<Glossary> {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
    this.loading = this.loadAll(++this.generation);
    return (await this.loading).glossary;
  }

  /** Where an entry is defined: its file (a read-only view for bundled ones) and 0-based line. */
  locate(entry: Entry): vscode.Location | undefined {
    const source = this.state?.sources.get(entry.origin.file);
    if (!source) return undefined;
    const position = new vscode.Position(
      Math.max(0, entry.origin.line - 1),
      Math.max(0, entry.origin.column - 1),
    );
    return new vscode.Location(source.uri, position);
  }

  /** The text of a bundled glossary file, for its read-only view. */
  async bundledText(uri: vscode.Uri): Promise<string | undefined> {
    for (const source of this.state?.sources.values() ?? []) {
      if (!source.bundled || source.uri.toString() !== uri.toString()) continue;
      source.text ??= source.file && (await this.readText(source.file));
      return source.text;
    }
    return undefined;
  }

  /** The workspace glossary file of the first workspace folder (it may not exist yet). */
  workspaceGlossaryUri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, ...WORKSPACE_GLOSSARY.split('/')) : undefined;
  }

  /**
   * Appends a new entity to the workspace glossary (creating the file if needed) and reloads.
   * Returns where the entry was written.
   */
  async addEntity(entity: NewEntity): Promise<vscode.Uri> {
    const file = this.workspaceGlossaryUri();
    if (!file) throw new Error('Open a folder first: new entities go to its .geo-annotator/glossary.yaml.');
    let existing = '';
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      existing =
        '# Workspace glossary of Geo Annotator: entries here add to or override the bundled glossary.\n';
    }
    const fields: Record<string, unknown> = {
      id: entity.id,
      kind: entity.kind,
      type: entity.type,
      name: entity.name,
    };
    if (entity.aliases?.length) fields.aliases = entity.aliases;
    if (entity.summary) fields.summary = entity.summary;
    const text = yaml().stringify([fields], { lineWidth: 0 });
    const separator =
      existing === '' || existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(existing + separator + text));
    this.log.info(`added "${entity.id}" to ${file.toString(true)}`);
    await this.reload();
    return file;
  }

  private ensure(): Promise<State> {
    if (this.state && !this.loading) return Promise.resolve(this.state);
    this.loading ??= this.loadAll(++this.generation);
    return this.loading;
  }

  private scheduleReload(): void {
    // Only a glossary somebody already uses needs reloading; the first use loads the new files.
    if (!this.state && !this.loading) return;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      this.reload().catch((error: unknown) => this.log.error('reloading the glossary failed', error));
    }, 200);
  }

  private watchExtraFiles(): void {
    for (const d of this.extraWatchers) d.dispose();
    this.extraWatchers = [];
    const folder = vscode.workspace.workspaceFolders?.[0];
    for (const file of this.settings.current.glossaryFiles) {
      const uri = this.resolve(file, folder);
      if (!uri || uri.scheme !== 'file') continue;
      const parent = vscode.Uri.joinPath(uri, '..');
      const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parent, name));
      this.extraWatchers.push(
        watcher,
        watcher.onDidChange(() => this.scheduleReload()),
        watcher.onDidCreate(() => this.scheduleReload()),
        watcher.onDidDelete(() => this.scheduleReload()),
      );
    }
  }

  private resolve(file: string, folder: vscode.WorkspaceFolder | undefined): vscode.Uri | undefined {
    if (/^\/|^[A-Za-z]:[\\/]/.test(file)) return vscode.Uri.file(file);
    return folder ? vscode.Uri.joinPath(folder.uri, ...file.split(/[\\/]/)) : undefined;
  }

  /**
   * A file's text, undefined when it cannot be read. Files on the extension host's disk (the
   * extension's own, and local workspaces) are read with Node's fs: `workspace.fs` asks the
   * main process, which at start-up takes a few hundred milliseconds to answer.
   */
  private async readText(uri: vscode.Uri): Promise<string | undefined> {
    try {
      if (uri.scheme === 'file') return await fs.readFile(uri.fsPath, 'utf8');
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  /** Lists the bundled YAML files (media/glossary/*.yaml) and records them in `sources`. */
  private async listBundled(sources: Map<string, LoadedSource>): Promise<[string, vscode.Uri][]> {
    const dir = vscode.Uri.joinPath(this.extensionUri, 'media', 'glossary');
    let names: [string, vscode.Uri][] = [];
    try {
      names = (await fs.readdir(dir.fsPath, { withFileTypes: true }))
        .filter((f) => f.isFile() && /\.ya?ml$/.test(f.name))
        .map((f): [string, vscode.Uri] => [f.name, vscode.Uri.joinPath(dir, f.name)])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (error) {
      this.log.error(`cannot read the bundled glossary in ${dir.toString(true)}`, error);
    }
    for (const [name, file] of names) {
      sources.set(`media/glossary/${name}`, {
        uri: vscode.Uri.from({ scheme: GLOSSARY_SCHEME, path: `/${name}` }),
        text: undefined,
        bundled: true,
        file,
      });
    }
    return names;
  }

  /**
   * A file the build wrote (under dist/), as text, when it is there and none of `inputs` is
   * newer. An installed extension cannot change, so there the dates are not checked; in a
   * development host somebody may have edited the YAML since the last build.
   */
  private async readBuilt(file: string, inputs: vscode.Uri[]): Promise<string | undefined> {
    const compiled = vscode.Uri.joinPath(this.extensionUri, 'dist', file);
    if (!this.trustBuild) {
      try {
        const built = (await fs.stat(compiled.fsPath)).mtimeMs;
        const stamps = await Promise.all(inputs.map((input) => fs.stat(input.fsPath).then((s) => s.mtimeMs)));
        if (stamps.some((m) => m > built)) return undefined;
      } catch {
        return undefined; // no compiled file (a development build)
      }
    }
    return this.readText(compiled);
  }

  /**
   * The bundled glossary merged, with the gazetteer applied, as the build wrote it
   * (`dist/glossary-bundled.json`): the whole glossary when no other layer is added. With it, the
   * matcher the build precompiled for it (`dist/glossary-bundled.matcher.bin`), which the engine
   * then loads instead of compiling the names.
   */
  private async loadBundledMerged(names: [string, vscode.Uri][]): Promise<Glossary | undefined> {
    const gazetteer = vscode.Uri.joinPath(this.extensionUri, 'media', 'gazetteer.json');
    const [json, matcher] = await Promise.all([
      this.readBuilt('glossary-bundled.json', [...names.map(([, file]) => file), gazetteer]),
      fs
        .readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', 'glossary-bundled.matcher.bin').fsPath)
        .then(matcherCacheFromBytes, () => undefined),
    ]);
    if (json === undefined) return undefined;
    try {
      return glossaryFromJson(json, matcher);
    } catch (error) {
      this.log.error('dist/glossary-bundled.json does not load; merging the glossary files instead', error);
      return undefined;
    }
  }

  /**
   * The bundled glossary files, parsed: from `dist/glossary.json` (parsed at build time) when it is
   * there and no YAML file is newer, else from the YAML now.
   */
  private async loadBundled(
    names: [string, vscode.Uri][],
    sources: Map<string, LoadedSource>,
  ): Promise<ParsedGlossaryFile[]> {
    const json = await this.readBuilt(
      'glossary.json',
      names.map(([, file]) => file),
    );
    if (json !== undefined) return parsedFilesFromJson(json);
    const parsed: ParsedGlossaryFile[] = [];
    for (const [name, file] of names) {
      const text = await this.readText(file);
      if (text === undefined) continue;
      sources.get(`media/glossary/${name}`)!.text = text;
      parsed.push(parseGlossaryFile({ file: `media/glossary/${name}`, text, bundled: true }));
    }
    return parsed;
  }

  /** The generated gazetteer (media/gazetteer.json), if the extension ships one. */
  private async loadGazetteer(): Promise<GazetteerData | undefined> {
    const text = await this.readText(vscode.Uri.joinPath(this.extensionUri, 'media', 'gazetteer.json'));
    if (text === undefined) return undefined;
    try {
      const data = JSON.parse(text) as GazetteerData;
      return Array.isArray(data.countries) && Array.isArray(data.places) ? data : undefined;
    } catch (error) {
      this.log.error(
        'media/gazetteer.json is not valid JSON; places outside the glossary are not found',
        error,
      );
      return undefined;
    }
  }

  private async loadAll(generation: number): Promise<State> {
    const started = performance.now();
    const marks: string[] = [];
    let last = started;
    /** Notes how long the step that just ended took, for the log. */
    const mark = (step: string) => {
      const now = performance.now();
      marks.push(`${step} ${Math.round(now - last)}`);
      last = now;
    };
    const sources = new Map<string, LoadedSource>();
    const names = await this.listBundled(sources);
    mark('list');
    const layers: ParsedGlossaryFile[] = [];
    const addLayer = (uri: vscode.Uri, text: string) => {
      const label = labelOf(uri);
      sources.set(label, { uri, text, bundled: false });
      layers.push(parseGlossaryFile({ file: label, text, bundled: false }));
    };
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, ...WORKSPACE_GLOSSARY.split('/'));
      const text = await this.readText(uri);
      if (text !== undefined) addLayer(uri, text);
    }
    const missing: string[] = [];
    for (const file of this.settings.current.glossaryFiles) {
      const uri = this.resolve(file, vscode.workspace.workspaceFolders?.[0]);
      const text = uri && (await this.readText(uri));
      if (uri && text !== undefined) addLayer(uri, text);
      else missing.push(file);
    }
    mark('layers');
    // Without other layers, the glossary is the bundled one as the build merged it; else the
    // layers are merged in order, and the gazetteer adds the places no curated layer names.
    let glossary = layers.length === 0 ? await this.loadBundledMerged(names) : undefined;
    const how = glossary ? 'prebuilt' : 'merged';
    if (!glossary) {
      const [bundled, gazetteer] = await Promise.all([
        this.loadBundled(names, sources),
        this.loadGazetteer(),
      ]);
      glossary = withGazetteer(mergeGlossaryFiles([...bundled, ...layers]), gazetteer);
    }
    mark(how);
    const engine = createEngine(glossary);
    mark(precompiledMatcher(glossary.entries) ? 'engine (precompiled)' : 'engine');
    const state: State = { glossary, engine, sources };
    if (generation === this.generation) {
      this.state = state;
      this.loading = undefined;
      this.publishProblems(state, missing);
      this.log.info(
        `glossary: ${glossary.entries.length} entries (${names.length} bundled files, ${layers.length} workspace files, ${how}), ${glossary.problems.length} problems, ${Math.round(performance.now() - started)} ms (${marks.join(', ')})`,
      );
      this.emitter.fire(glossary);
    }
    return state;
  }

  private publishProblems(state: State, missing: string[]): void {
    this.diagnostics.clear();
    const byUri = new Map<string, { uri: vscode.Uri; items: vscode.Diagnostic[] }>();
    for (const problem of state.glossary.problems) {
      const source = state.sources.get(problem.file);
      if (!source) continue;
      const line = Math.max(0, problem.line - 1);
      const lineText = source.text?.split('\n')[line] ?? '';
      const start = Math.max(0, problem.column - 1);
      const end = Math.max(start + 1, lineText.replace(/\s+$/, '').length);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(line, start, line, end),
        problem.message,
        problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = 'Geo Annotator glossary';
      diagnostic.code = problem.code;
      const key = source.uri.toString();
      const bucket = byUri.get(key) ?? { uri: source.uri, items: [] };
      bucket.items.push(diagnostic);
      byUri.set(key, bucket);
    }
    for (const { uri, items } of byUri.values()) this.diagnostics.set(uri, items);
    if (missing.length) {
      void vscode.window.showWarningMessage(
        `Geo Annotator: glossary file not found: ${missing.join(', ')} (setting geoAnnotator.glossary.files).`,
      );
    }
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    for (const d of [...this.extraWatchers, ...this.disposables]) d.dispose();
  }
}

function labelOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** Serves the bundled glossary files as read-only documents (`geo-annotator-glossary:/groups.yaml`). */
export class BundledGlossaryProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly glossary: GlossaryService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    await this.glossary.load();
    return (await this.glossary.bundledText(uri)) ?? `# ${uri.path}: no such bundled glossary file.\n`;
  }
}
