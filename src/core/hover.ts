/**
 * Hover cards as Markdown text: pure functions from an annotation (and the glossary) to the card.
 * Every piece of user or glossary text is escaped, so a name, note or source title can never
 * inject links, HTML or formatting; links are built here from vetted URLs and command ids only.
 */
import { VAGUE_RANGES } from './claims';
import type { CrossCheck } from './crosscheck';
import { consistencyChecks, crossCheckClaim } from './crosscheck';
import type { ArticleDate, ResolvedTime } from './timeline';
import { formatDate, resolveClaimTime } from './timeline';
import type { Annotation, ClaimValue, ConflictVersion, Entry, Glossary, Source } from './types';

/** Command links a card may carry; the editor adapter trusts exactly these command ids. */
export interface HoverLinks {
  /** `command:` URI that finds every mention of the entity. */
  findMentions?: string;
  /** `command:` URI that opens the entity's glossary entry. */
  openEntry?: string;
  /** `command:` URI that adds a name found outside the glossary to the workspace glossary. */
  addToGlossary?: string;
  /** `command:` URIs that set a claim's review status, by status. */
  review?: Partial<Record<'verified' | 'disputed' | 'false' | 'unverifiable' | 'unreviewed', string>>;
  /** `command:` URIs that add a source to a claim and add (or edit) its note. */
  addSource?: string;
  addNote?: string;
  /** `command:` URIs that resolve a merge conflict by keeping one side's version. */
  resolveConflict?: Partial<Record<'ours' | 'theirs', string>>;
}

/** What a card knows beyond the annotation itself. */
export interface HoverContext {
  glossary: Glossary;
  /** How many times the entity is mentioned in this document. */
  mentionCount?: number;
  links?: HoverLinks;
  /** For a claim: what the fact-checker's desk found about it (see {@link claimFindings}). */
  findings?: ClaimFindings;
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|~<>&=:"]/g;

/** Escapes text for Markdown: every character that could start formatting, a link or HTML. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replace(/\n/g, ' ');
}

/** Escapes multi-line text, keeping its line breaks as Markdown hard breaks. */
function escapeParagraph(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim().replace(MARKDOWN_SPECIAL, (c) => `\\${c}`))
    .join('  \n');
}

/** A `command:` URI with JSON arguments, as VS Code's Markdown command links expect. */
export function commandUri(command: string, args?: unknown): string {
  return args === undefined
    ? `command:${command}`
    : `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** A safe link target: only http(s) URLs, with the characters that would end a link encoded. */
export function safeUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s]+$/i.test(trimmed)) return undefined;
  return trimmed.replace(
    /[()<>\s"'`\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function link(label: string, target: string | undefined): string {
  return target ? `[${escapeMarkdown(label)}](${target})` : escapeMarkdown(label);
}

function nameOf(glossary: Glossary, ref: string): string {
  return glossary.byId.get(ref)?.name ?? ref;
}

function names(glossary: Glossary, refs: readonly string[]): string {
  return refs.map((r) => escapeMarkdown(nameOf(glossary, r))).join(', ');
}

function fact(label: string, value: string | undefined): string | undefined {
  return value ? `- **${label}:** ${value}` : undefined;
}

function formatCoordinates([lat, lon]: [number, number]): string {
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : 'W';
  return `${Math.abs(lat)
    .toFixed(4)
    .replace(/\.?0+$/, '')}° ${ns}, ${Math.abs(lon)
    .toFixed(4)
    .replace(/\.?0+$/, '')}° ${ew}`;
}

function sourceLinks(sources: readonly Source[]): string {
  return sources
    .map((s) => {
      const label = s.title ?? s.url;
      const accessed = s.accessed ? ` (accessed ${escapeMarkdown(s.accessed)})` : '';
      return link(label, safeUrl(s.url)) + accessed;
    })
    .join('; ');
}

/** The card of a glossary entry: name, type, summary, key facts, aliases, links, mention count. */
export function renderEntityHover(entry: Entry, context: HoverContext): string {
  const g = context.glossary;
  const lines: string[] = [];
  lines.push(
    `**${escapeMarkdown(entry.name)}** · ${escapeMarkdown(entry.kind)} · ${escapeMarkdown(entry.type)}`,
  );
  if (entry.summary) lines.push('', escapeParagraph(entry.summary));
  const facts = [
    fact('Role', entry.role && escapeMarkdown(entry.role)),
    fact('Founded', entry.founded && escapeMarkdown(entry.founded)),
    fact('Dissolved', entry.dissolved && escapeMarkdown(entry.dissolved)),
    fact('Born', entry.born && escapeMarkdown(entry.born)),
    fact('Died', entry.died && escapeMarkdown(entry.died)),
    fact(
      entry.leaders.length === 1 ? 'Leader' : 'Leaders',
      entry.leaders.length ? names(g, entry.leaders) : undefined,
    ),
    fact('Backers', entry.backers.length ? names(g, entry.backers) : undefined),
    fact('Affiliations', entry.affiliations.length ? names(g, entry.affiliations) : undefined),
    fact('Country', entry.country && escapeMarkdown(nameOf(g, entry.country))),
    fact('Stands for', entry.metonymFor && escapeMarkdown(nameOf(g, entry.metonymFor))),
    fact('Coordinates', entry.coordinates && formatCoordinates(entry.coordinates)),
    fact('Also written', entry.aliases.length ? entry.aliases.map(escapeMarkdown).join(', ') : undefined),
    fact('Demonyms', entry.demonyms.length ? entry.demonyms.map(escapeMarkdown).join(', ') : undefined),
  ].filter((l): l is string => l !== undefined);
  if (facts.length) lines.push('', ...facts);
  if (context.mentionCount !== undefined) {
    lines.push(
      '',
      `Mentioned ${context.mentionCount} ${context.mentionCount === 1 ? 'time' : 'times'} in this document.`,
    );
  }
  const refs: string[] = [];
  if (entry.wikidata && /^Q\d+$/.test(entry.wikidata))
    refs.push(link(`Wikidata ${entry.wikidata}`, `https://www.wikidata.org/wiki/${entry.wikidata}`));
  if (entry.wikipedia) refs.push(link('Wikipedia', safeUrl(entry.wikipedia)));
  if (entry.geonames)
    refs.push(link(`GeoNames ${entry.geonames}`, `https://www.geonames.org/${entry.geonames}`));
  const links = context.links;
  if (links?.findMentions) refs.push(`[Find all mentions](${links.findMentions})`);
  if (links?.openEntry) refs.push(`[Open glossary entry](${links.openEntry})`);
  if (refs.length) lines.push('', refs.join(' · '));
  return lines.join('\n');
}

/** The parsed value of a claim in words: "approximately 40 strikes", "24–99 (vague)", "2024-10-07". */
export function describeClaimValue(c: ClaimValue): string {
  if (c.date && (c.date.year !== undefined || c.date.month !== undefined || c.date.day !== undefined)) {
    const { year, month, day } = c.date;
    const pad = (n: number) => String(n).padStart(2, '0');
    return [
      year !== undefined ? String(year) : '????',
      month !== undefined ? pad(month) : undefined,
      day !== undefined ? pad(day) : undefined,
    ]
      .filter((p) => p !== undefined)
      .join('-');
  }
  if (c.value !== undefined) return String(c.value);
  if (c.min !== undefined || c.max !== undefined) return `${c.min ?? '…'}–${c.max ?? '…'}`;
  return 'unspecified';
}

const STATUS_LABEL: Record<string, string> = {
  unreviewed: 'Unreviewed',
  verified: 'Verified',
  disputed: 'Disputed',
  false: 'False',
  unverifiable: 'Unverifiable',
};

// ---------------------------------------------------------------------------------------------
// What a claim asserts: hedges, vague magnitudes, periods
// ---------------------------------------------------------------------------------------------

/** A number as people write it: 2000 -> "2,000", 2.5 -> "2.5". */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(Math.round(n * 1000) / 1000);
}

const HEDGES_ABOUT =
  /^(?:about|around|approximately|approx\.?|roughly|some|an estimated|estimated|circa|c\.|ca\.|perhaps|possibly)$/;
const HEDGES_ABOVE = /^(?:more than|over|above|upwards of|in excess of|just over|well over)$/;
const HEDGES_AT_LEAST = /^(?:at least|no fewer than|no less than|a minimum of)$/;
const HEDGES_BELOW = /^(?:less than|fewer than|under|below|just under)$/;
const HEDGES_AT_MOST = /^(?:up to|at most|as many as|as much as|no more than|a maximum of)$/;
const HEDGES_NEARLY = /^(?:nearly|almost|close to|approaching|nearing)$/;
const HEDGES_EXACT = /^(?:exactly|precisely|just)$/;

/**
 * How a hedge bounds a single number: "approximately 40" is 36–44 (within about 10%), "more than
 * 60" has the floor 60, "at least 21" is 21 or more, "up to 30" is 30 at most, "nearly 40" is a
 * little under 40 (36–40). Undefined when the claim has no single number or no known hedge.
 */
export function hedgeReading(c: ClaimValue): { low?: number; high?: number; text: string } | undefined {
  const h = c.hedge?.toLowerCase();
  const v = c.value;
  if (!h || v === undefined) return undefined;
  const round = (n: number) => (Math.abs(v) >= 10 ? Math.round(n) : Math.round(n * 10) / 10);
  const unit = c.unit && c.unit !== 'percent' ? ` ${c.unit}` : c.unit === 'percent' ? '%' : '';
  const n = (x: number) => `${formatNumber(x)}${unit}`;
  if (HEDGES_ABOUT.test(h)) {
    const low = round(v * 0.9);
    const high = round(v * 1.1);
    return { low, high, text: `${formatNumber(low)}–${n(high)} (within about 10%)` };
  }
  if (HEDGES_ABOVE.test(h)) return { low: v, text: `more than ${n(v)} (a floor)` };
  if (HEDGES_AT_LEAST.test(h)) return { low: v, text: `${n(v)} or more (a floor)` };
  if (HEDGES_BELOW.test(h)) return { high: v, text: `fewer than ${n(v)} (a ceiling)` };
  if (HEDGES_AT_MOST.test(h)) return { high: v, text: `${n(v)} at most (a ceiling)` };
  if (HEDGES_NEARLY.test(h)) {
    const low = round(v * 0.9);
    return { low, high: v, text: `${formatNumber(low)}–${n(v)} (a little under ${formatNumber(v)})` };
  }
  if (HEDGES_EXACT.test(h)) return { low: v, high: v, text: `exactly ${n(v)}` };
  return undefined;
}

/** The vague-magnitude words of {@link VAGUE_RANGES}, longest first ("tens of thousands" before "thousands"). */
const VAGUE_WORDS = Object.keys(VAGUE_RANGES).sort((a, b) => b.length - a.length);

/**
 * The convention for a vague magnitude, in words. This tool reads "dozens" as 24–99 (see
 * VAGUE_RANGES in claims.ts): a plural magnitude means at least two of its unit and fewer than
 * ten, since ten or more would be written with the next word ("hundreds"). That keeps every
 * reading the words allow, which is what a fact-checker compares a source against. A
 * conservative coding, as ACLED codes vague fatality reports, takes one unit instead (dozens =
 * 12, hundreds = 100): the figure to use when adding counts up, not when checking one.
 */
export function vagueConvention(claimText: string, c: ClaimValue): string | undefined {
  if (!c.vague || c.min === undefined || c.max === undefined) return undefined;
  const lower = claimText.toLowerCase();
  const word =
    VAGUE_WORDS.find((w) => lower.includes(w)) ??
    /\b(?:dozen|score|hundred|thousand|million|billion)s?\b/.exec(lower)?.[0];
  const range = `${formatNumber(c.min)}–${formatNumber(c.max)}`;
  const conservative = Math.round(c.min / 2);
  return (
    `${word ? `“${word}” is read as ${range}` : `read as ${range}`}: at least two of its unit and fewer than ten ` +
    `(ten or more would take the next word); a conservative coding, as ACLED codes vague counts, would take ${formatNumber(conservative)}.`
  );
}

/** A claim's value in words, with its hedge and unit: "approximately 40 strikes", "24–99 (vague)". */
export function claimValueText(c: ClaimValue): string {
  if (c.type === 'date') return describeClaimValue(c);
  const number =
    c.value !== undefined
      ? formatNumber(c.value)
      : c.min !== undefined || c.max !== undefined
        ? `${c.min !== undefined ? formatNumber(c.min) : '…'}–${c.max !== undefined ? formatNumber(c.max) : '…'}`
        : 'unspecified';
  return [c.hedge, number, c.unit === 'percent' ? '%' : c.unit, c.vague ? '(vague)' : undefined]
    .filter((p) => p !== undefined && p !== '')
    .join(' ')
    .replace(/ %/, '%');
}

/** Words between a quantity and its period: "40 strikes in two and a half weeks", "killed in 11 days". */
const PERIOD_GAP =
  /^[^.;:!?]{0,50}?\b(?:in|over|within|during|across|for|throughout)(?:\s+(?:the\s+)?(?:past|last|first|next|following|same))?\s+$/i;

/** The sentence around a range: from the end of the previous sentence to the end of this one. */
export function sentenceRange(text: string, start: number, end: number): { start: number; end: number } {
  // A sentence ends at . ! ? followed by a space and not part of a number or an initial ("U.S."),
  // or at a blank line, a heading, a list item or a quote.
  const boundary = (i: number): boolean => {
    const c = text[i];
    if (c === '\n') {
      const next = text.slice(i + 1, i + 4);
      return /^\s*\n/.test(text.slice(i + 1, i + 3)) || /^(?:#|[-*+>] |\d+\. )/.test(next) || next === '';
    }
    if (c !== '.' && c !== '!' && c !== '?') return false;
    if (!/\s/.test(text[i + 1] ?? ' ')) return false;
    if (
      c === '.' &&
      /(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Spc|No|Prof|Rev|vs|approx|c|ca))$/.test(
        text.slice(Math.max(0, i - 6), i),
      )
    )
      return false;
    return true;
  };
  let s = start;
  while (s > 0 && !boundary(s - 1)) s--;
  let e = end;
  while (e < text.length && !boundary(e)) e++;
  if (e < text.length && text[e] !== '\n') e++;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}

/**
 * The period a quantity is counted over, where one is stated in the same sentence right after it:
 * "approximately 40 strikes in two and a half weeks" has the period 2.5 weeks. A duration that is a
 * point in time ("four decades ago") is no period.
 */
export function claimPeriod(
  text: string,
  claim: Annotation,
  annotations: readonly Annotation[],
): Annotation | undefined {
  const c = claim.claim;
  if (!c || c.type === 'duration' || c.type === 'date' || c.type === 'age') return undefined;
  const sentence = sentenceRange(text, claim.start, claim.end);
  // The next claim of the sentence, if it is a duration: a period never reaches past another claim.
  const next = annotations
    .filter(
      (a) => a.kind === 'claim' && a.start >= claim.end && a.end <= sentence.end && !a.hidden && !a.orphaned,
    )
    .sort((a, b) => a.start - b.start)[0];
  if (!next || next.claim?.type !== 'duration') return undefined;
  const gap = text.slice(claim.end, next.start);
  // "40 strikes in two and a half weeks"; or the duration carries its preposition as a hedge:
  // "300 rockets over 10 days", "thousands of people fled within 11 days".
  const joined =
    PERIOD_GAP.test(gap) ||
    (/^[^.;:!?]{0,50}$/.test(gap) && /^(?:over|within|in|during|across)\b/i.test(next.text));
  if (!joined) return undefined;
  if (/^\s*(?:ago|earlier|before|later|after)\b/i.test(text.slice(next.end, next.end + 10))) return undefined;
  return next;
}

// ---------------------------------------------------------------------------------------------
// The fact-checker's findings about a claim
// ---------------------------------------------------------------------------------------------

/** Another claim of the same document stating the same quantity, the same way or differently. */
export interface ClaimConsistency {
  other: Annotation;
  /** 1-based line of the other claim. */
  otherLine: number;
  relation: 'repeated' | 'differs';
  explanation: string;
}

/** What the desk found about a claim: its period, its time, cross-checks and consistency notes. */
export interface ClaimFindings {
  /** The article's date, when known. */
  articleDate?: ArticleDate;
  /** The period the quantity is counted over ("in two and a half weeks"). */
  period?: Annotation;
  /** The claim resolved against the article's date ("about 1984, counted from ..."). */
  time?: ResolvedTime;
  /** The claim is relative to the article's date, which is not known. */
  needsDate?: boolean;
  /** Against the glossary's facts about the entities of its sentence. */
  crossChecks: CrossCheck[];
  /** Against the other claims of the document. */
  consistency: ClaimConsistency[];
}

const SOME_DATE: ArticleDate = { year: 2000, month: 6, day: 15, source: 'setting' };

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Everything the desk can say about a claim of a document: pure, from the document's text, its
 * visible annotations, the glossary and the article's date (see timeline.ts: front matter,
 * dateline or setting).
 */
export function claimFindings(
  text: string,
  claim: Annotation,
  annotations: readonly Annotation[],
  glossary: Glossary,
  date: ArticleDate | undefined,
): ClaimFindings {
  const findings: ClaimFindings = { crossChecks: [], consistency: [] };
  if (claim.kind !== 'claim' || !claim.claim) return findings;
  if (date) findings.articleDate = date;
  const period = claimPeriod(text, claim, annotations);
  if (period) findings.period = period;
  if (date) {
    const time = resolveClaimTime(text, claim, date);
    if (time) findings.time = time;
  } else if (resolveClaimTime(text, claim, SOME_DATE)) {
    findings.needsDate = true;
  }
  findings.crossChecks = crossCheckClaim(text, claim, annotations, glossary, date);
  for (const other of annotations) {
    if (other === claim || other.kind !== 'claim' || !other.claim || other.id === claim.id) continue;
    const pair = other.start < claim.start ? [other, claim] : [claim, other];
    for (const c of consistencyChecks(text, pair))
      findings.consistency.push({
        other,
        otherLine: lineOf(text, other.start),
        relation: c.relation,
        explanation: c.explanation,
      });
  }
  return findings;
}

/** The card of a claim: parsed value, type, hedge, unit, period, time, cross-checks, review. */
export function renderClaimHover(a: Annotation, links?: HoverLinks, findings?: ClaimFindings): string {
  const c = a.claim;
  const status = a.status ?? 'unreviewed';
  const lines: string[] = [];
  lines.push(
    `**Claim** · ${escapeMarkdown(c?.type ?? 'unknown')} · ${escapeMarkdown(STATUS_LABEL[status] ?? status)}`,
  );
  lines.push('', `“${escapeMarkdown(a.text)}”`);
  const hedge = c && hedgeReading(c);
  const vague = c && vagueConvention(a.text, c);
  const period = findings?.period?.claim;
  const time = findings?.time
    ? escapeMarkdown(findings.time.explanation)
    : findings?.needsDate
      ? 'counted from the article’s date, which is not known: add `date:` to the front matter, a dateline, or set `geoAnnotator.articleDate`'
      : undefined;
  const facts = [
    fact('Value', c && escapeMarkdown(describeClaimValue(c)) + (c.vague ? ' (vague magnitude)' : '')),
    fact('Type', c && escapeMarkdown(c.type)),
    fact('Hedge', c?.hedge && escapeMarkdown(c.hedge) + (hedge ? `: ${escapeMarkdown(hedge.text)}` : '')),
    fact('Unit', c?.unit && escapeMarkdown(c.unit)),
    fact(
      'Period',
      period && `${escapeMarkdown(claimValueText(period))} (“${escapeMarkdown(findings!.period!.text)}”)`,
    ),
    fact('Vague magnitude', vague && escapeMarkdown(vague)),
    fact('Time', time),
    ...(findings?.crossChecks ?? []).map((x) =>
      fact(x.agrees ? 'Glossary ✓' : 'Glossary ✗', escapeMarkdown(x.explanation)),
    ),
    ...(findings?.consistency ?? []).map((x) =>
      fact(
        x.relation === 'repeated' ? 'Stated again' : 'Differs',
        `line ${x.otherLine}: ${escapeMarkdown(x.explanation)}`,
      ),
    ),
    fact(
      'Status',
      escapeMarkdown(STATUS_LABEL[status] ?? status) +
        (a.author ? ` by ${escapeMarkdown(a.author)}` : '') +
        (a.updated ? ` (${escapeMarkdown(a.updated.slice(0, 10))})` : ''),
    ),
    fact('Note', a.note && escapeParagraph(a.note)),
    fact('Sources', a.sources?.length ? sourceLinks(a.sources) : undefined),
  ].filter((l): l is string => l !== undefined);
  lines.push('', ...facts);
  const review = links?.review;
  if (review) {
    const actions = (['verified', 'disputed', 'false', 'unverifiable', 'unreviewed'] as const)
      .filter((s) => s !== status && review[s])
      .map((s) => `[${s === 'unreviewed' ? 'Mark unreviewed' : `Mark ${s}`}](${review[s]})`);
    if (actions.length) lines.push('', actions.join(' · '));
  }
  const more = [
    links?.addSource ? `[Add a source](${links.addSource})` : undefined,
    links?.addNote ? `[${a.note ? 'Edit the note' : 'Add a note'}](${links.addNote})` : undefined,
  ].filter((l) => l !== undefined);
  if (more.length) lines.push('', more.join(' · '));
  return lines.join('\n');
}

/**
 * The card of a relative time expression that is no claim ("last year", "this week"): its
 * resolution against the article's date, or how to give the article a date.
 */
export function renderRelativeTimeHover(phrase: string, resolved: ResolvedTime | undefined): string {
  return [
    `**Time** · “${escapeMarkdown(phrase)}”`,
    '',
    resolved
      ? escapeMarkdown(resolved.explanation[0]!.toUpperCase() + resolved.explanation.slice(1)) + '.'
      : 'Relative to the article’s date, which is not known: add `date:` to the front matter, a dateline, or set `geoAnnotator.articleDate`.',
  ].join('\n');
}

/** "2024-10-14 (front matter)". */
export function describeArticleDate(date: ArticleDate): string {
  return `${formatDate(date)} (${date.source})`;
}

/** The card of a manual note: its text and author. */
export function renderNoteHover(a: Annotation): string {
  const by = a.author ? ` · ${escapeMarkdown(a.author)}` : '';
  const when = a.updated ? ` · ${escapeMarkdown(a.updated.slice(0, 10))}` : '';
  return [`**Note**${by}${when}`, '', a.note ? escapeParagraph(a.note) : '_(empty note)_'].join('\n');
}

/** The entity id prefix of names the engine found outside the glossary (`unlisted:person:...`). */
const UNLISTED_PREFIX = 'unlisted:';

/** The card of a name found by context that the glossary does not list. */
export function renderUnlistedHover(
  a: Annotation,
  context: Pick<HoverContext, 'mentionCount' | 'links'>,
): string {
  const what = (a.entity ?? '').slice(UNLISTED_PREFIX.length).split(':')[0] || a.kind;
  const lines = [
    `**${escapeMarkdown(a.text)}** · ${escapeMarkdown(a.kind)} · ${escapeMarkdown(what)}`,
    '',
    'Not in the glossary: recognised as a name from its context.',
  ];
  if (context.mentionCount !== undefined) {
    lines.push(
      '',
      `Mentioned ${context.mentionCount} ${context.mentionCount === 1 ? 'time' : 'times'} in this document.`,
    );
  }
  const refs: string[] = [];
  if (context.links?.findMentions) refs.push(`[Find all mentions](${context.links.findMentions})`);
  if (context.links?.addToGlossary)
    refs.push(`[Add to the workspace glossary](${context.links.addToGlossary})`);
  if (refs.length) lines.push('', refs.join(' · '));
  return lines.join('\n');
}

/**
 * The card of any annotation; an entity missing from the glossary says so. An unresolved merge
 * conflict comes first, with both versions and links that keep one.
 */
export function renderAnnotationHover(a: Annotation, context: HoverContext): string {
  let card: string;
  if (a.kind === 'claim') card = renderClaimHover(a, context.links, context.findings);
  else if (a.kind === 'note') card = renderNoteHover(a);
  else {
    const entry = a.entity !== undefined ? context.glossary.byId.get(a.entity) : undefined;
    card = entry
      ? renderEntityHover(entry, context)
      : a.entity?.startsWith(UNLISTED_PREFIX)
        ? renderUnlistedHover(a, context)
        : `**${escapeMarkdown(a.text)}** · ${escapeMarkdown(a.kind)}\n\nNo glossary entry has the id \`${(a.entity ?? '').replace(/`/g, '')}\`.`;
    if (a.origin === 'manual' && a.note) card += `\n\n**Note:** ${escapeParagraph(a.note)}`;
  }
  const conflict = renderConflict(a, context.links);
  // The conflict first: it needs a decision, and a long card would push it out of view.
  return conflict ? `${conflict}\n\n---\n\n${card}` : card;
}

/** Fields of a conflict version that say who and when, or where (shown as the quote only). */
const CONFLICT_META = new Set([
  'side',
  'deleted',
  'author',
  'updated',
  'orphaned',
  'start',
  'end',
  'prefix',
  'suffix',
]);

function conflictValue(field: string, value: unknown): string {
  if (value === undefined) return '_(none)_';
  if (field === 'status' && typeof value === 'string') return escapeMarkdown(STATUS_LABEL[value] ?? value);
  if (field === 'text' && typeof value === 'string') return `“${escapeMarkdown(value)}”`;
  if (field === 'note' && typeof value === 'string') return `“${escapeMarkdown(value)}”`;
  if (field === 'sources' && Array.isArray(value)) return sourceLinks(value as Source[]) || '_(none)_';
  if (field === 'claim' && value && typeof value === 'object')
    return escapeMarkdown(describeClaimValue(value as ClaimValue));
  if (field === 'hidden') return value ? 'removed' : 'shown';
  return escapeMarkdown(typeof value === 'string' ? value : JSON.stringify(value));
}

/** "2024-10-15 09:00 UTC" from an ISO time; other strings as they are. */
function conflictTime(updated: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(updated);
  return m ? `${m[1]} ${m[2]} UTC` : updated;
}

/**
 * The merge-conflict section of a card: which fields both sides changed, each side's version
 * with its author and time (or that it deleted the annotation), and links that keep one side.
 * Empty for an annotation without a conflict.
 */
export function renderConflict(a: Annotation, links?: HoverLinks): string {
  const versions = a.conflict ?? [];
  if (versions.length === 0) return '';
  const fields: string[] = [];
  for (const v of versions)
    for (const key of Object.keys(v)) if (!CONFLICT_META.has(key) && !fields.includes(key)) fields.push(key);
  const lines = [
    `**Merge conflict** · both sides changed ${fields.length ? fields.map(escapeMarkdown).join(', ') : 'this annotation'}`,
    '',
  ];
  const describe = (v: ConflictVersion): string => {
    const who = [v.author && escapeMarkdown(v.author), v.updated && escapeMarkdown(conflictTime(v.updated))]
      .filter(Boolean)
      .join(', ');
    const head = `- **${v.side === 'ours' ? 'Ours' : 'Theirs'}**${who ? ` (${who})` : ''}:`;
    if (v.deleted) return `${head} deleted it`;
    const record = v as Record<string, unknown>;
    const parts = fields.map((f) => `${escapeMarkdown(f)} ${conflictValue(f, record[f])}`);
    if (v.orphaned) parts.push('its text is no longer in the document');
    return `${head} ${parts.join('; ') || 'changed it'}`;
  };
  lines.push(...versions.map(describe));
  const actions = (['ours', 'theirs'] as const)
    .filter((side) => links?.resolveConflict?.[side] && versions.some((v) => v.side === side))
    .map((side) => `[Keep ${side}](${links!.resolveConflict![side]!})`);
  if (actions.length) lines.push('', actions.join(' · '));
  return lines.join('\n');
}
