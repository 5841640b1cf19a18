import * as vscode from 'vscode';
import type { Annotation } from '../core/types';
import type { DocumentStore } from './documentStore';
import type { GlossaryService } from './glossaryService';

/** The files searched for mentions: Markdown and plain text, outside dependency folders. */
const WORKSPACE_FILES = '**/*.{md,markdown,mdx,txt}';
const EXCLUDED = '{**/node_modules/**,**/.git/**,**/.work/**,**/dist/**,**/out/**}';
const MAX_FILES = 2000;

/** Line/character positions from offsets of a text that is not open in an editor. */
export function positionsOf(text: string): (offset: number) => vscode.Position {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, offset - lineStarts[lo]!);
  };
}

/** The entity mention (actor or place) at a position, if any. */
export async function mentionAt(
  store: DocumentStore,
  doc: vscode.TextDocument,
  position: vscode.Position,
): Promise<Annotation | undefined> {
  const live = (await store.flush(doc))?.live;
  if (!live) return undefined;
  const hit = live.annotationsAt(doc.offsetAt(position)).find((a) => a.entity !== undefined);
  return hit && live.materialize(hit);
}

/** Every mention of an entity in the workspace's Markdown and text files (open documents as edited). */
export async function findMentions(
  store: DocumentStore,
  entity: string,
  token?: vscode.CancellationToken,
): Promise<vscode.Location[]> {
  const files = await vscode.workspace.findFiles(WORKSPACE_FILES, EXCLUDED, MAX_FILES, token);
  const seen = new Set(files.map((f) => f.toString()));
  // Open documents outside the workspace folders (or untitled) count too.
  for (const doc of vscode.workspace.textDocuments) {
    if (
      !seen.has(doc.uri.toString()) &&
      store.isTracked(doc) &&
      doc.uri.scheme !== 'geo-annotator-glossary'
    ) {
      files.push(doc.uri);
      seen.add(doc.uri.toString());
    }
  }
  const locations: vscode.Location[] = [];
  files.sort((a, b) => a.toString().localeCompare(b.toString()));
  for (const uri of files) {
    if (token?.isCancellationRequested) break;
    const found = await store.annotationsOfFile(uri);
    if (!found) continue;
    const mentions = found.annotations.filter((a) => a.entity === entity);
    if (mentions.length === 0) continue;
    const at = positionsOf(found.text);
    for (const a of mentions)
      locations.push(new vscode.Location(uri, new vscode.Range(at(a.start), at(a.end))));
  }
  return locations;
}

/** Go to Definition on a mention: its glossary entry (bundled ones in a read-only view). */
export class EntityDefinitionProvider implements vscode.DefinitionProvider {
  constructor(
    private readonly store: DocumentStore,
    private readonly glossary: GlossaryService,
  ) {}

  async provideDefinition(
    doc: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Location | undefined> {
    const mention = await mentionAt(this.store, doc, position);
    if (!mention || token.isCancellationRequested) return undefined;
    const entry = this.glossary.current.byId.get(mention.entity!);
    return entry ? this.glossary.locate(entry) : undefined;
  }
}

/** Find All References on a mention: the entity's mentions across the workspace. */
export class EntityReferenceProvider implements vscode.ReferenceProvider {
  constructor(
    private readonly store: DocumentStore,
    private readonly glossary: GlossaryService,
  ) {}

  async provideReferences(
    doc: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.ReferenceContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.Location[] | undefined> {
    const mention = await mentionAt(this.store, doc, position);
    if (!mention || token.isCancellationRequested) return undefined;
    const locations = await findMentions(this.store, mention.entity!, token);
    if (context.includeDeclaration) {
      const entry = this.glossary.current.byId.get(mention.entity!);
      const definition = entry && this.glossary.locate(entry);
      if (definition) locations.unshift(definition);
    }
    return locations;
  }
}
