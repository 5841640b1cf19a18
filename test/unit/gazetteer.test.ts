import { strict as assert } from 'node:assert';
import type { GazetteerData } from '../../src/core/gazetteer';
import { gazetteerEntries, withGazetteer } from '../../src/core/gazetteer';
import { glossaryFromJson, loadGlossary, serializeGlossary } from '../../src/core/glossary';
import { compileMatcher } from '../../src/core/matcher';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundledGlossaryMerged, bundledGlossarySources, loadBundledGazetteer } from '../../src/node/files';
import { testGlossary } from './helpers';

/** A small gazetteer in the format of media/gazetteer.json. */
function data(): GazetteerData {
  return {
    source: 'test',
    generated: '2025-01-01',
    countries: [
      ['DK', 'Denmark', ['Kingdom of Denmark'], ['Danish'], 'Copenhagen', 56, 10, 1],
      ['GL', 'Greenland', [], ['Greenlandic'], 'Nuuk', 72, -40, 0],
      ['LB', 'Lebanon', ['Lebanese Republic'], ['Lebanese'], 'Beirut', 33.83, 35.83, 1],
      ['US', 'United States', ['United States of America'], ['American'], 'Washington D.C.', 38, -97, 1],
      // "Iranian" is the curated Iran's demonym: dropped here, the rest kept.
      ['XX', 'Testland', [], ['Iranian', 'Testlander', 'Testlanders'], 'Testville', 1, 2, 1],
    ],
    places: [
      [2618425, 'Copenhagen', [], 'DK', 'capital', 55.67594, 12.56553, 1153615],
      [266045, 'Zahlé', ['Zahle'], 'LB', 'city', 33.84675, 35.90203, 78145],
      [278913, 'Kfar Kila', [], 'LB', 'town', 33.28, 35.56, 0],
      // Already in the glossary by name, and by alias: skipped.
      [112931, 'Tehran', [], 'IR', 'capital', 35.69439, 51.42151, 7153309],
      [71137, "Sana'a", [], 'YE', 'capital', 15.35472, 44.20667, 1937451],
      // A lower-population place whose name a bigger one already took: skipped.
      [999, 'Zahle', [], 'LB', 'town', 33.9, 35.9, 100],
    ],
    regions: [
      ['Europe', [], 'region', ''],
      ['Atlantic Ocean', ['Atlantic'], 'water', ''],
      ['Delaware', [], 'region', 'US'],
    ],
  };
}

describe('gazetteer', () => {
  const glossary = testGlossary();

  it('generates countries, places and regions with their ids, kinds and summaries', () => {
    const entries = gazetteerEntries(data(), glossary);
    const byId = new Map(entries.map((e) => [e.id, e]));
    assert.deepEqual(
      entries.map((e) => e.id),
      [
        'country-dk',
        'country-gl',
        'country-xx',
        'gn-2618425',
        'gn-266045',
        'gn-278913',
        'region-europe',
        'water-atlantic-ocean',
        'region-us-delaware',
      ],
    );
    const denmark = byId.get('country-dk')!;
    assert.equal(denmark.kind, 'actor');
    assert.equal(denmark.type, 'state');
    assert.deepEqual(denmark.aliases, ['Kingdom of Denmark']);
    assert.deepEqual(denmark.demonyms, ['Danish']);
    assert.deepEqual(denmark.coordinates, [56, 10]);
    assert.match(denmark.summary!, /capital: Copenhagen/);
    const greenland = byId.get('country-gl')!;
    assert.equal(greenland.kind, 'place');
    assert.equal(greenland.type, 'territory');
    const zahle = byId.get('gn-266045')!;
    assert.equal(zahle.kind, 'place');
    assert.equal(zahle.type, 'city');
    assert.equal(zahle.geonames, 266045);
    assert.deepEqual(zahle.coordinates, [33.84675, 35.90203]);
    assert.deepEqual(zahle.aliases, ['Zahle']);
    assert.equal(zahle.summary, 'City in Lebanon (GeoNames, population 78,145).');
    assert.equal(byId.get('gn-278913')!.summary, 'Town in Lebanon (GeoNames).');
    assert.deepEqual(zahle.origin, { file: 'gazetteer', line: 0, column: 0, bundled: true });
    assert.equal(byId.get('water-atlantic-ocean')!.type, 'water');
    assert.deepEqual(byId.get('water-atlantic-ocean')!.aliases, ['Atlantic']);
    assert.equal(byId.get('region-us-delaware')!.country, 'united-states');
  });

  it('skips whatever the glossary already names, in any case', () => {
    const entries = gazetteerEntries(data(), glossary);
    const names = entries.map((e) => e.name);
    assert.ok(!names.includes('Lebanon'), 'a country the glossary has');
    assert.ok(!names.includes('Tehran'), 'a city the glossary has by name');
    assert.ok(!names.includes("Sana'a"), 'a city the glossary has by alias');
    assert.deepEqual(entries.find((e) => e.id === 'country-xx')!.demonyms, ['Testlander', 'Testlanders']);
    const lower = testGlossary(`
- id: copenhagen-local
  kind: place
  name: COPENHAGEN
`);
    assert.ok(!gazetteerEntries(data(), lower).some((e) => e.name === 'Copenhagen'));
  });

  it('skips a place whose GeoNames id a curated entry has, whatever its name', () => {
    const curated = testGlossary(`
- id: zahle
  kind: place
  type: city
  name: Zahleh
  geonames: 266045
`);
    const entries = gazetteerEntries(data(), curated);
    assert.ok(!entries.some((e) => e.geonames === 266045));
  });

  it("links a city to the glossary's own country entry, else to the generated one", () => {
    const byId = new Map(gazetteerEntries(data(), glossary).map((e) => [e.id, e]));
    assert.equal(byId.get('gn-266045')!.country, 'lebanon');
    assert.equal(byId.get('gn-2618425')!.country, 'country-dk');
    // A capital can stand for its government ("Copenhagen said").
    assert.equal(byId.get('gn-2618425')!.metonymFor, 'country-dk');
    assert.equal(byId.get('gn-2618425')!.summary, 'Capital of Denmark (GeoNames, population 1,153,615).');
  });

  it('never reuses an id of the glossary', () => {
    const curated = testGlossary(`
- id: country-dk
  kind: place
  name: Something Else
`);
    const entries = gazetteerEntries(data(), curated);
    assert.ok(!entries.some((e) => e.id === 'country-dk'));
    assert.equal(entries.find((e) => e.name === 'Copenhagen')!.country, undefined);
  });

  it('appends the entries after the curated ones, updates byId and keeps the problems', () => {
    const broken = loadGlossary([{ file: 'broken.yaml', text: '- id: x\n  kind: place\n', bundled: false }]);
    assert.equal(broken.problems.length, 1);
    const merged = withGazetteer(broken, data());
    assert.equal(merged.problems, broken.problems);
    const full = withGazetteer(glossary, data());
    assert.deepEqual(full.entries.slice(0, glossary.entries.length), glossary.entries);
    assert.equal(full.entries.length, glossary.entries.length + 9);
    assert.equal(full.byId.get('gn-266045')!.name, 'Zahlé');
    assert.equal(full.byId.get('hezbollah'), glossary.byId.get('hezbollah'));
    assert.equal(glossary.byId.has('gn-266045'), false, 'the input glossary is not changed');
    assert.equal(withGazetteer(glossary, undefined), glossary, 'no gazetteer file: the glossary as it is');
  });

  it('compiles into the matcher and finds the places in a sentence', () => {
    const full = withGazetteer(glossary, data());
    const matcher = compileMatcher(full.entries);
    const text =
      'Strikes hit the northern village of Kfar Kila and Zahle, Danish officials said; ' +
      'Copenhagen said Denmark would send a ship to the Atlantic, and Hezbollah denied it.';
    const found = matcher.scan(text).map((m) => `${m.kind}:${text.slice(m.start, m.end)}=${m.entity}`);
    assert.deepEqual(found, [
      'place:Kfar Kila=gn-278913',
      'place:Zahle=gn-266045',
      'actor:Danish=country-dk',
      'actor:Copenhagen=gn-2618425',
      'actor:Denmark=country-dk',
      'place:Atlantic=water-atlantic-ocean',
      'actor:Hezbollah=hezbollah',
    ]);
  });

  it('ignores malformed rows instead of failing', () => {
    const bad = {
      source: 'x',
      generated: 'x',
      countries: [null, ['DK'], ['NO', 'Norway', 'not a list', null, '', 'x', 'y']],
      places: [null, [1], [2, 'Testplace', null, 'NO', 'town', 'x', 'y', 'z']],
    } as unknown as GazetteerData;
    const entries = gazetteerEntries(bad, glossary);
    assert.deepEqual(
      entries.map((e) => [e.id, e.country, e.coordinates]),
      [
        ['country-no', undefined, undefined],
        ['gn-2', 'country-no', undefined],
      ],
    );
  });

  describe('the bundled gazetteer', () => {
    const bundled = loadBundledGazetteer();
    const curated = loadGlossary(bundledGlossarySources());

    it('loads and adds entries with unique ids and resolvable countries', () => {
      assert.ok(bundled, 'media/gazetteer.json is there');
      const full = withGazetteer(curated, bundled);
      assert.equal(full.byId.size, full.entries.length, 'ids are unique');
      assert.ok(full.entries.length - curated.entries.length > 2000);
      for (const entry of full.entries.slice(curated.entries.length)) {
        if (entry.country) assert.ok(full.byId.has(entry.country), `${entry.id} -> ${entry.country}`);
        if (entry.metonymFor)
          assert.ok(full.byId.has(entry.metonymFor), `${entry.id} -> ${entry.metonymFor}`);
        assert.match(entry.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      }
    });

    it('finds countries, cities and regions that the curated glossary lacks', () => {
      const full = withGazetteer(curated, bundled!);
      const matcher = compileMatcher(full.entries);
      const text =
        'Envoys from Denmark, New Zealand and Belize met in Zahle and Copenhagen, far from Europe.';
      const found = matcher.scan(text).map((m) => text.slice(m.start, m.end));
      assert.deepEqual(found, ['Denmark', 'New Zealand', 'Belize', 'Zahle', 'Copenhagen', 'Europe']);
    });
  });
});

describe('the prebuilt bundled glossary (serializeGlossary / glossaryFromJson)', () => {
  const full = withGazetteer(loadGlossary(bundledGlossarySources()), loadBundledGazetteer());

  it('reads back exactly the glossary that was written: entries, order, ids and problems', () => {
    const back = glossaryFromJson(serializeGlossary(full));
    assert.deepEqual(back.entries, full.entries);
    assert.deepEqual([...back.byId.keys()], [...full.byId.keys()]);
    assert.equal(
      back.byId.get('hezbollah'),
      back.entries.find((e) => e.id === 'hezbollah'),
    );
    assert.deepEqual(back.problems, full.problems);
  });

  it('keeps problems and origins of a glossary with mistakes', () => {
    const broken = loadGlossary([
      {
        file: 'team.yaml',
        text: '- id: a\n  kind: actor\n  type: person\n  name: A\n  aliases: []\n- id: a\n',
        bundled: false,
      },
    ]);
    assert.ok(broken.problems.length > 0);
    const back = glossaryFromJson(serializeGlossary(broken));
    assert.deepEqual(back, broken);
  });

  it('refuses another format', () => {
    assert.throws(() => glossaryFromJson(JSON.stringify({ format: 'geo-annotator-glossary/1' })), /format/);
  });

  it('is loaded from dist/ only while no YAML file and not the gazetteer is newer', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'geo-prebuilt-'));
    const dir = path.join(root, 'media', 'glossary');
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(path.join(root, 'dist'));
    const yaml = path.join(dir, 'a.yaml');
    fs.writeFileSync(yaml, '- id: a\n  kind: actor\n  type: person\n  name: Ann Example\n');
    fs.writeFileSync(path.join(root, 'media', 'gazetteer.json'), '{"countries":[],"places":[]}');
    const compiled = path.join(root, 'dist', 'glossary-bundled.json');
    fs.writeFileSync(
      compiled,
      serializeGlossary(
        loadGlossary([{ file: 'a.yaml', text: fs.readFileSync(yaml, 'utf8'), bundled: true }]),
      ),
    );
    const past = new Date(Date.now() - 60_000);
    for (const f of [yaml, path.join(root, 'media', 'gazetteer.json')]) fs.utimesSync(f, past, past);
    assert.deepEqual(
      bundledGlossaryMerged(dir, compiled)?.entries.map((e) => e.name),
      ['Ann Example'],
    );
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(yaml, future, future);
    assert.equal(bundledGlossaryMerged(dir, compiled), undefined, 'a newer YAML file');
    fs.utimesSync(yaml, past, past);
    fs.utimesSync(path.join(root, 'media', 'gazetteer.json'), future, future);
    assert.equal(bundledGlossaryMerged(dir, compiled), undefined, 'a newer gazetteer');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
