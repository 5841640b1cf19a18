/**
 * Teams through git, in the editor: orphans re-attached to the selection or deleted, merge
 * conflicts resolved by keeping one side, the git merge driver installed (the same
 * `setupGit` as `geo-annotate setup-git`), and exports and imports for other tools (the same
 * core/interop.ts as `geo-annotate export --format` and `geo-annotate import`).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { reanchorAnnotation } from '../core/anchoring';
import type { EntityInfo } from '../core/interop';
import { bratSkipped, importW3C, toBrat, toClaimReview, toClaimsCsv, toW3C } from '../core/interop';
import { conflictFields, hasConflict, resolveConflict } from '../core/merge';
import { sha256Hex } from '../core/sha256';
import { describeConflict, SIDECAR_FORMAT } from '../core/sidecar';
import { contextOf } from '../core/text';
import type { Annotation, MergeSide, Sidecar } from '../core/types';
import { driverCommand, onPath, setupGit } from '../node/git';
import type { AuthorService } from './author';
import type { DocumentModel, DocumentStore } from './documentStore';
import { shownAt, UserFacingError } from './documentStore';
import type { GlossaryService } from './glossaryService';

/** The formats of "Export Annotations As...". */
export type AnnotationExportFormat = 'w3c' | 'brat' | 'csv' | 'claimreview';

interface FormatInfo {
  id: AnnotationExportFormat;
  label: string;
  detail: string;
  /** Appended to the document's file name, as `geo-annotate export --format` does. */
  suffix: string;
  filters: Record<string, string[]>;
}

/** The export formats, in the order of the quick pick. */
export const ANNOTATION_EXPORT_FORMATS: readonly FormatInfo[] = [
  {
    id: 'w3c',
    label: 'W3C Web Annotation',
    detail: 'JSON-LD AnnotationCollection: TextQuoteSelector and TextPositionSelector (code points)',
    suffix: '.annotations.w3c.jsonld',
    filters: { 'JSON-LD': ['jsonld', 'json'] },
  },
  {
    id: 'brat',
    label: 'brat standoff',
    detail: '.ann file: text-bound annotations, notes, references and attributes (orphans left out)',
    suffix: '.annotations.ann',
    filters: { 'brat standoff': ['ann'] },
  },
  {
    id: 'csv',
    label: 'CSV of claims',
    detail: 'One row per claim with its value, review status, note, sources, author and line',
    suffix: '.annotations.csv',
    filters: { CSV: ['csv'] },
  },
  {
    id: 'claimreview',
    label: 'ClaimReview',
    detail: 'schema.org ClaimReview JSON-LD of the reviewed claims',
    suffix: '.annotations.claimreview.jsonld',
    filters: { 'JSON-LD': ['jsonld', 'json'] },
  },
];

/** The arguments the team commands read (a subset of the command table's argument object). */
export interface TeamArgs {
  uri?: string | vscode.Uri;
  annotationId?: string;
  /** Where the annotation was shown (see shownAt). */
  offset?: number;
  start?: number;
  end?: number;
  /** Export: the format; import: not used. */
  format?: string;
  /** Export: the file to write (default: a save dialog, or beside the document). */
  target?: string | vscode.Uri;
  /** Import: the W3C Web Annotation JSON file. */
  file?: string | vscode.Uri;
  /** Set up git: the folder inside the repository (default: the document's workspace folder). */
  folder?: string | vscode.Uri;
  /** Set up git: write the driver to the global git config. */
  global?: boolean;
}

type Handler = (args: TeamArgs | undefined, interactive: boolean) => Promise<unknown>;

/** What the team commands need from the command table. */
export interface TeamDeps {
  store: DocumentStore;
  glossary: GlossaryService;
  author: AuthorService;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  documentOf(args: TeamArgs | undefined): Promise<vscode.TextDocument>;
  modelOf(doc: vscode.TextDocument): Promise<DocumentModel>;
  editorOf(doc: vscode.TextDocument): vscode.TextEditor | undefined;
}

function now(): string {
  return new Date().toISOString();
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function toUri(value: string | vscode.Uri): vscode.Uri {
  if (typeof value !== 'string') return value;
  return /^[a-z][a-z0-9+.-]+:/i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
}

/** The handlers of the team commands, keyed by what they do. */
export function createTeamHandlers(deps: TeamDeps): {
  reattachOrphan: Handler;
  deleteOrphan: Handler;
  resolveConflict: (side: MergeSide) => Handler;
  setupGit: Handler;
  exportAs: Handler;
  importW3C: Handler;
} {
  const { store, glossary, author, log } = deps;

  /**
   * The annotation a command acts on: the argument's id, else (with `atCursor`) the one at the
   * cursor, else the only candidate, else one the user picks.
   */
  const pick = async (
    args: TeamArgs | undefined,
    interactive: boolean,
    filter: (a: Annotation) => boolean,
    what: string,
    atCursor: boolean,
  ): Promise<{ doc: vscode.TextDocument; model: DocumentModel; annotation: Annotation } | undefined> => {
    const doc = await deps.documentOf(args);
    const model = await deps.modelOf(doc);
    const fits = (a: Annotation) => !a.hidden && filter(a);
    if (args?.annotationId !== undefined) {
      const annotation = model.find(args.annotationId, shownAt(args));
      if (!annotation || !fits(annotation))
        throw new UserFacingError(`No ${what} with id ${args.annotationId} in this document.`);
      return { doc, model, annotation };
    }
    const candidates = model.merged.filter(fits);
    if (candidates.length === 0) {
      if (!interactive) throw new UserFacingError(`No ${what} in this document.`);
      void vscode.window.showInformationMessage(`Geo Annotator: no ${what} in this document.`);
      return undefined;
    }
    const editor = deps.editorOf(doc);
    if (atCursor && editor) {
      const offset = doc.offsetAt(editor.selection.active);
      const here = candidates.filter((a) => !a.orphaned && a.start <= offset && offset <= a.end);
      if (here.length === 1) return { doc, model, annotation: here[0]! };
    }
    if (candidates.length === 1) return { doc, model, annotation: candidates[0]! };
    if (!interactive)
      throw new UserFacingError(`This document has ${candidates.length} of them: pass annotationId.`);
    const picked = await vscode.window.showQuickPick(
      candidates.map((a) => ({
        label: a.kind === 'note' && a.note ? short(a.note, 50) : `“${short(a.text, 50)}”`,
        description: `${a.kind}${a.kind === 'note' ? ` on “${short(a.text, 40)}”` : ''}${a.author ? ` · ${a.author}` : ''}`,
        detail: hasConflict(a)
          ? describeConflict(a)
          : `${a.orphaned ? 'Orphaned: ' : ''}…${a.prefix.slice(-30)}${a.text}${a.suffix.slice(0, 30)}…`.replace(
              /\s+/g,
              ' ',
            ),
        annotation: a,
      })),
      { title: `Which ${what}?`, matchOnDescription: true, matchOnDetail: true },
    );
    return picked && { doc, model, annotation: picked.annotation };
  };

  /** The range to re-attach to: the argument's offsets, else the non-empty selection. */
  const selectionOf = (doc: vscode.TextDocument, args: TeamArgs | undefined) => {
    if (args?.start !== undefined && args.end !== undefined) {
      if (!(args.start >= 0 && args.end > args.start && args.end <= doc.getText().length))
        throw new UserFacingError(`The range ${args.start}-${args.end} is not in the document.`);
      return { start: args.start, end: args.end };
    }
    const editor = deps.editorOf(doc);
    if (!editor || editor.selection.isEmpty)
      throw new UserFacingError('Select the words the orphaned annotation belongs to first.');
    return { start: doc.offsetAt(editor.selection.start), end: doc.offsetAt(editor.selection.end) };
  };

  const reattachOrphan: Handler = async (args, interactive) => {
    const doc = await deps.documentOf(args);
    const range = selectionOf(doc, args);
    const target = await pick(args, interactive, (a) => !!a.orphaned, 'orphaned annotation', false);
    if (!target) return undefined;
    const { annotation } = target;
    const by = await author.name();
    const text = doc.getText();
    let moved: Annotation | undefined;
    await store.updatePersonal(doc, (personal) => {
      const current = personal.find((p) => p.id === annotation.id) ?? annotation;
      moved = {
        ...current,
        start: range.start,
        end: range.end,
        text: text.slice(range.start, range.end),
        ...contextOf(text, range.start, range.end),
        author: by,
        updated: now(),
      };
      delete moved.orphaned;
      return [...personal.filter((p) => p.id !== current.id), moved];
    });
    return store.peek(doc.uri)?.merged.find((a) => a.id === annotation.id) ?? moved;
  };

  const deleteOrphan: Handler = async (args, interactive) => {
    const target = await pick(args, interactive, (a) => !!a.orphaned, 'orphaned annotation', false);
    if (!target) return undefined;
    const { doc, annotation } = target;
    if (interactive) {
      const choice = await vscode.window.showWarningMessage(
        `Delete the orphaned ${annotation.kind} “${short(annotation.text)}”?`,
        {
          modal: true,
          detail:
            (annotation.note ? `Its note: “${short(annotation.note, 200)}”\n\n` : '') +
            'It is removed from the sidecar; git keeps the earlier versions.',
        },
        'Delete',
      );
      if (choice !== 'Delete') return undefined;
    }
    await store.updatePersonal(doc, (personal) => personal.filter((p) => p.id !== annotation.id));
    return { deleted: annotation.id };
  };

  const resolve =
    (side: MergeSide): Handler =>
    async (args, interactive) => {
      const target = await pick(args, interactive, hasConflict, 'merge conflict', true);
      if (!target) return undefined;
      const { doc, annotation } = target;
      if (!annotation.conflict!.some((v) => v.side === side))
        throw new UserFacingError(`This conflict has no “${side}” version.`);
      const resolved = resolveConflict(annotation, side);
      const text = doc.getText();
      let kept: Annotation | undefined;
      await store.updatePersonal(doc, (personal) => {
        const rest = personal.filter((p) => p.id !== annotation.id);
        if (!resolved) return rest;
        // The version kept may place the annotation elsewhere: the current text decides.
        kept = reanchorAnnotation(resolved, text).annotation;
        return [...rest, kept];
      });
      log.info(
        `${doc.uri.toString(true)}: conflict on ${annotation.id} (${conflictFields(annotation).join(', ')}) resolved: kept ${side}`,
      );
      if (!resolved) return { deleted: annotation.id, side };
      return store.peek(doc.uri)?.merged.find((a) => a.id === annotation.id) ?? kept;
    };

  /** The folder to set git up in: the argument, else the document's workspace folder, else the only (or a picked) one. */
  const gitFolder = async (args: TeamArgs | undefined, interactive: boolean): Promise<string | undefined> => {
    if (args?.folder) {
      const uri = toUri(args.folder);
      if (uri.scheme !== 'file') throw new UserFacingError('Git can be set up in local folders only.');
      return uri.fsPath;
    }
    const docUri = args?.uri ? toUri(args.uri) : vscode.window.activeTextEditor?.document.uri;
    const own = docUri && vscode.workspace.getWorkspaceFolder(docUri);
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    let folder = own && own.uri.scheme === 'file' ? own : folders.length === 1 ? folders[0] : undefined;
    if (!folder && folders.length > 1 && interactive)
      folder = await vscode.window.showWorkspaceFolderPick({
        placeHolder: 'The repository to install the sidecar merge driver in',
      });
    if (!folder && folders.length === 0)
      throw new UserFacingError('Open the folder of a git repository first.');
    return folder?.uri.fsPath;
  };

  /**
   * The driver command for git config, as `geo-annotate setup-git` writes it: `geo-annotate` on
   * the PATH, else this extension's bundled CLI run by this Node (Electron runs it as Node).
   */
  const mergeCommand = (): { command: string; cli: boolean } => {
    const cli = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'cli.js').fsPath;
    if (onPath('geo-annotate') || !fs.existsSync(cli))
      return { command: 'geo-annotate merge %O %A %B %P', cli: onPath('geo-annotate') };
    const command = driverCommand(cli);
    const electron = (process.versions as Record<string, string | undefined>).electron;
    return { command: electron ? `ELECTRON_RUN_AS_NODE=1 ${command}` : command, cli: true };
  };

  const setupGitHandler: Handler = async (args, interactive) => {
    const folder = await gitFolder(args, interactive);
    if (!folder) return undefined;
    const { command, cli } = mergeCommand();
    let result: ReturnType<typeof setupGit>;
    try {
      result = setupGit(folder, command, { global: args?.global === true });
    } catch (error) {
      throw new UserFacingError(error instanceof Error ? error.message : String(error));
    }
    log.info(`set up git in ${result.root}: merge.geo-annotator.driver = ${result.command}`);
    const message =
      `Geo Annotator: sidecars in ${result.root} now merge by annotation id. ` +
      `.gitattributes ${result.attributesAdded ? 'gained' : 'already had'} “*.annotations.json merge=geo-annotator”` +
      `${result.attributesAdded ? ' (commit it, so that the team gets it)' : ''}; ` +
      `git config${args?.global ? ' --global' : ''} merge.geo-annotator.driver is set.` +
      (cli ? '' : ' Install the geo-annotate command line tool, which the driver runs, on this machine.');
    const shown = cli
      ? vscode.window.showInformationMessage(message, 'Open .gitattributes')
      : vscode.window.showWarningMessage(message, 'Open .gitattributes');
    void shown.then((choice) => {
      if (choice) void vscode.window.showTextDocument(vscode.Uri.file(result.attributesFile));
    });
    return { ...result, cliAvailable: cli };
  };

  const entityInfo: EntityInfo = (id) => {
    const e = glossary.current.byId.get(id);
    return e ? { name: e.name, ...(e.wikidata ? { wikidata: e.wikidata } : {}) } : undefined;
  };

  const usableModel = async (doc: vscode.TextDocument): Promise<DocumentModel> => {
    const model = await deps.modelOf(doc);
    if (model.tooLarge)
      throw new UserFacingError(
        'This document is over the size limit and not annotated: run "Annotate Anyway" first.',
      );
    if (model.sidecar === 'broken')
      throw new UserFacingError(
        'The sidecar of this document is broken, so its reviews and notes are not loaded: fix it first.',
      );
    return model;
  };

  const exportAs: Handler = async (args, interactive) => {
    const doc = await deps.documentOf(args);
    const model = await usableModel(doc);
    let format = ANNOTATION_EXPORT_FORMATS.find((f) => f.id === args?.format);
    if (args?.format !== undefined && !format)
      throw new UserFacingError(
        `Unknown export format “${args.format}”: use ${ANNOTATION_EXPORT_FORMATS.map((f) => f.id).join(', ')}.`,
      );
    if (!format) {
      if (!interactive) throw new UserFacingError('Pass the export format (w3c, brat, csv or claimreview).');
      format = (
        await vscode.window.showQuickPick(
          ANNOTATION_EXPORT_FORMATS.map((f) => ({ label: f.label, detail: f.detail, format: f })),
          { title: `Export the annotations of ${fileName(doc.uri)} as` },
        )
      )?.format;
      if (!format) return undefined;
    }
    await glossary.load();
    const text = doc.getText();
    const name = fileName(doc.uri);
    const sidecar: Sidecar = {
      format: SIDECAR_FORMAT,
      document: name,
      offsetUnit: 'utf16',
      sha256: sha256Hex(text),
      annotations: model.merged,
    };
    const ctx = { text, source: name, entity: entityInfo };
    const content =
      format.id === 'w3c'
        ? `${JSON.stringify(toW3C(sidecar, ctx), null, 2)}\n`
        : format.id === 'brat'
          ? toBrat(sidecar, ctx)
          : format.id === 'csv'
            ? toClaimsCsv(sidecar, ctx)
            : `${JSON.stringify(toClaimReview(sidecar, ctx), null, 2)}\n`;
    const beside = ['file', 'vscode-remote', 'vscode-vfs'].includes(doc.uri.scheme)
      ? doc.uri.with({ path: `${doc.uri.path}${format.suffix}` })
      : undefined;
    let target = args?.target ? toUri(args.target) : undefined;
    if (!target && interactive) {
      target = await vscode.window.showSaveDialog({
        title: `Export the annotations of ${name} as ${format.label}`,
        ...(beside ? { defaultUri: beside } : {}),
        filters: format.filters,
      });
      if (!target) return undefined;
    }
    target ??= beside;
    if (!target) throw new UserFacingError('Save the document first, or pass the file to write (target).');
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    const skipped = format.id === 'brat' ? bratSkipped(sidecar).length : 0;
    const counted =
      format.id === 'csv'
        ? `${model.merged.filter((a) => a.kind === 'claim' && !a.hidden).length} claims`
        : format.id === 'claimreview'
          ? `${model.merged.filter((a) => a.kind === 'claim' && !a.hidden && a.status && a.status !== 'unreviewed').length} reviewed claims`
          : `${model.merged.filter((a) => !a.hidden).length - skipped} annotations`;
    void vscode.window
      .showInformationMessage(
        `Geo Annotator: exported ${counted} as ${format.label} to ${vscode.workspace.asRelativePath(target)}` +
          (skipped ? ` (${skipped} orphaned left out: brat needs a place in the text).` : '.'),
        'Open',
      )
      .then((choice) => {
        if (choice) void vscode.window.showTextDocument(target);
      });
    return target.toString();
  };

  const importHandler: Handler = async (args, interactive) => {
    const doc = await deps.documentOf(args);
    await usableModel(doc);
    let file = args?.file ? toUri(args.file) : undefined;
    if (!file) {
      if (!interactive) throw new UserFacingError('Pass the W3C Web Annotation JSON file to import (file).');
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri;
      file = (
        await vscode.window.showOpenDialog({
          title: `Import W3C Web Annotations (or Hypothesis JSON) into ${fileName(doc.uri)}`,
          canSelectMany: false,
          openLabel: 'Import',
          filters: { 'Web Annotation JSON': ['json', 'jsonld'], 'All files': ['*'] },
          ...(folder ? { defaultUri: folder } : {}),
        })
      )?.[0];
      if (!file) return undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    } catch (error) {
      throw new UserFacingError(
        `${vscode.workspace.asRelativePath(file)}: cannot read it as JSON (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    const imported = importW3C(data, doc.getText(), { author: await author.name(), now: now() });
    if (!imported)
      throw new UserFacingError(
        `${vscode.workspace.asRelativePath(file)} is not W3C Web Annotation JSON (an Annotation, a list of them, an AnnotationCollection or AnnotationPage, or a Hypothesis search result).`,
      );
    const ids = new Set(imported.annotations.map((a) => a.id));
    let updated = 0;
    await store.updatePersonal(doc, (personal) => {
      updated = personal.filter((p) => ids.has(p.id)).length;
      return [...personal.filter((p) => !ids.has(p.id)), ...imported.annotations];
    });
    const orphaned = imported.annotations.filter((a) => a.orphaned).length;
    for (const x of imported.skipped)
      log.warn(
        `import of ${file.toString(true)}: annotation ${x.index}${x.id ? ` (${x.id})` : ''} skipped: ${x.reason}`,
      );
    const message =
      `Geo Annotator: imported ${imported.annotations.length} note(s) into ${fileName(doc.uri)}` +
      (updated ? ` (${updated} updated)` : '') +
      (orphaned
        ? `, ${orphaned} orphaned: their text is not in the document (see the Annotations view)`
        : '') +
      (imported.skipped.length
        ? `, ${imported.skipped.length} skipped (details in the Geo Annotator output)`
        : '') +
      '.';
    if (orphaned || imported.skipped.length) void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
    return {
      imported: imported.annotations.length,
      updated,
      orphaned,
      skipped: imported.skipped.length,
      ids: [...ids],
    };
  };

  return {
    reattachOrphan,
    deleteOrphan,
    resolveConflict: resolve,
    setupGit: setupGitHandler,
    exportAs,
    importW3C: importHandler,
  };
}
