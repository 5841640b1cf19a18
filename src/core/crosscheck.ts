/**
 * The fact-checker's cross-checks: a claim against the glossary's facts about the entity it
 * speaks of ("Hezbollah, established ... over four decades ago" against founded 1982), and claims
 * of one article against each other (40 strikes, then 40 operations; two and a half weeks, then
 * three weeks).
 */
import type { ArticleDate, ResolvedTime } from './timeline';
import { resolveClaimTime } from './timeline';
import type { Annotation, ClaimValue, Entry, Glossary } from './types';

/** The verdict of one cross-check. */
export interface CrossCheck {
  /** The glossary entry the claim was checked against. */
  entity: string;
  /** The fact compared: founded, born, died. */
  fact: 'founded' | 'born' | 'died';
  /** The glossary's value, as written. */
  glossaryValue: string;
  /** true when the claim agrees within its hedge, false when it does not. */
  agrees: boolean;
  /** A sentence for the hover. */
  explanation: string;
}

/** Words that tie a time in a sentence to an entity's founding, birth or death. */
const FACT_CUES: [CrossCheck['fact'], RegExp][] = [
  ['founded', /\b(?:founded|established|formed|created|set up|emerged|launched|born out of)\b/i],
  ['born', /\b(?:born|aged|\d+-year-old)\b/i],
  ['died', /\b(?:killed|died|assassinated|death|slain)\b/i],
];

function yearOf(value: string | undefined): number | undefined {
  const m = value ? /\b(1[89]\d\d|20\d\d)\b/.exec(value) : null;
  return m ? Number(m[1]) : undefined;
}

/** The sentence around a range: from the last sentence end before it to the next one after. */
function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1]!)) s--;
  let e = end;
  while (e < text.length && !/[.!?\n]/.test(text[e]!)) e++;
  return { start: s, end: e };
}

/** The time a claim states, as a year range: explicit dates, or durations resolved against the article date. */
function claimYears(
  text: string,
  claim: Annotation,
  date: ArticleDate | undefined,
): ResolvedTime | undefined {
  const value = claim.claim;
  if (!value) return undefined;
  if (value.type === 'date' && value.date?.year !== undefined) {
    const y = value.date.year;
    return { fromYear: y, toYear: y, approximate: false, explanation: String(y) };
  }
  return date ? resolveClaimTime(text, claim, date) : undefined;
}

/**
 * Checks a claim against the facts of the entities mentioned before it in its sentence. An
 * entity's founding is compared when a founding word stands in the sentence; a person's birth or
 * death likewise. Ages ("a 45-year-old") are compared with the birth year.
 */
export function crossCheckClaim(
  text: string,
  claim: Annotation,
  annotations: readonly Annotation[],
  glossary: Glossary,
  date: ArticleDate | undefined,
): CrossCheck[] {
  if (claim.kind !== 'claim' || !claim.claim) return [];
  const sentence = sentenceAround(text, claim.start, claim.end);
  const words = text.slice(sentence.start, sentence.end);
  const entities = annotations
    .filter(
      (a) =>
        a.entity &&
        a.start >= sentence.start &&
        a.end <= claim.start &&
        (a.kind === 'actor' || a.kind === 'place'),
    )
    .map((a) => glossary.byId.get(a.entity!))
    .filter((e): e is Entry => e !== undefined);
  const out: CrossCheck[] = [];
  const seen = new Set<string>();
  for (const entry of entities.reverse()) {
    for (const [fact, cue] of FACT_CUES) {
      const stated = entry[fact];
      const year = yearOf(stated);
      if (year === undefined || !cue.test(words) || seen.has(`${entry.id}|${fact}`)) continue;
      const checked =
        fact === 'born' && claim.claim.type === 'age'
          ? ageYears(claim.claim, date)
          : claimYears(text, claim, date);
      if (!checked) continue;
      seen.add(`${entry.id}|${fact}`);
      const agrees = year >= checked.fromYear && year <= checked.toYear;
      const range =
        checked.fromYear === checked.toYear ? `${checked.fromYear}` : `${checked.fromYear}–${checked.toYear}`;
      out.push({
        entity: entry.id,
        fact,
        glossaryValue: stated!,
        agrees,
        explanation: `${agrees ? 'Agrees with' : 'Differs from'} the glossary: ${entry.name} ${fact} ${stated}; the claim puts it at ${checked.explanation}${checked.fromYear !== checked.toYear ? ` (${range})` : ''}.`,
      });
    }
  }
  return out;
}

function ageYears(value: ClaimValue, date: ArticleDate | undefined): ResolvedTime | undefined {
  if (!date || value.value === undefined) return undefined;
  const latest = date.year - value.value;
  return {
    fromYear: latest - 1,
    toYear: latest,
    approximate: true,
    explanation: `born ${latest - 1} or ${latest} (aged ${value.value})`,
  };
}

/** Counted nouns that name the same kind of event, so "40 strikes" and "40 operations" compare. */
const SYNONYMS: string[][] = [
  [
    'strike',
    'strikes',
    'airstrike',
    'airstrikes',
    'attack',
    'attacks',
    'operation',
    'operations',
    'raid',
    'raids',
    'assault',
    'assaults',
  ],
  ['rocket', 'rockets', 'missile', 'missiles', 'projectile', 'projectiles'],
  ['drone', 'drones', 'uav', 'uavs'],
  ['people', 'persons', 'civilians', 'residents'],
  ['killed', 'dead', 'deaths', 'fatalities'],
  ['soldier', 'soldiers', 'troops', 'servicemembers', 'personnel'],
];

function unitFamily(unit: string | undefined): string | undefined {
  if (!unit) return undefined;
  const u = unit.toLowerCase().split(/\s+/).pop()!;
  const family = SYNONYMS.find((f) => f.includes(u));
  return family ? family[0] : u.replace(/s$/, '');
}

const DAYS_PER: Record<string, number> = {
  day: 1,
  week: 7,
  month: 30.44,
  year: 365.25,
  decade: 3652.5,
  hour: 1 / 24,
};

function durationDays(value: ClaimValue): number | undefined {
  const unit = value.unit?.toLowerCase().replace(/s$/, '');
  if (!unit || value.value === undefined || DAYS_PER[unit] === undefined) return undefined;
  return value.value * DAYS_PER[unit]!;
}

/** Two claims of one article that state the same quantity, the same way or differently. */
export interface Consistency {
  a: string;
  b: string;
  relation: 'repeated' | 'differs';
  explanation: string;
}

/**
 * Points out claims of one document that state the same quantity twice: the same count of the
 * same kind of thing in other words (repeated), or durations and counts of one kind close to each
 * other but not equal (differs: "two and a half weeks", then "three weeks").
 */
export function consistencyChecks(text: string, claims: readonly Annotation[]): Consistency[] {
  const out: Consistency[] = [];
  const list = claims.filter((c) => c.kind === 'claim' && c.claim);
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!;
      const b = list[j]!;
      const va = a.claim!;
      const vb = b.claim!;
      if (va.type !== vb.type) continue;
      if (va.type === 'duration') {
        const da = durationDays(va);
        const db = durationDays(vb);
        if (
          da === undefined ||
          db === undefined ||
          /\bago\b/.test(text.slice(a.end, a.end + 6)) ||
          /\bago\b/.test(text.slice(b.end, b.end + 6))
        )
          continue;
        const ratio = Math.max(da, db) / Math.min(da, db);
        if (ratio === 1 && a.text !== b.text)
          out.push({
            a: a.id,
            b: b.id,
            relation: 'repeated',
            explanation: `"${a.text}" and "${b.text}" state the same duration.`,
          });
        else if (ratio > 1 && ratio <= 1.5)
          out.push({
            a: a.id,
            b: b.id,
            relation: 'differs',
            explanation: `"${a.text}" and "${b.text}" may describe the same period differently.`,
          });
      } else if (
        va.type === 'count' &&
        va.value !== undefined &&
        vb.value !== undefined &&
        !va.vague &&
        !vb.vague
      ) {
        const fa = unitFamily(va.unit);
        if (!fa || fa !== unitFamily(vb.unit)) continue;
        if (va.value === vb.value && a.text !== b.text) {
          out.push({
            a: a.id,
            b: b.id,
            relation: 'repeated',
            explanation: `"${a.text}" and "${b.text}" state the same count in other words.`,
          });
        } else if (
          va.value !== vb.value &&
          Math.max(va.value, vb.value) / Math.min(va.value, vb.value) <= 1.25
        ) {
          out.push({
            a: a.id,
            b: b.id,
            relation: 'differs',
            explanation: `"${a.text}" and "${b.text}" give different counts of the same kind of thing.`,
          });
        }
      }
    }
  }
  return out;
}
