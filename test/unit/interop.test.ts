import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { annotate, createEngine } from '../../src/core/annotate';
import type { JsonObject } from '../../src/core/interop';
import {
  CSV_COLUMNS,
  csvField,
  importW3C,
  offsetConverter,
  parseAuthor,
  parseCsv,
  toBrat,
  toClaimReview,
  toClaimsCsv,
  toW3C,
} from '../../src/core/interop';
import { buildSidecar } from '../../src/core/sidecar';
import { contextOf } from '../../src/core/text';
import type { Annotation, Sidecar } from '../../src/core/types';
import { testGlossary } from './helpers';

const engine = createEngine(testGlossary(), { unlistedNames: false });
// Astral characters (a flag is two of them, the smiley one more) before every span.
const TEXT =
  'Beirut 🇱🇧 — 😀 Hezbollah fired approximately 40 rockets at northern Israel.\n' +
  'Israel said it struck 120 targets in Lebanon, "a record".\n';
const ASTRAL_BEFORE = 3;

function cp(text: string, utf16: number): number {
  return [...text.slice(0, utf16)].length;
}

function sidecarWithWork(): Sidecar {
  const auto = annotate(engine, TEXT, 'plaintext');
  const previous = buildSidecar('article.txt', TEXT, auto).sidecar;
  const noteStart = TEXT.indexOf('northern Israel.');
  const noteEnd = TEXT.indexOf(' said');
  const manual: Annotation = {
    id: 'm-note',
    kind: 'note',
    start: noteStart,
    end: noteEnd,
    text: TEXT.slice(noteStart, noteEnd),
    ...contextOf(TEXT, noteStart, noteEnd),
    origin: 'manual',
    note: 'Two places, "one" line\nbreak, and a comma',
    author: 'Ana Lima <ana@example.org>',
    updated: '2026-03-04T05:06:07.000Z',
  };
  for (const a of previous.annotations) {
    if (a.text === 'approximately 40 rockets') {
      Object.assign(a, {
        status: 'disputed',
        note: 'IDF said "about 30", not 40',
        sources: [
          { url: 'https://example.org/idf', title: 'IDF statement' },
          { url: 'https://example.org/un' },
        ],
        author: 'Ben Ode <ben@example.org>',
        updated: '2026-03-05T10:00:00.000Z',
      });
    }
    if (a.text === '120 targets')
      Object.assign(a, { status: 'verified', author: 'Ana Lima', updated: '2026-03-06T00:00:00Z' });
  }
  previous.annotations.push(manual);
  return buildSidecar('article.txt', TEXT, auto, previous).sidecar;
}

describe('interop: offsets in code points', () => {
  it('converts UTF-16 offsets to code points and back, with astral characters anywhere', () => {
    const piece = fc.constantFrom('a', 'é', '😀', '🇱🇧', '\n', '中', '𝔸');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const conv = offsetConverter(text);
        let u = 0;
        for (let k = 0; k <= [...text].length; k++) {
          assert.equal(conv.toCodePoints(u), k);
          assert.equal(conv.toUtf16(k), u);
          u += k < [...text].length ? [...text][k]!.length : 0;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('interop: W3C Web Annotation', () => {
  const sidecar = sidecarWithWork();
  const collection = toW3C(sidecar, {
    text: TEXT,
    source: 'https://news.example/article',
    entity: (id) => (id === 'hezbollah' ? { name: 'Hezbollah', wikidata: 'Q41053' } : undefined),
  });
  const items = (collection.first as JsonObject).items as JsonObject[];
  const item = (quote: string) =>
    items.find((i) => ((i.target as JsonObject).selector as JsonObject[])[0]!.exact === quote)!;

  it('exports an AnnotationCollection of annotations with quote and code-point position selectors', () => {
    assert.equal(collection['@context'], 'http://www.w3.org/ns/anno.jsonld');
    assert.equal(collection.type, 'AnnotationCollection');
    assert.equal(collection.total, sidecar.annotations.length);
    const h = item('Hezbollah');
    const start = TEXT.indexOf('Hezbollah');
    const [quote, position] = (h.target as JsonObject).selector as JsonObject[];
    assert.equal(quote!.type, 'TextQuoteSelector');
    assert.equal(quote!.prefix, TEXT.slice(0, start));
    assert.equal(position!.type, 'TextPositionSelector');
    assert.equal(
      position!.start,
      start - ASTRAL_BEFORE,
      'three astral characters before: three fewer code points',
    );
    assert.equal(position!.start, cp(TEXT, start));
    assert.equal(position!.end, cp(TEXT, start + 'Hezbollah'.length));
    assert.deepEqual(
      [...TEXT].slice(position!.start as number, position!.end as number).join(''),
      'Hezbollah',
    );
    assert.equal((h.target as JsonObject).source, 'https://news.example/article');
    assert.equal(h.motivation, 'identifying');
    assert.deepEqual(h.body, [
      { type: 'TextualBody', purpose: 'classifying', value: 'actor' },
      { type: 'TextualBody', purpose: 'identifying', value: 'Hezbollah' },
      { type: 'SpecificResource', purpose: 'identifying', source: 'http://www.wikidata.org/entity/Q41053' },
    ]);
  });

  it('carries reviews, notes, sources, creator and time', () => {
    const claim = item('approximately 40 rockets');
    assert.equal(claim.motivation, 'assessing');
    assert.deepEqual(claim.creator, { type: 'Person', name: 'Ben Ode', email: 'mailto:ben@example.org' });
    assert.equal(claim.modified, '2026-03-05T10:00:00.000Z');
    const bodies = claim.body as JsonObject[];
    assert.ok(bodies.some((b) => b.purpose === 'assessing' && b.value === 'disputed'));
    assert.ok(
      bodies.some((b) => b.purpose === 'describing' && b.value === 'count: approximately 40 rockets'),
    );
    assert.ok(bodies.some((b) => b.purpose === 'commenting' && b.value === 'IDF said "about 30", not 40'));
    assert.ok(bodies.some((b) => b.purpose === 'linking' && b.source === 'https://example.org/un'));
  });

  it('round-trips: export, then import into the same text, lands every annotation on the same words', () => {
    const imported = importW3C(collection, TEXT, { author: 'Importer', now: '2026-04-01T00:00:00Z' })!;
    assert.equal(imported.skipped.length, 0);
    assert.equal(imported.annotations.length, sidecar.annotations.length);
    for (const [k, a] of sidecar.annotations.entries()) {
      const b = imported.annotations[k]!;
      assert.deepEqual([b.start, b.end, b.text], [a.start, a.end, a.text], a.id);
      assert.equal(b.kind, 'note');
      assert.equal(b.origin, 'manual');
      assert.ok(!b.orphaned);
    }
    const note = imported.annotations.find((a) => a.text.startsWith('northern Israel.'))!;
    assert.equal(note.note, 'Two places, "one" line\nbreak, and a comma');
    assert.equal(note.author, 'Ana Lima <ana@example.org>');
    assert.equal(note.updated, '2026-03-04T05:06:07.000Z');
    // Importing the same file again gives the same ids (so it updates rather than duplicates).
    const again = importW3C(collection, TEXT, { author: 'x', now: 'y' })!;
    assert.deepEqual(
      again.annotations.map((a) => a.id),
      imported.annotations.map((a) => a.id),
    );
  });

  it('imports after the text changed: the quote decides, the position is only a hint', () => {
    const edited = 'UPDATE 🙂🙂: ' + TEXT.replace('Israel said', 'The Israeli army said');
    const imported = importW3C(collection, edited, { author: 'x', now: 'y' })!;
    for (const a of imported.annotations) {
      if (!a.orphaned) assert.equal(edited.slice(a.start, a.end), a.text);
    }
    const rockets = imported.annotations.find((a) => a.text === 'approximately 40 rockets')!;
    assert.equal(rockets.start, edited.indexOf('approximately 40 rockets'));
  });

  it('imports Hypothesis API results: target selectors, text and tags, user; replies are reported', () => {
    const start = TEXT.indexOf('120 targets');
    const hypothesis = {
      total: 2,
      rows: [
        {
          id: 'hyp-1',
          created: '2026-01-01T00:00:00Z',
          updated: '2026-01-02T00:00:00Z',
          user: 'acct:ana@hypothes.is',
          uri: 'https://news.example/article',
          text: 'Source?',
          tags: ['numbers', 'idf'],
          target: [
            {
              source: 'https://news.example/article',
              selector: [
                {
                  type: 'RangeSelector',
                  startContainer: '/p[2]',
                  startOffset: 0,
                  endContainer: '/p[2]',
                  endOffset: 5,
                },
                { type: 'TextPositionSelector', start: cp(TEXT, start), end: cp(TEXT, start + 11) },
                { type: 'TextQuoteSelector', exact: '120 targets', prefix: 'struck ', suffix: ' in Lebanon' },
              ],
            },
          ],
        },
        {
          id: 'hyp-2',
          user: 'acct:ben@hypothes.is',
          text: 'Agreed',
          references: ['hyp-1'],
          target: [{ source: 'x' }],
        },
      ],
    };
    const r = importW3C(hypothesis, TEXT, { author: 'x', now: 'now' })!;
    assert.equal(r.annotations.length, 1);
    const a = r.annotations[0]!;
    assert.deepEqual([a.start, a.end, a.text], [start, start + 11, '120 targets']);
    assert.equal(a.note, 'Source?\n\nTags: numbers, idf');
    assert.equal(a.author, 'ana@hypothes.is');
    assert.equal(a.updated, '2026-01-02T00:00:00Z');
    assert.deepEqual(r.skipped, [{ index: 2, id: 'hyp-2', reason: 'a reply (no target text of its own)' }]);
  });

  it('imports a single annotation and a list; keeps a quote that is not in the text as an orphan', () => {
    const one = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      body: { type: 'TextualBody', value: 'check this' },
      target: { source: 'a', selector: { type: 'TextQuoteSelector', exact: 'Hezbollah fired' } },
    };
    const r1 = importW3C(one, TEXT, { author: 'Local User', now: '2026-05-05T00:00:00Z' })!;
    assert.equal(r1.annotations[0]!.text, 'Hezbollah fired');
    assert.equal(r1.annotations[0]!.author, 'Local User');
    assert.equal(r1.annotations[0]!.updated, '2026-05-05T00:00:00Z');
    const gone = {
      ...one,
      target: {
        source: 'a',
        selector: { type: 'TextQuoteSelector', exact: 'a ceasefire was agreed in Doha' },
      },
    };
    const r2 = importW3C([one, gone], TEXT, { author: 'x', now: 'y' })!;
    assert.equal(r2.annotations.length, 2);
    assert.equal(r2.annotations[1]!.orphaned, true);
    assert.equal(r2.annotations[1]!.text, 'a ceasefire was agreed in Doha');
    assert.equal(importW3C({ hello: 'world' }, TEXT, { author: 'x', now: 'y' }), undefined);
  });
});

describe('interop: brat standoff', () => {
  const sidecar = sidecarWithWork();
  const ann = toBrat(sidecar, {
    text: TEXT,
    source: 'article.txt',
    entity: (id) => (id === 'hezbollah' ? { name: 'Hezbollah', wikidata: 'Q41053' } : undefined),
  });
  const lines = ann.trimEnd().split('\n');

  it('writes T lines with code-point offsets that select the quote', () => {
    const t = lines.filter((l) => l.startsWith('T'));
    assert.equal(t.length, sidecar.annotations.length);
    const chars = [...TEXT];
    for (const line of t) {
      const [id, typeAndSpans, quote] = line.split('\t');
      assert.match(id!, /^T\d+$/);
      const [type, ...rest] = typeAndSpans!.split(' ');
      assert.ok(['Actor', 'Place', 'Claim', 'Note'].includes(type!));
      const fragments = rest
        .join(' ')
        .split(';')
        .map((f) => f.split(' ').map(Number) as [number, number]);
      assert.equal(fragments.map(([s, e]) => chars.slice(s, e).join('')).join(' '), quote);
    }
    const h = t.find((l) => l.endsWith('\tHezbollah'))!;
    const start = TEXT.indexOf('Hezbollah');
    assert.equal(
      h,
      `${h.split('\t')[0]}\tActor ${start - ASTRAL_BEFORE} ${start - ASTRAL_BEFORE + 9}\tHezbollah`,
    );
  });

  it('splits a span over a line break into fragments and writes notes, references and attributes', () => {
    const noteStart = cp(TEXT, TEXT.indexOf('northern Israel.'));
    const lineTwo = cp(TEXT, TEXT.indexOf('Israel said'));
    assert.deepEqual(lines, [
      'T1\tActor 14 23\tHezbollah',
      'N1\tReference T1 Wikidata:Q41053\tHezbollah',
      'T2\tClaim 30 54\tapproximately 40 rockets',
      'A1\tClaimType T2 count',
      'A2\tStatus T2 disputed',
      '#1\tAnnotatorNotes T2\tIDF said "about 30", not 40 | count: approximately 40 rockets | https://example.org/idf | https://example.org/un',
      `T3\tNote ${noteStart} ${noteStart + 16};${lineTwo} ${lineTwo + 6}\tnorthern Israel. Israel`,
      '#2\tAnnotatorNotes T3\tTwo places, "one" line break, and a comma',
      'T4\tPlace 58 73\tnorthern Israel',
      'N2\tReference T4 GeoAnnotator:israel\tisrael',
      'T5\tActor 75 81\tIsrael',
      'N3\tReference T5 GeoAnnotator:israel\tisrael',
      'T6\tClaim 97 108\t120 targets',
      'A3\tClaimType T6 count',
      'A4\tStatus T6 verified',
      '#3\tAnnotatorNotes T6\tcount: 120 targets',
      'T7\tPlace 112 119\tLebanon',
      'N4\tReference T7 GeoAnnotator:lebanon\tlebanon',
    ]);
    assert.equal(noteStart, 58);
  });
});

describe('interop: CSV of claims', () => {
  const sidecar = sidecarWithWork();
  const csv = toClaimsCsv(sidecar, { text: TEXT });

  it('quotes by RFC 4180 and ends lines with CRLF', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "x"'), '"say ""x"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csv.split('\r\n')[0], CSV_COLUMNS.join(','));
  });

  it('has one row per claim, field by field', () => {
    const rows = parseCsv(csv);
    const header = rows[0]!;
    const claims = sidecar.annotations.filter((a) => a.kind === 'claim');
    assert.equal(rows.length, claims.length + 1);
    const record = (quote: string) => {
      const row = rows.find((r) => r[1] === quote)!;
      return Object.fromEntries(header.map((h, i) => [h, row[i]]));
    };
    const c = sidecar.annotations.find((a) => a.text === 'approximately 40 rockets')!;
    assert.deepEqual(record('approximately 40 rockets'), {
      id: c.id,
      text: 'approximately 40 rockets',
      type: 'count',
      value: '40',
      min: '',
      max: '',
      hedge: 'approximately',
      unit: 'rockets',
      status: 'disputed',
      note: 'IDF said "about 30", not 40',
      sources: 'https://example.org/idf | https://example.org/un',
      author: 'Ben Ode <ben@example.org>',
      updated: '2026-03-05T10:00:00.000Z',
      line: '1',
      orphaned: '',
    });
    assert.equal(record('120 targets').status, 'verified');
    assert.equal(record('120 targets').line, '2');
  });
});

describe('interop: schema.org ClaimReview', () => {
  const sidecar = sidecarWithWork();
  const doc = toClaimReview(sidecar, { text: TEXT, source: 'https://news.example/article' });
  const graph = doc['@graph'] as JsonObject[];

  it('has one ClaimReview per reviewed claim, field by field', () => {
    assert.equal(doc['@context'], 'https://schema.org');
    assert.equal(graph.length, 2, 'only reviewed claims');
    const disputed = graph.find((g) => (g.itemReviewed as JsonObject).text === 'approximately 40 rockets')!;
    assert.deepEqual(disputed, {
      '@type': 'ClaimReview',
      claimReviewed: 'Beirut 🇱🇧 — 😀 Hezbollah fired approximately 40 rockets at northern Israel.',
      itemReviewed: {
        '@type': 'Claim',
        text: 'approximately 40 rockets',
        appearance: { '@type': 'CreativeWork', url: 'https://news.example/article' },
      },
      reviewRating: {
        '@type': 'Rating',
        alternateName: 'Disputed',
        ratingValue: 3,
        bestRating: 5,
        worstRating: 1,
      },
      author: { '@type': 'Person', name: 'Ben Ode', email: 'ben@example.org' },
      datePublished: '2026-03-05',
      reviewBody: 'IDF said "about 30", not 40',
      citation: [
        { '@type': 'CreativeWork', url: 'https://example.org/idf', name: 'IDF statement' },
        { '@type': 'CreativeWork', url: 'https://example.org/un' },
      ],
    });
    const verified = graph.find((g) => (g.itemReviewed as JsonObject).text === '120 targets')!;
    assert.equal((verified.reviewRating as JsonObject).alternateName, 'Verified');
    assert.equal((verified.reviewRating as JsonObject).ratingValue, 5);
    assert.deepEqual(verified.author, { '@type': 'Person', name: 'Ana Lima' });
    assert.equal(verified.claimReviewed, 'Israel said it struck 120 targets in Lebanon, "a record".');
  });

  it('names a document that is a file, and leaves the number out of an unverifiable rating', () => {
    const s = sidecarWithWork();
    s.annotations.find((a) => a.text === '120 targets')!.status = 'unverifiable';
    const g = (toClaimReview(s, { text: TEXT, source: 'article.txt' })['@graph'] as JsonObject[]).find(
      (x) => (x.itemReviewed as JsonObject).text === '120 targets',
    )!;
    assert.deepEqual(g.reviewRating, { '@type': 'Rating', alternateName: 'Unverifiable' });
    assert.deepEqual((g.itemReviewed as JsonObject).appearance, {
      '@type': 'CreativeWork',
      name: 'article.txt',
    });
  });

  it('parses "Name <email>" authors', () => {
    assert.deepEqual(parseAuthor('Jane Doe <jane@example.org>'), {
      name: 'Jane Doe',
      email: 'jane@example.org',
    });
    assert.deepEqual(parseAuthor('jane@example.org'), {
      name: 'jane@example.org',
      email: 'jane@example.org',
    });
    assert.deepEqual(parseAuthor('jane'), { name: 'jane' });
  });
});
