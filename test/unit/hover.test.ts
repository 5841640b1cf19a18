import { strict as assert } from 'node:assert';
import { annotate, createEngine } from '../../src/core/annotate';
import {
  claimFindings,
  claimPeriod,
  claimValueText,
  commandUri,
  describeClaimValue,
  escapeMarkdown,
  hedgeReading,
  renderAnnotationHover,
  renderClaimHover,
  renderEntityHover,
  renderNoteHover,
  renderRelativeTimeHover,
  safeUrl,
  sentenceRange,
  vagueConvention,
} from '../../src/core/hover';
import { articleDate, findRelativeTimes } from '../../src/core/timeline';
import type { Annotation } from '../../src/core/types';
import { testGlossary } from './helpers';

const glossary = testGlossary(`
- id: hezbollah
  wikipedia: https://en.wikipedia.org/wiki/Hezbollah
- id: tehran
  coordinates: [35.6892, 51.389]
- id: naim-qassem
  born: "1953"
  role: Secretary-General of Hezbollah
`);

function claim(extra: Partial<Annotation> = {}): Annotation {
  return {
    id: 'c-1',
    kind: 'claim',
    start: 0,
    end: 25,
    text: 'approximately 40 strikes',
    prefix: '',
    suffix: '',
    origin: 'auto',
    claim: { type: 'count', value: 40, hedge: 'approximately', unit: 'strikes' },
    status: 'unreviewed',
    ...extra,
  };
}

/** Markdown with escapes removed: roughly what a reader sees. */
const plain = (markdown: string) => markdown.replace(/\\(.)/g, '$1');

describe('hover: the cards', () => {
  describe('an entity card', () => {
    const hezbollah = glossary.byId.get('hezbollah')!;
    const card = renderEntityHover(hezbollah, {
      glossary,
      mentionCount: 3,
      links: {
        findMentions: commandUri('geoAnnotator.findMentions', { entity: 'hezbollah' }),
        openEntry: commandUri('geoAnnotator.openGlossaryEntry', { id: 'hezbollah' }),
      },
    });

    it('shows name, kind and type', () => {
      assert.match(card, /^\*\*Hezbollah\*\* · actor · armed group/);
    });

    it('shows the summary and when it was founded', () => {
      assert.match(plain(card), /Lebanese Shia political party/);
      assert.match(card, /\*\*Founded:\*\* 1982/);
    });

    it('names leaders and backers by name, not by id', () => {
      assert.match(card, /\*\*Leader:\*\* Naim Qassem/);
      assert.match(card, /\*\*Backers:\*\* Iran/);
      assert.doesNotMatch(card, /naim\\-qassem/);
    });

    it('lists aliases', () => {
      assert.match(card, /Also written:\*\* Hizbullah, Hizballah/);
    });

    it('links Wikidata and Wikipedia', () => {
      assert.match(card, /\[Wikidata Q41053\]\(https:\/\/www\.wikidata\.org\/wiki\/Q41053\)/);
      assert.match(card, /\[Wikipedia\]\(https:\/\/en\.wikipedia\.org\/wiki\/Hezbollah\)/);
    });

    it('counts the mentions in the document', () => {
      assert.match(card, /Mentioned 3 times in this document/);
    });

    it('carries command links with JSON arguments', () => {
      assert.match(
        card,
        /\[Find all mentions\]\(command:geoAnnotator\.findMentions\?%7B%22entity%22%3A%22hezbollah%22%7D\)/,
      );
      assert.match(card, /\[Open glossary entry\]\(command:geoAnnotator\.openGlossaryEntry\?/);
    });

    it('shows a place’s country and coordinates', () => {
      const tehran = renderEntityHover(glossary.byId.get('tehran')!, { glossary });
      assert.match(tehran, /\*\*Country:\*\* Iran/);
      assert.match(tehran, /\*\*Coordinates:\*\* 35\.6892° N, 51\.389° E/);
    });

    it('shows a person’s role and birth year', () => {
      const person = renderEntityHover(glossary.byId.get('naim-qassem')!, { glossary });
      assert.match(plain(person), /Role:\*\* Secretary-General of Hezbollah/);
      assert.match(person, /\*\*Born:\*\* 1953/);
    });

    it('says "1 time" for a single mention', () => {
      assert.match(renderEntityHover(hezbollah, { glossary, mentionCount: 1 }), /Mentioned 1 time in/);
    });
  });

  describe('a claim card', () => {
    it('shows value, type, hedge, unit and status', () => {
      const card = renderClaimHover(claim());
      assert.match(card, /^\*\*Claim\*\* · count · Unreviewed/);
      assert.match(card, /\*\*Value:\*\* 40/);
      assert.match(card, /\*\*Hedge:\*\* approximately/);
      assert.match(card, /\*\*Unit:\*\* strikes/);
    });

    it('shows the review: status, reviewer, note and sources as links', () => {
      const card = renderClaimHover(
        claim({
          status: 'disputed',
          author: 'Jane Doe',
          updated: '2024-10-15T10:00:00.000Z',
          note: 'The ministry said 35.',
          sources: [{ url: 'https://example.org/report', title: 'Ministry report', accessed: '2024-10-15' }],
        }),
      );
      assert.match(card, /\*\*Status:\*\* Disputed by Jane Doe \(2024\\-10\\-15\)/);
      assert.match(plain(card), /Note:\*\* The ministry said 35\./);
      assert.match(card, /\[Ministry report\]\(https:\/\/example\.org\/report\) \(accessed 2024\\-10\\-15\)/);
    });

    it('shows ranges, vague magnitudes and dates', () => {
      assert.equal(describeClaimValue({ type: 'count', min: 24, max: 99, vague: true }), '24–99');
      assert.equal(
        describeClaimValue({ type: 'date', date: { year: 2023, month: 10, day: 7 } }),
        '2023-10-07',
      );
      assert.equal(describeClaimValue({ type: 'date', date: { year: 2006 } }), '2006');
      assert.match(
        renderClaimHover(claim({ claim: { type: 'count', min: 1000, max: 9999, vague: true } })),
        /1000–9999 \(vague magnitude\)/,
      );
    });

    it('offers the other review statuses as command links', () => {
      const card = renderClaimHover(claim(), {
        review: { verified: 'command:v', disputed: 'command:d', unreviewed: 'command:u' },
      });
      assert.match(card, /\[Mark verified\]\(command:v\) · \[Mark disputed\]\(command:d\)/);
      assert.doesNotMatch(card, /command:u/, 'no link to the status it has');
    });
  });

  it('a note card shows its text and author', () => {
    const card = renderNoteHover({
      ...claim(),
      kind: 'note',
      origin: 'manual',
      note: 'Ask the desk\nabout this',
      author: 'Sam',
    });
    assert.match(card, /^\*\*Note\*\* · Sam/);
    assert.match(card, /Ask the desk {2}\nabout this/);
  });

  it('a name outside the glossary says so and offers to add it', () => {
    const card = renderAnnotationHover(
      { ...claim(), kind: 'actor', text: 'Rana Haddad', entity: 'unlisted:person:rana-haddad' },
      { glossary, links: { addToGlossary: 'command:add' } },
    );
    assert.match(card, /\*\*Rana Haddad\*\* · actor · person/);
    assert.match(card, /Not in the glossary/);
    assert.match(card, /\[Add to the workspace glossary\]\(command:add\)/);
  });

  describe('escaping user text', () => {
    it('escapes Markdown, links and HTML in notes', () => {
      const card = renderNoteHover({
        ...claim(),
        kind: 'note',
        origin: 'manual',
        note: '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold** `code`',
      });
      assert.doesNotMatch(card, /\]\(command:/);
      assert.doesNotMatch(card, /(^|[^\\])<img/);
      assert.doesNotMatch(card, /(^|[^\\])\*\*bold/);
      assert.match(card, /\\\[click\\\]\\\(command\\:workbench/);
    });

    it('escapes names and source titles from a workspace glossary or sidecar', () => {
      const evil = testGlossary(`
- id: evil
  kind: actor
  type: armed group
  name: "Evil](command:x) <b>"
  summary: "# heading\\n- list"
`);
      const card = renderEntityHover(evil.byId.get('evil')!, { glossary: evil });
      assert.doesNotMatch(card, /\]\(command:x\)/);
      assert.doesNotMatch(card, /(^|[^\\])<b>/);
      const sourced = renderClaimHover(
        claim({ sources: [{ url: 'javascript:alert(1)', title: 'x](command:y)' }] }),
      );
      assert.doesNotMatch(sourced, /\]\(javascript:/);
      assert.doesNotMatch(sourced, /\]\(command:y\)/);
    });

    it('escapes every character that starts formatting', () => {
      assert.equal(escapeMarkdown('a*b_c[d](e)<f>#g'), 'a\\*b\\_c\\[d\\]\\(e\\)\\<f\\>\\#g');
      assert.equal(escapeMarkdown('line one\nline two'), 'line one line two');
    });

    it('accepts only http(s) link targets and encodes parentheses', () => {
      assert.equal(safeUrl('javascript:alert(1)'), undefined);
      assert.equal(safeUrl('command:x'), undefined);
      assert.equal(
        safeUrl('https://en.wikipedia.org/wiki/Hamas_(disambiguation)'),
        'https://en.wikipedia.org/wiki/Hamas_%28disambiguation%29',
      );
    });
  });
});

describe('hover: what the fact-checker’s desk finds about a claim', () => {
  const engine = createEngine(glossary);
  const DATE = '2024-10-14';

  /** The card of the claim whose text contains `quote`, in `text` dated by front matter or `fallback`. */
  function card(text: string, quote: string, fallback: string | null = DATE) {
    const annotations = annotate(engine, text, 'markdown');
    const claim = annotations.find((a) => a.kind === 'claim' && a.text.includes(quote));
    assert.ok(claim, `no claim "${quote}" in ${JSON.stringify(annotations.map((a) => a.text))}`);
    const findings = claimFindings(
      text,
      claim,
      annotations,
      glossary,
      articleDate(text, fallback ?? undefined),
    );
    return { claim, findings, card: plain(renderClaimHover(claim, undefined, findings)) };
  }

  describe('the structured value', () => {
    for (const [phrase, quote, value, hedge] of [
      [
        'approximately 40 strikes in two and a half weeks',
        'strikes',
        'approximately 40 strikes',
        '36–44 strikes (within about 10%)',
      ],
      [
        'They fired nearly 300 rockets.',
        'rockets',
        'nearly 300 rockets',
        '270–300 rockets (a little under 300)',
      ],
      [
        'More than 1,000 people fled.',
        'people',
        'More than 1,000 people',
        'more than 1,000 people (a floor)',
      ],
      ['At least 21 people were killed.', 'people', 'At least 21 people', '21 people or more (a floor)'],
      ['Up to 30 drones were launched.', 'drones', 'Up to 30 drones', '30 drones at most (a ceiling)'],
      ['Fewer than 50 troops remain.', 'troops', 'Fewer than 50 troops', 'fewer than 50 troops (a ceiling)'],
      [
        'Roughly 60,000 residents left.',
        'residents',
        'roughly 60,000 residents',
        '54,000–66,000 residents (within about 10%)',
      ],
      ['Nearly 90 percent of homes were hit.', 'percent', 'nearly 90%', '81–90% (a little under 90)'],
    ] as const) {
      it(`reads “${phrase}”: hedge, quantity, unit and the hedge’s bounds`, () => {
        const { claim, card: text } = card(phrase, quote);
        assert.equal(claimValueText(claim.claim!).toLowerCase(), value.toLowerCase());
        assert.equal(hedgeReading(claim.claim!)?.text, hedge);
        assert.match(text, new RegExp(`Hedge:\\*\\* ${claim.claim!.hedge}: `));
      });
    }

    it('states the period a quantity is counted over, where the sentence gives one', () => {
      assert.match(
        card('approximately 40 strikes in two and a half weeks', 'strikes').card,
        /Period:\*\* 2\.5 weeks \(“two and a half weeks”\)/,
      );
      assert.match(
        card('They fired nearly 300 rockets over 10 days.', 'rockets').card,
        /Period:\*\* over 10 days/,
      );
      assert.match(
        card('12 of its fighters had been killed in\ntwo and a half weeks of fighting.', '12').card,
        /Period:\*\* 2\.5 weeks/,
      );
      assert.match(
        card('Tens of thousands of people fled within 11 days.', 'Tens').card,
        /Period:\*\* within 11 days/,
      );
    });

    it('gives no period where none is stated, or past another claim, or for a point in time', () => {
      const text = 'The group killed 12 soldiers in a single day and 300 in 2 months.';
      const annotations = annotate(engine, text, 'markdown');
      const of = (quote: string) => annotations.find((a) => a.kind === 'claim' && a.text.startsWith(quote))!;
      assert.equal(claimPeriod(text, of('12'), annotations), undefined);
      assert.equal(claimPeriod(text, of('300'), annotations)?.text, '2 months');
      assert.doesNotMatch(card('It fired 40 rockets. It lasted 3 days.', '40').card, /Period/);
      assert.doesNotMatch(card('It fired 40 rockets four decades ago.', '40').card, /Period/);
    });

    for (const [phrase, quote, range, conservative] of [
      ['The IDF hit dozens of Hezbollah targets.', 'dozens', '“dozens” is read as 24–99', '12'],
      ['Scores of fighters died.', 'Scores', '“scores” is read as 40–99', '20'],
      [
        'Hundreds of thousands of people fled.',
        'Hundreds',
        '“hundreds of thousands” is read as 200,000–999,999',
        '100,000',
      ],
      ['Thousands of detainees were freed.', 'Thousands', '“thousands” is read as 2,000–9,999', '1,000'],
    ] as const) {
      it(`reads the vague magnitude in “${phrase}” as a range and names the convention`, () => {
        const { card: text } = card(phrase, quote);
        assert.match(text, /\(vague magnitude\)/);
        assert.ok(text.includes(range), text);
        assert.match(text, new RegExp(`ACLED codes vague counts, would take ${conservative}\\.`));
      });
    }

    it('says nothing about conventions for exact numbers', () => {
      assert.equal(vagueConvention('40 strikes', { type: 'count', value: 40 }), undefined);
      assert.equal(hedgeReading({ type: 'count', value: 40 }), undefined);
    });
  });

  describe('relative time against the article’s date', () => {
    it('resolves "four decades ago" from the front matter date and checks Hezbollah’s founding', () => {
      const text =
        '---\ndate: 2024-10-14\n---\n\nHezbollah, which was founded with Iranian support over four decades ago, said so.';
      const { findings, card: text2 } = card(text, 'decades', null);
      assert.equal(findings.articleDate?.source, 'front matter');
      assert.match(
        text2,
        /Time:\*\* 1984 or earlier, counted from the article's date 2024-10-14 \(front matter\)/,
      );
      assert.match(text2, /Glossary ✓:\*\* Agrees with the glossary: Hezbollah founded 1982/);
    });

    it('reads a dateline when there is no front matter', () => {
      const text = 'BEIRUT, Oct. 14, 2024 (Wire) - Hezbollah, established about 42 years ago, said so.';
      const { card: text2 } = card(text, '42', null);
      assert.match(text2, /Time:\*\* about 1982, counted from the article's date 2024-10-14 \(dateline\)/);
      assert.match(text2, /Glossary ✓/);
    });

    it('falls back to the date setting, and says how to date an undated article', () => {
      const text = 'Hezbollah, formed some 30 years ago, fired back.';
      const dated = card(text, '30', '2024-10-14').card;
      assert.match(dated, /Time:\*\* about 1994, counted from the article's date 2024-10-14 \(setting\)/);
      assert.match(dated, /Glossary ✗:\*\* Differs from the glossary: Hezbollah founded 1982/);
      const undated = card(text, '30', null);
      assert.equal(undated.findings.needsDate, true);
      assert.match(undated.card, /Time:\*\* counted from the article’s date, which is not known/);
      assert.match(undated.card, /geoAnnotator\.articleDate/);
    });

    it('dates "post-October 7" and a day without a year to the latest such day before the article', () => {
      assert.match(
        card('The post-October 7 war went on.', 'October').card,
        /Time:\*\* 2024-10-07, the latest such date/,
      );
      assert.match(card('The strike of December 3 was the worst.', 'December').card, /Time:\*\* 2023-12-03/);
    });

    it('agrees with a founding year stated outright, under another spelling', () => {
      assert.match(
        card('Hizbullah, set up in 1982 with Iranian help, fired back.', '1982').card,
        /Glossary ✓:\*\* Agrees with the glossary: Hezbollah founded 1982; the claim puts it at 1982/,
      );
    });

    it('gives relative times that are no claims a card of their own', () => {
      const date = articleDate('---\ndate: 2024-10-14\n---\n')!;
      const text = 'Talks stalled last year; this week they resumed, and next month they end.';
      const found = findRelativeTimes(text, date).map((r) =>
        plain(renderRelativeTimeHover(text.slice(r.start, r.end), r.resolved)),
      );
      assert.equal(found.length, 3);
      assert.match(
        found[0]!,
        /^\*\*Time\*\* · “last year”\n\n2023, counted from the article's date 2024-10-14 \(front matter\)\.$/,
      );
      assert.match(found[1]!, /The week of 2024-10-14/);
      assert.match(found[2]!, /2024-11, counted/);
      assert.match(plain(renderRelativeTimeHover('last year', undefined)), /not known: add `date:`/);
    });
  });

  describe('consistency within the article', () => {
    const text =
      'Israel carried out approximately 40 strikes in two and a half weeks. Officials later spoke of approximately 40 operations within three weeks. Another 55 raids followed.';

    it('points out the same count stated twice in other words, with the other’s line', () => {
      const { card: text2 } = card(text, '40 strikes');
      assert.match(
        text2,
        /Stated again:\*\* line 1: "approximately 40 strikes" and "approximately 40 operations" state the same count in other words\./,
      );
      assert.doesNotMatch(text2, /55 raids/);
    });

    it('points out periods that differ', () => {
      assert.match(
        card(text, 'two and a half').card,
        /Differs:\*\* line 1: "two and a half weeks" and "within three weeks" may describe the same period differently\./,
      );
    });
  });

  it('finds sentence ends but not at decimals, initials or titles', () => {
    const text =
      'U.S. forces said 1.2 million people fled. Sgt. Rivers was killed.\n\n- A list item with 3 rockets';
    const at = (quote: string) => {
      const i = text.indexOf(quote);
      const r = sentenceRange(text, i, i + quote.length);
      return text.slice(r.start, r.end);
    };
    assert.equal(at('1.2 million'), 'U.S. forces said 1.2 million people fled.');
    assert.equal(at('Rivers'), 'Sgt. Rivers was killed.');
    assert.equal(at('3 rockets'), '- A list item with 3 rockets');
  });

  it('offers links to add a source and to add or edit the note', () => {
    const links = { addSource: 'command:s', addNote: 'command:n' };
    assert.match(
      renderClaimHover(claim(), links),
      /\[Add a source\]\(command:s\) · \[Add a note\]\(command:n\)/,
    );
    assert.match(renderClaimHover(claim({ note: 'x' }), links), /\[Edit the note\]\(command:n\)/);
  });

  it('escapes document text in the findings', () => {
    const text = 'They fired approximately 40 strikes. Then *approximately 40 operations* [x](command:y).';
    const { findings, claim } = card(text, '40 strikes');
    const raw = renderClaimHover(claim, undefined, findings);
    assert.doesNotMatch(raw, /\]\(command:/);
  });
});
