// Teams through git, in the real editor: orphans, sidecars and documents changed on disk, merge
// conflicts, the git merge driver, exports and imports.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { sha256Hex } from '../../src/core/sha256';
import { serializeSidecar } from '../../src/core/sidecar';
import type { Annotation, Sidecar } from '../../src/core/types';
import type { AnnotationNode } from '../../src/vscode/tree';
import type { GeoApi } from './helpers';
import {
  activateExtension,
  closeAllEditors,
  fixtureUri,
  hoverTextAt,
  openDoc,
  readText,
  exists,
  waitFor,
  workspaceRoot,
} from './helpers';

const encode = (text: string) => new TextEncoder().encode(text);

async function readSidecar(docUri: vscode.Uri): Promise<Sidecar> {
  return JSON.parse(await readText(docUri.with({ path: `${docUri.path}.annotations.json` }))) as Sidecar;
}

/** Writes a new file into the test workspace and opens it. */
async function openNew(
  name: string,
  content: string,
): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  await vscode.workspace.fs.writeFile(fixtureUri(name), encode(content));
  return openDoc(name);
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('teams through git: orphans, changes on disk, conflicts, merge driver, exports and imports', function () {
  let api: GeoApi;

  /** The top-level groups of the Annotations view once it shows `doc`, by label. */
  const groups = async (doc: vscode.TextDocument): Promise<Map<string, AnnotationNode>> => {
    await waitFor(() => api.tree.document?.toString() === doc.uri.toString(), {
      message: 'the view does not show the document',
    });
    const out = new Map<string, AnnotationNode>();
    for (const g of (await api.tree.getChildren()) ?? []) {
      const item = await api.tree.getTreeItem(g);
      out.set(String(typeof item.label === 'object' ? item.label.label : item.label), g);
    }
    return out;
  };
  const children = async (node: AnnotationNode) => (await api.tree.getChildren(node)) ?? [];

  before(async function () {
    this.timeout(60_000);
    api = await activateExtension();
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  it('lists a manual note whose sentence was removed as an orphan, re-attaches it to the selection, and deletes one', async () => {
    const { doc, editor } = await openNew(
      'orphans.md',
      '# Crossing\n\nAid convoys waited at the Rafah crossing for six hours on Sunday.\n\nOfficials in Gaza said 25 trucks crossed on Monday.\n',
    );
    await api.annotate(doc);
    const sentence = 'Aid convoys waited at the Rafah crossing for six hours on Sunday.';
    const start = doc.getText().indexOf(sentence);
    const note = await vscode.commands.executeCommand<Annotation>('geoAnnotator.annotateSelectionAsNote', {
      uri: doc.uri.toString(),
      start,
      end: start + sentence.length,
      note: 'Which convoys? Ask the desk.',
    });
    assert.strictEqual(note.origin, 'manual');

    // An edit removes the annotated sentence: the note stays, as an orphan, in the view and the Problems panel.
    await editor.edit((b) =>
      b.delete(new vscode.Range(doc.positionAt(start), doc.positionAt(start + sentence.length + 2))),
    );
    const orphan = await waitFor(
      () => api.annotationsFor(doc.uri, { all: true }).find((a) => a.id === note.id && a.orphaned),
      { message: 'the note did not become an orphan' },
    );
    assert.strictEqual(orphan.text, sentence, 'the orphan keeps its last quote');
    assert.strictEqual(orphan.note, 'Which convoys? Ask the desk.');
    const orphanedGroup = await waitFor(async () => (await groups(doc)).get('Orphaned'), {
      message: 'no Orphaned group',
    });
    const [orphanNode, ...more] = await children(orphanedGroup);
    assert.ok(orphanNode && more.length === 0);
    const orphanItem = await api.tree.getTreeItem(orphanNode);
    assert.strictEqual(
      orphanItem.contextValue,
      'annotation.note.orphaned',
      'the context menu offers re-attach and delete',
    );
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'orphaned'), {
      message: 'no orphan in the Problems panel',
    });

    // The words come back, reworded: select them and re-attach from the tree item's context menu.
    const reworded = 'Aid convoys waited at the crossing for six hours.';
    await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length), `\n${reworded}\n`));
    const at = doc.getText().indexOf(reworded);
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + reworded.length));
    const attached = await vscode.commands.executeCommand<Annotation>(
      'geoAnnotator.reattachOrphan',
      orphanNode,
    );
    assert.ok(attached, 're-attach returned nothing');
    assert.strictEqual(attached.orphaned, undefined);
    assert.deepStrictEqual(
      [attached.start, attached.end, attached.text],
      [at, at + reworded.length, reworded],
    );
    assert.strictEqual(attached.note, 'Which convoys? Ask the desk.', 'the note is kept');
    const live = api.annotationsFor(doc.uri).find((a) => a.id === note.id);
    assert.ok(live, 'the note is visible again');
    assert.strictEqual(doc.getText().slice(live.start, live.end), reworded);
    const onDisk = await waitFor(
      async () => {
        const s = await readSidecar(doc.uri);
        const a = s.annotations.find((x) => x.id === note.id);
        return a && !a.orphaned && a.text === reworded && a;
      },
      { message: 'the sidecar on disk does not show the re-attached note' },
    );
    assert.strictEqual(onDisk.start, at);
    assert.strictEqual(onDisk.prefix, doc.getText().slice(Math.max(0, at - onDisk.prefix.length), at));
    assert.ok(!(await groups(doc)).has('Orphaned'), 'no Orphaned group once re-attached');
    await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'orphaned'), {
      message: 'the orphan problem stays',
    });

    // Orphaned again, then deleted (with arguments: no confirmation).
    await editor.edit((b) =>
      b.delete(new vscode.Range(doc.positionAt(at), doc.positionAt(at + reworded.length))),
    );
    await waitFor(
      () => api.annotationsFor(doc.uri, { all: true }).some((a) => a.id === note.id && a.orphaned),
      {
        message: 'not orphaned again',
      },
    );
    const result = await vscode.commands.executeCommand<{ deleted: string }>('geoAnnotator.deleteOrphan', {
      uri: doc.uri.toString(),
      annotationId: note.id,
    });
    assert.strictEqual(result.deleted, note.id);
    assert.ok(!api.annotationsFor(doc.uri, { all: true }).some((a) => a.id === note.id));
    await waitFor(async () => !(await readSidecar(doc.uri)).annotations.some((a) => a.id === note.id), {
      message: 'the deleted orphan is still in the sidecar',
    });
    assert.ok(!(await groups(doc)).has('Orphaned'));
    // Only orphans can be deleted this way.
    const claim = api.annotationsFor(doc.uri).find((a) => a.kind === 'claim')!;
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('geoAnnotator.deleteOrphan', {
          uri: doc.uri.toString(),
          annotationId: claim.id,
        }),
      ),
      /No orphaned annotation/,
    );
  });

  it('reloads a sidecar changed on disk (a git pull) and refreshes the view', async () => {
    const { doc } = await openNew(
      'pulled.md',
      '# Talks\n\nMediators in Cairo said at least 40 hostages could be freed in a first phase.\n',
    );
    const annotations = await api.annotate(doc);
    const claim = annotations.find((a) => a.kind === 'claim' && a.text.includes('40 hostages'));
    assert.ok(claim, `no claim: ${annotations.map((a) => a.text).join(', ')}`);
    assert.ok(!(await groups(doc)).has('Notes'));
    // A colleague's review and note arrive with a pull: the sidecar is rewritten on disk.
    const text = doc.getText();
    const quote = 'in a first phase';
    const qs = text.indexOf(quote);
    const colleague = 'Rana Colleague <rana@example.org>';
    const pulled: Sidecar = {
      format: 'geo-annotator/1',
      document: 'pulled.md',
      offsetUnit: 'utf16',
      sha256: sha256Hex(text),
      annotations: [
        ...annotations.map((a) =>
          a.id === claim.id
            ? {
                ...a,
                status: 'disputed' as const,
                note: 'Israel says 33.',
                author: colleague,
                updated: '2024-10-16T10:00:00.000Z',
              }
            : a,
        ),
        {
          id: 'm-pulled01',
          kind: 'note',
          start: qs,
          end: qs + quote.length,
          text: quote,
          prefix: text.slice(Math.max(0, qs - 32), qs),
          suffix: text.slice(qs + quote.length, qs + quote.length + 32),
          origin: 'manual',
          note: 'Phase one is six weeks.',
          author: colleague,
          updated: '2024-10-16T10:05:00.000Z',
        },
      ],
    };
    await vscode.workspace.fs.writeFile(
      doc.uri.with({ path: `${doc.uri.path}.annotations.json` }),
      encode(serializeSidecar(pulled)),
    );
    const note = await waitFor(() => api.annotationsFor(doc.uri).find((a) => a.id === 'm-pulled01'), {
      message: 'the pulled note did not show up',
    });
    assert.strictEqual(note.author, colleague);
    assert.strictEqual(doc.getText().slice(note.start, note.end), quote);
    const reviewed = api.annotationsFor(doc.uri).find((a) => a.kind === 'claim' && a.start === claim.start)!;
    assert.strictEqual(reviewed.status, 'disputed');
    assert.strictEqual(reviewed.note, 'Israel says 33.');
    const notes = await waitFor(async () => (await groups(doc)).get('Notes'), { message: 'no Notes group' });
    const [noteNode] = await children(notes);
    assert.strictEqual((await api.tree.getTreeItem(noteNode!)).label, 'Phase one is six weeks.');
    const claims = (await groups(doc)).get('Claims')!;
    const statuses = await Promise.all(
      (await children(claims)).map(async (n) => (await api.tree.getTreeItem(n)).label),
    );
    assert.ok(statuses.includes('Disputed'), `claim groups: ${statuses.join(', ')}`);
  });

  it('re-anchors annotations when the document changes on disk: moved, reworded (fuzzy), or orphaned', async () => {
    const first = 'Rescue teams in Khan Younis pulled 14 people from the rubble overnight.';
    const second = 'The health ministry said the hospital in Deir al-Balah had run out of fuel.';
    const third = 'A spokesman for the army declined to comment on the strike.';
    const paragraph = (sentence: string) =>
      `Generators stopped at noon. ${sentence} Staff moved patients by hand.`;
    const { doc } = await openNew(
      'rewritten.md',
      `# Night\n\n${first}\n\n${paragraph(second)}\n\n${third}\n`,
    );
    await api.annotate(doc);
    const noteOn = async (sentence: string, note: string) => {
      const s = doc.getText().indexOf(sentence);
      return vscode.commands.executeCommand<Annotation>('geoAnnotator.annotateSelectionAsNote', {
        uri: doc.uri.toString(),
        start: s,
        end: s + sentence.length,
        note,
      });
    };
    const moved = await noteOn(first, 'Moved paragraph');
    const reworded = await noteOn(second, 'Reworded sentence');
    const gone = await noteOn(third, 'Removed sentence');
    const claim = api.annotationsFor(doc.uri).find((a) => a.kind === 'claim' && a.text.includes('14 people'));
    assert.ok(claim, 'no claim on 14 people');
    await vscode.commands.executeCommand('geoAnnotator.markClaimVerified', {
      uri: doc.uri.toString(),
      annotationId: claim.id,
      note: 'Civil defence figure.',
    });
    assert.ok(!doc.isDirty, 'annotating does not touch the document');

    // Another tool (a pull, a rebase) rewrites the file: paragraphs swapped, a sentence reworded,
    // one removed, a new one on top.
    const secondNew = 'The health ministry said the main hospital in Deir al-Balah had run out of fuel.';
    const rewritten = `# Night\n\nA new lead paragraph about the night of strikes.\n\n${paragraph(secondNew)}\n\n${first}\n`;
    await vscode.workspace.fs.writeFile(doc.uri, encode(rewritten));
    await waitFor(() => doc.getText() === rewritten, { message: 'the editor did not reload the document' });
    const all = await waitFor(
      () => {
        const list = api.annotationsFor(doc.uri, { all: true });
        return list.some((a) => a.id === gone.id && a.orphaned) && list;
      },
      { message: 'the removed sentence was not orphaned' },
    );
    const text = doc.getText();
    const byId = (id: string) => all.find((a) => a.id === id)!;
    const m = byId(moved.id);
    assert.ok(!m.orphaned, 'the moved paragraph is found');
    assert.strictEqual(text.slice(m.start, m.end), first);
    assert.strictEqual(m.text, first);
    const r = byId(reworded.id);
    assert.ok(!r.orphaned, 'the reworded sentence is found (approximate match)');
    assert.strictEqual(r.text, secondNew);
    assert.strictEqual(text.slice(r.start, r.end), secondNew);
    assert.strictEqual(byId(gone.id).text, third, 'the orphan keeps its quote');
    const review = all.find((a) => a.kind === 'claim' && a.text === claim.text && !a.orphaned);
    assert.ok(review, 'the claim is found again');
    assert.strictEqual(review.status, 'verified', 'its review carries over');
    assert.strictEqual(text.slice(review.start, review.end), claim.text);
    const orphaned = await waitFor(async () => (await groups(doc)).get('Orphaned'), {
      message: 'no Orphaned group',
    });
    assert.strictEqual((await children(orphaned)).length, 1);
  });

  it('shows merge conflicts of a merged sidecar in the tree, the hover and the Problems panel, and resolves them', async () => {
    const { doc } = await openDoc('conflicted.md');
    await api.annotate(doc);
    const conflicted = () => api.annotationsFor(doc.uri, { all: true }).filter((a) => a.conflict?.length);
    const claim = await waitFor(() => conflicted().find((a) => a.kind === 'claim'), {
      message: 'the claim review conflict was not loaded',
    });
    assert.strictEqual(claim.text, '40 rockets');
    assert.strictEqual(claim.status, 'disputed', 'ours stays in the fields until resolved');
    const note = conflicted().find((a) => a.kind === 'note');
    assert.ok(note, 'the note conflict was not loaded');

    // The tree: a Conflicts group first, with a context menu on each item.
    const top = await groups(doc);
    assert.strictEqual([...top.keys()][0], 'Conflicts');
    const conflictNodes = await children(top.get('Conflicts')!);
    const items = await Promise.all(conflictNodes.map((n) => api.tree.getTreeItem(n)));
    assert.deepStrictEqual(items.map((i) => i.contextValue).sort(), ['conflict.claim', 'conflict.note']);
    assert.match(String(items.find((i) => i.contextValue === 'conflict.claim')!.description), /status, note/);

    // The hover: both versions with author and time, and links that keep one.
    const hover = await hoverTextAt(doc.uri, doc.positionAt(claim.start + 1));
    assert.match(hover, /Merge conflict/);
    assert.match(hover, /Ours.*Ana Reviewer.*2024\\?-10\\?-15 09\\?:30 UTC.*Disputed/);
    assert.match(hover, /Theirs.*Ben Checker.*2024\\?-10\\?-15 11\\?:05 UTC.*Verified/);
    assert.match(hover, /\[Keep ours\]\(command:geoAnnotator\.resolveConflictOurs\?/);
    assert.match(hover, /\[Keep theirs\]\(command:geoAnnotator\.resolveConflictTheirs\?/);
    const noteHover = await hoverTextAt(doc.uri, doc.positionAt(note.start + 1));
    assert.match(noteHover, /Theirs\*\*: deleted it/);

    // The Problems panel, with quick fixes.
    await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'merge-conflict').length === 2,
      { message: 'no conflicts in the Problems panel' },
    );
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(doc.positionAt(claim.start), doc.positionAt(claim.start)),
      )) ?? [];
    assert.ok(
      actions.some((a) => /keep theirs \(Ben Checker/.test(a.title)),
      actions.map((a) => a.title).join(' | '),
    );

    // Keep theirs on the claim, from the tree item's context menu.
    const claimNode = conflictNodes.find((n) => n.type === 'annotation' && n.annotation.kind === 'claim')!;
    const kept = await vscode.commands.executeCommand<Annotation>(
      'geoAnnotator.resolveConflictTheirs',
      claimNode,
    );
    assert.strictEqual(kept.status, 'verified');
    assert.strictEqual(kept.note, 'Matches the group statement.');
    assert.strictEqual(kept.author, 'Ben Checker <ben@example.org>');
    assert.strictEqual(kept.conflict, undefined);

    // Keep ours on the note, through the hover's link.
    const link = /\[Keep ours\]\(command:geoAnnotator\.resolveConflictOurs\?([^)]+)\)/.exec(noteHover)!;
    const args = JSON.parse(decodeURIComponent(link[1]!)) as { annotationId: string };
    assert.strictEqual(args.annotationId, note.id);
    await vscode.commands.executeCommand('geoAnnotator.resolveConflictOurs', args);
    const keptNote = api.annotationsFor(doc.uri).find((a) => a.id === note.id);
    assert.ok(keptNote && !keptNote.conflict, 'the note is kept without its conflict');
    assert.strictEqual(keptNote.note, 'The army statement is on its website.');

    assert.strictEqual(conflicted().length, 0);
    assert.ok(!(await groups(doc)).has('Conflicts'));
    await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'merge-conflict'), {
      message: 'the conflict problems stay',
    });
    const sidecar = await waitFor(
      async () => {
        const s = await readSidecar(doc.uri);
        return s.annotations.every((a) => !a.conflict) && s;
      },
      { message: 'the sidecar on disk still has conflicts' },
    );
    const onDisk = sidecar.annotations.find((a) => a.text === '40 rockets')!;
    assert.strictEqual(onDisk.status, 'verified');
    assert.strictEqual(onDisk.author, 'Ben Checker <ben@example.org>');
    assert.ok(
      sidecar.annotations.some((a) => a.id === note.id && a.note === 'The army statement is on its website.'),
    );
  });

  it('sets up the git merge driver as geo-annotate setup-git does, and git merges sidecars with it', async function () {
    this.timeout(60_000);
    // Beside the test workspace, which scripts/editor-test.sh keeps outside any repository (the
    // temporary folder may be inside this project's checkout): never touch an enclosing repository.
    const base = [path.dirname(workspaceRoot().fsPath), os.tmpdir()].find(
      (dir) => spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir }).status !== 0,
    );
    assert.ok(base, 'no folder outside a git repository to test in');
    const repo = fs.mkdtempSync(path.join(base, 'geo-setup-git-'));
    try {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('geoAnnotator.setupGit', { folder: repo })),
        /not inside a git repository/,
      );
      git(['init', '-q', '-b', 'main'], repo);
      assert.strictEqual(
        fs.realpathSync(git(['rev-parse', '--show-toplevel'], repo).trim()),
        fs.realpathSync(repo),
      );
      git(['config', 'user.name', 'Test'], repo);
      git(['config', 'user.email', 'test@example.org'], repo);
      const result = await vscode.commands.executeCommand<{
        root: string;
        attributesAdded: boolean;
        command: string;
      }>('geoAnnotator.setupGit', { folder: repo });
      assert.strictEqual(fs.realpathSync(result.root), fs.realpathSync(repo));
      assert.strictEqual(result.attributesAdded, true);
      assert.strictEqual(
        fs.readFileSync(path.join(repo, '.gitattributes'), 'utf8'),
        '*.annotations.json merge=geo-annotator\n',
      );
      const driver = git(['config', '--get', 'merge.geo-annotator.driver'], repo).trim();
      assert.strictEqual(driver, result.command);
      assert.match(driver, /merge %O %A %B %P$/);
      const again = await vscode.commands.executeCommand<{ attributesAdded: boolean }>(
        'geoAnnotator.setupGit',
        {
          folder: repo,
        },
      );
      assert.strictEqual(again.attributesAdded, false);
      assert.strictEqual(
        fs.readFileSync(path.join(repo, '.gitattributes'), 'utf8').split('\n').filter(Boolean).length,
        1,
      );

      // Two branches add different notes on one line of the sidecar: git, with the driver, keeps both.
      const text = 'Officials in Gaza said 25 trucks crossed on Monday.\n';
      const noteOn = (id: string, quote: string, note: string): Annotation => {
        const s = text.indexOf(quote);
        return {
          id,
          kind: 'note',
          start: s,
          end: s + quote.length,
          text: quote,
          prefix: text.slice(Math.max(0, s - 32), s),
          suffix: text.slice(s + quote.length, s + quote.length + 32),
          origin: 'manual',
          note,
        };
      };
      const sidecar = (annotations: Annotation[]) =>
        serializeSidecar({
          format: 'geo-annotator/1',
          document: 'a.md',
          offsetUnit: 'utf16',
          sha256: sha256Hex(text),
          annotations,
        });
      fs.writeFileSync(path.join(repo, 'a.md'), text);
      fs.writeFileSync(path.join(repo, 'a.md.annotations.json'), sidecar([]));
      git(['add', '.'], repo);
      git(['commit', '-q', '-m', 'base'], repo);
      git(['checkout', '-q', '-b', 'theirs'], repo);
      fs.writeFileSync(
        path.join(repo, 'a.md.annotations.json'),
        sidecar([noteOn('m-b', 'Monday', 'Which Monday?')]),
      );
      git(['commit', '-q', '-am', 'theirs'], repo);
      git(['checkout', '-q', 'main'], repo);
      fs.writeFileSync(
        path.join(repo, 'a.md.annotations.json'),
        sidecar([noteOn('m-a', '25 trucks', 'UN count')]),
      );
      git(['commit', '-q', '-am', 'ours'], repo);
      git(['merge', '-q', '--no-edit', 'theirs'], repo);
      const merged = JSON.parse(fs.readFileSync(path.join(repo, 'a.md.annotations.json'), 'utf8')) as Sidecar;
      assert.deepStrictEqual(merged.annotations.map((a) => a.id).sort(), ['m-a', 'm-b']);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('exports the annotations as W3C Web Annotation, brat, CSV of claims and ClaimReview', async () => {
    const { doc } = await openNew(
      'exported.md',
      '# Crossings 📦\n\nOfficials in Gaza said 25 trucks crossed on Monday, the UN said.\n',
    );
    await api.annotate(doc);
    const claim = api.annotationsFor(doc.uri).find((a) => a.kind === 'claim' && a.text === '25 trucks');
    assert.ok(claim, 'no claim on 25 trucks');
    await vscode.commands.executeCommand('geoAnnotator.markClaimVerified', {
      uri: doc.uri.toString(),
      annotationId: claim.id,
      note: 'Crossing log, Monday.',
    });
    const target = (suffix: string) => fixtureUri(`exports/exported${suffix}`);
    const run = (format: string, uri?: vscode.Uri) =>
      vscode.commands.executeCommand<string>('geoAnnotator.exportAnnotationsAs', {
        uri: doc.uri.toString(),
        format,
        ...(uri ? { target: uri.toString() } : {}),
      });

    const w3cUri = vscode.Uri.parse(await run('w3c', target('.w3c.jsonld')));
    const w3c = JSON.parse(await readText(w3cUri)) as {
      type: string;
      first: { items: { target: { selector: { type: string; exact?: string; start?: number }[] } }[] };
    };
    assert.strictEqual(w3c.type, 'AnnotationCollection');
    const item = w3c.first.items.find((i) => i.target.selector.some((s) => s.exact === '25 trucks'))!;
    assert.ok(item, 'no W3C annotation of the claim');
    const position = item.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    // One character before it (📦) is two UTF-16 units but one code point.
    assert.strictEqual(position.start, claim.start - 1);

    const brat = await readText(vscode.Uri.parse(await run('brat', target('.ann'))));
    assert.match(brat, new RegExp(`^T\\d+\\tClaim ${claim.start - 1} ${claim.end - 1}\\t25 trucks$`, 'm'));
    assert.match(brat, /^A\d+\tStatus T\d+ verified$/m);

    const csv = await readText(vscode.Uri.parse(await run('csv', target('.csv'))));
    const [header, ...rows] = csv.trim().split('\r\n');
    assert.ok(header!.startsWith('id,text,type,value'));
    assert.ok(
      rows.some((r) => r.includes('25 trucks') && r.includes('verified') && r.includes('Crossing log')),
      csv,
    );

    const review = JSON.parse(
      await readText(vscode.Uri.parse(await run('claimreview', target('.claimreview.jsonld')))),
    );
    assert.match(JSON.stringify(review), /"@type":"ClaimReview"/);
    assert.match(JSON.stringify(review), /"text":"25 trucks"/);

    // Without a target (and no dialog: arguments given), the file goes beside the document.
    const beside = await run('csv');
    assert.strictEqual(beside, doc.uri.with({ path: `${doc.uri.path}.annotations.csv` }).toString());
    assert.ok(await exists(vscode.Uri.parse(beside)));
    await assert.rejects(Promise.resolve(run('docx')), /Unknown export format/);
  });

  it('imports W3C Web Annotations (Hypothesis JSON too) as manual notes re-anchored to the document', async () => {
    const { doc } = await openNew(
      'imported.md',
      '# Strikes\n\nThe strike hit a residential building in Beirut southern suburbs late on Thursday.\n',
    );
    await api.annotate(doc);
    const file = fixtureUri('exports/hypothesis.json');
    const annotations = [
      {
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        id: 'https://example.org/anno/1',
        type: 'Annotation',
        creator: { type: 'Person', name: 'Lina Editor', email: 'mailto:lina@example.org' },
        modified: '2024-10-17T08:00:00Z',
        body: { type: 'TextualBody', value: 'Confirm the building’s name.', purpose: 'commenting' },
        target: {
          source: 'https://example.org/article',
          selector: [
            {
              type: 'TextQuoteSelector',
              exact: 'a residential building',
              prefix: 'The strike hit ',
              suffix: ' in Beirut',
            },
            { type: 'TextPositionSelector', start: 3, end: 25 },
          ],
        },
      },
      {
        id: 'hyp-2',
        user: 'acct:omar@hypothes.is',
        text: 'Was it Friday?',
        target: [
          {
            source: 'https://example.org/article',
            selector: [{ type: 'TextQuoteSelector', exact: 'early on Friday' }],
          },
        ],
      },
      {
        id: 'hyp-3',
        text: 'A reply',
        references: ['hyp-2'],
        target: [{ source: 'https://example.org/article' }],
      },
    ];
    await vscode.workspace.fs.writeFile(file, encode(JSON.stringify({ total: 3, rows: annotations })));
    const result = await vscode.commands.executeCommand<{
      imported: number;
      updated: number;
      orphaned: number;
      skipped: number;
      ids: string[];
    }>('geoAnnotator.importW3C', { uri: doc.uri.toString(), file: file.toString() });
    assert.deepStrictEqual([result.imported, result.updated, result.orphaned, result.skipped], [2, 0, 1, 1]);
    const note = api
      .annotationsFor(doc.uri)
      .find((a) => a.kind === 'note' && a.note === 'Confirm the building’s name.');
    assert.ok(note, 'the imported note is not shown');
    assert.strictEqual(note.origin, 'manual');
    assert.strictEqual(note.author, 'Lina Editor <lina@example.org>');
    assert.strictEqual(
      doc.getText().slice(note.start, note.end),
      'a residential building',
      're-anchored by its quote',
    );
    const orphan = api.annotationsFor(doc.uri, { all: true }).find((a) => a.orphaned);
    assert.ok(orphan && orphan.text === 'early on Friday' && orphan.author === 'omar@hypothes.is');
    assert.ok((await groups(doc)).has('Orphaned'), 'the unplaced import is listed as an orphan');
    const onDisk = await waitFor(
      async () => {
        const s = await readSidecar(doc.uri);
        return s.annotations.filter((a) => result.ids.includes(a.id)).length === 2 && s;
      },
      { message: 'the imported notes are not in the sidecar' },
    );
    assert.ok(onDisk.annotations.some((a) => a.id === note.id && a.note === note.note));
    // Importing again updates in place.
    const again = await vscode.commands.executeCommand<{ imported: number; updated: number }>(
      'geoAnnotator.importW3C',
      {
        uri: doc.uri.toString(),
        file: file.toString(),
      },
    );
    assert.deepStrictEqual([again.imported, again.updated], [2, 2]);
    assert.strictEqual(api.annotationsFor(doc.uri, { all: true }).filter((a) => a.kind === 'note').length, 2);
    await vscode.workspace.fs.writeFile(file, encode('{"not": "annotations"}'));
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('geoAnnotator.importW3C', {
          uri: doc.uri.toString(),
          file: file.toString(),
        }),
      ),
      /not W3C Web Annotation JSON/,
    );
  });
});
