/**
 * News-like text for measurements: the paragraphs of the samples/ articles (front matter
 * stripped) in a seeded shuffle, pass after pass, cut at `size` UTF-16 code units. Shared by the
 * benchmark (scripts/bench.ts) and the real-editor typing test (test/integration/typing.test.ts),
 * so that both measure the same text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function newsText(samplesDir: string, size: number, seed = 42): string {
  const paragraphs: string[] = [];
  for (const file of fs
    .readdirSync(samplesDir)
    .filter((f) => /\.(md|txt)$/.test(f))
    .sort()) {
    const text = fs
      .readFileSync(path.join(samplesDir, file), 'utf8')
      .replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
    for (const p of text.split(/\r?\n[ \t]*\r?\n/)) if (p.trim()) paragraphs.push(p.trim());
  }
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: string[] = [];
  let length = 0;
  while (length < size) {
    // A shuffled pass over all paragraphs, then the next.
    const order = paragraphs.map((_, k) => k);
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    for (const k of order) {
      out.push(paragraphs[k]!);
      length += paragraphs[k]!.length + 2;
      if (length >= size) break;
    }
  }
  return out.join('\n\n').slice(0, size);
}
