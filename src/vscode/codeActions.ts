import * as vscode from 'vscode';
import type { Annotation, ClaimStatus } from '../core/types';
import { CLAIM_STATUSES } from '../core/types';
import type { CommandId } from './contributions';
import type { DocumentModel, DocumentStore } from './documentStore';
import { timed } from './taskTimes';

const MARK_COMMAND: Record<ClaimStatus, CommandId> = {
  unreviewed: 'geoAnnotator.markClaimUnreviewed',
  verified: 'geoAnnotator.markClaimVerified',
  disputed: 'geoAnnotator.markClaimDisputed',
  false: 'geoAnnotator.markClaimFalse',
  unverifiable: 'geoAnnotator.markClaimUnverifiable',
};

const VERB: Record<ClaimStatus, string> = {
  unreviewed: 'as unreviewed',
  verified: 'verified',
  disputed: 'disputed',
  false: 'false',
  unverifiable: 'unverifiable',
};

/** Verdicts first, in the order a fact-checker reaches for them; "unreviewed" last. */
const ORDER: readonly ClaimStatus[] = [...CLAIM_STATUSES.filter((s) => s !== 'unreviewed'), 'unreviewed'];

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/**
 * The light bulb on an unresolved merge conflict: keep ours, keep theirs. The light bulb on a claim: mark it verified / disputed / false / unverifiable / unreviewed, add
 * a source, add a note. Each action runs the command of the palette with an argument object that
 * names the claim; the status actions apply at once, the source and note actions ask for the text.
 * They are quick fixes: they resolve the claim's "unreviewed claim" problem where one is shown.
 */
export class ClaimCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kind = vscode.CodeActionKind.QuickFix.append('geoAnnotator');
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [ClaimCodeActionProvider.kind],
  };

  constructor(private readonly store: DocumentStore) {}

  async provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (context.only && !context.only.contains(ClaimCodeActionProvider.kind)) {
      if (!ClaimCodeActionProvider.kind.contains(context.only)) return [];
    }
    // The model as it is (its offsets follow every edit at once); created at first need.
    const model = this.store.peek(doc.uri) ?? (await this.store.ensure(doc));
    if (!model || token.isCancellationRequested) return [];
    // The actions name the annotation by id, which needs the spans up to date: asked for while
    // edits wait for their scan, wait for it (rather than scan the document here).
    await this.store.settled(model);
    if (token.isCancellationRequested) return [];
    return timed('codeActions', () => this.actionsAt(model, doc, range, context));
  }

  private actionsAt(
    model: DocumentModel,
    doc: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const live = model.live;
    if (!live) return [];
    const start = doc.offsetAt(range.start);
    const end = doc.offsetAt(range.end);
    const here = (a: Annotation) =>
      start === end ? a.start <= start && start <= a.end : a.start < end && start < a.end;
    const find = () => live.visibleIn(Math.max(0, start - 1), end + 1).filter(here);
    let near = find();
    if (!near.some((a) => a.kind === 'claim' || (a.conflict !== undefined && a.conflict.length > 0)))
      return [];
    // The actions name the annotation by id: bring the spans up to date first (edits not yet
    // scanned), then make only these whole.
    if (live.sync()) near = find();
    const claims = near
      .filter((a) => a.kind === 'claim')
      // The innermost claim first; at most two (a claim inside a longer one).
      .sort((a, b) => a.end - a.start - (b.end - b.start))
      .slice(0, 2)
      .map((a) => live.materialize(a));
    const uri = doc.uri.toString();
    const conflicts = near
      .filter((a) => a.conflict !== undefined && a.conflict.length > 0)
      .map((a) => live.materialize(a));
    return [
      ...conflicts.flatMap((a) => this.conflictActions(uri, a, context)),
      ...claims.flatMap((claim) => this.actionsFor(uri, claim, context, claims.length > 1)),
    ];
  }

  /** Keep ours / keep theirs for a merge conflict: quick fixes of its problem. */
  private conflictActions(
    uri: string,
    a: Annotation,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const problems = context.diagnostics.filter(
      (d) => d.source === 'Geo Annotator' && d.code === 'merge-conflict',
    );
    return (['ours', 'theirs'] as const)
      .filter((side) => a.conflict!.some((v) => v.side === side))
      .map((side) => {
        const version = a.conflict!.find((v) => v.side === side)!;
        const action = new vscode.CodeAction(
          `Resolve the merge conflict on “${short(a.text)}”: keep ${side}${version.author ? ` (${version.author})` : ''}${version.deleted ? ', which deleted it' : ''}`,
          ClaimCodeActionProvider.kind,
        );
        action.command = {
          command:
            side === 'ours' ? 'geoAnnotator.resolveConflictOurs' : 'geoAnnotator.resolveConflictTheirs',
          title: action.title,
          arguments: [{ uri, annotationId: a.id, offset: a.start }],
        };
        if (problems.length) action.diagnostics = problems;
        return action;
      });
  }

  private actionsFor(
    uri: string,
    claim: Annotation,
    context: vscode.CodeActionContext,
    several: boolean,
  ): vscode.CodeAction[] {
    const status = claim.status ?? 'unreviewed';
    const label = `“${short(claim.text)}”`;
    const args = { uri, annotationId: claim.id, offset: claim.start };
    const problems = context.diagnostics.filter(
      (d) => d.source === 'Geo Annotator' && d.code === 'unreviewed-claim',
    );
    const out: vscode.CodeAction[] = [];
    for (const s of ORDER) {
      if (s === status) continue;
      const action = new vscode.CodeAction(
        `Mark claim ${several ? `${label} ` : ''}${VERB[s]}`,
        ClaimCodeActionProvider.kind,
      );
      action.command = { command: MARK_COMMAND[s], title: action.title, arguments: [args] };
      if (status === 'unreviewed' && problems.length) action.diagnostics = problems;
      out.push(action);
    }
    const source = new vscode.CodeAction(
      `Add a source to claim ${several ? `${label}` : ''}…`.replace(' …', '…'),
      ClaimCodeActionProvider.kind,
    );
    source.command = {
      command: 'geoAnnotator.addClaimSource',
      title: source.title,
      arguments: [{ ...args, prompt: true }],
    };
    const note = new vscode.CodeAction(
      `${claim.note ? 'Edit the note on' : 'Add a note to'} claim ${several ? `${label}` : ''}…`.replace(
        ' …',
        '…',
      ),
      ClaimCodeActionProvider.kind,
    );
    note.command = {
      command: 'geoAnnotator.addClaimNote',
      title: note.title,
      arguments: [{ ...args, prompt: true }],
    };
    out.push(source, note);
    return out;
  }
}
