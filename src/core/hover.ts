/**
 * Hover cards as Markdown text: pure functions from an annotation (and the glossary) to the card.
 * Every piece of user or glossary text is escaped, so a name, note or source title can never
 * inject links, HTML or formatting; links are built here from vetted URLs and command ids only.
 */
import type { Annotation, ClaimValue, Entry, Glossary, Source } from './types';

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
}

/** What a card knows beyond the annotation itself. */
export interface HoverContext {
  glossary: Glossary;
  /** How many times the entity is mentioned in this document. */
  mentionCount?: number;
  links?: HoverLinks;
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

/** The card of a claim: parsed value, type, hedge, unit, review status, note, sources. */
export function renderClaimHover(a: Annotation, links?: HoverLinks): string {
  const c = a.claim;
  const status = a.status ?? 'unreviewed';
  const lines: string[] = [];
  lines.push(
    `**Claim** · ${escapeMarkdown(c?.type ?? 'unknown')} · ${escapeMarkdown(STATUS_LABEL[status] ?? status)}`,
  );
  lines.push('', `“${escapeMarkdown(a.text)}”`);
  const facts = [
    fact('Value', c && escapeMarkdown(describeClaimValue(c)) + (c.vague ? ' (vague magnitude)' : '')),
    fact('Type', c && escapeMarkdown(c.type)),
    fact('Hedge', c?.hedge && escapeMarkdown(c.hedge)),
    fact('Unit', c?.unit && escapeMarkdown(c.unit)),
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
  return lines.join('\n');
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

/** The card of any annotation; an entity missing from the glossary says so. */
export function renderAnnotationHover(a: Annotation, context: HoverContext): string {
  if (a.kind === 'claim') return renderClaimHover(a, context.links);
  if (a.kind === 'note') return renderNoteHover(a);
  const entry = a.entity !== undefined ? context.glossary.byId.get(a.entity) : undefined;
  let card = entry
    ? renderEntityHover(entry, context)
    : a.entity?.startsWith(UNLISTED_PREFIX)
      ? renderUnlistedHover(a, context)
      : `**${escapeMarkdown(a.text)}** · ${escapeMarkdown(a.kind)}\n\nNo glossary entry has the id \`${(a.entity ?? '').replace(/`/g, '')}\`.`;
  if (a.origin === 'manual' && a.note) card += `\n\n**Note:** ${escapeParagraph(a.note)}`;
  return card;
}
