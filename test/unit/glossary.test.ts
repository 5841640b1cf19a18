import { strict as assert } from 'node:assert';
import { formatProblem, loadGlossary, parseGlossaryFile } from '../../src/core/glossary';
import { TEST_GLOSSARY_YAML, testGlossary } from './helpers';

describe('glossary', () => {
  it('loads entries with their fields and no problems', () => {
    const g = testGlossary();
    assert.deepEqual(g.problems, []);
    const h = g.byId.get('hezbollah')!;
    assert.equal(h.name, 'Hezbollah');
    assert.deepEqual(h.aliases, ['Hizbullah', 'Hizballah']);
    assert.equal(h.founded, '1982');
    assert.deepEqual(h.backers, ['iran']);
    assert.equal(h.origin.line, TEST_GLOSSARY_YAML.split('\n').indexOf('- id: hezbollah') + 1);
    assert.equal(h.origin.column, 3, "the column of the entry's first key");
  });

  it('reports a YAML syntax error with file, line and column and still loads the other entries', () => {
    const text = [
      '- id: a',
      '  kind: actor',
      '  name: A',
      '- id: b',
      '  kind: actor',
      '  name: [B',
      '- id: c',
      '  kind: place',
      '  name: C',
      '',
    ].join('\n');
    const g = loadGlossary([{ file: 'broken.yaml', text, bundled: false }]);
    const syntax = g.problems.find((p) => p.code === 'yaml-syntax');
    assert.ok(syntax, 'a syntax problem is reported');
    assert.equal(syntax.file, 'broken.yaml');
    assert.ok(syntax.line >= 6 && syntax.line <= 7, `line ${syntax.line}`);
    assert.ok(syntax.column >= 1);
    assert.deepEqual(g.entries.map((e) => e.id).sort(), ['a', 'c']);
  });

  it('reports a duplicate id at the second definition and keeps the first', () => {
    const text = '- id: a\n  kind: actor\n  name: First\n- id: a\n  kind: actor\n  name: Second\n';
    const g = loadGlossary([{ file: 'dup.yaml', text, bundled: false }]);
    const p = g.problems.find((x) => x.code === 'duplicate-id')!;
    assert.equal(p.line, 4);
    assert.equal(g.byId.get('a')!.name, 'First');
  });

  it('rejects an unknown kind and a missing name, pointing at the entry', () => {
    const text =
      '- id: a\n  kind: person\n  name: A\n- id: b\n  kind: actor\n- id: c\n  kind: place\n  name: C\n';
    const g = loadGlossary([{ file: 'bad.yaml', text, bundled: false }]);
    const kind = g.problems.find((p) => p.code === 'unknown-kind')!;
    assert.equal(kind.line, 2);
    assert.match(kind.message, /actor.*place/);
    const name = g.problems.find((p) => p.code === 'missing-name')!;
    assert.equal(name.line, 4);
    assert.deepEqual(
      g.entries.map((e) => e.id),
      ['c'],
    );
  });

  it('reports the same alias on two entries and keeps it on the first', () => {
    const text =
      '- id: a\n  kind: actor\n  name: A\n  aliases: [Shared]\n- id: b\n  kind: actor\n  name: B\n  aliases: [Other, Shared]\n';
    const g = loadGlossary([{ file: 'alias.yaml', text, bundled: false }]);
    const p = g.problems.find((x) => x.code === 'duplicate-alias')!;
    assert.match(p.message, /"Shared".*"a"/);
    assert.equal(p.line, 8);
    assert.deepEqual(g.byId.get('b')!.aliases, ['Other']);
    assert.deepEqual(g.byId.get('a')!.aliases, ['Shared']);
  });

  it('reports a backer id that does not exist at the backers line', () => {
    const text = '- id: a\n  kind: actor\n  name: A\n  backers: [nowhere]\n';
    const g = loadGlossary([{ file: 'ref.yaml', text, bundled: false }]);
    const p = g.problems.find((x) => x.code === 'unknown-reference')!;
    assert.equal(p.line, 4);
    assert.match(p.message, /backer "nowhere"/);
    assert.deepEqual(g.byId.get('a')!.backers, []);
  });

  it('warns about an unknown field and suggests the nearest known one', () => {
    const { problems } = parseGlossaryFile({
      file: 'f.yaml',
      text: '- id: a\n  kind: actor\n  name: A\n  alias: [X]\n',
      bundled: false,
    });
    assert.equal(problems[0]!.severity, 'warning');
    assert.match(problems[0]!.message, /did you mean "aliases"/);
  });

  it('merges a workspace layer: new entries, extra aliases, overridden fields', () => {
    const g = testGlossary(
      '- id: hezbollah\n  aliases: [Hizbollah]\n  summary: Team summary.\n- id: new-group\n  kind: actor\n  type: armed group\n  name: New Group\n  backers: [iran]\n',
    );
    assert.deepEqual(g.problems, []);
    const h = g.byId.get('hezbollah')!;
    assert.deepEqual(h.aliases, ['Hizbullah', 'Hizballah', 'Hizbollah']);
    assert.equal(h.summary, 'Team summary.');
    assert.equal(h.founded, '1982', 'fields the layer does not set are kept');
    assert.equal(h.origin.file, 'workspace.yaml');
    assert.equal(g.byId.get('new-group')!.name, 'New Group');
  });

  it('formats problems as file:line:column: severity: message', () => {
    const s = formatProblem({
      file: 'g.yaml',
      line: 3,
      column: 5,
      severity: 'error',
      code: 'x',
      message: 'Bad.',
    });
    assert.equal(s, 'g.yaml:3:5: error: Bad. [x]');
  });
});
