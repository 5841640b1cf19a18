import { strict as assert } from 'node:assert';
import type { SpawnSyncReturns } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConflict } from '../../src/core/merge';
import { parseSidecar, serializeSidecar } from '../../src/core/sidecar';
import type { Annotation, Sidecar } from '../../src/core/types';
import { driverCommand, GITATTRIBUTES_LINE, gitAuthor, setupGit, shellQuote } from '../../src/node/git';
import { manualNote } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const ARTICLE = fs.readFileSync(path.join(ROOT, 'samples', 'gaza-ceasefire-talks.md'), 'utf8');

describe('teams through git (real git in temporary repositories)', function () {
  this.timeout(60000);
  let tmp: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    assert.ok(fs.existsSync(CLI), 'run `node esbuild.mjs` (npm run build) first');
  });
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'geo-git-')));
    fs.mkdirSync(path.join(tmp, 'home'));
    // An empty global and system config: only what the tests set counts.
    env = {
      ...process.env,
      HOME: path.join(tmp, 'home'),
      XDG_CONFIG_HOME: path.join(tmp, 'home'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_MERGE_AUTOEDIT: 'no',
    };
    for (const key of Object.keys(env))
      if (
        key.startsWith('GIT_') &&
        !['GIT_CONFIG_NOSYSTEM', 'GIT_TERMINAL_PROMPT', 'GIT_MERGE_AUTOEDIT'].includes(key)
      )
        delete env[key];
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function git(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
    return spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  }
  function ok(cwd: string, ...args: string[]): string {
    const r = git(cwd, ...args);
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  }
  function cli(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' });
  }
  function clone(name: string, user: string): string {
    ok(tmp, 'clone', '-q', path.join(tmp, 'origin.git'), name);
    const dir = path.join(tmp, name);
    ok(dir, 'config', 'user.name', user);
    ok(dir, 'config', 'user.email', `${user.toLowerCase()}@example.org`);
    ok(dir, 'config', 'pull.rebase', 'false');
    return dir;
  }
  /** A repository on the server with the article and its exported sidecar; the driver set up when asked. */
  function startProject(withDriver: boolean): { alice: string; bob: string } {
    ok(tmp, 'init', '-q', '--bare', '-b', 'main', 'origin.git');
    const alice = clone('alice', 'Alice');
    fs.writeFileSync(path.join(alice, 'article.md'), ARTICLE);
    assert.equal(cli(alice, 'export', 'article.md').status, 0);
    if (withDriver) {
      const r = cli(alice, 'setup-git');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(fs.readFileSync(path.join(alice, '.gitattributes'), 'utf8'), `${GITATTRIBUTES_LINE}\n`);
    }
    ok(alice, 'add', '-A');
    ok(alice, 'commit', '-qm', 'Article and its annotations');
    ok(alice, 'push', '-q', 'origin', 'main');
    const bob = clone('bob', 'Bob');
    if (withDriver) assert.equal(cli(bob, 'setup-git').status, 0);
    return { alice, bob };
  }

  const sidecarFile = (dir: string) => path.join(dir, 'article.md.annotations.json');
  function readSidecar(dir: string): Sidecar {
    const parsed = parseSidecar(fs.readFileSync(sidecarFile(dir), 'utf8'), 'article.md.annotations.json');
    assert.deepEqual(parsed.problems, []);
    return parsed.sidecar!;
  }
  /** Changes the sidecar as the editor would: a manual note or a review, with author and time. */
  function annotate(dir: string, change: (annotations: Annotation[], text: string) => void): void {
    const sidecar = readSidecar(dir);
    change(sidecar.annotations, fs.readFileSync(path.join(dir, 'article.md'), 'utf8'));
    fs.writeFileSync(sidecarFile(dir), serializeSidecar(sidecar));
  }
  function addNote(quote: string, id: string, author: string) {
    return (annotations: Annotation[], text: string) => {
      const start = text.indexOf(quote);
      assert.ok(start >= 0, quote);
      annotations.push(
        manualNote(text, start, start + quote.length, id, {
          note: `${author} was here`,
          author,
          updated: new Date().toISOString(),
        }),
      );
    };
  }
  function reviewClaim(quote: string, status: Annotation['status'], author: string) {
    return (annotations: Annotation[]) => {
      const claim = annotations.find((a) => a.kind === 'claim' && a.text === quote);
      assert.ok(claim, quote);
      Object.assign(claim, { status, author, updated: new Date().toISOString() });
    };
  }
  function claims(): string[] {
    const sidecar = JSON.parse(fs.readFileSync(sidecarFile(path.join(tmp, 'alice')), 'utf8')) as Sidecar;
    return sidecar.annotations.filter((a) => a.kind === 'claim').map((a) => a.text);
  }
  const paragraphs = ARTICLE.split(/\n\s*\n/).filter((p) => /^[A-Z]/.test(p) && p.length > 150);
  const phrase = (k: number) => paragraphs[k]!.slice(20, 60);

  it('with the driver: both sides keep every annotation and a claim reviewed both ways is flagged', () => {
    const { alice, bob } = startProject(true);
    const [contested, other] = claims();
    assert.ok(contested && other);
    annotate(alice, addNote(phrase(0), 'm-alice', 'Alice'));
    annotate(alice, reviewClaim(contested, 'verified', 'Alice'));
    ok(alice, 'commit', '-qam', 'Alice annotates');
    ok(alice, 'push', '-q', 'origin', 'main');

    annotate(bob, addNote(phrase(paragraphs.length - 1), 'm-bob', 'Bob'));
    annotate(bob, addNote(phrase(0), 'm-bob-same', 'Bob'));
    annotate(bob, reviewClaim(contested, 'false', 'Bob'));
    annotate(bob, reviewClaim(other, 'disputed', 'Bob'));
    ok(bob, 'commit', '-qam', 'Bob annotates');
    const pull = git(bob, 'pull', 'origin', 'main');
    assert.notEqual(pull.status, 0, 'the conflicting review stops the merge');
    assert.match(
      pull.stderr + pull.stdout,
      /conflict: claim .* ours: status "false" \(Bob\); theirs: status "verified" \(Alice\)/,
    );

    const merged = readSidecar(bob);
    for (const id of ['m-alice', 'm-bob', 'm-bob-same'])
      assert.ok(
        merged.annotations.some((a) => a.id === id),
        id,
      );
    const flagged = merged.annotations.find((a) => a.text === contested)!;
    assert.deepEqual(
      flagged.conflict!.map((v) => [v.side, v.status, v.author]),
      [
        ['ours', 'false', 'Bob'],
        ['theirs', 'verified', 'Alice'],
      ],
    );
    assert.equal(merged.annotations.find((a) => a.text === other)!.status, 'disputed');
    const text = fs.readFileSync(path.join(bob, 'article.md'), 'utf8');
    for (const a of merged.annotations) assert.equal(text.slice(a.start, a.end), a.text);

    const check = cli(bob, 'check', 'article.md', '--format', 'json');
    assert.equal(check.status, 1);
    const report = JSON.parse(check.stdout);
    assert.deepEqual(
      report.problems.map((p: { code: string }) => p.code),
      ['merge-conflict'],
    );

    // Resolve (keep Alice's review), commit the merge, push; Alice gets everything.
    merged.annotations = merged.annotations.map((a) => (a.conflict ? resolveConflict(a, 'theirs')! : a));
    fs.writeFileSync(sidecarFile(bob), serializeSidecar(merged));
    assert.equal(cli(bob, 'check').status, 0);
    ok(bob, 'add', 'article.md.annotations.json');
    ok(bob, 'commit', '-qm', 'Merge, keeping the verified review');
    ok(bob, 'push', '-q', 'origin', 'main');
    ok(alice, 'pull', '-q', 'origin', 'main');
    const final = readSidecar(alice);
    for (const id of ['m-alice', 'm-bob', 'm-bob-same'])
      assert.ok(
        final.annotations.some((a) => a.id === id),
        id,
      );
    assert.equal(final.annotations.find((a) => a.text === contested)!.status, 'verified');
  });

  it('with the driver: the article rewritten on one side, annotated on the other, merges cleanly and lines up', () => {
    const { alice, bob } = startProject(true);
    const lead = 'EDITOR’S NOTE: this report was updated with new figures from both delegations.\n\n';
    const body = ARTICLE.indexOf(paragraphs[0]!);
    fs.writeFileSync(path.join(alice, 'article.md'), ARTICLE.slice(0, body) + lead + ARTICLE.slice(body));
    assert.equal(cli(alice, 'export', 'article.md').status, 0);
    ok(alice, 'commit', '-qam', 'New lead');
    ok(alice, 'push', '-q', 'origin', 'main');

    annotate(bob, addNote(phrase(1), 'm-bob', 'Bob'));
    annotate(bob, reviewClaim(claims()[0]!, 'verified', 'Bob'));
    ok(bob, 'commit', '-qam', 'Bob annotates');
    const pull = git(bob, 'pull', 'origin', 'main');
    assert.equal(pull.status, 0, pull.stderr);
    assert.match(pull.stderr, /anchored to article\.md \(theirs\)/);
    // Right after the merge, without re-exporting, the sidecar matches the merged article.
    const check = cli(bob, 'check', 'article.md');
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /ok: 0 warning/);
    const merged = readSidecar(bob);
    const text = fs.readFileSync(path.join(bob, 'article.md'), 'utf8');
    assert.ok(text.includes('EDITOR’S NOTE'));
    const note = merged.annotations.find((a) => a.id === 'm-bob')!;
    assert.equal(text.slice(note.start, note.end), phrase(1));
  });

  it('with the driver: the article edited on both sides is merged as git will, and every annotation lines up', () => {
    const { alice, bob } = startProject(true);
    const body = ARTICLE.indexOf(paragraphs[0]!);
    fs.writeFileSync(
      path.join(alice, 'article.md'),
      ARTICLE.slice(0, body) + 'A new lead paragraph from the desk.\n\n' + ARTICLE.slice(body),
    );
    assert.equal(cli(alice, 'export', 'article.md').status, 0);
    annotate(alice, addNote(phrase(0), 'm-alice', 'Alice'));
    ok(alice, 'commit', '-qam', 'New lead and a note');
    ok(alice, 'push', '-q', 'origin', 'main');

    fs.writeFileSync(
      path.join(bob, 'article.md'),
      ARTICLE.trimEnd() + '\n\nA correction was appended at the end of the report.\n',
    );
    assert.equal(cli(bob, 'export', 'article.md').status, 0);
    annotate(bob, addNote('correction was appended', 'm-bob', 'Bob'));
    ok(bob, 'commit', '-qam', 'Correction and a note');
    const pull = git(bob, 'pull', 'origin', 'main');
    assert.equal(pull.status, 0, pull.stderr);
    assert.match(pull.stderr, /anchored to article\.md \(merged\)/);
    const text = fs.readFileSync(path.join(bob, 'article.md'), 'utf8');
    assert.ok(text.includes('A new lead paragraph') && text.includes('A correction was appended'));
    const check = cli(bob, 'check', 'article.md');
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /ok: 0 warning/);
    const merged = readSidecar(bob);
    assert.ok(
      merged.annotations.some((a) => a.id === 'm-alice') && merged.annotations.some((a) => a.id === 'm-bob'),
    );
  });

  it('without the driver: notes on different paragraphs merge cleanly through git’s own merge', () => {
    const { alice, bob } = startProject(false);
    annotate(alice, addNote(phrase(0), 'm-alice', 'Alice'));
    ok(alice, 'commit', '-qam', 'Alice annotates');
    ok(alice, 'push', '-q', 'origin', 'main');
    annotate(bob, addNote(phrase(paragraphs.length - 2), 'm-bob', 'Bob'));
    ok(bob, 'commit', '-qam', 'Bob annotates');
    const pull = git(bob, 'pull', 'origin', 'main');
    assert.equal(pull.status, 0, pull.stderr + pull.stdout);
    assert.doesNotMatch(pull.stderr, /geo-annotate merge/, 'git merged it, not the driver');
    const merged = readSidecar(bob);
    assert.ok(merged.annotations.some((a) => a.id === 'm-alice'));
    assert.ok(merged.annotations.some((a) => a.id === 'm-bob'));
    assert.equal(cli(bob, 'check', 'article.md').status, 0);
  });

  it('without the driver: a line both sides changed leaves markers that check reports and export never overwrites', () => {
    const { alice, bob } = startProject(false);
    const [claim] = claims();
    annotate(alice, reviewClaim(claim!, 'verified', 'Alice'));
    ok(alice, 'commit', '-qam', 'Alice reviews');
    ok(alice, 'push', '-q', 'origin', 'main');
    annotate(bob, reviewClaim(claim!, 'false', 'Bob'));
    ok(bob, 'commit', '-qam', 'Bob reviews');
    assert.notEqual(git(bob, 'pull', 'origin', 'main').status, 0);
    const broken = fs.readFileSync(sidecarFile(bob), 'utf8');
    assert.match(broken, /^<<<<<<< /m);
    const check = cli(bob, 'check', '--format', 'json');
    assert.equal(check.status, 1);
    assert.equal(JSON.parse(check.stdout).problems[0].code, 'merge-markers');
    assert.equal(cli(bob, 'export', 'article.md').status, 1);
    assert.equal(fs.readFileSync(sidecarFile(bob), 'utf8'), broken);
  });

  it('setup-git is idempotent and names the running CLI by absolute path when geo-annotate is not on the PATH', () => {
    ok(tmp, 'init', '-q', '-b', 'main', 'repo');
    const repo = path.join(tmp, 'repo');
    fs.writeFileSync(path.join(repo, '.gitattributes'), '*.md text');
    const noPath = { ...env, PATH: path.dirname(process.execPath) + path.delimiter + '/usr/bin:/bin' };
    const sub = path.join(repo, 'articles');
    fs.mkdirSync(sub);
    for (let k = 0; k < 2; k++) {
      const r = spawnSync(process.execPath, [CLI, 'setup-git'], { cwd: sub, env: noPath, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    assert.equal(
      fs.readFileSync(path.join(repo, '.gitattributes'), 'utf8'),
      `*.md text\n${GITATTRIBUTES_LINE}\n`,
    );
    const driver = ok(repo, 'config', '--get', 'merge.geo-annotator.driver').trim();
    assert.equal(driver, `${shellQuote(process.execPath)} ${shellQuote(CLI)} merge %O %A %B %P`);
    assert.match(ok(repo, 'config', '--get', 'merge.geo-annotator.name'), /Geo Annotator/);
    assert.equal(
      ok(repo, 'check-attr', 'merge', 'x/a.md.annotations.json').trim(),
      'x/a.md.annotations.json: merge: geo-annotator',
    );
    // With geo-annotate on the PATH, the driver calls it by name.
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'geo-annotate'), '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(driverCommand(CLI, { PATH: bin }), 'geo-annotate merge %O %A %B %P');
    assert.throws(() => setupGit(path.join(tmp, 'home'), 'x'), /not inside a git repository/);
    assert.equal(cli(path.join(tmp, 'home'), 'setup-git').status, 1);
  });

  it('reads the author from git config, else $USER', () => {
    ok(tmp, 'init', '-q', 'repo');
    const repo = path.join(tmp, 'repo');
    const saved = {
      HOME: process.env.HOME,
      GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM,
      XDG: process.env.XDG_CONFIG_HOME,
    };
    process.env.HOME = env.HOME;
    process.env.XDG_CONFIG_HOME = env.HOME;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    try {
      assert.equal(gitAuthor(repo, { USER: 'osuser' }), 'osuser');
      ok(repo, 'config', 'user.email', 'ana@example.org');
      assert.equal(gitAuthor(repo, { USER: 'osuser' }), 'ana@example.org');
      ok(repo, 'config', 'user.name', 'Ana Lima');
      assert.equal(gitAuthor(repo, {}), 'Ana Lima <ana@example.org>');
    } finally {
      for (const [k, v] of [
        ['HOME', saved.HOME],
        ['GIT_CONFIG_NOSYSTEM', saved.GIT_CONFIG_NOSYSTEM],
        ['XDG_CONFIG_HOME', saved.XDG],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('merge (the driver by hand): exit 0 when clean, 1 with conflicts, a line merge for a side that does not parse', () => {
    const dir = path.join(tmp, 'm');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'article.md'), ARTICLE);
    assert.equal(cli(dir, 'export', 'article.md').status, 0);
    const base = fs.readFileSync(sidecarFile(dir), 'utf8');
    fs.writeFileSync(path.join(dir, 'base.json'), base);
    const first = (JSON.parse(base) as Sidecar).annotations.find((a) => a.kind === 'claim')!;
    const variant = (status: Annotation['status'], name: string) => {
      const s = parseSidecar(base, 'x').sidecar!;
      s.annotations.find((a) => a.id === first.id)!.status = status;
      fs.writeFileSync(path.join(dir, name), serializeSidecar(s));
    };
    variant('verified', 'ours.json');
    variant('verified', 'theirs.json');
    let r = cli(dir, 'merge', 'base.json', 'ours.json', 'theirs.json', '--document', 'article.md');
    assert.equal(r.status, 0, r.stderr);
    variant('false', 'theirs.json');
    r = cli(dir, 'merge', 'base.json', 'ours.json', 'theirs.json', '--document', 'article.md');
    assert.equal(r.status, 1);
    const merged = parseSidecar(fs.readFileSync(path.join(dir, 'ours.json'), 'utf8'), 'x');
    assert.deepEqual(merged.problems, []);
    assert.equal(merged.sidecar!.annotations.find((a) => a.id === first.id)!.conflict!.length, 2);
    // An empty base (file added on both sides) is no base.
    fs.writeFileSync(path.join(dir, 'empty.json'), '');
    variant('verified', 'ours.json');
    variant('verified', 'theirs.json');
    assert.equal(
      cli(dir, 'merge', 'empty.json', 'ours.json', 'theirs.json', '--document', 'article.md').status,
      0,
    );
    fs.writeFileSync(path.join(dir, 'theirs.json'), '{ broken');
    r = cli(dir, 'merge', 'base.json', 'ours.json', 'theirs.json');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /merged line by line/);
    assert.match(fs.readFileSync(path.join(dir, 'ours.json'), 'utf8'), /^<<<<<<< ours/m);
  });

  it('import adds W3C annotations as notes with the git author; export --format writes each format', () => {
    ok(tmp, 'init', '-q', 'repo');
    const repo = path.join(tmp, 'repo');
    ok(repo, 'config', 'user.name', 'Ana Lima');
    ok(repo, 'config', 'user.email', 'ana@example.org');
    fs.writeFileSync(path.join(repo, 'article.md'), ARTICLE);
    const quote = phrase(2);
    const w3c = [
      {
        type: 'Annotation',
        body: { type: 'TextualBody', value: 'Which delegation said this?' },
        target: { source: 'article.md', selector: [{ type: 'TextQuoteSelector', exact: quote }] },
      },
      {
        type: 'Annotation',
        body: { type: 'TextualBody', value: 'gone' },
        target: { selector: { type: 'TextQuoteSelector', exact: 'no such words anywhere in it' } },
      },
      { type: 'Annotation', target: 'https://example.org/whole-page' },
    ];
    fs.writeFileSync(path.join(repo, 'in.json'), JSON.stringify(w3c));
    const r = cli(repo, 'import', 'in.json', '--into', 'article.md');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /imported 2 note\(s\).*1 orphaned \(kept\), 1 skipped/);
    assert.match(r.stderr, /annotation 3 skipped: no TextQuoteSelector/);
    const sidecar = readSidecar(repo);
    const imported = sidecar.annotations.find((a) => a.text === quote)!;
    assert.equal(imported.author, 'Ana Lima <ana@example.org>');
    assert.equal(imported.note, 'Which delegation said this?');
    assert.ok(!Number.isNaN(Date.parse(imported.updated!)));
    assert.equal(sidecar.annotations.filter((a) => a.orphaned).length, 1);
    // Again: updated in place, not duplicated.
    assert.equal(cli(repo, 'import', 'in.json', '--into', 'article.md').status, 0);
    assert.equal(readSidecar(repo).annotations.length, sidecar.annotations.length);
    // A sidecar that does not parse is never overwritten by an import either.
    const good = fs.readFileSync(sidecarFile(repo), 'utf8');
    fs.writeFileSync(sidecarFile(repo), good.slice(0, -10));
    const refused = cli(repo, 'import', 'in.json', '--into', 'article.md');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /left untouched/);
    assert.equal(fs.readFileSync(sidecarFile(repo), 'utf8'), good.slice(0, -10));
    fs.writeFileSync(sidecarFile(repo), good);
    for (const [format, suffix] of [
      ['w3c', '.annotations.w3c.jsonld'],
      ['brat', '.annotations.ann'],
      ['csv', '.annotations.csv'],
      ['claimreview', '.annotations.claimreview.jsonld'],
    ]) {
      const e = cli(repo, 'export', '--format', format!, 'article.md');
      assert.equal(e.status, 0, e.stderr);
      assert.ok(fs.statSync(path.join(repo, `article.md${suffix}`)).size > 0, format);
    }
    const out = cli(
      repo,
      'export',
      '--format',
      'w3c',
      '--stdout',
      '--source-uri',
      'https://news.example/a',
      'article.md',
    );
    assert.equal(JSON.parse(out.stdout).first.items[0].target.source, 'https://news.example/a');
    assert.equal(cli(repo, 'export', '--format', 'docx', 'article.md').status, 1);
  });
});
