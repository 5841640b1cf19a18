import { strict as assert } from 'node:assert';
import { annotate, createEngine } from '../../src/core/annotate';
import { consistencyChecks, crossCheckClaim } from '../../src/core/crosscheck';
import {
  ARTICLE_HEAD,
  articleDate,
  findRelativeTimes,
  parseDate,
  resolveClaimTime,
} from '../../src/core/timeline';
import { testGlossary } from './helpers';

const engine = createEngine(testGlossary());
const DATE = { year: 2024, month: 10, day: 14, source: 'front matter' as const };

function claimOf(text: string, quote: string) {
  const a = annotate(engine, text, 'markdown').find((x) => x.kind === 'claim' && x.text.includes(quote));
  assert.ok(a, `no claim "${quote}" in ${JSON.stringify(text)}`);
  return a;
}

describe('timeline', () => {
  it('reads the date from the head of a long article only', () => {
    const body = 'Israel struck targets in Lebanon. '.repeat(4000);
    assert.deepEqual(articleDate(`---\ndate: 2024-10-14\n---\n${body}`)?.day, 14);
    // A front matter that does not close within ARTICLE_HEAD characters gives no date.
    const unclosed = `---\ndate: 2024-10-14\nnotes: |\n${'  x\n'.repeat(ARTICLE_HEAD / 4)}---\n${body}`;
    assert.equal(articleDate(unclosed), undefined);
    assert.equal(articleDate(unclosed.slice(0, 200) + '\n---\n')?.day, 14);
  });

  it('reads the article date from front matter, a dateline, or a setting', () => {
    assert.deepEqual(articleDate('---\ntitle: x\ndate: 2024-10-14\n---\nText'), {
      year: 2024,
      month: 10,
      day: 14,
      source: 'front matter',
    });
    assert.deepEqual(articleDate('BEIRUT, Oct. 3, 2024 (Reuters) - Israel struck'), {
      year: 2024,
      month: 10,
      day: 3,
      source: 'dateline',
    });
    assert.deepEqual(articleDate('By A. Writer\n14 March 2025\n\nText'), {
      year: 2025,
      month: 3,
      day: 14,
      source: 'dateline',
    });
    assert.deepEqual(articleDate('No date here.', '2023-01-02'), {
      year: 2023,
      month: 1,
      day: 2,
      source: 'setting',
    });
    assert.equal(articleDate('No date here.'), undefined);
    assert.equal(parseDate('2024-13-01'), undefined);
  });

  it('resolves "four decades ago" against the article date', () => {
    const text = 'Hezbollah was founded four decades ago.';
    const r = resolveClaimTime(text, claimOf(text, 'four decades'), DATE)!;
    assert.match(r.explanation, /^about 1984, counted from the article's date 2024-10-14/);
    assert.ok(r.fromYear <= 1984 && r.toYear >= 1984);
  });

  it('reads "over four decades ago" as that year or earlier', () => {
    const text = 'established over four decades ago';
    const r = resolveClaimTime(text, claimOf(text, 'four decades'), DATE)!;
    assert.match(r.explanation, /^1984 or earlier/);
    assert.equal(r.toYear, 1984);
  });

  it('gives a day and month without a year the latest such date before the article', () => {
    const text = 'attacks since October 7 and the strike of December 3';
    assert.deepEqual(resolveClaimTime(text, claimOf(text, 'October 7'), DATE)!.date, {
      year: 2024,
      month: 10,
      day: 7,
    });
    assert.deepEqual(resolveClaimTime(text, claimOf(text, 'December 3'), DATE)!.date, {
      year: 2023,
      month: 12,
      day: 3,
    });
  });

  it('leaves durations that are not anchored in time alone', () => {
    const text = 'a campaign of two and a half weeks';
    assert.equal(resolveClaimTime(text, claimOf(text, 'weeks'), DATE), undefined);
  });

  it('resolves last year, this week and yesterday for hovers', () => {
    const found = findRelativeTimes('Last year and this week, as yesterday.', DATE).map(
      (r) => r.resolved.explanation.split(',')[0],
    );
    assert.deepEqual(found, ['2023', 'the week of 2024-10-14', '2024-10-13']);
  });
});

describe('cross-checks', () => {
  it('agrees when a founding claim fits the glossary within its hedge', () => {
    const text = 'Hezbollah, established with support from Iran over four decades ago, remains central.';
    const annotations = annotate(engine, text, 'markdown');
    const claim = annotations.find((a) => a.kind === 'claim')!;
    const checks = crossCheckClaim(text, claim, annotations, engine.glossary, DATE);
    assert.equal(checks.length, 1);
    assert.equal(checks[0]!.entity, 'hezbollah');
    assert.equal(checks[0]!.agrees, true);
    assert.match(checks[0]!.explanation, /founded 1982/);
  });

  it('flags a founding year that the glossary contradicts', () => {
    const text = 'Hezbollah was founded in 1995 in Beirut.';
    const annotations = annotate(engine, text, 'markdown');
    const checks = crossCheckClaim(
      text,
      annotations.find((a) => a.kind === 'claim')!,
      annotations,
      engine.glossary,
      DATE,
    );
    assert.equal(checks[0]!.agrees, false);
    assert.match(checks[0]!.explanation, /^Differs from the glossary/);
  });

  it('says nothing when the sentence has no founding word', () => {
    const text = 'Hezbollah fired 40 rockets in 1995.';
    const annotations = annotate(engine, text, 'markdown');
    assert.deepEqual(
      crossCheckClaim(
        text,
        annotations.find((a) => a.text === '1995')!,
        annotations,
        engine.glossary,
        DATE,
      ),
      [],
    );
  });

  it('points out the same count stated twice and durations that differ', () => {
    const text =
      'They launched approximately 40 strikes. Later, approximately 40 operations over two and a half weeks. Within three weeks it ended.';
    const claims = annotate(engine, text, 'markdown').filter((a) => a.kind === 'claim');
    const found = consistencyChecks(text, claims).map((c) => `${c.relation}: ${c.explanation}`);
    assert.deepEqual(found, [
      'repeated: "approximately 40 strikes" and "approximately 40 operations" state the same count in other words.',
      'differs: "over two and a half weeks" and "Within three weeks" may describe the same period differently.',
    ]);
  });
});
