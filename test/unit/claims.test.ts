import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { VAGUE_RANGES, parseNumber, scanClaims } from '../../src/core/claims';
import type { ClaimSpan, ClaimValue } from '../../src/core/types';

/** One expected claim: its span text and the fields of its value that must match. */
type Expected = [text: string, value?: Partial<ClaimValue>];

function found(sentence: string): Array<[string, ClaimValue]> {
  return scanClaims(sentence).map((s) => [sentence.slice(s.start, s.end), s.claim]);
}

function pick(claim: ClaimValue, keys: readonly string[]): Partial<ClaimValue> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (claim as unknown as Record<string, unknown>)[k];
  return out as Partial<ClaimValue>;
}

/** Checks that exactly the expected spans are found, in order, with the expected values. */
function expectClaims(sentence: string, expected: readonly Expected[]): void {
  const got = found(sentence);
  assert.deepEqual(
    got.map(([t]) => t),
    expected.map(([t]) => t),
    `spans in ${JSON.stringify(sentence)}`,
  );
  expected.forEach(([, value], k) => {
    if (value)
      assert.deepEqual(
        pick(got[k]![1], Object.keys(value)),
        value,
        `value of ${JSON.stringify(expected[k]![0])}`,
      );
  });
}

function table(title: string, cases: ReadonlyArray<[sentence: string, expected: readonly Expected[]]>): void {
  describe(title, () => {
    for (const [sentence, expected] of cases) {
      const what = expected.map(([t]) => JSON.stringify(t)).join(', ');
      it(`finds ${what} in ${JSON.stringify(sentence)}`, () => expectClaims(sentence, expected));
    }
  });
}

function noClaims(title: string, sentences: readonly string[]): void {
  describe(title, () => {
    for (const sentence of sentences) {
      it(`finds no claim in ${JSON.stringify(sentence)}`, () => {
        assert.deepEqual(
          found(sentence).map(([t]) => t),
          [],
        );
      });
    }
  });
}

function assertWellFormed(text: string, spans: readonly ClaimSpan[], start: number, end: number): void {
  let last = start;
  for (const s of spans) {
    assert.ok(s.start >= last, `span ${s.start}-${s.end} overlaps or is out of order (previous end ${last})`);
    assert.ok(s.end > s.start, 'span is empty');
    assert.ok(s.end <= end, 'span ends after the region');
    assert.equal(s.kind, 'claim');
    last = s.end;
  }
  void text;
}

describe('scanClaims', () => {
  table('counts with hedges and counted nouns', [
    [
      'Militias fired approximately 40 strikes at the base.',
      [['approximately 40 strikes', { type: 'count', value: 40, hedge: 'approximately', unit: 'strikes' }]],
    ],
    [
      'The army carried out one significant ground operation near the border.',
      [['one significant ground operation', { type: 'count', value: 1, unit: 'operation' }]],
    ],
    [
      'At least 492 people were killed, officials said.',
      [['At least 492 people', { value: 492, hedge: 'at least', unit: 'people' }]],
    ],
    [
      'It struck about 1,600 targets on Monday.',
      [['about 1,600 targets', { value: 1600, hedge: 'about', unit: 'targets' }]],
    ],
    [
      'They fired 3 ballistic missiles and 12 cruise missiles at 2 bases.',
      [
        ['3 ballistic missiles', { value: 3, unit: 'missiles' }],
        ['12 cruise missiles', { value: 12, unit: 'missiles' }],
        ['2 bases', { value: 2, unit: 'bases' }],
      ],
    ],
    [
      'More than 1.2 million people were displaced.',
      [['More than 1.2 million people', { value: 1_200_000, hedge: 'more than', unit: 'people' }]],
    ],
    ['Some 150,000 rockets were stockpiled.', [['Some 150,000 rockets', { value: 150_000, hedge: 'some' }]]],
    ['The blasts wounded nearly 3,000 others.', [['nearly 3,000 others', { value: 3000, hedge: 'nearly' }]]],
    [
      'Up to 100,000 reservists were called up.',
      [['Up to 100,000 reservists', { value: 100_000, hedge: 'up to' }]],
    ],
    [
      'Fewer than 20 trucks entered, as many as 50 waited and upwards of 200 were turned back.',
      [
        ['Fewer than 20 trucks', { hedge: 'fewer than' }],
        ['as many as 50', { hedge: 'as many as' }],
        ['upwards of 200', { hedge: 'upwards of' }],
      ],
    ],
    [
      'An estimated 30 fighters, roughly 12 drones and close to 90 shells were involved.',
      [
        ['An estimated 30 fighters', { hedge: 'an estimated' }],
        ['roughly 12 drones', { hedge: 'roughly' }],
        ['close to 90 shells', { hedge: 'close to' }],
      ],
    ],
    [
      'Just over 300 aid workers and just under 40 journalists have died.',
      [
        ['Just over 300 aid workers', { hedge: 'just over', unit: 'workers' }],
        ['just under 40 journalists', { hedge: 'just under' }],
      ],
    ],
    [
      'Forty people were arrested and twenty-five released.',
      [
        ['Forty people', { value: 40 }],
        ['twenty-five', { value: 25 }],
      ],
    ],
    [
      'A dozen tanks and two hundred and fifty soldiers crossed.',
      [
        ['A dozen tanks', { value: 12 }],
        ['two hundred and fifty soldiers', { value: 250 }],
      ],
    ],
    ['Half a million people lack water.', [['Half a million people', { value: 500_000 }]]],
    ['Only one hospital remains operational.', [['one hospital', { value: 1, unit: 'hospital' }]]],
    [
      'One soldier was killed and two were wounded.',
      [
        ['One soldier', { value: 1 }],
        ['two', { value: 2 }],
      ],
    ],
    [
      'One or two rockets and one or more drones were launched.',
      [
        ['One or two rockets', { min: 1, max: 2 }],
        ['one or more drones', { value: 1, hedge: 'or more' }],
      ],
    ],
    [
      'They killed 40 or so fighters and 30-odd civilians; the toll is 40,000-plus.',
      [
        ['40 or so fighters', { value: 40, hedge: 'or so' }],
        ['30-odd civilians', { value: 30, hedge: 'odd' }],
        ['40,000-plus', { value: 40_000, hedge: 'or more' }],
      ],
    ],
    ['~50 fled in the night.', [['~50', { value: 50, hedge: 'approximately' }]]],
    [
      'A 5,000-strong force and a 15-member council were formed.',
      [
        ['5,000-strong', { value: 5000, unit: 'strong' }],
        ['15-member', { value: 15, unit: 'member' }],
      ],
    ],
  ]);

  table('"X of Y" keeps only the quantifier, and names stop the span', [
    [
      'Dozens of fighters crossed the river.',
      [['Dozens', { type: 'count', min: 24, max: 99, vague: true, unit: 'fighters' }]],
    ],
    ['Thousands of pagers exploded at once.', [['Thousands', { min: 2000, max: 9999, vague: true }]]],
    ['Hundreds of homes were razed.', [['Hundreds', { min: 200, max: 999 }]]],
    [
      'Tens of thousands of people marched.',
      [['Tens of thousands', { min: 20_000, max: 99_999, vague: true }]],
    ],
    ['Hundreds of thousands fled south.', [['Hundreds of thousands', { min: 200_000, max: 999_999 }]]],
    ['Millions of dollars were lost.', [['Millions', { type: 'money', unit: 'USD', min: 2e6, vague: true }]]],
    ['Scores of protesters gathered.', [['Scores', { min: 40, max: 99, vague: true }]]],
    [
      'Several hundred troops and a few thousand refugees, and many thousands more.',
      [
        ['Several hundred troops', { min: 200, max: 999, vague: true }],
        ['a few thousand refugees', { min: 2000, max: 9999 }],
        ['many thousands', { min: 2000, max: 9999 }],
      ],
    ],
    ['Hundreds, if not thousands, were detained.', [['Hundreds'], ['thousands']]],
    [
      'At least 41,788 Palestinians have been killed.',
      [['At least 41,788', { value: 41_788, hedge: 'at least' }]],
    ],
    ['About 3.2 million Syrians fled abroad.', [['About 3.2 million', { value: 3_200_000 }]]],
    ['Four of the hostages were freed.', [['Four', { value: 4 }]]],
  ]);

  table('durations and ages', [
    [
      'The strikes came within a span of two and a half weeks.',
      [['two and a half weeks', { type: 'duration', value: 2.5, unit: 'weeks' }]],
    ],
    [
      'The group was set up over four decades ago.',
      [['over four decades', { type: 'duration', value: 4, unit: 'decades', hedge: 'over' }]],
    ],
    [
      'Over the past 11 months, the siege tightened.',
      [['11 months', { type: 'duration', value: 11, unit: 'months' }]],
    ],
    [
      'They promised a reply within a day.',
      [['within a day', { type: 'duration', value: 1, unit: 'days', hedge: 'within' }]],
    ],
    [
      'Talks lasted nearly a decade, about a week, more than a year and half an hour.',
      [
        ['nearly a decade', { value: 1, unit: 'decades', hedge: 'nearly' }],
        ['about a week', { value: 1, unit: 'weeks' }],
        ['more than a year', { unit: 'years', hedge: 'more than' }],
        ['half an hour', { value: 0.5, unit: 'hours' }],
      ],
    ],
    [
      'He spent a year and a half in jail and 22 years in exile.',
      [
        ['a year and a half', { value: 1.5, unit: 'years' }],
        ['22 years', { value: 22 }],
      ],
    ],
    [
      'A two-week truce ended the 12-day war and a 24-hour curfew.',
      [
        ['two-week', { type: 'duration', value: 2, unit: 'weeks' }],
        ['12-day', { value: 12, unit: 'days' }],
        ['24-hour', { value: 24, unit: 'hours' }],
      ],
    ],
    ['The ceasefire held for 48h.', [['48h', { type: 'duration', value: 48, unit: 'hours' }]]],
    [
      'A 45-year-old man, a woman aged 45 and a 64 years old driver were hurt.',
      [
        ['45-year-old', { type: 'age', value: 45, unit: 'years' }],
        ['aged 45', { type: 'age', value: 45 }],
        ['64 years old', { type: 'age', value: 64 }],
      ],
    ],
    [
      'Recruits aged 18 to 45 and 18-year-olds were called up.',
      [
        ['aged 18 to 45', { type: 'age', min: 18, max: 45 }],
        ['18-year-olds', { type: 'age', value: 18 }],
      ],
    ],
    [
      'Yahya Sinwar, 61, was killed; most victims were in their 20s.',
      [
        ['61', { type: 'age', value: 61 }],
        ['20s', { type: 'age', min: 20, max: 29, vague: true }],
      ],
    ],
    [
      'Three years ago he left; one day later the truce collapsed.',
      [
        ['Three years', { type: 'duration', value: 3 }],
        ['one day', { type: 'duration', value: 1, unit: 'days' }],
      ],
    ],
  ]);

  table('dates', [
    [
      'The strike on September 27 killed the leader.',
      [['September 27', { type: 'date', date: { month: 9, day: 27 } }]],
    ],
    ['Attacks rose post-October 7, analysts said.', [['October 7', { date: { month: 10, day: 7 } }]]],
    [
      'It happened on 27 September 2024 and on Sept. 28.',
      [
        ['27 September 2024', { date: { month: 9, day: 27, year: 2024 } }],
        ['Sept. 28', { date: { month: 9, day: 28 } }],
      ],
    ],
    [
      'Since October 7, 2023, the front has been active.',
      [['October 7, 2023', { date: { year: 2023, month: 10, day: 7 } }]],
    ],
    [
      'The ceasefire began on Nov. 27th and the 7th of October is remembered.',
      [
        ['Nov. 27th', { date: { month: 11, day: 27 } }],
        ['7th of October', { date: { month: 10, day: 7 } }],
      ],
    ],
    [
      'Talks were held in October 2023 and May 2024.',
      [
        ['October 2023', { date: { year: 2023, month: 10 } }],
        ['May 2024', { date: { year: 2024, month: 5 } }],
      ],
    ],
    [
      'The war of 2006 ended, and in 2024 a new one began.',
      [
        ['2006', { type: 'date', date: { year: 2006 } }],
        ['2024', { date: { year: 2024 } }],
      ],
    ],
    [
      'The 2006 war and the pre-1967 lines are cited.',
      [
        ['2006', { type: 'date' }],
        ['1967', { type: 'date' }],
      ],
    ],
    [
      'In the 1980s and by mid-2024 things changed.',
      [
        ['1980s', { type: 'date', date: { year: 1980 }, min: 1980, max: 1989 }],
        ['2024', { date: { year: 2024 } }],
      ],
    ],
    [
      'The 2023-24 budget and the period from 2006 to 2009.',
      [
        ['2023-24', { type: 'date', min: 2023, max: 2024 }],
        ['2006 to 2009', { type: 'date', min: 2006, max: 2009 }],
      ],
    ],
    [
      'Missiles were fired on April 13-14 and 27–28 September.',
      [
        ['April 13-14', { date: { month: 4, day: 13 } }],
        ['27–28 September', { date: { month: 9, day: 27 } }],
      ],
    ],
    [
      'Published 2024-09-27 and revised 27/09/2024.',
      [
        ['2024-09-27', { date: { year: 2024, month: 9, day: 27 } }],
        ['27/09/2024', { date: { year: 2024, month: 9, day: 27 } }],
      ],
    ],
    [
      '2000 troops arrived in 2000.',
      [
        ['2000 troops', { type: 'count', value: 2000 }],
        ['2000', { type: 'date' }],
      ],
    ],
    [
      'The 1500 soldiers voted in the 2024 elections.',
      [
        ['1500 soldiers', { type: 'count', value: 1500 }],
        ['2024', { type: 'date', date: { year: 2024 } }],
      ],
    ],
    [
      'Iran’s 2015 deal and 2015’s sanctions.',
      [
        ['2015', { type: 'date' }],
        ['2015', { type: 'date' }],
      ],
    ],
  ]);

  table('percentages, money and quantities', [
    [
      'Turnout was 12 percent, then 12%, then 12 per cent, then 90pc.',
      [
        ['12 percent', { type: 'percent', value: 12, unit: 'percent' }],
        ['12%', { type: 'percent', value: 12 }],
        ['12 per cent', { type: 'percent', value: 12 }],
        ['90pc', { type: 'percent', value: 90 }],
      ],
    ],
    [
      'Almost 90% of residents, a 10 percentage point rise, and 12.5% inflation.',
      [
        ['Almost 90%', { hedge: 'almost', value: 90 }],
        ['10 percentage point', { unit: 'percentage points' }],
        ['12.5%', { value: 12.5 }],
      ],
    ],
    [
      'Two-thirds of the population and a third of homes; one in five children.',
      [
        ['Two-thirds', { type: 'percent', value: 66.67, unit: 'fraction' }],
        ['a third', { value: 33.33, unit: 'fraction' }],
        ['one in five', { type: 'percent', value: 20, unit: 'ratio' }],
      ],
    ],
    [
      'Washington approved $1.2 billion, US$50 million and A$3m.',
      [
        ['$1.2 billion', { type: 'money', value: 1.2e9, unit: 'USD' }],
        ['$50 million', { type: 'money', value: 5e7, unit: 'USD' }],
        ['$3m', { type: 'money', value: 3e6, unit: 'AUD' }],
      ],
    ],
    [
      'Brussels pledged €3m, London £4.5bn and a donor $500,000.',
      [
        ['€3m', { type: 'money', value: 3e6, unit: 'EUR' }],
        ['£4.5bn', { value: 4.5e9, unit: 'GBP' }],
        ['$500,000', { value: 500_000, unit: 'USD' }],
      ],
    ],
    [
      'It cost 1.2 billion dollars, 50 million euros and NIS 5 billion.',
      [
        ['1.2 billion dollars', { type: 'money', value: 1.2e9, unit: 'USD' }],
        ['50 million euros', { value: 5e7, unit: 'EUR' }],
        ['NIS 5 billion', { value: 5e9, unit: 'ILS' }],
      ],
    ],
    [
      'Riyadh pledged SR5 million, Abu Dhabi Dh10m and Tehran offered 40 billion rials.',
      [
        ['SR5 million', { type: 'money', unit: 'SAR', value: 5e6 }],
        ['Dh10m', { unit: 'AED', value: 1e7 }],
        ['40 billion rials', { unit: 'IRR', value: 4e10 }],
      ],
    ],
    ['Salaries of 3,000 Lebanese pounds are worthless.', [['3,000', { type: 'money', unit: 'LBP' }]]],
    [
      'Aid of 10 billion U.S. dollars and 5 billion US dollars was pledged.',
      [
        ['10 billion', { type: 'money', unit: 'USD', value: 1e10 }],
        ['5 billion', { type: 'money', unit: 'USD', value: 5e9 }],
      ],
    ],
    [
      'Revenue fell by about a quarter, to 20,148 ships in 2023-2024.',
      [
        ['about a quarter', { type: 'percent', value: 25, unit: 'fraction', hedge: 'about' }],
        ['20,148 ships', { type: 'count', value: 20_148 }],
        ['2023-2024', { type: 'date', min: 2023, max: 2024 }],
      ],
    ],
    [
      'Between $10 million and $20 million was raised; oil hit $80 a barrel.',
      [
        ['Between $10 million and $20 million', { type: 'money', min: 1e7, max: 2e7 }],
        ['$80', { value: 80 }],
      ],
    ],
    [
      'The zone is 30km (20 miles) deep.',
      [
        ['30km', { type: 'quantity', value: 30, unit: 'km' }],
        ['20 miles', { type: 'quantity', value: 20, unit: 'mi' }],
      ],
    ],
    [
      'Convoys brought 5,000 tonnes of flour 100 metres from a 30 km wall.',
      [
        ['5,000 tonnes', { type: 'quantity', value: 5000, unit: 't' }],
        ['100 metres', { unit: 'm' }],
        ['30 km', { unit: 'km' }],
      ],
    ],
    [
      'The 365 sq km strip, a 2,000-pound bomb and 1.5 million barrels per day.',
      [
        ['365 sq km', { unit: 'km2' }],
        ['2,000-pound', { type: 'quantity', unit: 'lb', value: 2000 }],
        ['1.5 million barrels per day', { unit: 'bbl/d', value: 1.5e6 }],
      ],
    ],
    [
      'A 30m tunnel runs under a city of 2.2m and 6m people need aid.',
      [
        ['30m', { type: 'quantity', value: 30, unit: 'm' }],
        ['2.2m', { type: 'count', value: 2.2e6 }],
        ['6m people', { type: 'count', value: 6e6 }],
      ],
    ],
    [
      'Temperatures reached 45°C inside a 3,000-dunam site.',
      [
        ['45°C', { type: 'quantity', unit: '°C' }],
        ['3,000-dunam', { type: 'quantity', unit: 'dunams' }],
      ],
    ],
  ]);

  table('ranges', [
    ['Between 20 and 30 people died.', [['Between 20 and 30 people', { min: 20, max: 30 }]]],
    [
      'Between 20–30 and 40—50 were hurt; 60‐70 more fled.',
      [
        ['20–30', { min: 20, max: 30 }],
        ['40—50', { min: 40, max: 50 }],
        ['60‐70', { min: 60, max: 70 }],
      ],
    ],
    [
      'The militia has 5,000 to 10,000 fighters.',
      [['5,000 to 10,000 fighters', { min: 5000, max: 10_000, unit: 'fighters' }]],
    ],
    [
      'Between 2 and 3 million people and two to three hundred homes.',
      [
        ['Between 2 and 3 million people', { min: 2e6, max: 3e6 }],
        ['two to three hundred homes', { min: 200, max: 300 }],
      ],
    ],
    [
      'The strip is 6 to 12 km wide and 10-12% of it is farmland.',
      [
        ['6 to 12 km', { type: 'quantity', min: 6, max: 12, unit: 'km' }],
        ['10-12%', { type: 'percent', min: 10, max: 12 }],
      ],
    ],
    [
      'The rate rose from 20 to 30 percent.',
      [
        ['20', { type: 'percent', value: 20 }],
        ['30 percent', { type: 'percent', value: 30 }],
      ],
    ],
  ]);

  table('outlet styles', [
    ['JERUSALEM (Reuters) - Israel struck 30 targets, the military said.', [['30 targets']]],
    [
      'GAZA CITY (AP) — The ministry says more than 41,000 people have been killed.',
      [['more than 41,000 people']],
    ],
    ['Inflation hit 40 per cent; the bank holds £3bn.', [['40 per cent'], ['£3bn']]],
    [
      'The package is worth $1.5bn, or roughly 5.5 billion shekels.',
      [['$1.5bn'], ['roughly 5.5 billion shekels', { unit: 'ILS', hedge: 'roughly' }]],
    ],
    ['# Israel Kills 40 In Strikes On Gaza', [['40', { value: 40 }]]],
    ['Israel’s 40 strikes hit “40 rockets” sites.', [['40 strikes'], ['40 rockets']]],
    [
      'The UN says 70 per cent of buildings were damaged by Oct 7 2023.',
      [['70 per cent'], ['Oct 7 2023', { date: { year: 2023, month: 10, day: 7 } }]],
    ],
    [
      'approximately 40\u00a0strikes and 12\u00a0% and 5\u202f000 troops',
      [
        ['approximately 40\u00a0strikes', { value: 40 }],
        ['12\u00a0%', { type: 'percent' }],
        ['5\u202f000 troops', { value: 5000 }],
      ],
    ],
  ]);

  noClaims('numbers inside names are no claims', [
    'Resolution 1701 and UN resolution 2334 were cited.',
    'The attack on Tower 22 was planned by Unit 8200 and reported by Channel 12 and Kan 11.',
    'The F-35, the MQ-9, the Su-35, the S-400 and the AK-47 are weapons.',
    'The G7 and G20 met during COVID-19 on Route 6 in Area C.',
    'Flight 752 and Article 51 and Highway 90 are names.',
    'See Hezbollah’s No. 2 and the COP28 summit and the Group of Seven.',
    'The Six-Day War and the Big Three.',
    'Net-zero targets and a non-one-sided deal.',
  ]);

  noClaims('ordinals, idioms and pronouns are no claims', [
    'For the first time, a second commander and the 3rd division met in the 21st century.',
    'No one was hurt, and they helped one another; someone said the one that left was right.',
    'On the one hand; at one point; one way or another; one thing is clear.',
    'It was one of the largest attacks.',
    'A one-off payment, a one-time deal, a two-state solution and one-on-one talks.',
    'One day, peace may come.',
    'The two countries signed; the three men were released.',
  ]);

  noClaims('bare months, relative times and vague words are no claims', [
    'Since January, last year, this week, in recent weeks and the past few weeks.',
    'Few, several, many and numerous people came in October.',
    'It lasted for days, then weeks, then months.',
    'They met twice a day for a week.',
  ]);

  noClaims('times, phone numbers, links, versions and list markers are no claims', [
    'At 3 p.m., at 10:30am, at 5pm, at 0600 GMT and at 14:00 local time.',
    'Call +961 1 234 567 or (202) 555-0100 or 212-555-0199.',
    'See www.example2.com and https://example.com/2024/09/27/story-123 and user42@mail.com.',
    'Version 1.2.3, v2, iOS 17, Windows 11 and Python 3.12.',
    'The 24/7 coverage on the 9/11 anniversary gave a 50/50 chance.',
    'Read page 3, p. 12, section 4 and chapter 7.',
    '1. First item\n2. Second item',
    'A citation[1] and a footnote[^2].',
    'The score was 3-1 and the vote 13-1.',
  ]);

  describe('regions and offsets', () => {
    it('returns absolute offsets when a start and an end are given', () => {
      const text = 'Header 99 ignored. About 40 strikes hit on September 27. Trailer 77.';
      const start = text.indexOf('About');
      const end = text.indexOf(' Trailer');
      const spans = scanClaims(text, start, end);
      assert.deepEqual(
        spans.map((s) => text.slice(s.start, s.end)),
        ['About 40 strikes', 'September 27'],
      );
      assert.equal(spans[0]!.start, start);
    });

    it('never reaches outside the region, even for a hedge or a unit', () => {
      const text = 'nearly 40 strikes';
      const spans = scanClaims(text, text.indexOf('40'), text.indexOf(' strikes'));
      assert.deepEqual(
        spans.map((s) => [s.start, s.end]),
        [[7, 9]],
      );
    });

    it('returns sorted spans that never overlap on a dense paragraph', () => {
      const text =
        'Between 20 and 30 people, about 40 strikes, 12% and $1.2bn on September 27, 2024; ' +
        'tens of thousands fled within a day, two and a half weeks after October 7; 30km (20 miles).';
      const spans = scanClaims(text);
      assertWellFormed(text, spans, 0, text.length);
      assert.ok(spans.length >= 9);
    });

    it('keeps spans sorted, non-overlapping and inside the region for any input', () => {
      const alphabet = fc.constantFrom(
        ...'0123456789 ,.-–$%£€~'.split(''),
        ' one ',
        ' two and a half ',
        ' about ',
        ' thousands of ',
        ' September ',
        ' km ',
        ' a day ',
        ' million ',
        ' to ',
        ' of ',
        'Tower ',
        '\n',
        '\u00a0',
        'aged ',
        '-year-old',
      );
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 40 }), fc.nat(), fc.nat(), (parts, a, b) => {
          const text = parts.join('');
          const start = text.length ? a % text.length : 0;
          const end = start + (text.length ? b % (text.length - start + 1) : 0);
          const spans = scanClaims(text, start, end);
          let last = start;
          for (const s of spans) {
            if (s.start < last || s.end <= s.start || s.end > end) return false;
            last = s.end;
          }
          return true;
        }),
        { numRuns: 2000 },
      );
    });

    it('finds nothing in an empty text or an empty region', () => {
      assert.deepEqual(scanClaims(''), []);
      assert.deepEqual(scanClaims('40 strikes', 3, 3), []);
    });
  });

  describe('vague magnitudes', () => {
    it('documents ranges that start at two of the unit', () => {
      assert.deepEqual(VAGUE_RANGES.thousands, [2000, 9999]);
      assert.deepEqual(VAGUE_RANGES.dozens, [24, 99]);
      assert.deepEqual(VAGUE_RANGES['tens of thousands'], [20000, 99999]);
    });

    it('scans agree with the documented ranges', () => {
      for (const [phrase, [min, max]] of Object.entries(VAGUE_RANGES)) {
        const text = `${phrase} of refugees`;
        const [span] = scanClaims(text);
        assert.ok(span, phrase);
        assert.deepEqual([span.claim.min, span.claim.max, span.claim.vague], [min, max, true], phrase);
      }
    });
  });
});

describe('parseNumber', () => {
  const cases: Array<[string, number | undefined]> = [
    ['40', 40],
    ['1,200', 1200],
    ['1.2 million', 1_200_000],
    ['1.2m', 1_200_000],
    ['$1.2bn'.slice(1), 1_200_000_000],
    ['two and a half', 2.5],
    ['twenty-five', 25],
    ['two hundred and fifty', 250],
    ['one hundred thousand', 100_000],
    ['a dozen', 12],
    ['half a million', 500_000],
    ['one and a half million', 1_500_000],
    ['Forty', 40],
    ['2½', 2.5],
    ['  7\u00a0', 7],
    ['thousands', undefined],
    ['40 strikes', undefined],
    ['twenty thirty', undefined],
    ['first', undefined],
    ['', undefined],
    ['G7', undefined],
  ];
  for (const [expr, value] of cases) {
    it(`reads ${JSON.stringify(expr)} as ${value}`, () => assert.equal(parseNumber(expr), value));
  }
});
