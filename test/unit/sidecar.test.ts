import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import {
  annotationJson,
  buildSidecar,
  checkAgainstDocument,
  hasErrors,
  orderedAnnotation,
  parseSidecar,
  reanchor,
  serializeSidecar,
} from '../../src/core/sidecar';
import type { Annotation } from '../../src/core/types';
import { sha256Hex } from '../../src/core/sha256';
import { seededRandom } from './helpers';

const TEXT = 'Hezbollah fired 40 rockets at Israel. Hezbollah said so.';

function auto(
  kind: Annotation['kind'],
  start: number,
  end: number,
  extra: Partial<Annotation> = {},
): Annotation {
  return {
    id: `${kind[0]}-${start}`,
    kind,
    start,
    end,
    text: TEXT.slice(start, end),
    prefix: '',
    suffix: '',
    origin: 'auto',
    ...extra,
  };
}

const AUTO: Annotation[] = [
  auto('actor', 0, 9, { entity: 'hezbollah' }),
  auto('claim', 16, 26, { claim: { type: 'count', value: 40, unit: 'rockets' }, status: 'unreviewed' }),
  auto('actor', 30, 36, { entity: 'israel' }),
];

describe('sidecar', () => {
  it('serialises deterministically with one annotation per line, sorted by start then id', () => {
    const { sidecar } = buildSidecar('a.md', TEXT, [...AUTO].reverse());
    const first = serializeSidecar(sidecar);
    const second = serializeSidecar({ ...sidecar, annotations: [...sidecar.annotations].reverse() });
    assert.equal(first, second);
    const lines = first.split('\n');
    assert.equal(lines[0], '{');
    assert.equal(lines[1], '  "format": "geo-annotator/1",');
    assert.equal(lines.filter((l) => l.startsWith('    {"id"')).length, 3);
    assert.ok(lines[6]!.startsWith('    {"id":"a-0","kind":"actor","start":0,"end":9,"text":"Hezbollah"'));
    assert.equal(JSON.parse(first).sha256, sha256Hex(TEXT));
  });

  it('round-trips through parse without problems', () => {
    const { sidecar } = buildSidecar('a.md', TEXT, AUTO);
    const parsed = parseSidecar(serializeSidecar(sidecar), 'a.md.annotations.json');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.sidecar, JSON.parse(serializeSidecar(sidecar)));
  });

  it('reports a JSON syntax error with its line and column', () => {
    const text = '{\n  "format": "geo-annotator/1",\n  "annotations": [ {"id": } ]\n}\n';
    const parsed = parseSidecar(text, 'x.json');
    assert.equal(parsed.sidecar, undefined);
    assert.equal(parsed.problems[0]!.code, 'json-syntax');
    assert.equal(parsed.problems[0]!.line, 3);
    assert.ok(hasErrors(parsed.problems));
  });

  it('reports an invalid annotation at its line and leaves it out', () => {
    const { sidecar } = buildSidecar('a.md', TEXT, AUTO);
    const text = serializeSidecar(sidecar).replace('"kind":"actor","start":30', '"kind":"bogus","start":30');
    const parsed = parseSidecar(text, 'x.json');
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]!.line, 9);
    assert.match(parsed.problems[0]!.message, /kind/);
    assert.equal(parsed.sidecar!.annotations.length, 2);
  });

  it('keeps a claim review when the document is re-annotated after an edit', () => {
    const reviewed = {
      ...AUTO[1]!,
      status: 'verified' as const,
      note: 'matches ACLED',
      sources: [{ url: 'https://example.org' }],
    };
    const previous = buildSidecar('a.md', TEXT, [AUTO[0]!, reviewed, AUTO[2]!]).sidecar;
    const edited = 'Breaking: ' + TEXT;
    // The caller's annotations are left as they are (frozen: a change would throw).
    const shifted = AUTO.map((a) => Object.freeze({ ...a, start: a.start + 10, end: a.end + 10 }));
    const { sidecar, orphans } = buildSidecar('a.md', edited, shifted, previous);
    assert.equal(shifted[1]!.status, AUTO[1]!.status);
    assert.equal(orphans.length, 0);
    const claim = sidecar.annotations.find((a) => a.kind === 'claim')!;
    assert.equal(claim.status, 'verified');
    assert.equal(claim.note, 'matches ACLED');
    assert.equal(claim.start, 26);
    assert.equal(sidecar.annotations.length, 3, 'no duplicate is left behind');
  });

  it('keeps a manual annotation, re-anchored, and flags it orphaned when its quote is gone', () => {
    const manual: Annotation = {
      id: 'm-1',
      kind: 'note',
      start: 37,
      end: 55,
      text: 'Hezbollah said so.',
      prefix: '',
      suffix: '',
      origin: 'manual',
      note: 'check',
      author: 'ana',
    };
    const previous = buildSidecar('a.md', TEXT, [...AUTO, manual]).sidecar;
    const moved = buildSidecar('a.md', 'New lead. ' + TEXT, [], previous);
    const m = moved.sidecar.annotations.find((a) => a.id === 'm-1')!;
    assert.equal(m.start, 48);
    assert.equal(m.orphaned, undefined);
    const gone = buildSidecar('a.md', 'Completely different.', [], previous);
    assert.equal(gone.orphans.length, 1);
    assert.equal(gone.sidecar.annotations.find((a) => a.id === 'm-1')!.orphaned, true);
  });

  it('re-anchors to the occurrence whose context agrees, nearest the old place', () => {
    const a: Annotation = {
      id: 'x',
      kind: 'note',
      start: 0,
      end: 9,
      text: 'Hezbollah',
      prefix: 'rockets at Israel. ',
      suffix: ' said so.',
      origin: 'manual',
    };
    assert.deepEqual(reanchor(a, 'xx ' + TEXT), { start: 41, end: 50 });
  });

  it('flags drifted annotations and a stale digest against the document', () => {
    const { sidecar } = buildSidecar('a.md', TEXT, AUTO);
    const problems = checkAgainstDocument(
      sidecar,
      TEXT.replace('Hezbollah', 'Hizballah'),
      'a.md.annotations.json',
    );
    assert.deepEqual(problems.map((p) => p.code).sort(), ['drifted', 'stale']);
  });

  it('writes files that the JSON Schema in media/ accepts, and the schema rejects a claim without status', () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', '..', 'media', 'schemas', 'sidecar.schema.json'), 'utf8'),
    );
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const manual: Annotation = {
      id: 'm-1',
      kind: 'note',
      start: 0,
      end: 9,
      text: 'Hezbollah',
      prefix: '',
      suffix: ' fired',
      origin: 'manual',
      note: 'n',
      author: 'a',
      updated: '2026-01-01T00:00:00Z',
      sources: [{ url: 'https://example.org', title: 'T' }],
    };
    const data: { annotations: Partial<Annotation>[] } = JSON.parse(
      serializeSidecar(buildSidecar('a.md', TEXT, [...AUTO, manual]).sidecar),
    );
    assert.ok(validate(data), JSON.stringify(validate.errors));
    delete data.annotations.find((a) => a.kind === 'claim')!.status;
    assert.equal(validate(data), false);
  });
});

describe('sidecar: validation follows the JSON Schema', () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'media', 'schemas', 'sidecar.schema.json'), 'utf8'),
  );
  const validate = new Ajv({ allErrors: true }).compile(schema);
  const good = (): Record<string, unknown> =>
    JSON.parse(serializeSidecar(buildSidecar('a.md', TEXT, AUTO).sidecar));
  const errorsOf = (data: unknown) =>
    parseSidecar(JSON.stringify(data), 'x').problems.filter((p) => p.severity === 'error');

  it('reports every sidecar the schema rejects as an error', () => {
    type Mutation = (d: { annotations: Record<string, unknown>[]; [k: string]: unknown }) => void;
    const mutations: [string, Mutation][] = [
      ['long prefix', (d) => (d.annotations[0]!.prefix = 'x'.repeat(33))],
      ['bad claim type', (d) => ((d.annotations[1]!.claim as Record<string, unknown>).type = 'rumour')],
      ['bad month', (d) => ((d.annotations[1]!.claim as Record<string, unknown>).date = { month: 13 })],
      ['value as text', (d) => ((d.annotations[1]!.claim as Record<string, unknown>).value = '40')],
      ['negative start', (d) => (d.annotations[0]!.start = -1)],
      ['bad status', (d) => (d.annotations[1]!.status = 'true')],
      ['unknown top-level field', (d) => (d.extra = 1)],
      ['bad origin', (d) => (d.annotations[0]!.origin = 'robot')],
      ['source without url', (d) => (d.annotations[0]!.sources = [{ title: 'x' }])],
      [
        'conflict with a bad side',
        (d) => (d.annotations[0]!.conflict = [{ side: 'mine', status: 'verified' }]),
      ],
      ['empty conflict', (d) => (d.annotations[0]!.conflict = [])],
      [
        'conflict version with an unknown field',
        (d) => (d.annotations[0]!.conflict = [{ side: 'ours', id: 'x' }]),
      ],
    ];
    for (const [name, mutate] of mutations) {
      const data = good() as Parameters<Mutation>[0];
      mutate(data);
      assert.equal(validate(data), false, `the schema rejects: ${name}`);
      assert.ok(errorsOf(data).length > 0, `parseSidecar rejects: ${name}`);
    }
  });

  it('counts context in code points as the schema does, and only warns about unknown annotation fields', () => {
    const data = good() as { annotations: Record<string, unknown>[] };
    data.annotations[0]!.prefix = '😀'.repeat(32);
    data.annotations[0]!.future = true;
    assert.ok(validate(data), JSON.stringify(validate.errors));
    const parsed = parseSidecar(JSON.stringify(data), 'x');
    assert.deepEqual(
      parsed.problems.map((p) => [p.severity, p.code]),
      [['warning', 'unknown-field']],
    );
    assert.equal(parsed.sidecar!.annotations.length, 3);
  });

  it('recognises git conflict markers and says how to recover', () => {
    const text = serializeSidecar(buildSidecar('a.md', TEXT, AUTO).sidecar).replace(
      /^( {4}\{"id":"c-16".*)$/m,
      '<<<<<<< HEAD\n$1\n=======\n$1\n>>>>>>> theirs',
    );
    const parsed = parseSidecar(text, 'x');
    assert.equal(parsed.sidecar, undefined);
    assert.equal(parsed.problems[0]!.code, 'merge-markers');
    assert.equal(parsed.problems[0]!.line, 8);
    assert.match(parsed.problems[0]!.message, /setup-git/);
  });
});

describe('sidecar: the line of an annotation', () => {
  it('is JSON.stringify of the annotation in canonical order, whatever fields it has and in whatever order', () => {
    const random = seededRandom(5);
    const strings = [
      '',
      'Hezbollah',
      'a "quoted" \\ word',
      'line\nbreak\ttab',
      '😀 \ud800 lone',
      'Sana’a\u2028',
    ];
    const pick = <T>(xs: readonly T[]) => xs[random(xs.length)]!;
    const maybe = <T>(x: T) => (random(3) === 0 ? undefined : x);
    for (let n = 0; n < 2000; n++) {
      const fields: [string, unknown][] = [
        ['note', maybe(pick(strings))],
        ['entity', maybe(pick(['hezbollah', 'unlisted:person:karim-nassar']))],
        [
          'claim',
          maybe({
            unit: 'strikes',
            value: random(100),
            type: 'count',
            ...(random(2) ? { hedge: 'approximately' } : {}),
            ...(random(4) === 0 ? { date: { day: 3, year: 2024, month: 10 } } : {}),
          }),
        ],
        ['status', maybe(pick(['unreviewed', 'verified', 'disputed']))],
        [
          'sources',
          maybe([
            { title: pick(strings), url: 'https://example.org/a?b=1' },
            { url: 'https://example.org/c', accessed: '2024-10-01' },
          ]),
        ],
        ['author', maybe(pick(strings))],
        ['updated', maybe('2024-10-01T12:00:00Z')],
        ['orphaned', maybe(random(2) === 0)],
        ['hidden', maybe(random(2) === 0)],
        [
          'conflict',
          maybe(
            random(2)
              ? []
              : [
                  { side: 'theirs', note: 'x', status: 'disputed' },
                  { side: 'ours', deleted: true },
                ],
          ),
        ],
        ['suffix', maybe(pick(strings))],
        ['origin', maybe(pick(['auto', 'manual']))],
        ['prefix', maybe(pick(strings))],
        ['text', pick(strings)],
        ['end', random(1000) + 5],
        ['start', maybe(random(5))],
        ['kind', pick(['actor', 'place', 'claim', 'note'])],
        ['id', maybe(`c-${random(1e6).toString(16)}-1`)],
      ];
      // In a random order, some fields absent and some present but undefined.
      for (let k = fields.length - 1; k > 0; k--) {
        const j = random(k + 1);
        [fields[k], fields[j]] = [fields[j]!, fields[k]!];
      }
      const a = Object.fromEntries(fields.filter(() => random(5) > 0)) as unknown as Annotation;
      assert.equal(annotationJson(a), JSON.stringify(orderedAnnotation(a)), JSON.stringify(a));
    }
  });
});
