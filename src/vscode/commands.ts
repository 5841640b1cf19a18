import * as vscode from 'vscode';
import { scanClaims } from '../core/claims';
import { describeClaimValue } from '../core/hover';
import { annotationsAt, visibleAnnotations } from '../core/model';
import { contextOf, fnv1a, slugify } from '../core/text';
import type { Annotation, ClaimStatus, ClaimValue, Entry, EntityKind, Source } from '../core/types';
import type { AuthorService } from './author';
import type { CommandId } from './contributions';
import { CATEGORY } from './contributions';
import type { DecorationController } from './decorations';
import type { ReportFilter, ReportScope } from '../core/report';
import type { ClaimsReportController, ExportFormat } from './reportPanel';
import type { DocumentModel, DocumentStore } from './documentStore';
import { shownAt, UserFacingError } from './documentStore';
import type { GlossaryService, NewEntity } from './glossaryService';
import { findMentions, mentionAt } from './language';
import type { AnnotationExportFormat } from './teams';
import { createTeamHandlers } from './teams';

/**
 * The argument object every command accepts, so that tests, code actions, hover links and the
 * Annotations view can run commands without any prompt. Without it (the palette, a keybinding)
 * the command works on the cursor or selection and asks for what it needs. A view node or a
 * resource URI (editor context menu) also works as the argument.
 */
export interface CommandArgs {
  /** The document (URI string or Uri); default: the active editor's. */
  uri?: string | vscode.Uri;
  /** The annotation to act on (claim reviews, remove, reveal). */
  annotationId?: string;
  /** An offset in the document: the annotation there (with `annotationId`: where it is looked for first). */
  offset?: number;
  /** The range to annotate (offsets); default: the selection. */
  start?: number;
  end?: number;
  /** Glossary entry id (annotate as actor/place, find mentions, open entry). */
  entity?: string;
  id?: string;
  /** A new entity for the workspace glossary (annotate as actor/place). */
  newEntity?: Partial<NewEntity>;
  /** Note text (reviews, notes). */
  note?: string;
  /** A source for a review: its URL, title and the date it was read (YYYY-MM-DD, default today). */
  sourceUrl?: string;
  sourceTitle?: string;
  sourceAccessed?: string;
  /** Glossary search query. */
  query?: string;
  /** searchGlossary: open the best hit (default true). findMentions: show the references view (default true). */
  open?: boolean;
  show?: boolean;
  /** Ask for the optional parts (note, source) even though an argument object was given. */
  prompt?: boolean;
  /** Claims report: the document or the whole workspace. */
  scope?: ReportScope;
  /**
   * Claims report export: the format and the file to write (default: a save dialog). Export
   * Annotations As: w3c, brat, csv or claimreview.
   */
  format?: ExportFormat | AnnotationExportFormat;
  target?: string | vscode.Uri;
  /** Import W3C Web Annotations: the JSON file to import. */
  file?: string | vscode.Uri;
  /** Set Up Git Merge Driver: a folder inside the repository, and whether to use the global git config. */
  folder?: string | vscode.Uri;
  global?: boolean;
  /** Claims report: only claims of this status ('all', 'reviewed' or a status). */
  status?: ReportFilter['status'];
}

/**
 * Shows a quick pick whose items follow what the user types (`update`), starting from `initial`;
 * resolves with the accepted item (undefined when dismissed) and the final text, then disposes it.
 */
async function runQuickPick<T extends vscode.QuickPickItem>(
  quickPick: vscode.QuickPick<T>,
  initial: string,
  update: (value: string) => void,
): Promise<{ choice: T | undefined; value: string }> {
  quickPick.value = initial;
  update(initial);
  const disposables = [quickPick.onDidChangeValue(update)];
  const choice = await new Promise<T | undefined>((resolve) => {
    disposables.push(
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0])),
      quickPick.onDidHide(() => resolve(undefined)),
    );
    quickPick.show();
  });
  const value = quickPick.value.trim();
  for (const d of disposables) d.dispose();
  quickPick.dispose();
  return { choice, value };
}

/** What the commands need, passed in from extension.ts. */
export interface CommandDeps {
  store: DocumentStore;
  glossary: GlossaryService;
  decorations: DecorationController;
  author: AuthorService;
  log: vscode.LogOutputChannel;
  report: ClaimsReportController;
  /** The extension's folder, where the sample article ships. */
  extensionUri: vscode.Uri;
}

type Handler = (args: CommandArgs | undefined, interactive: boolean) => Promise<unknown> | unknown;

const ENTITY_TYPES: Record<EntityKind, string[]> = {
  actor: [
    'armed group',
    'state',
    'political party',
    'person',
    'institution',
    'international body',
    'media',
    'think tank',
    'company',
    'other',
  ],
  place: [
    'city',
    'town',
    'village',
    'region',
    'territory',
    'border',
    'crossing',
    'base',
    'water',
    'site',
    'other',
  ],
};

/** Kebab-case id for a name: "Kataib Sayyid al-Shuhada" -> "kataib-sayyid-al-shuhada". */
export const idForName = slugify;

function now(): string {
  return new Date().toISOString();
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The commands: one table from command id to handler (package.json must list the same ids). */
export function createCommandTable(deps: CommandDeps): Record<CommandId, Handler> {
  const { store, glossary, decorations, author, report } = deps;

  const toUri = (uri: string | vscode.Uri) => (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);

  const documentOf = async (args: CommandArgs | undefined): Promise<vscode.TextDocument> => {
    if (args?.uri) {
      const uri = toUri(args.uri);
      return (
        vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
        (await vscode.workspace.openTextDocument(uri))
      );
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new UserFacingError('Open a Markdown or text document first.');
    return editor.document;
  };

  const modelOf = async (doc: vscode.TextDocument): Promise<DocumentModel> => {
    const model = await store.flush(doc);
    if (!model)
      throw new UserFacingError(
        `Geo Annotator does not annotate ${doc.languageId} documents (setting geoAnnotator.languages).`,
      );
    return model;
  };

  const editorOf = (doc: vscode.TextDocument) =>
    vscode.window.activeTextEditor?.document === doc
      ? vscode.window.activeTextEditor
      : vscode.window.visibleTextEditors.find((e) => e.document === doc);

  /** The range to annotate: the argument's offsets, else the selection, else the word at the cursor. */
  const targetRange = (
    doc: vscode.TextDocument,
    args: CommandArgs | undefined,
  ): { start: number; end: number } => {
    if (args?.start !== undefined && args.end !== undefined) {
      const length = doc.getText().length;
      if (!(args.start >= 0 && args.end > args.start && args.end <= length))
        throw new UserFacingError(`The range ${args.start}-${args.end} is not in the document.`);
      return { start: args.start, end: args.end };
    }
    const editor = editorOf(doc);
    if (!editor) throw new UserFacingError('Select the text to annotate first.');
    let range: vscode.Range | undefined = editor.selection;
    if (range.isEmpty) range = doc.getWordRangeAtPosition(editor.selection.active);
    if (!range || range.isEmpty) throw new UserFacingError('Select the text to annotate first.');
    return { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
  };

  /** The annotation an argument or the cursor points at; `filter` narrows (claims only, say). */
  const targetAnnotation = async (
    args: CommandArgs | undefined,
    interactive: boolean,
    filter: (a: Annotation) => boolean,
    what: string,
    includeOrphans = false,
  ): Promise<{ doc: vscode.TextDocument; model: DocumentModel; annotation: Annotation } | undefined> => {
    const doc = await documentOf(args);
    const model = await modelOf(doc);
    const fits = (a: Annotation) => !a.hidden && (includeOrphans || !a.orphaned) && filter(a);
    if (args?.annotationId !== undefined) {
      // Where it was shown (a code action or view node says), else in the merged list.
      const found = model.find(args.annotationId, shownAt(args));
      if (!found || !fits(found))
        throw new UserFacingError(`No ${what} with id ${args.annotationId} in this document.`);
      return { doc, model, annotation: found };
    }
    const candidates = model.merged.filter(fits);
    let offset = args?.offset;
    const editor = editorOf(doc);
    if (offset === undefined && editor) offset = doc.offsetAt(editor.selection.active);
    if (offset !== undefined) {
      // At the cursor, the character after it or the one before it (the end of a word).
      const here = annotationsAt(candidates, offset).filter(filter);
      const hits = here.length ? here : annotationsAt(candidates, Math.max(0, offset - 1)).filter(filter);
      if (hits.length === 1 || (hits.length > 1 && !interactive)) return { doc, model, annotation: hits[0]! };
      if (hits.length > 1) {
        const picked = await vscode.window.showQuickPick(
          hits.map((a) => ({
            label: a.text,
            description: describe(a, glossary.current.byId.get(a.entity ?? '')),
            annotation: a,
          })),
          { title: `Which ${what}?` },
        );
        return picked && { doc, model, annotation: picked.annotation };
      }
    }
    if (!interactive || candidates.length === 0) {
      if (interactive)
        void vscode.window.showInformationMessage(`Geo Annotator: no ${what} in this document.`);
      else throw new UserFacingError(`No ${what} at the cursor.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      candidates.map((a) => ({
        label: a.text,
        description: describe(a, glossary.current.byId.get(a.entity ?? '')),
        detail:
          `Line ${doc.positionAt(a.start).line + 1}: …${a.prefix.slice(-30)}${a.text}${a.suffix.slice(0, 30)}…`.replace(
            /\s+/g,
            ' ',
          ),
        annotation: a,
      })),
      { title: `No ${what} at the cursor: pick one`, matchOnDescription: true, matchOnDetail: true },
    );
    return picked && { doc, model, annotation: picked.annotation };
  };

  const reveal = async (doc: vscode.TextDocument, start: number, end: number) => {
    const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false });
    // Set here rather than through showTextDocument's option, so the selection is current at once.
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  };

  const team = createTeamHandlers({
    store,
    glossary,
    author,
    log: deps.log,
    extensionUri: deps.extensionUri,
    documentOf,
    modelOf,
    editorOf,
  });

  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
  const HTTP_URL = /^https?:\/\/\S+$/;

  /** Asks for a source: URL (required unless `optional`), title, and the date it was read. */
  const askSource = async (
    title: string,
    optional: boolean,
  ): Promise<{ url: string; title?: string; accessed: string } | null | undefined> => {
    const url = await vscode.window.showInputBox({
      title,
      prompt: optional ? 'Source URL (optional)' : 'Source URL',
      placeHolder: 'https://…',
      validateInput: (v) =>
        (optional && v.trim() === '') || HTTP_URL.test(v.trim())
          ? undefined
          : optional
            ? 'Enter an http(s) URL, or leave it empty.'
            : 'Enter an http(s) URL.',
    });
    if (url === undefined) return undefined;
    if (!url.trim()) return null;
    const sourceTitle = await vscode.window.showInputBox({
      title,
      prompt: 'Title of the source (optional)',
      placeHolder: 'e.g. Health Ministry statement',
    });
    if (sourceTitle === undefined) return undefined;
    const accessed = await vscode.window.showInputBox({
      title,
      prompt: 'Date you read it (YYYY-MM-DD)',
      value: today(),
      validateInput: (v) => (ISO_DAY.test(v.trim()) ? undefined : 'Enter a date as YYYY-MM-DD.'),
    });
    if (accessed === undefined) return undefined;
    return {
      url: url.trim(),
      ...(sourceTitle.trim() ? { title: sourceTitle.trim() } : {}),
      accessed: accessed.trim(),
    };
  };

  /**
   * Changes the review of a claim: its status (when given), its note and a source added to its
   * sources (same URL: replaced). Records who and when.
   */
  const review = async (
    doc: vscode.TextDocument,
    annotation: Annotation,
    change: { status?: ClaimStatus; note?: string; source?: Source },
  ): Promise<Annotation | undefined> => {
    const by = await author.name();
    let result: Annotation | undefined;
    await store.updatePersonal(doc, (personal, model) => {
      const current = model.find(annotation.id, annotation.start) ?? annotation;
      const updated: Annotation = {
        ...current,
        status: change.status ?? current.status ?? 'unreviewed',
        author: by,
        updated: now(),
      };
      if (change.note !== undefined) {
        if (change.note.trim()) updated.note = change.note.trim();
        else delete updated.note;
      }
      if (change.source) {
        const source = change.source;
        updated.sources = [...(current.sources ?? []).filter((s) => s.url !== source.url), source];
      }
      result = updated;
      return [...personal.filter((p) => p.id !== current.id), updated];
    });
    return (result && store.peek(doc.uri)?.find(result.id, result.start)) ?? result;
  };

  /** The source an argument object names (URL, title, accessed date defaulting to today). */
  const sourceOf = (args: CommandArgs | undefined): Source | undefined => {
    const url = args?.sourceUrl?.trim();
    if (!url) return undefined;
    if (!HTTP_URL.test(url)) throw new UserFacingError(`“${url}” is not an http(s) URL.`);
    const accessed = args?.sourceAccessed?.trim() || today();
    if (!ISO_DAY.test(accessed)) throw new UserFacingError(`“${accessed}” is not a date as YYYY-MM-DD.`);
    return { url, ...(args?.sourceTitle?.trim() ? { title: args.sourceTitle.trim() } : {}), accessed };
  };

  const markClaim = (status: ClaimStatus): Handler => {
    return async (args, interactive) => {
      const target = await targetAnnotation(args, interactive, (a) => a.kind === 'claim', 'claim');
      if (!target) return undefined;
      const { doc, annotation } = target;
      let note = args?.note;
      let source = sourceOf(args);
      if (interactive || args?.prompt) {
        const title = `Mark “${annotation.text}” as ${status}`;
        note = await vscode.window.showInputBox({
          title,
          prompt: 'Note (optional): why, or what a source says. Leave empty for none.',
          value: annotation.note ?? '',
        });
        if (note === undefined) return undefined;
        const asked = await askSource(title, true);
        if (asked === undefined) return undefined;
        source = asked ?? undefined;
      }
      return review(doc, annotation, {
        status,
        ...(note !== undefined ? { note } : {}),
        ...(source ? { source } : {}),
      });
    };
  };

  const pickEntity = async (kind: EntityKind, initial: string): Promise<string | undefined> => {
    const search = await glossary.search();
    type Item = vscode.QuickPickItem & { entry?: Entry; create?: boolean };
    const quickPick = vscode.window.createQuickPick<Item>();
    quickPick.title = `Annotate as ${kind}: pick a glossary entry`;
    quickPick.placeholder = 'Search the glossary (fuzzy: names, aliases, spellings)';
    quickPick.matchOnDescription = true;
    const update = (value: string) => {
      const hits = search
        .search(value, 30)
        .sort((a, b) => Number(b.entry.kind === kind) - Number(a.entry.kind === kind) || a.score - b.score);
      const items: Item[] = hits.map((h) => ({
        label: h.entry.name,
        description: `${h.entry.type} · ${h.entry.id}`,
        detail: h.entry.summary,
        alwaysShow: true,
        entry: h.entry,
      }));
      if (value.trim())
        items.push({
          label: `$(add) Add “${value.trim()}” to the workspace glossary as a new ${kind}…`,
          alwaysShow: true,
          create: true,
        });
      quickPick.items = items;
    };
    const { choice, value } = await runQuickPick(quickPick, initial, update);
    if (!choice) return undefined;
    if (choice.entry) return choice.entry.id;
    return createEntity(kind, { name: value || initial });
  };

  const createEntity = async (
    kind: EntityKind,
    partial: Partial<NewEntity>,
    interactive = true,
  ): Promise<string | undefined> => {
    let name = partial.name?.trim();
    if (interactive && !name)
      name = (
        await vscode.window.showInputBox({
          title: `New ${kind}`,
          prompt: 'Name (as usually written in English)',
        })
      )?.trim();
    if (!name) return undefined;
    let type = partial.type;
    if (!type && interactive)
      type = await vscode.window.showQuickPick(ENTITY_TYPES[kind], { title: `New ${kind} “${name}”: type` });
    if (!type) {
      if (interactive) return undefined;
      type = kind === 'actor' ? 'other' : 'site';
    }
    let id = partial.id ?? idForName(name);
    if (interactive && !partial.id) {
      const existing = (await glossary.load()).byId;
      const chosen = await vscode.window.showInputBox({
        title: `New ${kind} “${name}”: id`,
        prompt: 'A kebab-case id, unique in the glossary',
        value: id,
        validateInput: (v) =>
          !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v)
            ? 'Use lower-case letters, digits and single hyphens.'
            : existing.has(v)
              ? `“${v}” is taken.`
              : undefined,
      });
      if (!chosen) return undefined;
      id = chosen;
    }
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) throw new UserFacingError(`“${id}” is not a kebab-case id.`);
    if ((await glossary.load()).byId.has(id))
      throw new UserFacingError(`The glossary already has an entry “${id}”.`);
    await glossary.addEntity({
      id,
      kind: partial.kind ?? kind,
      type,
      name,
      ...(partial.aliases ? { aliases: partial.aliases } : {}),
      ...(partial.summary ? { summary: partial.summary } : {}),
    });
    return id;
  };

  const addManual = async (
    doc: vscode.TextDocument,
    fields: Omit<Annotation, 'id' | 'start' | 'end' | 'text' | 'prefix' | 'suffix' | 'origin'>,
    range: { start: number; end: number },
  ) => {
    const by = await author.name();
    const text = doc.getText();
    const quote = text.slice(range.start, range.end);
    const annotation: Annotation = {
      id: `m-${fnv1a(`${fields.kind}|${range.start}|${quote}|${Date.now()}|${Math.random()}`)}`,
      start: range.start,
      end: range.end,
      text: quote,
      ...contextOf(text, range.start, range.end),
      origin: 'manual',
      ...fields,
      author: by,
      updated: now(),
    };
    const overlaps = (p: Annotation) => p.start < range.end && range.start < p.end;
    await store.updatePersonal(doc, (personal) => [
      // The new annotation replaces a manual one of its kind on the same range and lifts a removal there.
      ...personal.filter(
        (p) =>
          !(
            p.kind === annotation.kind &&
            ((p.hidden && overlaps(p)) ||
              (p.origin === 'manual' && !p.orphaned && p.start === range.start && p.end === range.end))
          ),
      ),
      annotation,
    ]);
    return store.peek(doc.uri)?.merged.find((a) => a.id === annotation.id) ?? annotation;
  };

  const annotateAsEntity = (kind: 'actor' | 'place'): Handler => {
    return async (args, interactive) => {
      const doc = await documentOf(args);
      await modelOf(doc);
      const range = targetRange(doc, args);
      let entity = args?.entity;
      if (!entity && args?.newEntity) entity = await createEntity(kind, args.newEntity, interactive);
      if (!entity && interactive)
        entity = await pickEntity(kind, doc.getText().slice(range.start, range.end));
      if (!entity) {
        if (!interactive) throw new UserFacingError('Pass an entity id or a new entity.');
        return undefined;
      }
      if (!(await glossary.load()).byId.has(entity))
        throw new UserFacingError(`No glossary entry has the id “${entity}”.`);
      return addManual(doc, { kind, entity, ...(args?.note ? { note: args.note } : {}) }, range);
    };
  };

  const goToUnreviewed = (direction: 1 | -1): Handler => {
    return async (args) => {
      const doc = await documentOf(args);
      const model = await modelOf(doc);
      const claims = visibleAnnotations(model.merged).filter(
        (a) => a.kind === 'claim' && (a.status ?? 'unreviewed') === 'unreviewed',
      );
      if (claims.length === 0) {
        void vscode.window.showInformationMessage('Geo Annotator: no unreviewed claims in this document.');
        return undefined;
      }
      const editor = editorOf(doc);
      // From a selected claim (where the last jump left it) or a cursor inside one, go past it.
      const from = editor
        ? editor.selection.isEmpty
          ? editor.selection.active
          : editor.selection.start
        : undefined;
      let offset =
        args?.offset ?? (from ? doc.offsetAt(from) : direction === 1 ? -1 : Number.MAX_SAFE_INTEGER);
      const inside = claims.find((c) => c.start <= offset && offset < c.end);
      if (inside) offset = inside.start;
      const target =
        direction === 1
          ? (claims.find((c) => c.start > offset) ?? claims[0]!)
          : ([...claims].reverse().find((c) => c.start < offset) ?? claims[claims.length - 1]!);
      await reveal(doc, target.start, target.end);
      return target;
    };
  };

  const openEntry = async (id: string) => {
    const entry = (await glossary.load()).byId.get(id);
    if (!entry) throw new UserFacingError(`No glossary entry has the id “${id}”.`);
    const location = glossary.locate(entry);
    if (!location) throw new UserFacingError(`The file of “${id}” is not available.`);
    const doc = await vscode.workspace.openTextDocument(location.uri);
    await vscode.window.showTextDocument(doc, { selection: location.range, preview: true });
    return { uri: location.uri.toString(), line: location.range.start.line };
  };

  const searchInteractively = async (query = ''): Promise<string | undefined> => {
    const search = await glossary.search();
    type Item = vscode.QuickPickItem & { id: string };
    const quickPick = vscode.window.createQuickPick<Item>();
    quickPick.title = 'Search the glossary';
    quickPick.placeholder = 'A name, alias or spelling (fuzzy: “hizbulla” finds Hezbollah)';
    const update = (value: string) => {
      quickPick.items = search.search(value, 30).map((h) => ({
        label: h.entry.name,
        description: `${h.entry.kind} · ${h.entry.type}`,
        detail: h.entry.summary,
        alwaysShow: true,
        id: h.entry.id,
      }));
    };
    const { choice } = await runQuickPick(quickPick, query, update);
    return choice?.id;
  };

  return {
    'geoAnnotator.exportAnnotations': async (args) => {
      const doc = await documentOf(args);
      const uri = await store.save(doc);
      const count = store.peek(doc.uri)?.merged.length ?? 0;
      void vscode.window
        .showInformationMessage(
          `Geo Annotator: wrote ${count} annotations to ${vscode.workspace.asRelativePath(uri)}.`,
          'Open',
        )
        .then((choice) => {
          if (choice) void vscode.window.showTextDocument(uri);
        });
      return uri.toString();
    },
    'geoAnnotator.annotateSelectionAsActor': annotateAsEntity('actor'),
    'geoAnnotator.annotateSelectionAsPlace': annotateAsEntity('place'),
    'geoAnnotator.annotateSelectionAsClaim': async (args) => {
      const doc = await documentOf(args);
      await modelOf(doc);
      const range = targetRange(doc, args);
      const found = scanClaims(doc.getText(), range.start, range.end)[0];
      const claim: ClaimValue = found?.claim ?? { type: 'quantity' };
      return addManual(
        doc,
        { kind: 'claim', claim, status: 'unreviewed', ...(args?.note ? { note: args.note } : {}) },
        range,
      );
    },
    'geoAnnotator.annotateSelectionAsNote': async (args, interactive) => {
      const doc = await documentOf(args);
      await modelOf(doc);
      const range = targetRange(doc, args);
      let note = args?.note;
      if (note === undefined && (interactive || args?.prompt)) {
        note = await vscode.window.showInputBox({
          title: `Note on “${doc.getText().slice(range.start, range.end)}”`,
          prompt: 'Your note',
        });
      }
      if (!note?.trim()) {
        if (!interactive) throw new UserFacingError('A note needs text.');
        return undefined;
      }
      return addManual(doc, { kind: 'note', note: note.trim() }, range);
    },
    'geoAnnotator.removeAnnotation': async (args, interactive) => {
      const target = await targetAnnotation(args, interactive, () => true, 'annotation', true);
      if (!target) return undefined;
      const { doc, annotation } = target;
      const by = await author.name();
      let hidden = false;
      await store.updatePersonal(doc, (personal) => {
        const rest = personal.filter((p) => p.id !== annotation.id);
        if (annotation.origin === 'manual' || annotation.orphaned) return rest;
        // An auto annotation comes back at the next scan unless a hidden record says it was removed.
        hidden = true;
        const record: Annotation = {
          id: `h-${fnv1a(`${annotation.id}|${Date.now()}`)}`,
          kind: annotation.kind,
          start: annotation.start,
          end: annotation.end,
          text: annotation.text,
          prefix: annotation.prefix,
          suffix: annotation.suffix,
          origin: 'manual',
          ...(annotation.entity !== undefined ? { entity: annotation.entity } : {}),
          ...(annotation.claim !== undefined
            ? { claim: annotation.claim, status: 'unreviewed' as const }
            : {}),
          author: by,
          updated: now(),
          hidden: true,
        };
        return [...rest, record];
      });
      return { removed: annotation.id, hidden };
    },
    'geoAnnotator.markClaimUnreviewed': markClaim('unreviewed'),
    'geoAnnotator.markClaimVerified': markClaim('verified'),
    'geoAnnotator.markClaimDisputed': markClaim('disputed'),
    'geoAnnotator.markClaimFalse': markClaim('false'),
    'geoAnnotator.markClaimUnverifiable': markClaim('unverifiable'),
    'geoAnnotator.addClaimSource': async (args, interactive) => {
      const target = await targetAnnotation(args, interactive, (a) => a.kind === 'claim', 'claim');
      if (!target) return undefined;
      const { doc, annotation } = target;
      let source = sourceOf(args);
      if (!source && (interactive || args?.prompt)) {
        const asked = await askSource(`Add a source to “${annotation.text}”`, false);
        if (!asked) return undefined;
        source = asked;
      }
      if (!source) throw new UserFacingError('Pass the source’s URL (sourceUrl).');
      return review(doc, annotation, { source });
    },
    'geoAnnotator.addClaimNote': async (args, interactive) => {
      const target = await targetAnnotation(args, interactive, (a) => a.kind === 'claim', 'claim');
      if (!target) return undefined;
      const { doc, annotation } = target;
      let note = args?.note;
      if (note === undefined && (interactive || args?.prompt)) {
        note = await vscode.window.showInputBox({
          title: `Note on “${annotation.text}”`,
          prompt: 'Why it is marked as it is, or what a source says (empty: no note)',
          value: annotation.note ?? '',
        });
        if (note === undefined) return undefined;
      }
      if (note === undefined) throw new UserFacingError('Pass the note’s text (note).');
      return review(doc, annotation, { note });
    },
    'geoAnnotator.nextUnreviewedClaim': goToUnreviewed(1),
    'geoAnnotator.previousUnreviewedClaim': goToUnreviewed(-1),
    'geoAnnotator.searchGlossary': async (args, interactive) => {
      if (interactive || args?.query === undefined) {
        const id = await searchInteractively(args?.query ?? '');
        return id && (await openEntry(id));
      }
      const hits = (await glossary.search()).search(args.query, 10);
      if (hits[0] && args.open !== false) await openEntry(hits[0].entry.id);
      return hits.map((h) => h.entry.id);
    },
    'geoAnnotator.openGlossaryEntry': async (args, interactive) => {
      let id = args?.id ?? args?.entity;
      if (!id && vscode.window.activeTextEditor) {
        const editor = vscode.window.activeTextEditor;
        id = (await mentionAt(store, editor.document, editor.selection.active))?.entity;
      }
      if (!id && interactive) id = await searchInteractively();
      if (!id) return undefined;
      return openEntry(id);
    },
    'geoAnnotator.findMentions': async (args) => {
      let entity = args?.entity;
      let anchor: { uri: vscode.Uri; position: vscode.Position } | undefined;
      const editor = vscode.window.activeTextEditor;
      if (!entity && editor) {
        const mention = await mentionAt(store, editor.document, editor.selection.active);
        entity = mention?.entity;
        if (mention)
          anchor = { uri: editor.document.uri, position: editor.document.positionAt(mention.start) };
      }
      if (!entity) throw new UserFacingError('Put the cursor on a mention of an actor or place first.');
      const locations = await findMentions(store, entity);
      if (args?.show !== false) {
        if (!anchor && args?.uri && args.offset !== undefined) {
          const doc = await documentOf(args);
          anchor = { uri: doc.uri, position: doc.positionAt(args.offset) };
        }
        if (!anchor && editor) anchor = { uri: editor.document.uri, position: editor.selection.active };
        if (anchor && locations.length)
          await vscode.commands.executeCommand(
            'editor.action.showReferences',
            anchor.uri,
            anchor.position,
            locations,
          );
        else if (!locations.length)
          void vscode.window.showInformationMessage(
            `Geo Annotator: no mentions of ${glossary.current.byId.get(entity)?.name ?? entity} in the workspace.`,
          );
      }
      return locations;
    },
    'geoAnnotator.addToGlossary': async (args, interactive) => {
      const target = await targetAnnotation(
        args,
        interactive,
        (a) => a.entity !== undefined,
        'actor or place',
      );
      if (!target) return undefined;
      const { annotation } = target;
      const kind = annotation.kind === 'place' ? 'place' : 'actor';
      if (annotation.entity && glossary.current.byId.has(annotation.entity)) {
        throw new UserFacingError(`“${annotation.text}” is in the glossary already (${annotation.entity}).`);
      }
      const found = annotation.entity?.startsWith('unlisted:') ? annotation.entity.split(':')[1] : undefined;
      const type =
        args?.newEntity?.type ??
        (interactive || args?.prompt
          ? undefined
          : found === 'person'
            ? 'person'
            : found === 'body'
              ? 'institution'
              : kind === 'place'
                ? 'site'
                : 'other');
      const id = await createEntity(
        kind,
        { name: annotation.text, ...(type ? { type } : {}), ...args?.newEntity },
        interactive || !!args?.prompt,
      );
      return id;
    },
    'geoAnnotator.toggleHighlights': () => {
      decorations.setEnabled(!decorations.highlightsOn);
      void vscode.commands.executeCommand(
        'setContext',
        'geoAnnotator.highlightsOn',
        decorations.highlightsOn,
      );
      return decorations.highlightsOn;
    },
    'geoAnnotator.reloadGlossary': async (_args, interactive) => {
      const reloaded = await glossary.reload();
      const errors = reloaded.problems.filter((p) => p.severity === 'error').length;
      if (interactive) {
        void vscode.window.showInformationMessage(
          `Geo Annotator: glossary reloaded, ${reloaded.entries.length} entries` +
            (reloaded.problems.length
              ? `, ${reloaded.problems.length} problems (${errors} errors) in the Problems panel.`
              : '.'),
        );
      }
      return { entries: reloaded.entries.length, problems: reloaded.problems.length };
    },
    'geoAnnotator.openSample': async () => {
      // Copy the sample into the workspace (once), so that its sidecar is written there and not
      // into the extension's folder.
      const source = vscode.Uri.joinPath(deps.extensionUri, 'samples', 'beirut-strikes.md');
      const folder = vscode.workspace.workspaceFolders?.[0];
      let target = source;
      if (folder) {
        target = vscode.Uri.joinPath(folder.uri, 'beirut-strikes.md');
        try {
          await vscode.workspace.fs.stat(target);
        } catch {
          await vscode.workspace.fs.copy(source, target);
        }
      }
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), {
        preview: false,
      });
      return target.toString();
    },
    'geoAnnotator.openSidecar': async (args) => {
      const doc = await documentOf(args);
      const model = await modelOf(doc);
      const sidecars = store.sidecarFiles;
      const uri = sidecars.uriFor(doc.uri);
      if (!uri) throw new UserFacingError('Untitled documents have no sidecar: save the document first.');
      if (model.sidecar === 'missing') await store.save(doc);
      const problem = model.sidecarProblems.find((p) => p.severity === 'error');
      const position = problem
        ? new vscode.Position(problem.line - 1, problem.column - 1)
        : new vscode.Position(0, 0);
      await vscode.window.showTextDocument(uri, {
        selection: new vscode.Range(position, position),
        preview: false,
      });
      return uri.toString();
    },
    'geoAnnotator.annotateAnyway': async (args) => {
      const doc = await documentOf(args);
      const model = await store.annotateAnyway(doc);
      return model ? visibleAnnotations(model.merged).length : 0;
    },
    'geoAnnotator.openClaimsReport': async (args) => {
      const doc = args?.uri ? await documentOf(args) : undefined;
      const state = await report.open({
        ...(doc ? { document: doc } : {}),
        ...(args?.scope ? { scope: args.scope } : {}),
      });
      return state && { scope: state.scope, rows: state.report.rows.length };
    },
    'geoAnnotator.exportClaimsReport': async (args) => {
      const doc = args?.uri ? await documentOf(args) : undefined;
      const written = await report.export({
        ...(doc ? { document: doc } : {}),
        ...(args?.scope ? { scope: args.scope } : {}),
        ...(args?.format ? { format: args.format as ExportFormat } : {}),
        ...(args?.target ? { target: toUri(args.target) } : {}),
        ...(args?.status || args?.entity
          ? {
              filter: {
                ...(args.status ? { status: args.status } : {}),
                ...(args.entity ? { entity: args.entity } : {}),
              },
            }
          : {}),
      });
      return written?.toString();
    },
    'geoAnnotator.revealAnnotation': async (args) => {
      const doc = await documentOf(args);
      if (args?.start !== undefined && args.end !== undefined)
        return reveal(doc, args.start, args.end).then(() => true);
      const model = await modelOf(doc);
      const annotation =
        args?.annotationId === undefined ? undefined : model.find(args.annotationId, shownAt(args));
      if (!annotation) throw new UserFacingError('That annotation is gone: the document changed.');
      await reveal(doc, annotation.start, annotation.end);
      return true;
    },
    'geoAnnotator.reattachOrphan': team.reattachOrphan,
    'geoAnnotator.deleteOrphan': team.deleteOrphan,
    'geoAnnotator.resolveConflictOurs': team.resolveConflict('ours'),
    'geoAnnotator.resolveConflictTheirs': team.resolveConflict('theirs'),
    'geoAnnotator.setupGit': team.setupGit,
    'geoAnnotator.exportAnnotationsAs': team.exportAs,
    'geoAnnotator.importW3C': team.importW3C,
  };
}

function describe(a: Annotation, entry: Entry | undefined): string {
  if (a.kind === 'claim')
    return `claim · ${a.status ?? 'unreviewed'}${a.claim ? ` · ${describeClaimValue(a.claim)}${a.claim.unit ? ` ${a.claim.unit}` : ''}` : ''}`;
  if (a.kind === 'note') return `note · ${a.note ?? ''}`;
  return `${a.kind} · ${entry?.name ?? a.entity ?? ''}`;
}

/**
 * Registers every command of the table. Errors a user can act on become a message; others are
 * logged and reported once.
 */
export function registerCommands(
  table: Record<CommandId, Handler>,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return (Object.keys(table) as CommandId[]).map((id) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      // A person runs it: the palette and keybindings pass nothing, the editor context menu the
      // document's URI, the Annotations view its node, a hover link `prompt: true`. Tests and
      // code actions pass an argument object and get no prompt.
      const interactive =
        arg === undefined ||
        arg instanceof vscode.Uri ||
        (typeof arg === 'object' && arg !== null && ('type' in arg || (arg as CommandArgs).prompt === true));
      const args: CommandArgs | undefined =
        arg instanceof vscode.Uri
          ? { uri: arg }
          : typeof arg === 'string'
            ? { id: arg }
            : (arg as CommandArgs | undefined);
      try {
        return await table[id](args, interactive);
      } catch (error) {
        if (error instanceof UserFacingError) {
          void vscode.window.showErrorMessage(`${CATEGORY}: ${error.message}`);
          if (!interactive) throw error;
          return undefined;
        }
        log.error(`command ${id} failed`, error);
        void vscode.window.showErrorMessage(
          `${CATEGORY}: ${error instanceof Error ? error.message : String(error)} (details in the Geo Annotator output).`,
        );
        if (!interactive) throw error;
        return undefined;
      }
    }),
  );
}
