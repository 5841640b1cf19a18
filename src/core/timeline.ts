/**
 * Time in an article: its date (front matter `date:`, a dateline, or a setting) and the
 * resolution of relative expressions against it: "four decades ago" is about 1984 when the
 * article is dated 2024-10-14, "post-October 7" is 2023-10-07 and "last year" is 2023.
 */
import type { Annotation, ClaimValue } from './types';

/** A calendar date; month and day are 1-based and optional. */
export interface DateParts {
  year: number;
  month?: number;
  day?: number;
}

/** The article's date and where it was read from. */
export interface ArticleDate extends Required<Pick<DateParts, 'year'>> {
  month: number;
  day: number;
  source: 'front matter' | 'dateline' | 'setting';
}

/** A resolved point or span of time, with the reading shown to people. */
export interface ResolvedTime {
  /** Earliest and latest year the expression allows (equal for an exact year). */
  fromYear: number;
  toYear: number;
  /** The resolved date when it is exact to the day or month. */
  date?: DateParts;
  approximate: boolean;
  /** e.g. "about 1984, counted from the article's date 2024-10-14". */
  explanation: string;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ABBR = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\.?$/i;

function monthIndex(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const full = MONTHS.indexOf(w);
  if (full >= 0) return full + 1;
  if (MONTH_ABBR.test(w)) return MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3))) + 1;
  return undefined;
}

/** Formats a date as YYYY-MM-DD (or shorter when month or day are missing). */
export function formatDate(d: DateParts): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return d.month === undefined
    ? String(d.year)
    : d.day === undefined
      ? `${d.year}-${pad(d.month)}`
      : `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** Parses "2024-10-14", "14 October 2024", "October 14, 2024", "Oct. 14, 2024". */
export function parseDate(text: string): DateParts | undefined {
  const t = text.trim().replace(/^['"]|['"]$/g, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(t);
  if (m) return valid({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  m = /^(\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(t);
  if (m && monthIndex(m[2]!))
    return valid({ year: Number(m[3]), month: monthIndex(m[2]!)!, day: Number(m[1]) });
  m = /^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(t);
  if (m && monthIndex(m[1]!))
    return valid({ year: Number(m[3]), month: monthIndex(m[1]!)!, day: Number(m[2]) });
  return undefined;
}

function valid(d: Required<DateParts>): Required<DateParts> | undefined {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31 && d.year >= 1800 && d.year <= 2200
    ? d
    : undefined;
}

/** How much of an article's start is read for its date: front matter and dateline stand there. */
export const ARTICLE_HEAD = 1 << 16;

/**
 * Finds the article's date: a `date:` line in Markdown front matter, else a dateline near the top
 * ("BEIRUT, Oct 14 (Reuters) -", "14 October 2024"), else the fallback (a setting) when given.
 * Reads the first {@link ARTICLE_HEAD} characters.
 */
export function articleDate(whole: string, fallback?: string): ArticleDate | undefined {
  const text = whole.length > ARTICLE_HEAD ? whole.slice(0, ARTICLE_HEAD) : whole;
  const fm = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (fm) {
    const line = /^(?:date|published|pubDate|datePublished):\s*(.+)$/im.exec(fm[1]!);
    const d = line ? parseDate(line[1]!) : undefined;
    if (d?.month && d.day) return { year: d.year, month: d.month, day: d.day, source: 'front matter' };
  }
  const head = text.slice(fm ? fm[0].length : 0).slice(0, 600);
  const dateline =
    /(?:^|\n)[^\n]{0,80}?\b(\d{1,2}\s+[A-Z][a-z]+\.?,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})\b/.exec(
      head,
    ) ?? /(?:^|\n)\s*\d{4}-\d{2}-\d{2}\b/.exec(head);
  if (dateline) {
    const d = parseDate((dateline[1] ?? dateline[0]).trim());
    if (d?.month && d.day) return { year: d.year, month: d.month, day: d.day, source: 'dateline' };
  }
  if (fallback) {
    const d = parseDate(fallback);
    if (d?.month && d.day) return { year: d.year, month: d.month, day: d.day, source: 'setting' };
  }
  return undefined;
}

const UNIT_YEARS: Record<string, number> = {
  year: 1,
  years: 1,
  decade: 10,
  decades: 10,
  century: 100,
  centuries: 100,
  month: 1 / 12,
  months: 1 / 12,
  week: 7 / 365.25,
  weeks: 7 / 365.25,
  day: 1 / 365.25,
  days: 1 / 365.25,
};

function counted(from: ArticleDate): string {
  return `counted from the article's date ${formatDate(from)} (${from.source})`;
}

/**
 * Resolves a claim against the article's date: a duration followed by "ago" ("four decades ago"),
 * a day and month without a year ("September 27": the latest such day on or before the article's
 * date), a month without a year. Returns undefined when the claim is not about a point in time.
 */
export function resolveClaimTime(
  text: string,
  claim: Pick<Annotation, 'start' | 'end' | 'claim'>,
  date: ArticleDate,
): ResolvedTime | undefined {
  const value: ClaimValue | undefined = claim.claim;
  if (!value) return undefined;
  const after = text.slice(claim.end, claim.end + 12);
  if (
    value.type === 'duration' &&
    /^\s*(?:ago|earlier|before)\b/i.test(after) &&
    value.unit &&
    UNIT_YEARS[value.unit.toLowerCase()]
  ) {
    const perUnit = UNIT_YEARS[value.unit.toLowerCase()]!;
    const low = (value.min ?? value.value ?? 0) * perUnit;
    const high = (value.max ?? value.value ?? 0) * perUnit;
    const now = date.year + (date.month - 1) / 12;
    const hedge = value.hedge ?? '';
    let fromYear = Math.floor(now - high);
    let toYear = Math.floor(now - low);
    // "over/more than N ago" is earlier than N ago; "nearly/almost/less than N ago" is later.
    if (/^(over|more than|upwards of|just over)$/.test(hedge)) {
      fromYear = Math.floor(now - high * 1.5);
      toYear = Math.floor(now - low);
    } else if (/^(nearly|almost|less than|fewer than|under|just under|close to)$/.test(hedge)) {
      fromYear = Math.floor(now - high);
      toYear = Math.floor(now - low * 0.75);
    } else if (/^(about|around|approximately|roughly|some|an estimated)$/.test(hedge) || perUnit >= 10) {
      fromYear = Math.floor(now - high * 1.1);
      toYear = Math.floor(now - low * 0.9);
    }
    const centre = Math.floor(now - (low + high) / 2);
    const reading = /^(over|more than|upwards of|just over)$/.test(hedge)
      ? `${centre} or earlier`
      : /^(nearly|almost|less than|fewer than|under|just under|close to)$/.test(hedge)
        ? `${centre} or later`
        : fromYear === toYear
          ? `${fromYear}`
          : `about ${centre}`;
    return {
      fromYear,
      toYear,
      approximate: fromYear !== toYear,
      explanation: `${reading}, ${counted(date)}`,
    };
  }
  if (value.type === 'date' && value.date) {
    const d = value.date;
    if (d.year !== undefined) return undefined;
    if (d.month === undefined) return undefined;
    // The latest such day on or before the article's date.
    const day = d.day ?? 1;
    const sameYearLater = d.month > date.month || (d.month === date.month && day > date.day);
    const year = sameYearLater ? date.year - 1 : date.year;
    const resolved: DateParts = { year, month: d.month, ...(d.day !== undefined ? { day: d.day } : {}) };
    return {
      fromYear: year,
      toYear: year,
      date: resolved,
      approximate: false,
      explanation: `${formatDate(resolved)}, the latest such date ${counted(date)}`,
    };
  }
  return undefined;
}

/** A relative time expression that is not a claim ("last year", "this week", "yesterday"). */
export interface RelativeTime {
  start: number;
  end: number;
  resolved: ResolvedTime;
}

const RELATIVE =
  /\b(last|this|next|earlier this|later this)\s+(year|month|week)\b|\b(yesterday|today|tomorrow)\b/gi;

/** Finds and resolves relative time expressions in text[from, to), for hovers. */
export function findRelativeTimes(
  text: string,
  date: ArticleDate,
  from = 0,
  to = text.length,
): RelativeTime[] {
  const out: RelativeTime[] = [];
  RELATIVE.lastIndex = from;
  for (let m = RELATIVE.exec(text); m && m.index < to; m = RELATIVE.exec(text)) {
    const which = (m[1] ?? '').toLowerCase();
    const unit = (m[2] ?? '').toLowerCase();
    const word = (m[3] ?? '').toLowerCase();
    let resolved: ResolvedTime | undefined;
    if (unit === 'year') {
      const year = date.year + (which === 'last' ? -1 : which === 'next' ? 1 : 0);
      resolved = {
        fromYear: year,
        toYear: year,
        date: { year },
        approximate: false,
        explanation: `${year}, ${counted(date)}`,
      };
    } else if (unit === 'month') {
      const index = date.year * 12 + date.month - 1 + (which === 'last' ? -1 : which === 'next' ? 1 : 0);
      const d = { year: Math.floor(index / 12), month: (index % 12) + 1 };
      resolved = {
        fromYear: d.year,
        toYear: d.year,
        date: d,
        approximate: false,
        explanation: `${formatDate(d)}, ${counted(date)}`,
      };
    } else if (unit === 'week' || word) {
      const offsetDays =
        word === 'yesterday'
          ? -1
          : word === 'tomorrow'
            ? 1
            : which === 'last'
              ? -7
              : which === 'next'
                ? 7
                : 0;
      const t = new Date(Date.UTC(date.year, date.month - 1, date.day + offsetDays));
      const d = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
      const reading = unit === 'week' ? `the week of ${formatDate(d)}` : formatDate(d);
      resolved = {
        fromYear: d.year,
        toYear: d.year,
        date: d,
        approximate: unit === 'week',
        explanation: `${reading}, ${counted(date)}`,
      };
    }
    if (resolved) out.push({ start: m.index, end: m.index + m[0].length, resolved });
  }
  return out;
}
