import { strict as assert } from 'node:assert';
import {
  commandUri,
  describeClaimValue,
  escapeMarkdown,
  renderAnnotationHover,
  renderClaimHover,
  renderEntityHover,
  renderNoteHover,
  safeUrl,
} from '../../src/core/hover';
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
