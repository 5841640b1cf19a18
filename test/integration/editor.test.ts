import * as assert from 'assert';
import * as vscode from 'vscode';
import { annotate, createEngine } from '../../src/core/annotate';
import type { Annotation } from '../../src/core/types';
import type { GeoApi } from './helpers';
import {
  activateExtension,
  closeAllEditors,
  hoverTextAt,
  openDoc,
  openUntitled,
  positionOf,
  waitFor,
} from './helpers';

type Drawn = NonNullable<ReturnType<GeoApi['lastDrawn']>>;

/** Offsets of every occurrence of `needle` in `text`. */
function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const covers = (ranges: [number, number][], start: number, end: number) =>
  ranges.some(([s, e]) => s <= start && end <= e);
const total = (drawn: Drawn) => Object.values(drawn).reduce((n, r) => n + r.length, 0);

/** What an annotation is, for comparing two lists. */
const line = (a: Annotation) => `${a.kind} ${a.start}-${a.end} ${a.entity ?? ''} ${a.text}`;

/** Asserts that two lists hold the same annotations, naming the first that differs. */
function assertSameAnnotations(actual: readonly Annotation[], expected: readonly Annotation[]): void {
  assert.strictEqual(actual.length, expected.length);
  const k = expected.findIndex((e, i) => line(e) !== line(actual[i]!));
  assert.strictEqual(
    k,
    -1,
    `differs at #${k}: ${actual[k] && line(actual[k])} vs ${expected[k] && line(expected[k])}`,
  );
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration('geoAnnotator')
    .update(key, value, vscode.ConfigurationTarget.Global);
}

describe('editor: highlights, hover cards and views on a sample article', function () {
  let api: GeoApi;
  let doc: vscode.TextDocument;
  let editor: vscode.TextEditor;
  let drawn: Drawn;

  before(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    ({ doc, editor } = await openDoc('article.md'));
    drawn = await waitFor(
      () => {
        const d = api.lastDrawn(doc.uri);
        return d && d.actor.length > 0 && d;
      },
      { timeout: 30_000, message: 'article.md was not highlighted' },
    );
  });

  after(async () => {
    await closeAllEditors();
  });

  it('returns its API with the bundled and workspace glossary loaded', () => {
    assert.strictEqual(api.ready, true);
    const glossary = api.glossary();
    assert.ok(glossary.entries.length >= 400, `${glossary.entries.length} entries`);
    assert.ok(glossary.byId.get('hezbollah'), 'the bundled glossary has Hezbollah');
    assert.ok(glossary.byId.get('cedar-coast-monitor'), 'the workspace glossary is merged');
  });

  it('highlights every Hezbollah in prose as an actor, and none in the code block', () => {
    const text = doc.getText();
    const all = occurrences(text, 'Hezbollah');
    const inCode = text.indexOf('Hezbollah inside a code block');
    assert.strictEqual(all.length, 4);
    for (const start of all) {
      const drawnHere = covers(drawn.actor, start, start + 'Hezbollah'.length);
      assert.strictEqual(drawnHere, start !== inCode, `Hezbollah at ${start}`);
    }
  });

  it('highlights places, the workspace glossary’s entity and claims by status', () => {
    const text = doc.getText();
    for (const start of occurrences(text, 'Beirut'))
      assert.ok(covers(drawn.place, start, start + 6), `Beirut at ${start}`);
    const dahiyeh = text.indexOf('Dahiyeh');
    assert.ok(covers(drawn.place, dahiyeh, dahiyeh + 7));
    const monitor = text.indexOf('Cedar Coast Monitor');
    assert.ok(covers(drawn.actor, monitor, monitor + 'Cedar Coast Monitor'.length));
    const forty = text.indexOf('40 strikes');
    assert.ok(
      covers(drawn['claim.unreviewed'], forty, forty + 2),
      'the "40 strikes" claim is drawn as unreviewed',
    );
    assert.strictEqual(drawn['claim.verified'].length, 0);
    assert.ok(drawn['claim.unreviewed'].length >= 5, `${drawn['claim.unreviewed'].length} claims`);
  });

  it('draws exactly the annotations of the model', () => {
    const visible = api.annotationsFor(doc.uri);
    assert.strictEqual(total(drawn), visible.length);
    for (const a of visible) assert.strictEqual(doc.getText().slice(a.start, a.end), a.text);
  });

  it('shows a hover card for Hezbollah with its facts, mentions and command links', async () => {
    const text = await hoverTextAt(doc.uri, positionOf(doc, 'Hezbollah', 0, 3));
    assert.match(text, /\*\*Hezbollah\*\*/);
    assert.match(text, /founded/i);
    assert.match(text, /1982/);
    assert.match(text, /Backers:\*\* Iran/);
    assert.match(text, /Mentioned 3 times in this document/);
    assert.match(text, /Wikidata Q41053/);
    assert.match(text, /command:geoAnnotator\.findMentions/);
    assert.match(text, /command:geoAnnotator\.openGlossaryEntry/);
  });

  it('shows a hover card for a claim with its parsed value', async () => {
    const text = await hoverTextAt(doc.uri, positionOf(doc, '40 strikes', 0, 1));
    assert.match(text, /\*\*Claim\*\* · count · Unreviewed/);
    assert.match(text, /\*\*Value:\*\* 40/);
    assert.match(text, /\*\*Hedge:\*\* approximately/);
    assert.match(text, /\*\*Unit:\*\* strikes/);
    assert.match(text, /command:geoAnnotator\.markClaimVerified/);
  });

  it('shows no card away from annotations', async () => {
    const text = await hoverTextAt(doc.uri, positionOf(doc, 'aircraft', 0, 2));
    assert.strictEqual(text, '');
  });

  it('lists kinds, entities with counts and mentions in the Annotations view', async () => {
    await vscode.window.showTextDocument(doc);
    await waitFor(() => api.tree.document?.toString() === doc.uri.toString(), {
      message: 'the view does not show article.md',
    });
    const groups = (await api.tree.getChildren())!;
    const items = await Promise.all(groups.map((g) => api.tree.getTreeItem(g)));
    assert.deepStrictEqual(
      items.map((i) => i.label),
      ['Actors', 'Places', 'Claims'],
    );
    const visible = api.annotationsFor(doc.uri);
    assert.strictEqual(items[0]!.description, String(visible.filter((a) => a.kind === 'actor').length));
    const entities = (await api.tree.getChildren(groups[0]))!;
    const entityItems = await Promise.all(entities.map((e) => api.tree.getTreeItem(e)));
    assert.strictEqual(entityItems[0]!.label, 'Hezbollah', 'sorted by mentions');
    assert.strictEqual(entityItems[0]!.description, '3');
    const mentions = (await api.tree.getChildren(entities[0]))!;
    assert.strictEqual(mentions.length, 3);
    const claimsByStatus = (await api.tree.getChildren(groups[2]))!;
    const statusItems = await Promise.all(claimsByStatus.map((s) => api.tree.getTreeItem(s)));
    assert.deepStrictEqual(
      statusItems.map((s) => s.label),
      ['Unreviewed'],
    );
    assert.strictEqual(statusItems[0]!.description, String(visible.filter((a) => a.kind === 'claim').length));
  });

  it('reveals a mention when its tree item is clicked', async () => {
    const groups = (await api.tree.getChildren())!;
    const places = (await api.tree.getChildren(groups[1]))!;
    const beirut = (await api.tree.getChildren(places[0]))!;
    const item = await api.tree.getTreeItem(beirut[1]!);
    assert.ok(item.command, 'a mention item has a command');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const second = occurrences(doc.getText(), 'Beirut')[1]!;
    await waitFor(
      () =>
        vscode.window.activeTextEditor?.document === doc &&
        doc.offsetAt(vscode.window.activeTextEditor.selection.start) === second,
      {
        message: 'the second Beirut was not selected',
      },
    );
    assert.strictEqual(doc.getText(vscode.window.activeTextEditor!.selection), 'Beirut');
  });

  it('shows the counts in the status bar', async () => {
    const visible = api.annotationsFor(doc.uri);
    const count = (kind: string) => visible.filter((a) => a.kind === kind).length;
    const expected = `$(person) ${count('actor')} $(location) ${count('place')} $(symbol-number) ${count('claim')} $(circle-large-outline) ${count('claim')}`;
    await waitFor(() => api.statusText() === expected, {
      message: `status bar is "${api.statusText()}", expected "${expected}"`,
    });
  });

  it('turns kinds off and on with the highlight settings, and switches styles', async () => {
    try {
      await setSetting('highlight.claims', false);
      await waitFor(
        () => {
          const d = api.lastDrawn(doc.uri)!;
          return d['claim.unreviewed'].length === 0 && d.actor.length > 0;
        },
        { message: 'claims were still drawn with highlight.claims off' },
      );
      await setSetting('highlight.style', 'underline');
      await setSetting('highlight.claims', undefined);
      await waitFor(() => api.lastDrawn(doc.uri)!['claim.unreviewed'].length > 0, {
        message: 'claims did not come back',
      });
    } finally {
      await setSetting('highlight.claims', undefined);
      await setSetting('highlight.style', undefined);
    }
    await waitFor(() => total(api.lastDrawn(doc.uri)!) === api.annotationsFor(doc.uri).length);
  });

  it('follows typing: highlights move with the text and new mentions appear after the debounce', async () => {
    const { doc: scratch, editor: scratchEditor } = await openUntitled('Hezbollah fired rockets.\n');
    await waitFor(() => api.lastDrawn(scratch.uri)?.actor.length === 1, {
      message: 'the untitled document was not highlighted',
    });
    await scratchEditor.edit((b) => b.insert(new vscode.Position(0, 0), 'Iran and '));
    const drawnAfter = await waitFor(
      () => {
        const d = api.lastDrawn(scratch.uri);
        return d && d.actor.length === 2 && d;
      },
      { message: 'the new mention of Iran was not highlighted' },
    );
    assert.deepStrictEqual(drawnAfter.actor, [
      [0, 4],
      [9, 18],
    ]);
    // Typing at the end of a mention does not extend it.
    await scratchEditor.edit((b) => b.insert(scratch.positionAt(18), "'s"));
    await waitFor(() => scratch.getText().startsWith("Iran and Hezbollah's"));
    const model = await api.annotate(scratch);
    const hezbollah = model.find((a) => a.entity === 'hezbollah')!;
    assert.deepStrictEqual([hezbollah.start, hezbollah.end], [9, 18]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('keeps the edits made while a large document is first annotated (the first scan runs in slices)', async function () {
    this.timeout(120_000);
    const paragraph =
      'Hezbollah fired 40 rockets at Haifa on Tuesday, said Rana Haddad, a teacher from Aitou.\n\n';
    const { doc: big, editor: bigEditor } = await openUntitled(paragraph.repeat(40_000));
    // Edits at the start, in the middle and at the end, before the first scan is done.
    assert.strictEqual(api.annotationsFor(big.uri).length, 0, 'the document was annotated before the edits');
    await bigEditor.edit((b) => {
      b.insert(new vscode.Position(0, 0), 'Iran and ');
      b.insert(new vscode.Position(40_000, 0), 'At least 12 drones hit Beirut. ');
      b.delete(new vscode.Range(new vscode.Position(79_998, 0), new vscode.Position(79_998, 9)));
    });
    const text = big.getText();
    const actual = await waitFor(
      async () => {
        const list = await api.annotate(big);
        return list.length > 0 && big.getText() === text && list;
      },
      { timeout: 60_000, message: 'the large document was not annotated' },
    );
    const expected = annotate(createEngine(api.glossary()), text, big.languageId);
    assert.deepStrictEqual(actual.map(line).slice(0, 3), expected.map(line).slice(0, 3));
    assertSameAnnotations(actual, expected);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('scans a large document again in slices when a code fence is typed, keeping the typing meanwhile', async function () {
    this.timeout(120_000);
    const paragraph =
      'Hezbollah fired 40 rockets at Haifa on Tuesday, said Rana Haddad, a teacher from Aitou.\n\n';
    const { doc: big, editor: bigEditor } = await openUntitled(paragraph.repeat(20_000));
    await waitFor(() => (api.lastDrawn(big.uri)?.actor.length ?? 0) > 0, {
      timeout: 60_000,
      message: 'the large document was not highlighted',
    });
    // A fence opened in the middle (everything after it becomes code), then typing on both sides.
    await bigEditor.edit((b) => b.insert(new vscode.Position(20_000, 0), '```\n'));
    await bigEditor.edit((b) => b.insert(new vscode.Position(0, 0), 'Iran and '));
    await bigEditor.edit((b) => b.insert(new vscode.Position(30_001, 0), 'At least 12 drones hit Beirut. '));
    const text = big.getText();
    const actual = await waitFor(
      async () => {
        const list = await api.annotate(big);
        return big.getText() === text && list;
      },
      { timeout: 60_000, message: 'the large document was not annotated again' },
    );
    const expected = annotate(createEngine(api.glossary()), text, big.languageId);
    // Nothing after the fence is prose any more.
    assert.ok(expected.length < 20_000 * 4, `${expected.length} annotations`);
    assertSameAnnotations(actual, expected);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('does not annotate documents over the size limit until asked to', async () => {
    try {
      await setSetting('maxFileSize', 1000);
      const { doc: big } = await openUntitled('Hezbollah and Israel. '.repeat(100));
      const guarded = await waitFor(
        () => api.lastDrawn(big.uri) ?? (api.statusText()?.includes('not annotated') ? 'guarded' : undefined),
        {
          message: 'the big document was neither drawn nor guarded',
        },
      );
      assert.ok(guarded === 'guarded' || total(guarded as Drawn) === 0, 'nothing is drawn over the limit');
      assert.strictEqual(api.annotationsFor(big.uri).length, 0);
      const count = await vscode.commands.executeCommand<number>('geoAnnotator.annotateAnyway', {
        uri: big.uri.toString(),
      });
      assert.strictEqual(count, 200);
      await waitFor(() => api.lastDrawn(big.uri)?.actor.length === 200, {
        message: 'annotate anyway did not draw',
      });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await setSetting('maxFileSize', undefined);
    }
  });

  it('toggles all highlights off and on', async () => {
    ({ editor } = await openDoc('article.md'));
    await waitFor(() => total(api.lastDrawn(doc.uri) ?? ({} as Drawn)) > 0);
    const off = await vscode.commands.executeCommand<boolean>('geoAnnotator.toggleHighlights');
    assert.strictEqual(off, false);
    await waitFor(() => total(api.lastDrawn(doc.uri)!) === 0, { message: 'highlights stayed on' });
    const on = await vscode.commands.executeCommand<boolean>('geoAnnotator.toggleHighlights');
    assert.strictEqual(on, true);
    await waitFor(() => total(api.lastDrawn(doc.uri)!) > 0, { message: 'highlights did not come back' });
    assert.ok(editor);
  });
});
