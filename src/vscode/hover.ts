import * as vscode from 'vscode';
import type { HoverLinks } from '../core/hover';
import { claimFindings, commandUri, renderAnnotationHover, renderRelativeTimeHover } from '../core/hover';
import type { TextSource } from '../core/edits';
import { flatText } from '../core/edits';
import { annotationsAt, visibleAnnotations } from '../core/model';
import type { ArticleDate } from '../core/timeline';
import { ARTICLE_HEAD, articleDate, findRelativeTimes } from '../core/timeline';
import type { Annotation } from '../core/types';
import { HOVER_COMMANDS } from './contributions';
import type { DocumentStore } from './documentStore';
import type { GlossaryService } from './glossaryService';
import type { SettingsService } from './settings';
import { inSlices } from './slices';
import { timed } from './taskTimes';

/** Any date: finds relative times in an undated article, so that the card can say it has no date. */
const PLACEHOLDER_DATE: ArticleDate = { year: 2000, month: 1, day: 1, source: 'setting' };

/**
 * Hover cards: the Markdown of core/hover.ts, trusted only for this extension's hover commands.
 * Claims carry what the desk found (period, time against the article's date, glossary
 * cross-checks, consistency with the document's other claims); relative times that are no claims
 * ("last year", "this week") get a card with their resolution.
 */
export class AnnotationHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly store: DocumentStore,
    private readonly glossary: GlossaryService,
    private readonly settings: SettingsService,
  ) {}

  async provideHover(
    doc: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const model = await this.store.flush(doc);
    const live = model?.live;
    if (!live || token.isCancellationRequested) return undefined;
    const version = doc.version;
    const offset = doc.offsetAt(position);
    const under = timed('hover', () => live.annotationsAt(offset));
    // A claim's findings weigh it against the document's other claims: those need every annotation,
    // made in slices (a large document has hundreds of thousands).
    let visible: Annotation[] | undefined;
    if (under.some((a) => a.kind === 'claim')) {
      const { merged } = await inSlices(live.snapshotSteps(), (slice) => timed('hover', slice));
      if (token.isCancellationRequested || doc.version !== version) return undefined;
      visible = visibleAnnotations(merged);
    }
    return timed('hover', () => {
      // Only what is under the pointer is made whole; the text is the model's (no copy of the document).
      const hits = visible ? annotationsAt(visible, offset) : under.map((a) => live.materialize(a));
      const text = live.state.text;
      // The date is read from the article's head (front matter or dateline): no copy of the document.
      const date = articleDate(text.slice(0, ARTICLE_HEAD), this.settings.current.articleDate || undefined);
      if (hits.length === 0) {
        // Relative times in prose only (not in code, front matter or link targets).
        if (!live.isProse(offset)) return undefined;
        return this.relativeTimeHover(doc, text, offset, date);
      }
      const glossary = this.glossary.current;
      const counts = [live.entityCounts('actor'), live.entityCounts('place')];
      const uri = doc.uri.toString();
      const cards = hits.map((a) => {
        const markdown = new vscode.MarkdownString(
          renderAnnotationHover(a, {
            glossary,
            mentionCount:
              a.entity !== undefined ? counts.reduce((n, c) => n + (c.get(a.entity!) ?? 0), 0) : undefined,
            links: linksFor(a, uri),
            ...(a.kind === 'claim'
              ? { findings: claimFindings(flatText(text), a, visible ?? [], glossary, date) }
              : {}),
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
    });
  }

  /** The card of a relative time at the offset ("last year"), when there is one. */
  private relativeTimeHover(
    doc: vscode.TextDocument,
    text: TextSource,
    offset: number,
    date: ArticleDate | undefined,
  ): vscode.Hover | undefined {
    const line = doc.lineAt(doc.positionAt(offset).line);
    const from = doc.offsetAt(line.range.start);
    const to = doc.offsetAt(line.range.end);
    // The line and a little after it (a match starts on the line; none is that long).
    const part = text.slice(from, to + 200);
    const found = findRelativeTimes(part, date ?? PLACEHOLDER_DATE, 0, to - from).find(
      (r) => r.start <= offset - from && offset - from < r.end,
    );
    if (!found) return undefined;
    const hit = { ...found, start: found.start + from, end: found.end + from };
    const markdown = new vscode.MarkdownString(
      renderRelativeTimeHover(part.slice(found.start, found.end), date ? hit.resolved : undefined),
    );
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, new vscode.Range(doc.positionAt(hit.start), doc.positionAt(hit.end)));
  }
}

function linksFor(a: Annotation, uri: string): HoverLinks {
  const links = kindLinks(a, uri);
  if (a.conflict !== undefined && a.conflict.length > 0) {
    const keep = (id: string) => commandUri(id, { uri, annotationId: a.id, offset: a.start, prompt: true });
    links.resolveConflict = {
      ours: keep('geoAnnotator.resolveConflictOurs'),
      theirs: keep('geoAnnotator.resolveConflictTheirs'),
    };
  }
  return links;
}

function kindLinks(a: Annotation, uri: string): HoverLinks {
  if (a.kind === 'claim') {
    const review = (id: string) => commandUri(id, { uri, annotationId: a.id, offset: a.start, prompt: true });
    return {
      review: {
        verified: review('geoAnnotator.markClaimVerified'),
        disputed: review('geoAnnotator.markClaimDisputed'),
        false: review('geoAnnotator.markClaimFalse'),
        unverifiable: review('geoAnnotator.markClaimUnverifiable'),
        unreviewed: review('geoAnnotator.markClaimUnreviewed'),
      },
      addSource: review('geoAnnotator.addClaimSource'),
      addNote: review('geoAnnotator.addClaimNote'),
    };
  }
  if (a.entity === undefined) return {};
  if (a.entity.startsWith('unlisted:')) {
    return {
      findMentions: commandUri('geoAnnotator.findMentions', { entity: a.entity, uri, offset: a.start }),
      addToGlossary: commandUri('geoAnnotator.addToGlossary', {
        uri,
        annotationId: a.id,
        offset: a.start,
        prompt: true,
      }),
    };
  }
  return {
    findMentions: commandUri('geoAnnotator.findMentions', { entity: a.entity, uri, offset: a.start }),
    openEntry: commandUri('geoAnnotator.openGlossaryEntry', { id: a.entity }),
  };
}
