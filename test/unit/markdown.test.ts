import { strict as assert } from 'node:assert';
import { excludedRanges, proseRanges } from '../../src/core/markdown';

function excluded(text: string, lang = 'markdown'): string[] {
  return excludedRanges(text, lang).map(([s, e]) => text.slice(s, e));
}

describe('markdown', () => {
  it('excludes front matter at the start of the file', () => {
    const text = '---\ntitle: Iran\ndate: 2024-10-14\n---\n# Iran\n';
    assert.deepEqual(excluded(text), ['---\ntitle: Iran\ndate: 2024-10-14\n---\n']);
  });

  it('excludes fenced code blocks with backticks or tildes, including an unclosed one', () => {
    const text = 'Iran\n```js\nIran 40\n```\nIsrael\n~~~~\ncode\n';
    assert.deepEqual(excluded(text), ['```js\nIran 40\n```', '~~~~\ncode\n']);
  });

  it('excludes inline code, link targets, autolinks, HTML tags and comments', () => {
    const text =
      'See `Iran 40` and [Hezbollah](https://x.org/Hezbollah_(group)) <b>Iran</b> <https://a.b> <!-- Iran -->';
    assert.deepEqual(excluded(text), [
      '`Iran 40`',
      '(https://x.org/Hezbollah_(group))',
      '<b>',
      '</b>',
      '<https://a.b>',
      '<!-- Iran -->',
    ]);
  });

  it('excludes a multi-line HTML comment', () => {
    assert.deepEqual(excluded('a <!-- x\ny\nz --> b'), ['<!-- x\ny\nz -->']);
  });

  it('excludes reference definitions, bare URLs and ordered-list numbers but keeps headings, lists and quotes as prose', () => {
    const text =
      '# Iran\n1. Israel struck\n> Iraq said\n[ref]: https://example.org\nSource: www.theguardian.com.\n';
    assert.deepEqual(excluded(text), ['1.', '[ref]: https://example.org', 'www.theguardian.com']);
  });

  it('treats plain text as prose except URLs', () => {
    const text = '```\nIran\n```\nhttps://example.org/Iran';
    assert.deepEqual(excluded(text, 'plaintext'), ['https://example.org/Iran']);
    assert.deepEqual(proseRanges('abc', 'plaintext'), [[0, 3]]);
  });

  it('returns prose ranges as the complement of excluded ranges', () => {
    const text = 'a `b` c';
    assert.deepEqual(proseRanges(text, 'markdown'), [
      [0, 2],
      [5, 7],
    ]);
  });
});
