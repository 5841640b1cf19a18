import { strict as assert } from 'node:assert';
import { scanClaims } from '../../src/core/claims';
import type { ClaimValue } from '../../src/core/types';

/**
 * Cases for the scanner's fast paths (numbers read without substrings, words looked up by hash,
 * the article "a" skipped by its next letter, hedges read backwards from the known word before a
 * number): each must read as the general rules do.
 */
function claims(text: string): Array<[string, ClaimValue]> {
  return scanClaims(text).map((s) => [text.slice(s.start, s.end), s.claim]);
}

describe('claims: reading edge cases', () => {
  it('reads decimals with thousands separators exactly as Number() does', () => {
    assert.deepEqual(claims('The fund holds $1,234.5678 in cash.'), [
      ['$1,234.5678', { type: 'money', value: 1234.5678, unit: 'USD' }],
    ]);
    assert.deepEqual(claims('Prices rose 0.1 percent.'), [
      ['0.1 percent', { type: 'percent', value: 0.1, unit: 'percent' }],
    ]);
    // More digits than a double holds exactly: read by Number(), then rounded.
    assert.deepEqual(claims('A 3.14159265358979323 km strip.'), [
      ['3.14159265358979323 km', { type: 'quantity', value: 3.141593, unit: 'km' }],
    ]);
  });

  it('finds number words, months and units in any case', () => {
    assert.deepEqual(claims('tHREE soldiers were hurt.'), [
      ['tHREE soldiers', { type: 'count', value: 3, unit: 'soldiers' }],
    ]);
    assert.deepEqual(claims('In about a DAY, a dozen people left; a few hundred stayed.'), [
      ['about a DAY', { type: 'duration', value: 1, hedge: 'about', unit: 'days' }],
      ['a dozen people', { type: 'count', value: 12, unit: 'people' }],
      ['a few hundred', { type: 'count', min: 200, max: 999, vague: true }],
    ]);
    assert.deepEqual(claims('It took a year and a half.'), [
      ['a year and a half', { type: 'duration', value: 1.5, unit: 'years' }],
    ]);
  });

  it('reads hedges with a dot and nouns with letters outside ASCII', () => {
    assert.deepEqual(claims('Some 40 café workers and approx. 30 others.'), [
      ['Some 40 café workers', { type: 'count', value: 40, hedge: 'some', unit: 'workers' }],
      ['approx. 30 others', { type: 'count', value: 30, hedge: 'approximately', unit: 'others' }],
    ]);
  });

  it('takes the longest hedge that ends before the number', () => {
    assert.deepEqual(claims('Just over 300 aid workers and a little more than 20 trucks.'), [
      ['Just over 300 aid workers', { type: 'count', value: 300, hedge: 'just over', unit: 'workers' }],
      [
        'a little more than 20 trucks',
        { type: 'count', value: 20, hedge: 'a little more than', unit: 'trucks' },
      ],
    ]);
  });
});
