import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { sha256Hex, sha256HexInJs, useHostSha256 } from '../../src/core/sha256';
import { seededRandom } from './helpers';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Text of every kind of UTF-16 unit: ASCII, two- and three-byte letters, pairs and lone surrogates. */
function randomText(length: number, random: (n: number) => number): string {
  const units = ['a', ' ', '\n', 'é', 'ع', '—', '😀', '\ud800', '\udfff', 'ש'];
  let out = '';
  while (out.length < length) out += units[random(units.length)]!;
  return out;
}

describe('sha256', () => {
  for (const text of [
    '',
    'abc',
    'Hezbollah’s “pagers” — Sana’a',
    '😀 surrogate pairs 𝔘',
    'lone \ud800 and \udfff surrogates',
    'x'.repeat(55),
    'x'.repeat(56),
    'y'.repeat(63),
    'y'.repeat(64),
    'z'.repeat(119),
    'z'.repeat(120),
    'z'.repeat(1000),
  ]) {
    it(`agrees with node:crypto on ${JSON.stringify(text.slice(0, 20))} (${text.length} chars)`, () => {
      assert.equal(sha256HexInJs(text), nodeSha256(text));
      assert.equal(sha256Hex(text), nodeSha256(text));
    });
  }

  it('agrees with node:crypto on random text of every length up to 300 and a long one', () => {
    const random = seededRandom(11);
    for (let n = 0; n <= 300; n++) {
      const text = randomText(n, random);
      assert.equal(sha256HexInJs(text), nodeSha256(text), `length ${n}`);
    }
    const long = randomText(200_000, random);
    assert.equal(sha256HexInJs(long), nodeSha256(long));
  });

  it("uses the host's SHA-256 when one is given, and its own again after", () => {
    const asked: string[] = [];
    useHostSha256((text) => {
      asked.push(text);
      return nodeSha256(text);
    });
    try {
      assert.equal(sha256Hex('abc'), nodeSha256('abc'));
      assert.deepEqual(asked, ['abc']);
    } finally {
      useHostSha256(undefined);
    }
    assert.equal(sha256Hex('abc'), nodeSha256('abc'));
    assert.deepEqual(asked, ['abc']);
  });
});
