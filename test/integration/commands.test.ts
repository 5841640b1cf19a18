import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Annotation, Sidecar } from '../../src/core/types';
import type { GeoApi } from './helpers';
import {
  activateExtension,
  closeAllEditors,
  exists,
  fixtureUri,
  hoverTextAt,
  openDoc,
  readText,
  waitFor,
} from './helpers';

async function readJson<T>(uri: vscode.Uri): Promise<T> {
  return JSON.parse(await readText(uri)) as T;
}

describe('commands: every command does what it says', function () {
  let api: GeoApi;
  let doc: vscode.TextDocument;
  let editor: vscode.TextEditor;
  const sidecarUri = () => fixtureUri('review.md.annotations.json');
  const claimAt = (quote: string) => {
    const start = doc.getText().indexOf(quote);
    const claim = api
      .annotationsFor(doc.uri)
      .find((a) => a.kind === 'claim' && a.start <= start && start < a.end);
    assert.ok(claim, `no claim at "${quote}"`);
    return claim;
  };
  const sidecarOnDisk = async () => readJson<Sidecar>(sidecarUri());

  before(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    ({ doc, editor } = await openDoc('review.md'));
    await api.annotate(doc);
  });

  after(async () => {
    await closeAllEditors();
  });

  it('opens the sample article, copied into the workspace once, and annotates it', async () => {
    const opened = await vscode.commands.executeCommand<string>('geoAnnotator.openSample');
    const target = vscode.Uri.parse(opened);
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    assert.strictEqual(target.toString(), vscode.Uri.joinPath(folder, 'beirut-strikes.md').toString());
    assert.ok(await exists(target), 'the sample was copied into the workspace');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), target.toString());
    const sample = vscode.window.activeTextEditor.document;
    const annotations = await waitFor(() => {
      const all = api.annotationsFor(sample.uri);
      return all.some((a) => a.entity === 'hezbollah') && all.some((a) => a.kind === 'claim') && all;
    });
    assert.ok(annotations.some((a) => a.entity === 'unifil'));
    await vscode.workspace.fs.delete(target);
    await closeAllEditors();
    ({ doc, editor } = await openDoc('review.md'));
  });

  it('marks a claim disputed with a note and a source, and writes the sidecar', async () => {
    const claim = claimAt('30 targets');
    const result = await vscode.commands.executeCommand<Annotation>('geoAnnotator.markClaimDisputed', {
      uri: doc.uri.toString(),
      annotationId: claim.id,
      note: 'The army later said 24.',
      sourceUrl: 'https://example.org/statement',
      sourceTitle: 'Army statement',
    });
    assert.strictEqual(result.status, 'disputed');
    assert.strictEqual(claimAt('30 targets').status, 'disputed');
    await waitFor(() => api.lastDrawn(doc.uri)?.['claim.disputed'].some(([s]) => s === claim.start), {
      message: 'not drawn as disputed',
    });
    const sidecar = await waitFor(async () => (await exists(sidecarUri())) && (await sidecarOnDisk()), {
      message: 'no sidecar written',
    });
    const stored = sidecar.annotations.find((a) => a.text === claim.text)!;
    assert.strictEqual(stored.status, 'disputed');
    assert.strictEqual(stored.note, 'The army later said 24.');
    assert.deepStrictEqual(
      stored.sources?.map((s) => [s.url, s.title]),
      [['https://example.org/statement', 'Army statement']],
    );
    assert.match(stored.sources![0]!.accessed!, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(stored.author && stored.author.length > 0, 'the review records its author');
    assert.ok(stored.updated, 'and when');
    assert.strictEqual(sidecar.document, 'review.md');
    assert.strictEqual(sidecar.format, 'geo-annotator/1');
  });

  it('shows the review in the claim’s hover card', async () => {
    const claim = claimAt('30 targets');
    const text = await hoverTextAt(doc.uri, doc.positionAt(claim.start + 1));
    assert.match(text, /Disputed/);
    assert.match(text, /The army later said 24/);
    assert.match(text, /\[Army statement\]\(https:\/\/example\.org\/statement\)/);
  });

  for (const [command, status] of [
    ['geoAnnotator.markClaimVerified', 'verified'],
    ['geoAnnotator.markClaimFalse', 'false'],
    ['geoAnnotator.markClaimUnverifiable', 'unverifiable'],
    ['geoAnnotator.markClaimUnreviewed', 'unreviewed'],
  ] as const) {
    it(`${command} sets the status to ${status} and draws it`, async () => {
      const claim = claimAt('about 50 rockets');
      await vscode.commands.executeCommand(command, { uri: doc.uri.toString(), annotationId: claim.id });
      assert.strictEqual(claimAt('about 50 rockets').status, status);
      await waitFor(() => api.lastDrawn(doc.uri)?.[`claim.${status}`].some(([s]) => s === claim.start), {
        message: `not drawn as ${status}`,
      });
      const stored = (await sidecarOnDisk()).annotations.find((a) => a.text === claim.text);
      if (status === 'unreviewed') assert.ok(!stored || stored.status === 'unreviewed');
      else assert.strictEqual(stored?.status, status);
    });
  }

  it('marks the claim at the cursor when no annotation id is given', async () => {
    const claim = claimAt('7 convoys');
    editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.positionAt(claim.start + 1), doc.positionAt(claim.start + 1));
    await vscode.commands.executeCommand('geoAnnotator.markClaimVerified', { note: 'Seen on video.' });
    assert.strictEqual(claimAt('7 convoys').status, 'verified');
    assert.strictEqual(claimAt('7 convoys').note, 'Seen on video.');
  });

  it('goes to the next and previous unreviewed claim', async () => {
    editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const unreviewed = api
      .annotationsFor(doc.uri)
      .filter((a) => a.kind === 'claim' && a.status === 'unreviewed');
    assert.ok(unreviewed.length >= 2);
    const first = await vscode.commands.executeCommand<Annotation>('geoAnnotator.nextUnreviewedClaim');
    assert.strictEqual(first.id, unreviewed[0]!.id);
    assert.strictEqual(doc.offsetAt(vscode.window.activeTextEditor!.selection.start), unreviewed[0]!.start);
    const second = await vscode.commands.executeCommand<Annotation>('geoAnnotator.nextUnreviewedClaim');
    assert.strictEqual(second.id, unreviewed[1]!.id);
    const back = await vscode.commands.executeCommand<Annotation>('geoAnnotator.previousUnreviewedClaim');
    assert.strictEqual(back.id, unreviewed[0]!.id);
    const wrapped = await vscode.commands.executeCommand<Annotation>('geoAnnotator.previousUnreviewedClaim');
    assert.strictEqual(wrapped.id, unreviewed[unreviewed.length - 1]!.id, 'wraps around');
  });

  it('annotates a selection as an actor of the glossary', async () => {
    const start = doc.getText().indexOf('The ministry') + 4;
    const result = await vscode.commands.executeCommand<Annotation>('geoAnnotator.annotateSelectionAsActor', {
      uri: doc.uri.toString(),
      start,
      end: start + 'ministry'.length,
      entity: 'lebanon',
    });
    assert.strictEqual(result.origin, 'manual');
    assert.strictEqual(result.entity, 'lebanon');
    assert.strictEqual(result.text, 'ministry');
    await waitFor(() => api.lastDrawn(doc.uri)?.actor.some(([s, e]) => s === start && e === start + 8), {
      message: 'manual actor not drawn',
    });
    const stored = (await sidecarOnDisk()).annotations.find((a) => a.id === result.id);
    assert.strictEqual(stored?.entity, 'lebanon');
    assert.ok(stored?.author);
  });

  it('annotates a selection as a place new to the workspace glossary', async () => {
    const start = doc.getText().indexOf('southern Lebanon');
    const result = await vscode.commands.executeCommand<Annotation>('geoAnnotator.annotateSelectionAsPlace', {
      uri: doc.uri.toString(),
      start,
      end: start + 'southern Lebanon'.length,
      newEntity: { id: 'test-southern-lebanon', name: 'Southern Lebanon (test)', type: 'region' },
    });
    assert.strictEqual(result.entity, 'test-southern-lebanon');
    assert.ok(
      api.glossary().byId.get('test-southern-lebanon'),
      'the glossary was reloaded with the new entry',
    );
    const yaml = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(fixtureUri('.geo-annotator/glossary.yaml')),
    );
    assert.match(
      yaml,
      /- id: test-southern-lebanon\n {2}kind: place\n {2}type: region\n {2}name: Southern Lebanon \(test\)/,
    );
    assert.match(yaml, /id: cedar-coast-monitor/, 'the existing entries are kept');
  });

  it('annotates a selection as a claim with a parsed value', async () => {
    const start = doc.getText().indexOf('three days');
    const result = await vscode.commands.executeCommand<Annotation>('geoAnnotator.annotateSelectionAsClaim', {
      uri: doc.uri.toString(),
      start,
      end: start + 'three days'.length,
    });
    assert.strictEqual(result.kind, 'claim');
    assert.strictEqual(result.status, 'unreviewed');
    assert.strictEqual(result.claim?.value, 3);
  });

  it('adds a note to a selection, shown in its hover card with its author', async () => {
    const start = doc.getText().indexOf('called for restraint');
    const result = await vscode.commands.executeCommand<Annotation>('geoAnnotator.annotateSelectionAsNote', {
      uri: doc.uri.toString(),
      start,
      end: start + 'called for restraint'.length,
      note: 'Check the foreign ministry wording.',
    });
    assert.strictEqual(result.kind, 'note');
    await waitFor(() => api.lastDrawn(doc.uri)?.note.some(([s]) => s === start), {
      message: 'note not drawn',
    });
    const text = await hoverTextAt(doc.uri, doc.positionAt(start + 3));
    assert.match(text, /\*\*Note\*\*/);
    assert.match(text, /Check the foreign ministry wording\\?\./);
    assert.ok(text.replace(/\\(.)/g, '$1').includes(result.author!), `shows the author ${result.author}`);
  });

  it('removes an auto annotation and keeps it removed after the text changes', async () => {
    const start = doc.getText().indexOf('Damascus');
    // A capital is an actor or a place by its context; either way it links to its entry.
    const damascus = api.annotationsFor(doc.uri).find((a) => a.start === start && a.entity === 'damascus')!;
    assert.ok(damascus, 'Damascus is annotated');
    const result = await vscode.commands.executeCommand<{ removed: string; hidden: boolean }>(
      'geoAnnotator.removeAnnotation',
      {
        uri: doc.uri.toString(),
        annotationId: damascus.id,
      },
    );
    assert.deepStrictEqual(result, { removed: damascus.id, hidden: true });
    assert.ok(!api.annotationsFor(doc.uri).some((a) => a.start === start && a.entity === 'damascus'));
    const hidden = (await sidecarOnDisk()).annotations.find((a) => a.hidden && a.text === 'Damascus');
    assert.ok(hidden, 'the sidecar records the removal');
    editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Draft. '));
    const after = await api.annotate(doc);
    assert.ok(
      !after.some((a) => a.entity === 'damascus' && a.text === 'Damascus'),
      'Damascus stays removed after a re-scan',
    );
    await editor.edit((b) => b.delete(new vscode.Range(0, 0, 0, 'Draft. '.length)));
    assert.ok(!doc.getText().startsWith('Draft. '));
  });

  it('removes a manual annotation at the cursor', async () => {
    const note = api.annotationsFor(doc.uri).find((a) => a.kind === 'note')!;
    editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.positionAt(note.start + 2), doc.positionAt(note.start + 2));
    const result = await vscode.commands.executeCommand<{ removed: string; hidden: boolean }>(
      'geoAnnotator.removeAnnotation',
      { offset: note.start + 2 },
    );
    assert.strictEqual(result.removed, note.id);
    assert.strictEqual(result.hidden, false);
    assert.ok(!api.annotationsFor(doc.uri).some((a) => a.kind === 'note'));
  });

  it('adds a name found outside the glossary to the workspace glossary', async () => {
    const rana = api.annotationsFor(doc.uri).find((a) => a.text === 'Rana Haddad');
    assert.ok(
      rana && rana.entity?.startsWith('unlisted:'),
      `Rana Haddad is found by context: ${JSON.stringify(rana)}`,
    );
    const id = await vscode.commands.executeCommand<string>('geoAnnotator.addToGlossary', {
      uri: doc.uri.toString(),
      annotationId: rana.id,
    });
    assert.strictEqual(id, 'rana-haddad');
    assert.strictEqual(api.glossary().byId.get('rana-haddad')?.type, 'person');
    await waitFor(async () => (await api.annotate(doc)).some((a) => a.entity === 'rana-haddad'), {
      message: 'the name is not linked to its new entry',
    });
  });

  it('searches the glossary fuzzily: "hizbulla" finds Hezbollah and opens its entry', async () => {
    const ids = await vscode.commands.executeCommand<string[]>('geoAnnotator.searchGlossary', {
      query: 'hizbulla',
    });
    assert.strictEqual(ids[0], 'hezbollah');
    const active = await waitFor(
      () =>
        vscode.window.activeTextEditor?.document.uri.scheme === 'geo-annotator-glossary' &&
        vscode.window.activeTextEditor,
    );
    assert.match(active.document.lineAt(active.selection.active.line).text, /^- id: hezbollah$/);
  });

  it('opens a bundled entry in a virtual read-only view and a workspace entry at its line', async () => {
    const bundled = await vscode.commands.executeCommand<{ uri: string; line: number }>(
      'geoAnnotator.openGlossaryEntry',
      { id: 'beirut' },
    );
    assert.ok(bundled.uri.startsWith('geo-annotator-glossary:'), bundled.uri);
    const view = await vscode.workspace.openTextDocument(vscode.Uri.parse(bundled.uri));
    assert.strictEqual(view.lineAt(bundled.line).text, '- id: beirut');
    assert.strictEqual(
      view.uri.scheme,
      'geo-annotator-glossary',
      'a virtual document: it has no file to save to',
    );
    const local = await vscode.commands.executeCommand<{ uri: string; line: number }>(
      'geoAnnotator.openGlossaryEntry',
      { id: 'cedar-coast-monitor' },
    );
    assert.strictEqual(local.uri, fixtureUri('.geo-annotator/glossary.yaml').toString());
    assert.strictEqual(
      vscode.window.activeTextEditor?.document.lineAt(local.line).text,
      '- id: cedar-coast-monitor',
    );
  });

  it('finds every mention of an entity across the workspace', async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('geoAnnotator.findMentions', {
      entity: 'hezbollah',
      show: false,
    });
    const files = new Set(locations.map((l) => l.uri.path.slice(l.uri.path.lastIndexOf('/') + 1)));
    for (const name of ['article.md', 'review.md', 'test.md', 'notes.txt'])
      assert.ok(files.has(name), `no mention in ${name}: ${[...files].join(', ')}`);
    assert.strictEqual(
      locations.filter((l) => l.uri.path.endsWith('/article.md')).length,
      3,
      'none in the code block',
    );
  });

  it('reloads the glossary', async () => {
    const result = await vscode.commands.executeCommand<{ entries: number; problems: number }>(
      'geoAnnotator.reloadGlossary',
      {},
    );
    assert.ok(result.entries >= 400);
  });

  it('exports the sidecar and opens it', async () => {
    const written = await vscode.commands.executeCommand<string>('geoAnnotator.exportAnnotations', {
      uri: doc.uri.toString(),
    });
    assert.strictEqual(written, sidecarUri().toString());
    const sidecar = await sidecarOnDisk();
    assert.strictEqual(sidecar.annotations.length, api.annotationsFor(doc.uri, { all: true }).length);
    for (const a of sidecar.annotations)
      if (!a.orphaned) assert.strictEqual(doc.getText().slice(a.start, a.end), a.text, a.id);
    const opened = await vscode.commands.executeCommand<string>('geoAnnotator.openSidecar', {
      uri: doc.uri.toString(),
    });
    assert.strictEqual(opened, sidecarUri().toString());
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === sidecarUri().toString(), {
      message: 'the sidecar is not open',
    });
  });

  it('writes the sidecar when the document is saved, with offsets that follow the edits', async () => {
    editor = await vscode.window.showTextDocument(doc);
    const before = claimAt('30 targets');
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Updated. '));
    const moved = claimAt('30 targets');
    assert.strictEqual(
      moved.start,
      before.start + 'Updated. '.length,
      'the review moved with the text at once',
    );
    assert.strictEqual(moved.status, 'disputed');
    await doc.save();
    await waitFor(
      async () =>
        (await sidecarOnDisk()).annotations.some(
          (a) => a.text === '30 targets' && a.start === moved.start && a.status === 'disputed',
        ),
      {
        message: 'the saved sidecar does not have the moved review',
      },
    );
  });
});
