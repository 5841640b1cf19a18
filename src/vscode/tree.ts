import * as vscode from 'vscode';
import type { FoundSpan } from '../core/annotate';
import { describeClaimValue } from '../core/hover';
import { conflictFields } from '../core/merge';
import { compareAnnotations, describeConflict } from '../core/sidecar';
import type { Annotation, ClaimStatus } from '../core/types';
import { CLAIM_STATUSES } from '../core/types';
import type { DocumentModel, DocumentStore } from './documentStore';
import type { GlossaryService } from './glossaryService';
import { timed } from './taskTimes';

/** The top-level groups of the Annotations view. */
export type GroupName = 'conflict' | 'actor' | 'place' | 'claim' | 'note' | 'orphaned';

/**
 * A node of the Annotations view. Plain data; annotation nodes carry `uri` and `annotationId`, so
 * a node passed to a command from the view's context menu works as the command's argument. An
 * annotation listed under Conflicts carries `group: 'conflict'` (it is listed in its kind's group
 * too, under another tree id).
 */
export type AnnotationNode =
  | { type: 'group'; uri: string; group: GroupName; count: number }
  | { type: 'entity'; uri: string; kind: 'actor' | 'place'; entity: string; count: number; label: string }
  | { type: 'status'; uri: string; status: ClaimStatus; count: number }
  | { type: 'annotation'; uri: string; annotationId: string; annotation: Annotation; group?: 'conflict' }
  | { type: 'more'; uri: string; count: number };

/** At most this many annotations are listed under an entity or a claim status (the rest are counted). */
export const LIST_LIMIT = 200;

/** How long the view waits after a change before it refreshes. */
const REFRESH_DELAY_MS = 250;

const GROUP_LABEL: Record<GroupName, string> = {
  conflict: 'Conflicts',
  actor: 'Actors',
  place: 'Places',
  claim: 'Claims',
  note: 'Notes',
  orphaned: 'Orphaned',
};
const GROUP_ICON: Record<GroupName, string> = {
  conflict: 'git-merge',
  actor: 'person',
  place: 'location',
  claim: 'symbol-number',
  note: 'note',
  orphaned: 'warning',
};
/** Characters of the document gone through per chunk when listing (a few milliseconds each). */
const WALK_CHUNK = 1 << 15;

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Compares as `localeCompare` does, faster for thousands of names. */
/** Made at first use: an Intl.Collator costs about 2 ms, which activation need not pay. */
let collator: Intl.Collator | undefined;

const STATUS_ICON: Record<ClaimStatus, string> = {
  unreviewed: 'circle-large-outline',
  verified: 'pass',
  disputed: 'question',
  false: 'error',
  unverifiable: 'circle-slash',
};

/**
 * The Annotations view of the active document: kind, then entity, then mention; claims grouped by
 * review status; orphaned annotations in their own group; unresolved merge conflicts first, in
 * theirs; counts on every group. Clicking a mention reveals its range.
 */
export class AnnotationsTreeProvider implements vscode.TreeDataProvider<AnnotationNode>, vscode.Disposable {
  private current: vscode.Uri | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last lists of annotations per node: shown again while edits wait for their scan. */
  private readonly lists = new Map<string, AnnotationNode[]>();
  private readonly emitter = new vscode.EventEmitter<AnnotationNode | undefined>();
  private readonly documentEmitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly onDidChangeTreeData = this.emitter.event;
  /** Fires when the view switches to another document. */
  readonly onDidChangeDocument = this.documentEmitter.event;

  constructor(
    private readonly store: DocumentStore,
    private readonly glossary: GlossaryService,
  ) {
    this.disposables.push(
      this.emitter,
      this.documentEmitter,
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      store.onDidChange((model) => {
        if (model.key === this.current?.toString()) this.refreshSoon();
      }),
      store.onDidRemove((uri) => {
        if (uri.toString() === this.current?.toString()) this.follow(vscode.window.activeTextEditor);
      }),
      glossary.onDidChange(() => this.emitter.fire(undefined)),
    );
    this.follow(vscode.window.activeTextEditor);
  }

  /** The document the view shows. */
  get document(): vscode.Uri | undefined {
    return this.current;
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    // Keep showing the last annotated document while focus is in a panel or an unrelated editor.
    if (!editor || !this.store.isTracked(editor.document)) {
      if (
        this.current &&
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === this.current!.toString())
      ) {
        this.current = undefined;
        this.documentEmitter.fire(undefined);
        this.emitter.fire(undefined);
      }
      return;
    }
    if (editor.document.uri.toString() === this.current?.toString()) return;
    this.current = editor.document.uri;
    this.documentEmitter.fire(this.current);
    this.emitter.fire(undefined);
    void this.store.ensure(editor.document);
  }

  /**
   * Refreshes after a short pause (a burst of changes refreshes once), and not while edits wait
   * for their scan (the scan's change refreshes then); VS Code asks only a visible view for items.
   */
  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.model()?.dirty) return;
      this.emitter.fire(undefined);
    }, REFRESH_DELAY_MS);
  }

  private model(): DocumentModel | undefined {
    return this.current ? this.store.peek(this.current) : undefined;
  }

  async getChildren(node?: AnnotationNode): Promise<AnnotationNode[]> {
    if (!node || node.type === 'more' || node.type === 'annotation') return this.children(node);
    // Lists name annotations by id, which needs the spans up to date: while edits wait for their
    // scan (VS Code may ask just then), the last list is shown (or the scan awaited); the scan
    // refreshes the view.
    const key = `${node.uri}#${node.type}:${node.type === 'group' ? node.group : node.type === 'entity' ? `${node.kind}:${node.entity}` : node.status}`;
    const model = this.model();
    if (model?.dirty) {
      const cached = this.lists.get(key);
      if (cached) return cached;
      await this.store.settled(model);
    }
    const list = await this.children(node);
    if (this.lists.size > 1000) this.lists.clear();
    this.lists.set(key, list);
    return list;
  }

  /**
   * The children of a node, from the model's counts and a person's work (no pass over the
   * document), except lists of fresh annotations (an entity's mentions, unreviewed claims): those
   * go through the document from the start in chunks, yielding to the editor between them, up to
   * {@link LIST_LIMIT}.
   */
  private async children(node?: AnnotationNode): Promise<AnnotationNode[]> {
    const model = this.model();
    const live = model?.live;
    if (!model || !live) return [];
    const uri = model.key;
    const annotationNode = (a: Annotation): AnnotationNode => ({
      type: 'annotation',
      uri,
      annotationId: a.id,
      annotation: a,
    });
    // Everything a person's work touches is in the overlay: conflicts, notes, reviewed claims.
    const personalWork = () =>
      timed('tree', () => live.overlay().flatMap((w) => w.merged.filter((a) => !a.hidden && !a.orphaned)));
    const whole = (list: Annotation[]) =>
      timed('tree', () => list.map((a) => live.materialize(a)).sort(compareAnnotations));
    const orphans = () =>
      live
        .orphans()
        .filter((a) => !a.hidden)
        .sort(compareAnnotations);
    if (!node) {
      return timed('tree', () => {
        const counts = live.counts();
        const conflicts = live.conflicts().length;
        const groups: AnnotationNode[] = [];
        if (conflicts > 0) groups.push({ type: 'group', uri, group: 'conflict', count: conflicts });
        const byGroup = {
          actor: counts.actors,
          place: counts.places,
          claim: counts.claims,
          note: counts.notes,
        };
        for (const group of ['actor', 'place', 'claim', 'note'] as const)
          if (byGroup[group] > 0) groups.push({ type: 'group', uri, group, count: byGroup[group] });
        if (counts.orphaned > 0)
          groups.push({ type: 'group', uri, group: 'orphaned', count: counts.orphaned });
        return groups;
      });
    }
    switch (node.type) {
      case 'group': {
        if (node.group === 'orphaned') return orphans().map(annotationNode);
        if (node.group === 'conflict')
          return whole(live.conflicts()).map(
            (a): AnnotationNode => ({ ...annotationNode(a), group: 'conflict' }) as AnnotationNode,
          );
        if (node.group === 'note')
          return whole(personalWork().filter((a) => a.kind === 'note')).map(annotationNode);
        if (node.group === 'claim') {
          const reviewed = personalWork().filter((a) => a.kind === 'claim');
          const unreviewed = live.counts().unreviewed;
          return CLAIM_STATUSES.map((status): AnnotationNode => ({
            type: 'status',
            uri,
            status,
            count:
              status === 'unreviewed'
                ? unreviewed
                : reviewed.filter((a) => (a.status ?? 'unreviewed') === status).length,
          })).filter((n) => n.type === 'status' && n.count > 0);
        }
        const kind = node.group;
        // Names outside the glossary are labelled with a mention (the first one).
        const nameOf = (id: string) => this.glossary.current.byId.get(id)?.name ?? live.nameOf(id) ?? id;
        return timed('tree', () =>
          [...live.entityCounts(kind)]
            .sort(
              ([a, x], [b, y]) => y - x || (collator ??= new Intl.Collator()).compare(nameOf(a), nameOf(b)),
            )
            .map(([entity, count]): AnnotationNode => ({
              type: 'entity',
              uri,
              kind,
              entity,
              count,
              label: nameOf(entity),
            })),
        );
      }
      case 'entity':
        return this.list(
          model,
          (a) => a.kind === node.kind && a.entity === node.entity,
          (s) => s.kind === node.kind && s.entity === node.entity,
          node.count,
        );
      case 'status':
        if (node.status !== 'unreviewed')
          return whole(
            personalWork().filter((a) => a.kind === 'claim' && (a.status ?? 'unreviewed') === node.status),
          ).map(annotationNode);
        return this.list(
          model,
          (a) => a.kind === 'claim' && (a.status ?? 'unreviewed') === 'unreviewed',
          (s) => s.kind === 'claim',
          node.count,
        );
      default:
        return [];
    }
  }

  /** The first {@link LIST_LIMIT} visible annotations `select` picks (ids counted over the spans `counted` picks), then how many more. */
  private async list(
    model: DocumentModel,
    select: (a: Annotation) => boolean,
    counted: (s: FoundSpan) => boolean,
    total: number,
  ): Promise<AnnotationNode[]> {
    const live = model.live!;
    const out: AnnotationNode[] = [];
    const complete = await live.walk(
      select,
      (a) => {
        out.push({ type: 'annotation', uri: model.key, annotationId: a.id, annotation: a });
        return out.length < LIST_LIMIT;
      },
      { counted, pause: () => pause(), chunk: WALK_CHUNK, run: (work) => timed('tree', work) },
    );
    // The document changed meanwhile: the refresh that follows lists it again.
    if (!complete) return out;
    if (total > out.length) out.push({ type: 'more', uri: model.key, count: total - out.length });
    return out;
  }

  getTreeItem(node: AnnotationNode): vscode.TreeItem {
    return timed('tree.item', () => this.treeItem(node));
  }

  private treeItem(node: AnnotationNode): vscode.TreeItem {
    switch (node.type) {
      case 'group': {
        const item = new vscode.TreeItem(GROUP_LABEL[node.group], vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${node.uri}#group:${node.group}`;
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon(GROUP_ICON[node.group]);
        item.contextValue = `group.${node.group}`;
        if (node.group === 'orphaned')
          item.tooltip =
            'Annotations whose text is no longer in the document: kept with their last quote. Select the right words and re-attach one, or delete it.';
        if (node.group === 'conflict')
          item.tooltip =
            'Annotations that both sides of a git merge changed in different ways: keep ours or theirs.';
        return item;
      }
      case 'entity': {
        const entry = this.glossary.current.byId.get(node.entity);
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.uri}#entity:${node.kind}:${node.entity}`;
        item.description = entry ? String(node.count) : `${node.count} · not in glossary`;
        item.tooltip = entry
          ? `${entry.name} (${entry.type})${entry.summary ? `\n\n${entry.summary}` : ''}`
          : `${node.label}: found by context, not in the glossary.`;
        item.iconPath = new vscode.ThemeIcon(node.kind === 'actor' ? 'person' : 'location');
        item.contextValue = entry ? 'entity' : 'entity.unlisted';
        return item;
      }
      case 'status': {
        const label = node.status[0]!.toUpperCase() + node.status.slice(1);
        const item = new vscode.TreeItem(
          label,
          node.status === 'unreviewed'
            ? vscode.TreeItemCollapsibleState.Expanded
            : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = `${node.uri}#status:${node.status}`;
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon(STATUS_ICON[node.status]);
        item.contextValue = `status.${node.status}`;
        return item;
      }
      case 'annotation':
        return this.annotationItem(node);
      case 'more': {
        const item = new vscode.TreeItem(`${node.count.toLocaleString('en')} more`);
        item.id = `${node.uri}#more:${node.count}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.tooltip = `The first ${LIST_LIMIT} are listed. Go through the rest with Find All Mentions, Go to Next Unreviewed Claim or the Claims Report.`;
        return item;
      }
    }
  }

  private annotationItem(node: Extract<AnnotationNode, { type: 'annotation' }>): vscode.TreeItem {
    const a = node.annotation;
    const inConflicts = node.group === 'conflict';
    const conflicted = a.conflict !== undefined && a.conflict.length > 0;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === node.uri);
    const line = doc ? doc.positionAt(a.start).line + 1 : undefined;
    const label =
      a.kind === 'note'
        ? (a.note ?? '').split('\n')[0] || a.text
        : `${a.prefix.slice(-20).replace(/\s+/g, ' ').trimStart()}${a.text}${a.suffix.slice(0, 20).replace(/\s+/g, ' ').trimEnd()}`;
    const highlightStart =
      a.kind === 'note' ? -1 : a.prefix.slice(-20).replace(/\s+/g, ' ').trimStart().length;
    const item = new vscode.TreeItem(
      highlightStart >= 0 ? { label, highlights: [[highlightStart, highlightStart + a.text.length]] } : label,
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${node.uri}#${inConflicts ? 'conflict' : 'annotation'}:${a.id}`;
    const parts: string[] = [];
    if (inConflicts) parts.push(`${a.kind}: ${conflictFields(a).join(', ') || 'changed'}`);
    else if (conflicted) parts.push('conflict');
    if (line !== undefined && !a.orphaned) parts.push(`Ln ${line}`);
    if (a.orphaned) parts.push('orphaned');
    if (a.kind === 'claim' && a.claim)
      parts.push(describeClaimValue(a.claim) + (a.claim.unit ? ` ${a.claim.unit}` : ''));
    if (a.kind === 'note') parts.push(`“${a.text}”`);
    if (a.origin === 'manual') parts.push('manual');
    item.description = parts.join(' · ');
    const tooltip = [a.orphaned ? `Orphaned: “${a.text}” is no longer in the document.` : `“${a.text}”`];
    if (a.note && a.kind !== 'note') tooltip.push(`Note: ${a.note}`);
    if (a.author) tooltip.push(`By ${a.author}${a.updated ? `, ${a.updated.slice(0, 10)}` : ''}`);
    if (conflicted) tooltip.push(`Merge conflict: ${describeConflict(a)}`);
    item.tooltip = tooltip.join('\n');
    item.contextValue = inConflicts
      ? `conflict.${a.kind}${a.orphaned ? '.orphaned' : ''}`
      : `annotation.${a.kind}${a.orphaned ? '.orphaned' : ''}`;
    if (inConflicts) item.iconPath = new vscode.ThemeIcon('git-merge');
    else if (a.orphaned) item.iconPath = new vscode.ThemeIcon('debug-disconnect');
    if (!a.orphaned) {
      item.command = {
        command: 'geoAnnotator.revealAnnotation',
        title: 'Reveal',
        arguments: [{ uri: node.uri, annotationId: a.id, offset: a.start }],
      };
    }
    return item;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
  }
}
