import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const ARTICLE = `---
title: Test
---
# Strikes

Hezbollah said it fired approximately 40 rockets at northern Israel on September 27, while Iranian officials met in Beirut.
`;

describe('geo-annotate CLI (built dist/cli.js on real files)', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(CLI), 'run `npm run build` first');
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'geo-cli-'));
    fs.writeFileSync(path.join(dir, 'article.md'), ARTICLE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('export --stdout prints the sidecar format that a script can parse', () => {
    const r = run(['export', '--stdout', 'article.md'], dir);
    assert.equal(r.status, 0, r.stderr);
    const sidecar = JSON.parse(r.stdout);
    assert.equal(sidecar.format, 'geo-annotator/1');
    assert.equal(sidecar.document, 'article.md');
    assert.equal(sidecar.offsetUnit, 'utf16');
    assert.match(sidecar.sha256, /^[0-9a-f]{64}$/);
    const texts = sidecar.annotations.map((a: { text: string }) => a.text);
    assert.ok(texts.includes('Hezbollah'), texts.join('|'));
    assert.ok(texts.includes('Beirut'));
    for (const a of sidecar.annotations) assert.equal(ARTICLE.slice(a.start, a.end), a.text);
    assert.ok(
      !sidecar.annotations.some((a: { start: number }) => a.start < ARTICLE.indexOf('# Strikes')),
      'front matter is not annotated',
    );
    assert.ok(!fs.existsSync(path.join(dir, 'article.md.annotations.json')), '--stdout writes no file');
  });

  it('export writes the sidecar beside the document, byte-identical on a second run', () => {
    assert.equal(run(['export', 'article.md'], dir).status, 0);
    const first = fs.readFileSync(path.join(dir, 'article.md.annotations.json'), 'utf8');
    assert.equal(run(['export', 'article.md'], dir).status, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'article.md.annotations.json'), 'utf8'), first);
  });

  it('export keeps a manual annotation and a claim review already in the sidecar', () => {
    run(['export', 'article.md'], dir);
    const file = path.join(dir, 'article.md.annotations.json');
    const sidecar = JSON.parse(fs.readFileSync(file, 'utf8'));
    const claim = sidecar.annotations.find((a: { kind: string }) => a.kind === 'claim');
    claim.status = 'disputed';
    claim.note = 'other counts say 30';
    const start = ARTICLE.indexOf('Iranian officials');
    sidecar.annotations.push({
      id: 'm-test',
      kind: 'note',
      start,
      end: start + 17,
      text: 'Iranian officials',
      prefix: '',
      suffix: '',
      origin: 'manual',
      note: 'who?',
    });
    fs.writeFileSync(file, JSON.stringify(sidecar));
    fs.writeFileSync(path.join(dir, 'article.md'), 'Update: ' + ARTICLE);
    assert.equal(run(['export', 'article.md'], dir).status, 0);
    const after = JSON.parse(fs.readFileSync(file, 'utf8'));
    const note = after.annotations.find((a: { id: string }) => a.id === 'm-test');
    assert.equal(note.start, start + 8);
    const reviewed = after.annotations.find(
      (a: { text: string; kind: string }) => a.kind === 'claim' && a.text === claim.text,
    );
    assert.equal(reviewed.status, 'disputed');
    assert.equal(reviewed.note, 'other counts say 30');
  });

  it('never overwrites a sidecar that does not parse, and says where it breaks', () => {
    const file = path.join(dir, 'article.md.annotations.json');
    fs.writeFileSync(file, '{\n  "format": "geo-annotator/1",\n  "annotations": [ oops ]\n}\n');
    const r = run(['export', 'article.md'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /article\.md\.annotations\.json:3:\d+/);
    assert.equal(
      fs.readFileSync(file, 'utf8'),
      '{\n  "format": "geo-annotator/1",\n  "annotations": [ oops ]\n}\n',
    );
  });

  it('refuses a missing file, a directory, a binary file, non-UTF-8 text and a file over the size limit', () => {
    fs.mkdirSync(path.join(dir, 'folder'));
    fs.writeFileSync(path.join(dir, 'bin.md'), Buffer.from([0x48, 0x00, 0x49]));
    fs.writeFileSync(path.join(dir, 'latin1.md'), Buffer.from([0x48, 0xe9, 0x21]));
    const cases: [string[], RegExp][] = [
      [['export', 'nope.md'], /nope\.md: no such file/],
      [['export', 'folder'], /is a directory/],
      [['export', 'bin.md'], /binary/],
      [['export', 'latin1.md'], /not valid UTF-8/],
      [['export', '--max-size', '10', 'article.md'], /over the size limit/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, dir);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  it('check passes on a fresh sidecar and fails with file:line on a drifted document', () => {
    run(['export', 'article.md'], dir);
    assert.equal(run(['check', 'article.md'], dir).status, 0);
    fs.writeFileSync(path.join(dir, 'article.md'), ARTICLE.replace('Hezbollah said', 'Hamas said'));
    const r = run(['check', 'article.md', '--format', 'json'], dir);
    assert.equal(r.status, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p: { code: string }) => p.code === 'drifted'));
  });

  it('check reports a broken workspace glossary line with file, line and column', () => {
    fs.mkdirSync(path.join(dir, '.geo-annotator'));
    fs.writeFileSync(
      path.join(dir, '.geo-annotator', 'glossary.yaml'),
      '- id: x\n  kind: actor\n  name: X\n  backers: [ghost]\n',
    );
    const r = run(['glossary', 'check'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /glossary\.yaml:4:\d+: error: .*"ghost"/);
  });

  it('glossary search finds an entry from a misspelling', () => {
    const r = run(['glossary', 'search', 'hizbulla'], dir);
    assert.equal(r.status, 0);
    assert.match(r.stdout.split('\n')[0]!, /^Hezbollah/);
  });

  it('eval scores the project samples by the guide, above the floor we hold ourselves to', () => {
    const r = run(['eval', path.join(ROOT, 'samples'), '--format', 'json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const { documents, report } = JSON.parse(r.stdout);
    assert.ok(documents.length >= 6);
    for (const kind of ['actor', 'place', 'claim']) assert.ok(report[kind].gold > 50, kind);
    assert.ok(report.overall.f1 >= 0.95, `overall F1 ${report.overall.f1}`);
    assert.equal(run(['eval', path.join(ROOT, 'samples'), '--min-f1', '1.01'], dir).status, 1);
  });

  it('claims reports every claim with its value and review, in table, CSV, JSON and ClaimReview', () => {
    run(['export', 'article.md'], dir);
    const file = path.join(dir, 'article.md.annotations.json');
    const sidecar = JSON.parse(fs.readFileSync(file, 'utf8'));
    const claim = sidecar.annotations.find((a: { text: string }) => a.text === 'approximately 40 rockets');
    assert.ok(claim, 'the hedged count is a claim');
    Object.assign(claim, {
      status: 'verified',
      sources: [{ url: 'https://example.org/idf' }],
      author: 'Ana',
    });
    fs.writeFileSync(file, JSON.stringify(sidecar));

    const table = run(['claims', 'article.md'], dir);
    assert.equal(table.status, 0, table.stderr);
    assert.match(
      table.stdout,
      /article\.md:6:\d+\s+verified\s+"approximately 40 rockets"\s+->\s+approximately 40 rockets\s+\[Ana\]\s+sources: https:\/\/example\.org\/idf/,
    );
    assert.match(table.stdout, /"September 27".*\n.*2024|claim\(s\)/);

    const csv = run(['claims', 'article.md', '--format', 'csv', '--status', 'verified'], dir)
      .stdout.trim()
      .split(/\r?\n/);
    assert.equal(csv.length, 2, 'a header and the one verified claim');
    assert.match(csv[0]!, /^document,line,column,claim,/);
    assert.match(csv[1]!, /approximately 40 rockets/);

    const json = JSON.parse(run(['claims', 'article.md', '--format', 'json'], dir).stdout);
    assert.ok(json.rows.length >= 2);
    assert.equal(json.counts.verified, 1);

    const reviews = JSON.parse(run(['claims', 'article.md', '--format', 'claimreview'], dir).stdout);
    assert.equal(reviews['@context'], 'https://schema.org');
    assert.equal(reviews['@graph'].length, 1, 'only reviewed claims get a ClaimReview');
    assert.equal(reviews['@graph'][0]['@type'], 'ClaimReview');

    assert.equal(run(['claims', 'article.md', '--status', 'bogus'], dir).status, 1);
  });

  it('prints help for every command', () => {
    for (const cmd of ['export', 'check', 'glossary', 'eval', 'annotate', 'claims']) {
      const r = run([cmd, '--help'], dir);
      assert.equal(r.status, 0);
      assert.match(r.stdout, new RegExp(`geo-annotate ${cmd}`));
    }
    assert.match(run(['--help'], dir).stdout, /Commands:/);
    assert.equal(run(['frobnicate'], dir).status, 1);
  });
});
