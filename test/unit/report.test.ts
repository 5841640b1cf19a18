import { strict as assert } from 'node:assert';
import { annotate, createEngine } from '../../src/core/annotate';
import { parseCsv } from '../../src/core/interop';
import type { ClaimRow, ReportDocument } from '../../src/core/report';
import {
  articleUrl,
  buildReport,
  claimRows,
  CSV_COLUMNS,
  csvField,
  entitiesIn,
  filterRows,
  rowsToClaimReview,
  rowsToCsv,
} from '../../src/core/report';
import type { Annotation } from '../../src/core/types';
import { testGlossary } from './helpers';

const glossary = testGlossary();
const engine = createEngine(glossary);

const ARTICLE = `---
title: Strikes
date: 2024-10-14
url: https://news.example.org/2024/10/14/strikes
---

Israel said it carried out approximately 40 strikes in two and a half weeks on sites linked to Hezbollah in Tehran.

Hezbollah, which was founded with Iranian support over four decades ago, said 12 of its fighters were killed.

Later the army spoke of approximately 40 operations within three weeks. The United Nations counted dozens of damaged buildings.
`;

function doc(text: string, review: (a: Annotation) => Partial<Annotation> = () => ({})): ReportDocument {
  const annotations = annotate(engine, text, 'markdown').map((a) => ({ ...a, ...review(a) }));
  return { document: 'file:///desk/article.md', text, annotations };
}

const row = (rows: ClaimRow[], text: string) => {
  const found = rows.find((r) => r.text === text);
  assert.ok(found, `no row "${text}" in ${rows.map((r) => r.text).join(' | ')}`);
  return found;
};

describe('report: the claims report model', () => {
  const reviewed = doc(ARTICLE, (a) =>
    a.text === 'approximately 40 strikes'
      ? {
          status: 'verified',
          author: 'Jane Doe <jane@example.org>',
          updated: '2024-10-15T09:00:00.000Z',
          note: 'Matches the army statement.',
          sources: [{ url: 'https://example.org/idf', title: 'IDF statement', accessed: '2024-10-15' }],
        }
      : a.text === 'dozens'
        ? { status: 'disputed', author: 'Sam', updated: '2024-10-16T10:00:00.000Z' }
        : {},
  );
  const rows = claimRows(reviewed, glossary);

  it('lists every claim of the document in order, with line, text and sentence', () => {
    assert.deepEqual(
      rows.map((r) => r.text),
      [
        'approximately 40 strikes',
        'two and a half weeks',
        'over four decades',
        '12',
        'approximately 40 operations',
        'within three weeks',
        'dozens',
      ],
    );
    const forty = row(rows, 'approximately 40 strikes');
    assert.equal(forty.line, 7);
    assert.equal(forty.documentName, 'article.md');
    assert.match(forty.sentence, /^Israel said it carried out approximately 40 strikes .* in Tehran\.$/);
  });

  it('gives the structured value: quantity, hedge and its reading, unit, period', () => {
    const forty = row(rows, 'approximately 40 strikes');
    assert.equal(forty.value, 'approximately 40 strikes');
    assert.equal(forty.quantity, 40);
    assert.equal(forty.hedge, 'approximately');
    assert.equal(forty.hedgeReading, '36–44 strikes (within about 10%)');
    assert.equal(forty.unit, 'strikes');
    assert.equal(forty.period, '2.5 weeks');
    assert.equal(row(rows, 'approximately 40 operations').period, 'within 3 weeks');
  });

  it('reads a vague magnitude as a range and says which convention', () => {
    const dozens = row(rows, 'dozens');
    assert.equal(dozens.min, 24);
    assert.equal(dozens.max, 99);
    assert.match(dozens.vague!, /“dozens” is read as 24–99/);
    assert.match(dozens.vague!, /ACLED.*12/);
  });

  it('resolves relative time against the front matter date and cross-checks the glossary', () => {
    const decades = row(rows, 'over four decades');
    assert.match(
      decades.time!,
      /^1984 or earlier, counted from the article's date 2024-10-14 \(front matter\)/,
    );
    assert.equal(decades.checks.length, 1);
    assert.equal(decades.checks[0]!.entity, 'hezbollah');
    assert.equal(decades.checks[0]!.agrees, true);
  });

  it('notes the same count stated twice and periods that differ', () => {
    const forty = row(rows, 'approximately 40 strikes');
    assert.deepEqual(
      forty.consistency.map((c) => [c.relation, c.otherText]),
      [['repeated', 'approximately 40 operations']],
    );
    const weeks = row(rows, 'two and a half weeks');
    assert.deepEqual(
      weeks.consistency.map((c) => [c.relation, c.otherText]),
      [['differs', 'within three weeks']],
    );
  });

  it('carries the review: status, reviewer, date, note and sources', () => {
    const forty = row(rows, 'approximately 40 strikes');
    assert.equal(forty.status, 'verified');
    assert.equal(forty.reviewer, 'Jane Doe <jane@example.org>');
    assert.equal(forty.reviewed, '2024-10-15T09:00:00.000Z');
    assert.equal(forty.note, 'Matches the army statement.');
    assert.deepEqual(forty.sources, [
      { url: 'https://example.org/idf', title: 'IDF statement', accessed: '2024-10-15' },
    ]);
    assert.equal(row(rows, '12').status, 'unreviewed');
    assert.equal(row(rows, '12').reviewer, undefined);
  });

  it('lists the actors and places of each claim’s sentence', () => {
    assert.deepEqual(
      row(rows, 'approximately 40 strikes').entities.map((e) => [e.id, e.kind]),
      [
        ['israel', 'actor'],
        ['hezbollah', 'actor'],
        ['tehran', 'place'],
      ],
    );
    assert.deepEqual(
      row(rows, '12').entities.map((e) => e.id),
      ['hezbollah', 'iran'],
    );
    assert.deepEqual(
      row(rows, 'dozens').entities.map((e) => e.name),
      ['United Nations'],
    );
  });

  it('leaves out hidden and orphaned claims', () => {
    const hidden = doc(ARTICLE, (a) => (a.text === '12' ? { hidden: true } : {}));
    assert.ok(!claimRows(hidden, glossary).some((r) => r.text === '12'));
    const orphan = doc(ARTICLE, (a) => (a.text === 'dozens' ? { orphaned: true } : {}));
    assert.ok(!claimRows(orphan, glossary).some((r) => r.text === 'dozens'));
  });

  it('uses the date setting when the article gives none, and says when there is no date at all', () => {
    const text = 'Hezbollah, established over four decades ago, fought on.';
    const dated = claimRows(doc(text), glossary, '2024-10-14');
    assert.match(dated[0]!.time!, /counted from the article's date 2024-10-14 \(setting\)/);
    const undated = claimRows(doc(text), glossary);
    assert.match(undated[0]!.time!, /not known/);
  });

  it('builds a report over several documents with counts and the entities to filter by', () => {
    const other: ReportDocument = {
      ...doc('Iraq said 7 convoys arrived in Washington.'),
      document: 'file:///desk/b.md',
    };
    const report = buildReport('workspace', [reviewed, other], glossary);
    assert.equal(report.scope, 'workspace');
    assert.deepEqual(
      report.documents.map((d) => [d.name, d.claims, d.date, d.url]),
      [
        ['article.md', 7, '2024-10-14', 'https://news.example.org/2024/10/14/strikes'],
        ['b.md', 1, undefined, undefined],
      ],
    );
    assert.equal(report.rows.length, 8);
    assert.deepEqual(report.counts, { unreviewed: 6, verified: 1, disputed: 1, false: 0, unverifiable: 0 });
    const hezbollah = report.entities.find((e) => e.id === 'hezbollah')!;
    assert.equal(hezbollah.claims, 4);
    assert.equal(report.entities[0]!.id, 'hezbollah', 'the most frequent entity first');
  });

  it('filters by status and by entity', () => {
    assert.deepEqual(
      filterRows(rows, { status: 'verified' }).map((r) => r.text),
      ['approximately 40 strikes'],
    );
    assert.deepEqual(
      filterRows(rows, { status: 'reviewed' }).map((r) => r.text),
      ['approximately 40 strikes', 'dozens'],
    );
    assert.deepEqual(
      filterRows(rows, { entity: 'tehran' }).map((r) => r.text),
      ['approximately 40 strikes', 'two and a half weeks'],
    );
    assert.deepEqual(
      filterRows(rows, { status: 'unreviewed', entity: 'united-nations' }).map((r) => r.text),
      [],
    );
    assert.equal(filterRows(rows, { status: 'all', entity: 'all' }).length, rows.length);
  });

  it('finds the entities of a range, each once', () => {
    const annotations = annotate(engine, 'Iran and Iran’s ally Hezbollah met in Tehran.', 'markdown');
    assert.deepEqual(
      entitiesIn(annotations, glossary, 0, 100).map((e) => e.id),
      ['iran', 'hezbollah', 'tehran'],
    );
  });

  it('reads an article URL from the front matter only', () => {
    assert.equal(articleUrl('---\ncanonical: "https://x.example/a"\n---\nText'), 'https://x.example/a');
    assert.equal(articleUrl('url: https://x.example/a\n\nText'), undefined);
    assert.equal(articleUrl('---\nurl: javascript:alert(1)\n---\n'), undefined);
  });
});

describe('report: CSV export', () => {
  const rows = claimRows(
    doc(ARTICLE, (a) =>
      a.text === 'approximately 40 strikes'
        ? {
            status: 'disputed',
            author: 'Sam',
            note: 'The ministry said "35", not 40,\nin a later statement.',
            sources: [
              { url: 'https://example.org/a', title: 'First, statement', accessed: '2024-10-15' },
              { url: 'https://example.org/b' },
            ],
          }
        : {},
    ),
    glossary,
  );
  const csv = rowsToCsv(rows);
  const parsed = parseCsv(csv);

  it('has a header and one row per claim, with CRLF line ends', () => {
    assert.deepEqual(parsed[0], [...CSV_COLUMNS]);
    assert.equal(parsed.length, rows.length + 1);
    assert.ok(csv.endsWith('\r\n'));
    assert.ok(!/[^\r]\n(?![^"]*"(?:,|\r\n))/.test(csv.split('"The ministry')[0]!), 'lines end in CRLF');
  });

  it('quotes commas, quotes and line breaks so that the fields round-trip', () => {
    const record = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, parsed[1]![i]]));
    assert.equal(record.claim, 'approximately 40 strikes');
    assert.equal(record.status, 'disputed');
    assert.equal(record.note, 'The ministry said "35", not 40,\nin a later statement.');
    assert.equal(
      record.sources,
      'First, statement · https://example.org/a · accessed 2024-10-15 | https://example.org/b',
    );
    assert.equal(record.entities, 'Israel; Hezbollah; Tehran');
    assert.equal(record.period, '2.5 weeks');
    assert.equal(record.document, 'article.md');
    assert.equal(record.line, '7');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField('@SUM(A1)'), `'@SUM(A1)`);
    assert.equal(csvField('-5'), '-5');
    assert.equal(csvField(12), '12');
    assert.equal(csvField(undefined), '');
  });
});

describe('report: ClaimReview export', () => {
  const reviewedDoc = doc(ARTICLE, (a) =>
    a.text === 'approximately 40 strikes'
      ? {
          status: 'false',
          author: 'Jane Doe <jane@example.org>',
          updated: '2024-10-15T09:00:00.000Z',
          note: 'Only 25 were confirmed.',
          sources: [{ url: 'https://example.org/idf', title: 'IDF statement' }],
        }
      : a.text === 'dozens'
        ? { status: 'unverifiable', author: 'Sam', updated: '2024-10-16T10:00:00.000Z' }
        : {},
  );
  const report = buildReport('document', [reviewedDoc], glossary);
  const jsonld = rowsToClaimReview(report.rows, [reviewedDoc], report.documents) as {
    '@context': string;
    '@graph': Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('has one ClaimReview per reviewed claim, none for unreviewed ones', () => {
    assert.equal(jsonld['@context'], 'https://schema.org');
    assert.equal(jsonld['@graph'].length, 2);
    assert.ok(jsonld['@graph'].every((r) => r['@type'] === 'ClaimReview'));
  });

  it('reviews the claim’s sentence, rates it, and names the reviewer, note and sources', () => {
    const review = jsonld['@graph'].find((r) => r.itemReviewed.text === 'approximately 40 strikes')!;
    assert.match(review.claimReviewed, /^Israel said it carried out approximately 40 strikes/);
    assert.equal(review.reviewRating.ratingValue, 1);
    assert.equal(review.reviewRating.alternateName, 'False');
    assert.equal(review.author.name, 'Jane Doe');
    assert.equal(review.datePublished, '2024-10-15');
    assert.equal(review.reviewBody, 'Only 25 were confirmed.');
    assert.equal(review.citation[0].url, 'https://example.org/idf');
    assert.equal(
      review.itemReviewed.appearance.url,
      'https://news.example.org/2024/10/14/strikes',
      'the front matter URL stands for the article',
    );
    const vague = jsonld['@graph'].find((r) => r.itemReviewed.text === 'dozens')!;
    assert.equal(vague.reviewRating.alternateName, 'Unverifiable');
    assert.equal(vague.reviewRating.ratingValue, undefined);
  });

  it('exports only the rows given (a filtered report)', () => {
    const only = rowsToClaimReview(filterRows(report.rows, { status: 'false' }), [reviewedDoc]);
    assert.equal(only['@graph'].length, 1);
  });
});
