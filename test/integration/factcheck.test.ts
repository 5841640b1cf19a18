import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Annotation, Sidecar } from '../../src/core/types';
import type { GeoApi } from './helpers';
import {
  activateExtension,
  closeAllEditors,
  fixtureUri,
  getExtension,
  hoverTextAt,
  openDoc,
  openUntitled,
  positionOf,
  readText,
  waitFor,
} from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const unescape = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

/** The sample article, copied into the test workspace so that its sidecar is written there. */
const SAMPLE = 'desk/beirut-strikes.md';

describe('the fact-checker’s desk: code actions, hovers, next unreviewed and the claims report', function () {
  let api: GeoApi;
  let doc: vscode.TextDocument;
  const claims = () => api.annotationsFor(doc.uri).filter((a) => a.kind === 'claim');
  const claimAt = (quote: string): Annotation => {
    const start = doc.getText().indexOf(quote);
    const claim = claims().find((a) => a.start <= start && start < a.end);
    assert.ok(claim, `no claim at "${quote}"`);
    return claim;
  };
  const sidecarOnDisk = async () =>
    JSON.parse(await readText(fixtureUri(`${SAMPLE}.annotations.json`))) as Sidecar;
  const ours = (actions: (vscode.CodeAction | vscode.Command)[]) =>
    actions.filter((a): a is vscode.CodeAction => 'kind' in a && a.kind?.value === 'quickfix.geoAnnotator');
  const codeActionsAt = async (offset: number) =>
    ours(
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(doc.positionAt(offset), doc.positionAt(offset)),
      )) ?? [],
    );

  before(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    const sample = await vscode.workspace.fs.readFile(
      vscode.Uri.joinPath(getExtension().extensionUri, 'samples', 'beirut-strikes.md'),
    );
    await vscode.workspace.fs.writeFile(fixtureUri(SAMPLE), sample);
    ({ doc } = await openDoc(SAMPLE));
    await api.annotate(doc);
    assert.ok(claims().length >= 10, `${claims().length} claims in the sample`);
  });

  after(async () => {
    await closeAllEditors();
  });

  describe('code actions (the light bulb)', () => {
    it('offers the verdicts, a source and a note on a claim, and nothing elsewhere', async () => {
      const claim = claimAt('at least 21 people');
      const actions = await codeActionsAt(claim.start + 3);
      assert.deepStrictEqual(
        actions.map((a) => a.title),
        [
          'Mark claim verified',
          'Mark claim disputed',
          'Mark claim false',
          'Mark claim unverifiable',
          'Add a source to claim…',
          'Add a note to claim…',
        ],
      );
      for (const action of actions) {
        assert.ok(action.command, action.title);
        assert.deepStrictEqual(action.command.arguments?.[0]?.annotationId, claim.id);
      }
      const word = doc.getText().indexOf('Rescue workers');
      assert.deepStrictEqual(await codeActionsAt(word + 2), [], 'no review actions away from claims');
    });

    it('applying one changes the status, the highlight and the sidecar', async () => {
      const claim = claimAt('at least 21 people');
      const verify = (await codeActionsAt(claim.start + 3)).find((a) => a.title === 'Mark claim verified')!;
      await vscode.commands.executeCommand(verify.command!.command, ...(verify.command!.arguments ?? []));
      assert.strictEqual(claimAt('at least 21 people').status, 'verified');
      await waitFor(() => api.lastDrawn(doc.uri)?.['claim.verified'].some(([s]) => s === claim.start), {
        message: 'not drawn as verified',
      });
      const stored = await waitFor(
        async () =>
          (await sidecarOnDisk()).annotations.find((a) => a.text === claim.text && a.status === 'verified'),
        { message: 'the sidecar does not have the verdict' },
      );
      assert.ok(stored.author, 'the verdict records its reviewer');
      const after = (await codeActionsAt(claim.start + 3)).map((a) => a.title);
      assert.ok(after.includes('Mark claim as unreviewed') && !after.includes('Mark claim verified'));
    });

    it('acts on the annotation its id names, also when the offset given with it points elsewhere', async () => {
      // Code actions and hover links pass where the claim was shown, to find it without the whole
      // merged list; an offset that no longer points at it (the text moved) must not mislead.
      const target = claimAt('four soldiers');
      const other = claimAt('at least 21 people');
      const before = other.status;
      await vscode.commands.executeCommand('geoAnnotator.markClaimFalse', {
        uri: doc.uri.toString(),
        annotationId: target.id,
        offset: other.start,
      });
      assert.strictEqual(claimAt('four soldiers').status, 'false');
      assert.strictEqual(claimAt('at least 21 people').status, before);
      // And where it is shown: the same claim, marked again.
      await vscode.commands.executeCommand('geoAnnotator.markClaimUnreviewed', {
        uri: doc.uri.toString(),
        annotationId: target.id,
        offset: target.start + 1,
      });
      assert.strictEqual(claimAt('four soldiers').status, 'unreviewed');
    });

    it('resolves the claim’s Problems entry when unreviewed claims are listed there', async () => {
      const config = vscode.workspace.getConfiguration('geoAnnotator');
      try {
        await config.update('problems.unreviewedClaims', true, vscode.ConfigurationTarget.Global);
        const claim = claimAt('more than 20 villages');
        const problemAt = () =>
          vscode.languages
            .getDiagnostics(doc.uri)
            .find((d) => d.code === 'unreviewed-claim' && doc.offsetAt(d.range.start) === claim.start);
        const problem = await waitFor(problemAt, { message: 'no unreviewed-claim problem' });
        const actions = ours(
          (await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            doc.uri,
            problem.range,
          )) ?? [],
        );
        const disputed = actions.find((a) => a.title === 'Mark claim disputed')!;
        await vscode.commands.executeCommand(
          disputed.command!.command,
          ...(disputed.command!.arguments ?? []),
        );
        await waitFor(() => !problemAt(), { message: 'the problem stayed after the verdict' });
      } finally {
        await config.update('problems.unreviewedClaims', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('adds a source (accessed today by default) and a note, keeping the verdict', async () => {
      const claim = claimAt('at least 21 people');
      await vscode.commands.executeCommand('geoAnnotator.addClaimSource', {
        uri: doc.uri.toString(),
        annotationId: claim.id,
        sourceUrl: 'https://example.org/health-ministry',
        sourceTitle: 'Health Ministry statement',
      });
      await vscode.commands.executeCommand('geoAnnotator.addClaimSource', {
        uri: doc.uri.toString(),
        annotationId: claim.id,
        sourceUrl: 'https://example.org/wire',
        sourceAccessed: '2024-10-15',
      });
      await vscode.commands.executeCommand('geoAnnotator.addClaimNote', {
        uri: doc.uri.toString(),
        annotationId: claim.id,
        note: 'Ministry figure, confirmed by the wire.',
      });
      const now = claimAt('at least 21 people');
      assert.strictEqual(now.status, 'verified');
      assert.strictEqual(now.note, 'Ministry figure, confirmed by the wire.');
      assert.deepStrictEqual(
        now.sources?.map((s) => [s.url, s.title, s.accessed]),
        [
          [
            'https://example.org/health-ministry',
            'Health Ministry statement',
            new Date().toISOString().slice(0, 10),
          ],
          ['https://example.org/wire', undefined, '2024-10-15'],
        ],
      );
      await waitFor(
        async () =>
          (await sidecarOnDisk()).annotations.find((a) => a.text === claim.text)?.sources?.length === 2,
        { message: 'the sources are not in the sidecar' },
      );
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand('geoAnnotator.addClaimSource', {
            uri: doc.uri.toString(),
            annotationId: claim.id,
            sourceUrl: 'javascript:alert(1)',
          }),
        ),
        /not an http\(s\) URL/,
      );
    });
  });

  describe('hovers', () => {
    it('resolves "four decades ago" against the front matter date and cross-checks Hezbollah’s founding', async () => {
      const { doc: article } = await openDoc('article.md');
      await api.annotate(article);
      const text = unescape(await hoverTextAt(article.uri, positionOf(article, 'four decades', 0, 2)));
      assert.match(text, /\*\*Claim\*\* · duration/);
      assert.match(
        text,
        /Time:\*\* 1984 or earlier, counted from the article's date 2024-10-14 \(front matter\)/,
      );
      assert.match(text, /Glossary ✓:\*\* Agrees with the glossary: Hezbollah founded 1982/);
      assert.match(text, /Hedge:\*\* over: more than 4 decades/);
    });

    it('shows the period, the hedge and the repeated count of a claim', async () => {
      const { doc: article } = await openDoc('article.md');
      const text = unescape(await hoverTextAt(article.uri, positionOf(article, '12 of its', 0, 0)));
      assert.match(text, /Period:\*\* 2\.5 weeks \(“two and a half weeks”\)/);
      const forty = unescape(await hoverTextAt(article.uri, positionOf(article, 'approximately 40', 0, 3)));
      assert.match(forty, /Hedge:\*\* approximately: 36–44 strikes \(within about 10%\)/);
    });

    it('resolves a relative time that is no claim ("last year")', async () => {
      const text = unescape(await hoverTextAt(doc.uri, positionOf(doc, 'last year', 0, 2)));
      assert.match(text, /\*\*Time\*\* · “last year”/);
      assert.match(text, /2023, counted from the article's date 2024-10-14 \(front matter\)/);
    });

    it('uses the geoAnnotator.articleDate setting for an article without a date', async () => {
      const { doc: undated } = await openUntitled(
        'Hezbollah was founded four decades ago, its leaders say.\n',
      );
      await api.annotate(undated);
      const at = positionOf(undated, 'four decades', 0, 2);
      assert.match(
        unescape(await hoverTextAt(undated.uri, at)),
        /Time:\*\* counted from the article’s date, which is not known/,
      );
      const config = vscode.workspace.getConfiguration('geoAnnotator');
      try {
        await config.update('articleDate', '2022-06-01', vscode.ConfigurationTarget.Global);
        await waitFor(
          async () =>
            /about 1982, counted from the article's date 2022-06-01 \(setting\)/.test(
              unescape(await hoverTextAt(undated.uri, at)),
            ),
          { message: 'the hover does not use the setting' },
        );
        assert.match(unescape(await hoverTextAt(undated.uri, at)), /Glossary ✓/);
      } finally {
        await config.update('articleDate', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('next and previous unreviewed claim', () => {
    it('walks every unreviewed claim in document order and wraps around both ways', async () => {
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      const unreviewed = claims()
        .filter((a) => (a.status ?? 'unreviewed') === 'unreviewed')
        .sort((a, b) => a.start - b.start);
      assert.ok(unreviewed.length >= 5);
      const walked: string[] = [];
      for (let i = 0; i < unreviewed.length; i++) {
        const next = await vscode.commands.executeCommand<Annotation>('geoAnnotator.nextUnreviewedClaim');
        walked.push(next.id);
        const selection = vscode.window.activeTextEditor!.selection;
        assert.strictEqual(doc.offsetAt(selection.start), next.start);
        assert.strictEqual(doc.offsetAt(selection.end), next.end, 'the claim is selected');
      }
      assert.deepStrictEqual(
        walked,
        unreviewed.map((a) => a.id),
      );
      const wrapped = await vscode.commands.executeCommand<Annotation>('geoAnnotator.nextUnreviewedClaim');
      assert.strictEqual(wrapped.id, unreviewed[0]!.id, 'wraps to the first');
      const back = await vscode.commands.executeCommand<Annotation>('geoAnnotator.previousUnreviewedClaim');
      assert.strictEqual(back.id, unreviewed[unreviewed.length - 1]!.id, 'wraps to the last');
    });
  });

  describe('the claims report', () => {
    it('opens on the document and lists every claim with its value, status, sources and reviewer', async () => {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('geoAnnotator.openClaimsReport', { uri: doc.uri.toString() });
      const state = api.claimsReport();
      assert.ok(state, 'the panel is open');
      assert.strictEqual(state.scope, 'document');
      assert.deepStrictEqual(
        state.report.rows.map((r) => r.id),
        claims()
          .sort((a, b) => a.start - b.start || a.end - b.end)
          .map((a) => a.id),
      );
      const verified = state.report.rows.find((r) => r.text === 'at least 21 people')!;
      assert.strictEqual(verified.status, 'verified');
      assert.strictEqual(verified.value, 'at least 21 people');
      assert.strictEqual(verified.sources.length, 2);
      assert.ok(verified.reviewer);
      assert.ok(verified.entities.length >= 1, 'the actors and places of its sentence');
      assert.strictEqual(state.report.documents[0]!.articleDate, '2024-10-14 (front matter)');
    });

    it('renders in its webview under a strict content security policy', async () => {
      const state = api.claimsReport()!;
      assert.match(state.html, /default-src 'none'; style-src [^;]+; script-src 'nonce-[A-Za-z0-9]+';/);
      assert.doesNotMatch(state.html, /https?:\/\/(?!.*vscode)/, 'no remote resources');
      const rendered = await waitFor(
        () => {
          const s = api.claimsReport();
          return s && s.rendered.version === s.version && s.rendered;
        },
        { timeout: 20_000, message: 'the webview did not render the model (script blocked?)' },
      );
      assert.strictEqual(rendered.rows, state.visible.length);
    });

    it('reveals a claim in the editor when its row is clicked', async () => {
      const row = api.claimsReport()!.report.rows.find((r) => r.text.includes('300,000'))!;
      assert.ok(row, 'the row of “more than 300,000”');
      await api.claimsReportMessage({
        type: 'reveal',
        document: row.document,
        id: row.id,
        start: row.start,
        end: row.end,
      });
      const editor = await waitFor(
        () =>
          vscode.window.activeTextEditor?.document.uri.toString() === doc.uri.toString() &&
          vscode.window.activeTextEditor,
      );
      assert.strictEqual(doc.offsetAt(editor.selection.start), row.start);
      assert.strictEqual(doc.offsetAt(editor.selection.end), row.end);
      assert.ok(api.claimsReport(), 'the panel stays open');
    });

    it('shows a status change made in the editor', async () => {
      const claim = claimAt('roughly 10,000');
      const before = api.claimsReport()!.version;
      await vscode.commands.executeCommand('geoAnnotator.markClaimFalse', {
        uri: doc.uri.toString(),
        annotationId: claim.id,
        note: 'UNIFIL gives 10,058.',
      });
      const row = await waitFor(
        () => {
          const s = api.claimsReport();
          const r = s && s.version > before && s.report.rows.find((x) => x.id === claim.id);
          return r && r.status === 'false' && r;
        },
        { message: 'the panel did not update' },
      );
      assert.strictEqual(row.note, 'UNIFIL gives 10,058.');
      assert.ok(api.claimsReport()!.report.counts.false >= 1);
    });

    it('filters by status and by entity', async () => {
      await api.claimsReportMessage({ type: 'filter', status: 'reviewed' });
      let state = api.claimsReport()!;
      assert.ok(state.visible.length >= 2);
      assert.ok(state.visible.every((r) => r.status !== 'unreviewed'));
      await api.claimsReportMessage({ type: 'filter', status: 'all', entity: 'unifil' });
      state = api.claimsReport()!;
      assert.ok(state.visible.length >= 1);
      assert.ok(state.visible.every((r) => r.entities.some((e) => e.id === 'unifil')));
      assert.ok(state.report.entities.some((e) => e.id === 'hezbollah'));
      await api.claimsReportMessage({ type: 'filter', status: 'all', entity: 'all' });
      assert.strictEqual(api.claimsReport()!.visible.length, api.claimsReport()!.report.rows.length);
    });

    it('switches to the whole workspace and back', async () => {
      await api.claimsReportMessage({ type: 'scope', scope: 'workspace' });
      const state = api.claimsReport()!;
      assert.strictEqual(state.scope, 'workspace');
      const names = state.report.documents.map((d) => d.name);
      for (const name of ['article.md', SAMPLE, 'notes.txt'])
        assert.ok(names.includes(name), `${name} in ${names}`);
      assert.ok(state.report.rows.some((r) => r.documentName === 'article.md'));
      await api.claimsReportMessage({ type: 'scope', scope: 'document' });
      assert.strictEqual(api.claimsReport()!.report.documents.length, 1);
    });

    it('exports CSV and schema.org ClaimReview JSON-LD', async () => {
      const csvUri = fixtureUri('exports/claims.csv');
      const written = await vscode.commands.executeCommand<string>('geoAnnotator.exportClaimsReport', {
        uri: doc.uri.toString(),
        format: 'csv',
        target: csvUri.toString(),
      });
      assert.strictEqual(written, csvUri.toString());
      const csv = await readText(csvUri);
      const lines = csv.trimEnd().split('\r\n');
      assert.match(lines[0]!, /^document,line,column,claim,sentence,type,value,/);
      assert.ok(lines.length >= claims().length + 1);
      assert.ok(lines.some((l) => l.includes('at least 21 people') && l.includes(',verified,')));

      const jsonUri = fixtureUri('exports/claims.claimreview.json');
      await vscode.commands.executeCommand('geoAnnotator.exportClaimsReport', {
        uri: doc.uri.toString(),
        format: 'claimreview',
        target: jsonUri.toString(),
      });
      const jsonld = JSON.parse(await readText(jsonUri)) as { '@context': string; '@graph': Json[] };
      assert.strictEqual(jsonld['@context'], 'https://schema.org');
      const reviewed = claims().filter((a) => a.status && a.status !== 'unreviewed');
      assert.strictEqual(jsonld['@graph'].length, reviewed.length);
      const verdict = jsonld['@graph'].find((r) => r.itemReviewed.text === 'at least 21 people')!;
      assert.strictEqual(verdict['@type'], 'ClaimReview');
      assert.strictEqual(verdict.reviewRating.ratingValue, 5);
      assert.match(verdict.claimReviewed, /killed at least 21 people/);
      assert.strictEqual(verdict.citation.length, 2);
    });

    it('closes', async () => {
      await closeAllEditors();
      await waitFor(() => api.claimsReport() === undefined, { message: 'the panel is still open' });
    });
  });
});
