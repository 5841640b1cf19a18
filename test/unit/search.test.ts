import { strict as assert } from 'node:assert';
import { createGlossarySearch } from '../../src/core/search';
import { testGlossary } from './helpers';

describe('glossary search', () => {
  const search = createGlossarySearch(testGlossary());
  it('finds an entry from a misspelt transliteration', () => {
    assert.equal(search.search('hizbulla')[0]?.entry.id, 'hezbollah');
  });
  it('finds an entry by demonym and by alias', () => {
    assert.equal(search.search('Iranian')[0]?.entry.id, 'iran');
    assert.equal(search.search('ISIS')[0]?.entry.id, 'islamic-state');
  });
  it('returns nothing for an empty query and respects the limit', () => {
    assert.deepEqual(search.search('  '), []);
    assert.ok(search.search('a', 2).length <= 2);
  });
});
