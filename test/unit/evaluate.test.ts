import { strict as assert } from 'node:assert';
import { evaluate } from '../../src/core/evaluate';

describe('evaluate', () => {
  it('matches overlapping spans of the same kind and scores precision, recall and F1', () => {
    const gold = [
      { kind: 'actor' as const, start: 0, end: 9 },
      { kind: 'claim' as const, start: 20, end: 44 },
      { kind: 'place' as const, start: 50, end: 54 },
    ];
    const predicted = [
      { kind: 'actor' as const, start: 0, end: 9 },
      { kind: 'claim' as const, start: 34, end: 36 },
      { kind: 'actor' as const, start: 50, end: 54 },
      { kind: 'place' as const, start: 60, end: 64 },
    ];
    const r = evaluate([{ gold, predicted }]);
    assert.equal(r.overall.matchedGold, 2);
    assert.equal(r.overall.precision, 2 / 4);
    assert.equal(r.overall.recall, 2 / 3);
    assert.equal(r.claim.f1, 1);
    assert.equal(r.place.recall, 0);
  });

  it('accepts actor or place on a gold span flagged either', () => {
    const r = evaluate([
      {
        gold: [{ kind: 'place', start: 0, end: 4, either: true }],
        predicted: [{ kind: 'actor', start: 0, end: 4 }],
      },
    ]);
    assert.equal(r.overall.f1, 1);
    assert.equal(r.place.matchedGold, 1);
    assert.equal(r.actor.matchedPredicted, 1);
  });

  it('matches each gold span and each prediction at most once', () => {
    const r = evaluate([
      {
        gold: [{ kind: 'claim', start: 0, end: 20 }],
        predicted: [
          { kind: 'claim', start: 0, end: 5 },
          { kind: 'claim', start: 10, end: 20 },
        ],
      },
    ]);
    assert.equal(r.overall.matchedGold, 1);
    assert.equal(r.overall.precision, 0.5);
  });

  it('ignores notes in predictions', () => {
    const r = evaluate([{ gold: [], predicted: [{ kind: 'note', start: 0, end: 4 }] }]);
    assert.equal(r.overall.predicted, 0);
  });
});
