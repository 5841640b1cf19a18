import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GeoApi } from './helpers';
import { activateExtension, closeAllEditors, fixtureUri, openDoc, positionOf, waitFor } from './helpers';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (text: string) => new TextEncoder().encode(text);

describe('language features, the Problems panel and the sidecar on disk', function () {
  let api: GeoApi;

  before(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    await api.loadGlossary();
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  it('goes to the bundled glossary entry from a mention (a read-only view, at its line)', async () => {
    const { doc } = await openDoc('article.md');
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      positionOf(doc, 'Hezbollah', 0, 2),
    );
    assert.strictEqual(locations.length, 1);
    const location = locations[0]!;
    const uri = 'uri' in location ? location.uri : location.targetUri;
    const range = 'range' in location ? location.range : location.targetRange;
    assert.strictEqual(uri.scheme, 'geo-annotator-glossary');
    const view = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(view.lineAt(range.start.line).text, '- id: hezbollah');
  });

  it('goes to a workspace glossary entry at its YAML line', async () => {
    const { doc } = await openDoc('article.md');
    const [location] = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      positionOf(doc, 'Cedar Coast', 0, 2),
    );
    assert.ok(location);
    assert.strictEqual(location.uri.toString(), fixtureUri('.geo-annotator/glossary.yaml').toString());
    const yaml = await vscode.workspace.openTextDocument(location.uri);
    assert.strictEqual(yaml.lineAt(location.range.start.line).text, '- id: cedar-coast-monitor');
  });

  it('finds all references of an entity across the workspace’s Markdown and text files', async () => {
    const { doc } = await openDoc('article.md');
    const references = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      doc.uri,
      positionOf(doc, 'Beirut', 0, 2),
    );
    const byFile = new Map<string, number>();
    for (const r of references) {
      const name = r.uri.path.slice(r.uri.path.lastIndexOf('/') + 1);
      byFile.set(name, (byFile.get(name) ?? 0) + 1);
    }
    assert.strictEqual(byFile.get('article.md'), 2);
    assert.strictEqual(byFile.get('test.md'), 3);
    assert.strictEqual(byFile.get('notes.txt'), 1);
    const inNotes = references.find((r) => r.uri.path.endsWith('/notes.txt'))!;
    const notes = await vscode.workspace.openTextDocument(inNotes.uri);
    assert.strictEqual(notes.getText(inNotes.range), 'Beirut');
  });

  it('shows workspace glossary problems in the Problems panel at their line, and clears them when fixed', async function () {
    this.timeout(30_000);
    const file = fixtureUri('.geo-annotator/glossary.yaml');
    const original = decode(await vscode.workspace.fs.readFile(file));
    const broken = `${original.trimEnd()}\n\n- id: cedar-coast-monitor\n  kind: actor\n  name: Duplicate\n\n- id: test-bad-kind\n  kind: weapon\n  name: Bad Kind\n\n- id: test-bad-backer\n  kind: actor\n  name: Bad Backer\n  backers: [no-such-entry]\n`;
    const lines = broken.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
    try {
      await vscode.workspace.fs.writeFile(file, encode(broken));
      // The file watcher reloads the glossary; no command is run.
      const diagnostics = await waitFor(
        () => {
          const d = vscode.languages
            .getDiagnostics(file)
            .filter((x) => x.source === 'Geo Annotator glossary');
          return d.length >= 3 && d;
        },
        { timeout: 20_000, message: 'no glossary problems for the broken workspace glossary' },
      );
      const at = (code: string) => diagnostics.find((d) => d.code === code);
      assert.strictEqual(
        at('duplicate-id')?.range.start.line,
        lines.lastIndexOf('- id: cedar-coast-monitor'),
      );
      assert.strictEqual(at('unknown-kind')?.range.start.line, lineOf('kind: weapon'));
      assert.strictEqual(at('unknown-reference')?.range.start.line, lineOf('backers: [no-such-entry]'));
      assert.strictEqual(at('unknown-kind')?.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(api.glossary().byId.get('test-bad-backer'), 'the rest of the file still loads');
    } finally {
      await vscode.workspace.fs.writeFile(file, encode(original));
    }
    await waitFor(() => vscode.languages.getDiagnostics(file).length === 0, {
      timeout: 20_000,
      message: 'the problems stayed after the fix',
    });
  });

  it('lists unreviewed claims in the Problems panel when the setting is on', async () => {
    const { doc } = await openDoc('article.md');
    await api.annotate(doc);
    const config = vscode.workspace.getConfiguration('geoAnnotator');
    const unreviewed = () =>
      vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'unreviewed-claim');
    assert.strictEqual(unreviewed().length, 0, 'off by default');
    try {
      await config.update('problems.unreviewedClaims', true, vscode.ConfigurationTarget.Global);
      const claims = api.annotationsFor(doc.uri).filter((a) => a.kind === 'claim');
      const found = await waitFor(() => unreviewed().length === claims.length && unreviewed(), {
        message: 'no unreviewed-claim problems',
      });
      assert.ok(found.every((d) => d.severity === vscode.DiagnosticSeverity.Information));
      const forty = doc.getText().indexOf('approximately 40');
      assert.ok(found.some((d) => doc.offsetAt(d.range.start) === forty));
    } finally {
      await config.update('problems.unreviewedClaims', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => unreviewed().length === 0, {
      message: 'the problems stayed after the setting was turned off',
    });
  });

  it('loads the reviews of an existing sidecar when the document opens', async () => {
    const { doc } = await openDoc('reviewed.md');
    const annotations = await api.annotate(doc);
    const claim = annotations.find((a) => a.text === '25 trucks')!;
    assert.strictEqual(claim.status, 'verified');
    assert.strictEqual(claim.author, 'Test Reviewer <reviewer@example.org>');
    await waitFor(() => api.lastDrawn(doc.uri)?.['claim.verified'].some(([s]) => s === claim.start), {
      message: 'the verified claim is not drawn as verified',
    });
  });

  it('reloads a sidecar changed on disk (a git pull)', async () => {
    const { doc } = await openDoc('reviewed.md');
    await api.annotate(doc);
    const file = fixtureUri('reviewed.md.annotations.json');
    const original = decode(await vscode.workspace.fs.readFile(file));
    try {
      await vscode.workspace.fs.writeFile(
        file,
        encode(original.replace('"status":"verified"', '"status":"false"')),
      );
      await waitFor(
        () => api.annotationsFor(doc.uri).find((a) => a.text === '25 trucks')?.status === 'false',
        {
          timeout: 15_000,
          message: 'the change on disk did not show up',
        },
      );
    } finally {
      await vscode.workspace.fs.writeFile(file, encode(original));
    }
    await waitFor(
      () => api.annotationsFor(doc.uri).find((a) => a.text === '25 trucks')?.status === 'verified',
      { timeout: 15_000 },
    );
  });

  it('never overwrites a broken sidecar: reports it at its line and refuses reviews', async () => {
    const file = fixtureUri('broken.md.annotations.json');
    const before = decode(await vscode.workspace.fs.readFile(file));
    const { doc } = await openDoc('broken.md');
    const annotations = await api.annotate(doc);
    assert.ok(
      annotations.some((a) => a.kind === 'claim'),
      'auto annotations still show',
    );
    const problems = await waitFor(
      () => vscode.languages.getDiagnostics(file).length > 0 && vscode.languages.getDiagnostics(file),
      {
        message: 'no problem for the broken sidecar',
      },
    );
    assert.strictEqual(problems[0]!.range.start.line, 4, 'at the line of the syntax error');
    const claim = annotations.find((a) => a.kind === 'claim')!;
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('geoAnnotator.markClaimVerified', {
          uri: doc.uri.toString(),
          annotationId: claim.id,
        }),
      ),
      /broken/,
    );
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('geoAnnotator.exportAnnotations', { uri: doc.uri.toString() }),
      ),
      /broken/,
    );
    assert.strictEqual(
      decode(await vscode.workspace.fs.readFile(file)),
      before,
      'the broken sidecar is untouched',
    );
  });

  it('lists an annotation whose sentence was deleted as orphaned, in the view and the Problems panel', async () => {
    const { doc, editor } = await openDoc('reviewed.md');
    await api.annotate(doc);
    await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length), '\nA second line about Homs.\n'));
    await editor.edit((b) =>
      b.delete(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().indexOf('A second')))),
    );
    const orphan = await waitFor(() => api.annotationsFor(doc.uri, { all: true }).find((a) => a.orphaned), {
      message: 'no orphan',
    });
    assert.strictEqual(orphan.text, '25 trucks');
    assert.strictEqual(orphan.status, 'verified', 'the review is kept');
    await waitFor(() => api.tree.document?.toString() === doc.uri.toString());
    const groups = (await api.tree.getChildren())!;
    const labels = await Promise.all(groups.map(async (g) => (await api.tree.getTreeItem(g)).label));
    assert.ok(labels.includes('Orphaned'), `groups: ${labels.join(', ')}`);
    const orphaned = groups[labels.indexOf('Orphaned')]!;
    const items = (await api.tree.getChildren(orphaned))!;
    assert.strictEqual(items.length, 1);
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'orphaned'), {
      message: 'no orphan problem',
    });
  });
});
