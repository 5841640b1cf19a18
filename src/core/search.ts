/**
 * Fuzzy search over the glossary with fuse.js: typos and transliteration variants find the entry
 * ("hizbulla" finds Hezbollah).
 */
import Fuse from 'fuse.js';
import type { Entry, Glossary } from './types';

/** One search hit, best first. */
export interface SearchHit {
  entry: Entry;
  /** 0 is a perfect match, 1 no match (fuse.js's score). */
  score: number;
}

/** A search index built once per glossary. */
export interface GlossarySearch {
  search(query: string, limit?: number): SearchHit[];
}

/** Builds the fuzzy index over names, aliases, demonyms and ids (summaries weigh little). */
export function createGlossarySearch(glossary: Glossary): GlossarySearch {
  const fuse = new Fuse(glossary.entries, {
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4,
    keys: [
      { name: 'name', weight: 3 },
      { name: 'aliases', weight: 2 },
      { name: 'demonyms', weight: 1 },
      { name: 'id', weight: 1 },
      { name: 'summary', weight: 0.2 },
    ],
  });
  return {
    search(query, limit = 10) {
      const trimmed = query.trim();
      if (!trimmed) return [];
      return fuse.search(trimmed, { limit }).map((r) => ({ entry: r.item, score: r.score ?? 1 }));
    },
  };
}
