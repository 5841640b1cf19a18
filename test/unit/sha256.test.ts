import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src/core/sha256';

describe('sha256', () => {
  for (const text of [
    '',
    'abc',
    'Hezbollah’s “pagers” — Sana’a',
    '😀 surrogate pairs 𝔘',
    'x'.repeat(55),
    'y'.repeat(64),
    'z'.repeat(1000),
  ]) {
    it(`agrees with node:crypto on ${JSON.stringify(text.slice(0, 20))} (${text.length} chars)`, () => {
      assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'));
    });
  }
});
