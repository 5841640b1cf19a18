import * as vscode from 'vscode';
import type { HoverLinks } from '../core/hover';
import { commandUri, renderAnnotationHover } from '../core/hover';
import { annotationsAt, visibleAnnotations } from '../core/model';
import type { Annotation } from '../core/types';
import { HOVER_COMMANDS } from './contributions';
import type { DocumentStore } from './documentStore';
import type { GlossaryService } from './glossaryService';

/** Hover cards: the Markdown of core/hover.ts, trusted only for this extension's hover commands. */
export class AnnotationHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly store: DocumentStore,
    private readonly glossary: GlossaryService,
  ) {}

  async provideHover(
    doc: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const model = await this.store.flush(doc);
    if (!model || token.isCancellationRequested) return undefined;
    const offset = doc.offsetAt(position);
    const hits = annotationsAt(model.merged, offset);
    if (hits.length === 0) return undefined;
    const glossary = this.glossary.current;
    const visible = visibleAnnotations(model.merged);
    const uri = doc.uri.toString();
    const cards = hits.map((a) => {
      const markdown = new vscode.MarkdownString(
        renderAnnotationHover(a, {
          glossary,
          mentionCount:
            a.entity !== undefined ? visible.filter((v) => v.entity === a.entity).length : undefined,
          links: linksFor(a, uri),
        }),
      );
      markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
      markdown.supportHtml = false;
      return markdown;
    });
    const innermost = hits[0]!;
    return new vscode.Hover(
      cards,
      new vscode.Range(doc.positionAt(innermost.start), doc.positionAt(innermost.end)),
    );
  }
}

function linksFor(a: Annotation, uri: string): HoverLinks {
  if (a.kind === 'claim') {
    const review = (id: string) => commandUri(id, { uri, annotationId: a.id, prompt: true });
    return {
      review: {
        verified: review('geoAnnotator.markClaimVerified'),
        disputed: review('geoAnnotator.markClaimDisputed'),
        false: review('geoAnnotator.markClaimFalse'),
        unverifiable: review('geoAnnotator.markClaimUnverifiable'),
        unreviewed: review('geoAnnotator.markClaimUnreviewed'),
      },
    };
  }
  if (a.entity === undefined) return {};
  if (a.entity.startsWith('unlisted:')) {
    return {
      findMentions: commandUri('geoAnnotator.findMentions', { entity: a.entity, uri, offset: a.start }),
      addToGlossary: commandUri('geoAnnotator.addToGlossary', { uri, annotationId: a.id, prompt: true }),
    };
  }
  return {
    findMentions: commandUri('geoAnnotator.findMentions', { entity: a.entity, uri, offset: a.start }),
    openEntry: commandUri('geoAnnotator.openGlossaryEntry', { id: a.entity }),
  };
}
