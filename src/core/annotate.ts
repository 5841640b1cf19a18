/**
 * The annotation engine: text in, sorted non-overlapping spans out (entity mentions from the
 * glossary matcher, numeric claims from the claim scanner), Markdown-aware.
 */
import { scanClaims } from './claims';
import type { Range } from './markdown';
import { proseRanges } from './markdown';
import type { Matcher } from './matcher';
import { compileMatcher } from './matcher';
import type { NameMemory } from './names';
import { findUnlistedNames } from './names';
import { contextOf, fnv1a } from './text';
import type { Annotation, ClaimSpan, Glossary, Mention } from './types';

/** A glossary with its compiled matcher: built once, used for every document. */
export interface Engine {
  readonly glossary: Glossary;
  readonly matcher: Matcher;
  /** Also find people, places and bodies that the glossary does not list (default on). */
  readonly unlistedNames: boolean;
}

/** Compiles the matcher for a glossary. */
export function createEngine(glossary: Glossary, options: { unlistedNames?: boolean } = {}): Engine {
  return {
    glossary,
    matcher: compileMatcher(glossary.entries),
    unlistedNames: options.unlistedNames ?? true,
  };
}

/** A span found by the engine: an entity mention or a claim. */
export type FoundSpan = Mention | ClaimSpan;

/**
 * Finds every mention and claim in the prose of `text`, sorted by start, non-overlapping.
 * Where a claim and a mention overlap, the mention wins: a number inside a name ("Unit 8200")
 * is no claim, and a claim stops before a counted noun that is a name ("150 Palestinians").
 */
export function findSpans(engine: Engine, text: string, languageId: string, ranges?: Range[]): FoundSpan[] {
  const mentions: Mention[] = [];
  const claims: ClaimSpan[] = [];
  const prose = ranges ?? proseRanges(text, languageId);
  const listedByRange = prose.map(([start, end]) =>
    dropOperationNames(text, engine.matcher.scan(text, start, end)),
  );
  // Names found with a cue anywhere in the document are recognised everywhere: a first pass
  // fills the memory, the second uses it.
  const memory: NameMemory = new Map();
  if (engine.unlistedNames)
    prose.forEach(([start, end], k) => findUnlistedNames(text, start, end, listedByRange[k]!, memory));
  prose.forEach(([start, end], k) => {
    const listed = listedByRange[k]!;
    const unlisted = engine.unlistedNames ? findUnlistedNames(text, start, end, listed, memory) : [];
    mergeSorted(listed, unlisted, mentions);
    for (const claim of scanClaims(text, start, end)) claims.push(claim);
  });
  return mergeSpans(text, mentions, claims);
}

/** Operation names are not marked ("Operation Prosperity Guardian"): drops mentions inside them. */
function dropOperationNames(text: string, mentions: Mention[]): Mention[] {
  return mentions.filter(
    (m) => !/\bOperation(?:\s+\p{Lu}[\p{L}'’-]*)*\s+$/u.test(text.slice(Math.max(0, m.start - 60), m.start)),
  );
}

/** Appends the merge of two sorted, mutually non-overlapping mention lists to `out`. */
function mergeSorted(a: Mention[], b: Mention[], out: Mention[]): void {
  if (b.length === 0) {
    for (const x of a) out.push(x);
    return;
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // An unlisted name that swallows a listed mention ("Syrian Observatory for Human Rights") wins.
    if (i < a.length && j < b.length && a[i]!.start < b[j]!.end && b[j]!.start < a[i]!.end) i++;
    else if (j >= b.length || (i < a.length && a[i]!.start <= b[j]!.start)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
}

/** Merges sorted mentions and sorted claims, resolving overlaps in favour of mentions. */
export function mergeSpans(text: string, mentions: Mention[], claims: ClaimSpan[]): FoundSpan[] {
  const out: FoundSpan[] = [];
  let m = 0;
  for (const claim of claims) {
    while (m < mentions.length && mentions[m]!.end <= claim.start) out.push(mentions[m++]!);
    let end = claim.end;
    let start = claim.start;
    // A mention at the claim's start: the number inside a name ("Unit 8200") is no claim, but a
    // claim that runs on past the name keeps its rest when that holds digits ("US$50 million").
    if (m < mentions.length && mentions[m]!.start <= claim.start) {
      const mention = mentions[m]!;
      start = mention.end;
      while (start < end && /\s/.test(text[start]!)) start++;
      if (!/[0-9]/.test(text.slice(start, end))) continue;
      out.push(mention);
      m++;
    }
    if (m < mentions.length && mentions[m]!.start < end) {
      end = mentions[m]!.start;
      while (end > start && /[\s,;:(\-–]/.test(text[end - 1]!)) end--;
      if (end <= start) continue;
    }
    out.push(end === claim.end && start === claim.start ? claim : { ...claim, start, end });
  }
  while (m < mentions.length) out.push(mentions[m++]!);
  return out;
}

/**
 * Turns engine spans into auto annotations. Ids are stable across runs: the kind, the entity or
 * the quoted text, and the occurrence number of that pair in the document.
 */
export function toAnnotations(text: string, spans: readonly FoundSpan[]): Annotation[] {
  const seen = new Map<string, number>();
  return spans.map((span) => {
    const quote = text.slice(span.start, span.end);
    const key = span.kind === 'claim' ? `claim|${quote}` : `${span.kind}|${span.entity}|${quote}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const base: Annotation = {
      id: `${span.kind[0]}-${fnv1a(key)}-${n}`,
      kind: span.kind,
      start: span.start,
      end: span.end,
      text: quote,
      ...contextOf(text, span.start, span.end),
      origin: 'auto',
    };
    if (span.kind === 'claim') return { ...base, claim: span.claim, status: 'unreviewed' };
    return { ...base, entity: span.entity };
  });
}

/** Convenience: the auto annotations of a document. */
export function annotate(engine: Engine, text: string, languageId: string): Annotation[] {
  return toAnnotations(text, findSpans(engine, text, languageId));
}
