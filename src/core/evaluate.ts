/**
 * Accuracy against gold spans, by the Scoring rules of the annotation guide: a prediction matches
 * a gold span when they overlap and their kinds agree (for gold spans flagged `either`, actor
 * and place both agree); each gold span and each prediction is matched at most once.
 */
import type { AnnotationKind, Span } from './types';

/** A gold span as in `NAME.gold.json`. */
export interface GoldSpan extends Span {
  text?: string;
  either?: boolean;
}

/** Counts and scores for one kind or overall. */
export interface Score {
  gold: number;
  predicted: number;
  matchedGold: number;
  matchedPredicted: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Scores per kind (actor, place, claim) and overall. */
export type Report = Record<'actor' | 'place' | 'claim' | 'overall', Score>;

const SCORED: readonly AnnotationKind[] = ['actor', 'place', 'claim'];

function kindsAgree(gold: GoldSpan, predicted: Span): boolean {
  if (gold.kind === predicted.kind) return true;
  return gold.either === true && (predicted.kind === 'actor' || predicted.kind === 'place');
}

/** The matched pairs between gold and predicted spans (indices), and what was missed. */
export interface Alignment {
  pairs: [number, number][];
  missedGold: number[];
  spuriousPredicted: number[];
}

/**
 * Aligns predictions with gold spans. Greedy in document order, preferring the candidate that
 * overlaps most; spans of one side do not overlap each other, so this finds the maximum matching.
 */
export function align(gold: readonly GoldSpan[], predicted: readonly Span[]): Alignment {
  const usedP = new Set<number>();
  const pairs: [number, number][] = [];
  const missedGold: number[] = [];
  gold.forEach((g, gi) => {
    let best = -1;
    let bestOverlap = 0;
    predicted.forEach((p, pi) => {
      if (usedP.has(pi) || !kindsAgree(g, p)) return;
      const overlap = Math.min(g.end, p.end) - Math.max(g.start, p.start);
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = pi;
      }
    });
    if (best >= 0) {
      usedP.add(best);
      pairs.push([gi, best]);
    } else missedGold.push(gi);
  });
  const spuriousPredicted = predicted.map((_, i) => i).filter((i) => !usedP.has(i));
  return { pairs, missedGold, spuriousPredicted };
}

function score(gold: number, predicted: number, matchedGold: number, matchedPredicted: number): Score {
  const precision = predicted === 0 ? (gold === 0 ? 1 : 0) : matchedPredicted / predicted;
  const recall = gold === 0 ? (predicted === 0 ? 1 : 0) : matchedGold / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { gold, predicted, matchedGold, matchedPredicted, precision, recall, f1 };
}

/** Scores one or more documents: pass every document's gold and predictions. */
export function evaluate(
  documents: readonly { gold: readonly GoldSpan[]; predicted: readonly Span[] }[],
): Report {
  const counts = Object.fromEntries(
    [...SCORED, 'overall'].map((k) => [k, { gold: 0, predicted: 0, mg: 0, mp: 0 }]),
  ) as Record<string, { gold: number; predicted: number; mg: number; mp: number }>;
  for (const doc of documents) {
    const predicted = doc.predicted.filter((p) => SCORED.includes(p.kind));
    const { pairs } = align(doc.gold, predicted);
    for (const g of doc.gold) counts[g.kind]!.gold++;
    for (const p of predicted) counts[p.kind]!.predicted++;
    for (const [gi, pi] of pairs) {
      counts[doc.gold[gi]!.kind]!.mg++;
      counts[predicted[pi]!.kind]!.mp++;
    }
    counts.overall!.gold += doc.gold.length;
    counts.overall!.predicted += predicted.length;
    counts.overall!.mg += pairs.length;
    counts.overall!.mp += pairs.length;
  }
  const out = {} as Report;
  for (const k of ['actor', 'place', 'claim', 'overall'] as const) {
    const c = counts[k]!;
    out[k] = score(c.gold, c.predicted, c.mg, c.mp);
  }
  return out;
}
