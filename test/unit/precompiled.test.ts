import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withGazetteer } from '../../src/core/gazetteer';
import {
  glossaryFromJson,
  loadGlossary,
  matcherCacheFromBytes,
  serializeGlossary,
} from '../../src/core/glossary';
import {
  compileMatcher,
  compileMatcherCache,
  matcherCacheId,
  precompiledMatcher,
} from '../../src/core/matcher';
import type { Glossary, Mention } from '../../src/core/types';
import {
  bundledGlossaryMerged,
  bundledGlossarySources,
  compiledBundledMatcherPath,
  loadBundledGazetteer,
  precompileBundledMatcher,
} from '../../src/node/files';

const found = (mentions: Mention[]) => mentions.map((m) => `${m.start}-${m.end} ${m.kind} ${m.entity}`);

function oneEntry(id: string, name: string): Glossary {
  return loadGlossary([
    {
      file: `${id}.yaml`,
      text: `- id: ${id}\n  kind: actor\n  type: person\n  name: ${name}\n`,
      bundled: true,
    },
  ]);
}

describe('the precompiled matcher of the bundled glossary (compileMatcherCache)', () => {
  const full = withGazetteer(loadGlossary(bundledGlossarySources()), loadBundledGazetteer());
  const cache = compileMatcherCache(full.entries);

  it('finds exactly what the compiled matcher finds', () => {
    const back = glossaryFromJson(serializeGlossary(full, cache), cache);
    assert.deepEqual(back.entries, full.entries);
    // Every surface once (the lower-case starts such as "al-Qaeda" too), then the sample article.
    const surfaces = full.entries.flatMap((e) => [e.name, ...e.aliases, ...e.demonyms]);
    assert.ok(surfaces.some((s) => /^[a-z]/.test(s)));
    const text = `${surfaces.join(' and ')}.\n\n${fs.readFileSync(path.join('samples', 'beirut-strikes.md'), 'utf8')}`;
    const fresh = compileMatcher(full.entries);
    const loaded = compileMatcher(back.entries);
    assert.ok(precompiledMatcher(back.entries), 'loaded, not compiled');
    assert.equal(loaded.surfaceCount, fresh.surfaceCount);
    const expected = found(fresh.scan(text));
    assert.ok(expected.length > surfaces.length / 2);
    assert.deepEqual(found(loaded.scan(text)), expected);
    // A range scanned alone, after the first scan laid the trie out.
    assert.deepEqual(
      found(loaded.scanWithin(text, 0, 5000, 100, 4000)),
      found(fresh.scanWithin(text, 0, 5000, 100, 4000)),
    );
  });

  it('goes with a prebuilt glossary written in ASCII (non-ASCII escaped), which reads back the same', () => {
    const json = serializeGlossary(full, cache);
    assert.match(json, /^[\x20-\x7e]*$/);
    assert.ok(json.includes('\\u00e9'), 'an escaped é');
    assert.ok(full.entries.some((e) => e.name.includes('\u00e9')));
    assert.deepEqual(glossaryFromJson(json).entries, full.entries);
  });

  it('is written beside the prebuilt glossary by the build step, and loaded with it', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'geo-precompiled-'));
    const dir = path.join(root, 'media', 'glossary');
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(path.join(root, 'dist'));
    const compiled = path.join(root, 'dist', 'glossary-bundled.json');
    fs.writeFileSync(compiled, serializeGlossary(oneEntry('a', 'Ann Example')));
    precompileBundledMatcher(compiled);
    const bin = compiledBundledMatcherPath(compiled);
    assert.equal(path.basename(bin), 'glossary-bundled.matcher.bin');
    const noted = (JSON.parse(fs.readFileSync(compiled, 'utf8')) as { matcher?: number }).matcher;
    assert.equal(noted, matcherCacheId(matcherCacheFromBytes(fs.readFileSync(bin))!));
    const glossary = bundledGlossaryMerged(dir, compiled)!;
    assert.deepEqual(found(compileMatcher(glossary.entries).scan('Ann Example said.')), ['0-11 actor a']);
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe('when a precompiled matcher is used', () => {
  // Two glossaries of the same size (one name of five letters each).
  const alpha = oneEntry('alpha', 'Alpha');
  const bravo = oneEntry('bravo', 'Bravo');
  const alphaCache = compileMatcherCache(alpha.entries);
  const scan = (g: Glossary) => found(compileMatcher(g.entries).scan('Alpha and Bravo'));

  it('loads the one the glossary notes, instead of compiling the names', () => {
    const glossary = glossaryFromJson(serializeGlossary(alpha, alphaCache), alphaCache);
    assert.ok(precompiledMatcher(glossary.entries));
    assert.deepEqual(scan(glossary), ['0-5 actor alpha']);
    assert.ok(precompiledMatcher(glossary.entries), 'it fitted');
  });

  it('compiles when its trie does not lead to the names of the glossary', () => {
    // Alpha's matcher noted in Bravo's glossary: the same number of surfaces and code units.
    const json = JSON.stringify({
      ...(JSON.parse(serializeGlossary(bravo)) as object),
      matcher: matcherCacheId(alphaCache),
    });
    const glossary = glossaryFromJson(json, alphaCache);
    assert.deepEqual(scan(glossary), ['10-15 actor bravo']);
    assert.ok(!precompiledMatcher(glossary.entries));
  });

  it('compiles when the glossary notes another one or none', () => {
    assert.deepEqual(scan(glossaryFromJson(serializeGlossary(bravo), alphaCache)), ['10-15 actor bravo']);
    const other = compileMatcherCache(oneEntry('charlie', 'Charlie').entries);
    assert.deepEqual(scan(glossaryFromJson(serializeGlossary(bravo, other), alphaCache)), [
      '10-15 actor bravo',
    ]);
  });

  it('compiles when the precompiled matcher does not fit the entries or is damaged', () => {
    const json = (cache: Int32Array) =>
      JSON.stringify({ ...(JSON.parse(serializeGlossary(bravo)) as object), matcher: matcherCacheId(cache) });
    // Another number of surfaces.
    const two = loadGlossary([
      {
        file: 'two.yaml',
        text: '- id: bravo\n  kind: actor\n  type: person\n  name: Bravo\n  aliases: [Bravissimo]\n',
        bundled: true,
      },
    ]);
    const twoCache = compileMatcherCache(two.entries);
    assert.deepEqual(scan(glossaryFromJson(json(twoCache), twoCache)), ['10-15 actor bravo']);
    // Cut short.
    const short = alphaCache.slice(0, alphaCache.length - 1);
    const glossary = glossaryFromJson(json(alphaCache), short);
    assert.deepEqual(scan(glossary), ['10-15 actor bravo']);
    assert.ok(!precompiledMatcher(glossary.entries), 'let go once it does not fit');
    // A trie that does not lead to the surfaces' lists (laid out by other code).
    const damaged = alphaCache.slice();
    damaged.fill(-7, damaged.length - 8);
    const fromDamaged = glossaryFromJson(json(alphaCache), damaged);
    assert.deepEqual(scan(fromDamaged), ['10-15 actor bravo']);
    assert.ok(!precompiledMatcher(fromDamaged.entries));
    // Written by another version of the code, or on a machine of the other byte order.
    for (const word of [0, 1]) {
      const other = alphaCache.slice();
      other[word] = other[word]! + 1;
      assert.equal(matcherCacheId(other), undefined);
      assert.deepEqual(scan(glossaryFromJson(json(alphaCache), other)), ['10-15 actor bravo']);
    }
  });

  it('reads the file as a view of its bytes, or a copy when they are not aligned', () => {
    const bytes = new Uint8Array(alphaCache.buffer.slice(0));
    assert.equal(matcherCacheFromBytes(bytes)!.buffer, bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    assert.deepEqual(matcherCacheFromBytes(shifted.subarray(1)), alphaCache);
    assert.equal(matcherCacheFromBytes(bytes.subarray(0, 5)), undefined);
  });
});
