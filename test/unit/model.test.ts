import { strict as assert } from 'node:assert';
import { createEngine, findSpans, toAnnotations } from '../../src/core/annotate';
import { proseRanges } from '../../src/core/markdown';
import type { TextEdit } from '../../src/core/edits';
import { touchedRegion } from '../../src/core/edits';
import {
  annotationsAt,
  mergeAnnotations,
  paragraphEnd,
  paragraphStart,
  scanText,
  shiftScanState,
  updateScan,
  visibleAnnotations,
} from '../../src/core/model';
import type { Annotation } from '../../src/core/types';
import { testGlossary } from './helpers';

const engine = createEngine(testGlossary(), { unlistedNames: false });

const ARTICLE = [
  '# Strikes near Beirut',
  '',
  'Israel said it carried out approximately 40 strikes on Hezbollah sites.',
  '',
  'Iran condemned the strikes. Hezbollah said 12 fighters were killed.',
  '',
  '```',
  'Hezbollah in code is not prose',
  '```',
  '',
  'The UN called for calm in Lebanon.',
].join('\n');

function apply(text: string, edits: readonly TextEdit[]): string {
  return edits.reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

const spansOf = (result: ReturnType<typeof scanText>) =>
  result.state.spans.map((s) => `${s.kind}:${s.start}-${s.end}`);

describe('model: the live document', () => {
  describe('incremental scans', () => {
    it('finds paragraph boundaries', () => {
      const second = ARTICLE.indexOf('Israel said');
      assert.equal(paragraphStart(ARTICLE, second + 10), second);
      assert.equal(paragraphEnd(ARTICLE, second + 10), ARTICLE.indexOf('\n\nIran'));
      assert.equal(paragraphStart(ARTICLE, 3), 0);
      assert.equal(paragraphEnd(ARTICLE, ARTICLE.length - 3), ARTICLE.length);
    });

    it('re-scans only the edited paragraph and agrees with a full scan', () => {
      const before = scanText(engine, ARTICLE, 'markdown');
      const at = ARTICLE.indexOf('Iran condemned');
      const edits = [{ start: at, end: at, text: 'Iraq and ' }];
      const text = apply(ARTICLE, edits);
      const incremental = scanText(
        engine,
        text,
        'markdown',
        shiftScanState(before.state, edits),
        touchedRegion(undefined, edits),
      );
      assert.equal(incremental.incremental, true);
      assert.ok(
        incremental.window.end - incremental.window.start < text.length / 2,
        'a window, not the whole text',
      );
      assert.deepEqual(spansOf(incremental), spansOf(scanText(engine, text, 'markdown')));
      assert.ok(
        incremental.state.spans.some((s) => s.kind === 'actor' && text.slice(s.start, s.end) === 'Iraq'),
      );
    });

    it('falls back to a full scan when an edit changes what is prose elsewhere', () => {
      const before = scanText(engine, ARTICLE, 'markdown');
      const at = ARTICLE.indexOf('Iran condemned');
      const edits = [{ start: at, end: at, text: '```\n' }];
      const text = apply(ARTICLE, edits);
      const result = scanText(
        engine,
        text,
        'markdown',
        shiftScanState(before.state, edits),
        touchedRegion(undefined, edits),
      );
      assert.equal(result.incremental, false);
      assert.deepEqual(spansOf(result), spansOf(scanText(engine, text, 'markdown')));
    });

    it('agrees with full scans over random typing', () => {
      let seed = 7;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % n;
      };
      const words = ['Hezbollah ', 'Iran', ' 40 ', 'x', '\n\n', '', 'the UN ', '`', 'Lebanon'];
      let text = ARTICLE;
      let state = scanText(engine, text, 'markdown').state;
      for (let step = 0; step < 300; step++) {
        const start = random(text.length + 1);
        const edit = {
          start,
          end: Math.min(text.length, start + random(4)),
          text: words[random(words.length)]!,
        };
        text = apply(text, [edit]);
        const result = scanText(
          engine,
          text,
          'markdown',
          shiftScanState(state, [edit]),
          touchedRegion(undefined, [edit]),
        );
        assert.deepEqual(spansOf(result), spansOf(scanText(engine, text, 'markdown')), `step ${step}`);
        state = result.state;
      }
    });

    it('updateScan: an incremental state through batches of edits equals full scans (names on)', () => {
      const named = createEngine(testGlossary());
      let seed = 11;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % n;
      };
      const words = [
        'Hezbollah ',
        'Iran',
        ' 40 ',
        'x',
        '\n\n',
        '',
        'the UN ',
        '`',
        'Lebanon',
        'group Al-Foo ',
      ];
      let text = ARTICLE;
      let { state, scan } = updateScan(undefined, named, text, 'markdown', []);
      assert.deepEqual(scan.spans, findSpans(named, text, 'markdown'));
      for (let step = 0; step < 200; step++) {
        // One debounced scan takes the content changes of several events, in order.
        const pending: TextEdit[] = [];
        for (let n = 1 + random(3); n > 0; n--) {
          const start = random(text.length + 1);
          const edit = {
            start,
            end: Math.min(text.length, start + random(4)),
            text: words[random(words.length)]!,
          };
          text = apply(text, [edit]);
          pending.push(edit);
        }
        const before = state;
        ({ state, scan } = updateScan(state, named, text, 'markdown', pending));
        assert.equal(state, before, 'the same state, updated in place');
        assert.deepEqual(scan.spans, findSpans(named, text, 'markdown'), `step ${step}`);
        const prose = proseRanges(text, 'markdown').map(([start, end]) => ({ start, end }));
        assert.deepEqual(scan.prose, prose, `prose at step ${step}`);
      }
    });

    it('updateScan: a new state for another engine or language', () => {
      const first = updateScan(undefined, engine, ARTICLE, 'markdown', []);
      const other = createEngine(testGlossary(), { unlistedNames: false });
      const second = updateScan(first.state, other, ARTICLE, 'markdown', []);
      assert.notEqual(second.state, first.state);
      assert.equal(second.state.engine, other);
      const third = updateScan(second.state, other, ARTICLE, 'plaintext', []);
      assert.notEqual(third.state, second.state);
      assert.deepEqual(third.scan.spans, findSpans(other, ARTICLE, 'plaintext'));
      assert.deepEqual(third.scan.prose, [{ start: 0, end: ARTICLE.length }]);
    });
  });

  describe('merging auto annotations with personal work', () => {
    const text = ARTICLE;
    const auto = toAnnotations(text, scanText(engine, text, 'markdown').state.spans);
    const claim40 = auto.find((a) => a.kind === 'claim' && a.text.includes('40'))!;
    const hezbollah = auto.find((a) => a.entity === 'hezbollah')!;

    it('puts a claim review on the fresh claim at the same range', () => {
      const review: Annotation = { ...claim40, status: 'disputed', note: 'n', author: 'a', updated: 'u' };
      const merged = mergeAnnotations(auto, [review]);
      const claim = merged.find((a) => a.id === claim40.id)!;
      assert.equal(claim.status, 'disputed');
      assert.equal(claim.note, 'n');
      assert.equal(merged.length, auto.length);
    });

    it('carries a merge conflict of a review onto the fresh claim', () => {
      const conflict: Annotation['conflict'] = [
        { side: 'ours', status: 'verified', author: 'Ana' },
        { side: 'theirs', status: 'false', author: 'Ben' },
      ];
      const merged = mergeAnnotations(auto, [{ ...claim40, status: 'verified', conflict }]);
      assert.deepEqual(merged.find((a) => a.id === claim40.id)!.conflict, conflict);
    });

    it('moves a review to the overlapping fresh claim when the claim grew', () => {
      const review: Annotation = { ...claim40, id: 'old', start: claim40.start + 2, status: 'verified' };
      const merged = mergeAnnotations(auto, [review]);
      assert.equal(merged.find((a) => a.id === claim40.id)!.status, 'verified');
      assert.equal(merged.length, auto.length);
    });

    it('lets a manual annotation replace the auto one on the same range', () => {
      const manual: Annotation = { ...hezbollah, id: 'm-1', origin: 'manual', entity: 'iran' };
      const merged = mergeAnnotations(auto, [manual]);
      const here = merged.filter((a) => a.start === hezbollah.start);
      assert.deepEqual(
        here.map((a) => a.id),
        ['m-1'],
      );
    });

    it('hides an auto annotation the user removed, and keeps the record', () => {
      const hidden: Annotation = { ...hezbollah, id: 'h-1', origin: 'manual', hidden: true };
      const merged = mergeAnnotations(auto, [hidden]);
      assert.ok(!merged.some((a) => a.id === hezbollah.id));
      assert.ok(merged.some((a) => a.id === 'h-1'));
      assert.ok(!visibleAnnotations(merged).some((a) => a.start === hezbollah.start && a.kind === 'actor'));
    });

    it('keeps orphans and notes, and sorts by start', () => {
      const note: Annotation = { ...hezbollah, id: 'm-note', kind: 'note', origin: 'manual', note: 'x' };
      delete note.entity;
      const orphan: Annotation = {
        ...claim40,
        id: 'o-1',
        origin: 'manual',
        orphaned: true,
        start: 0,
        end: 0,
      };
      const merged = mergeAnnotations(auto, [note, orphan]);
      assert.ok(merged.some((a) => a.id === 'm-note'));
      assert.equal(merged[0]!.id, 'o-1');
      for (let i = 1; i < merged.length; i++) assert.ok(merged[i - 1]!.start <= merged[i]!.start);
      assert.ok(!visibleAnnotations(merged).some((a) => a.id === 'o-1'));
    });

    it('keeps ids unique', () => {
      const stray: Annotation = { ...claim40, start: 0, end: 5, text: '# Str', status: 'false' };
      const merged = mergeAnnotations(auto, [stray]);
      assert.equal(new Set(merged.map((a) => a.id)).size, merged.length);
    });

    it('finds the annotations at an offset, innermost first', () => {
      const note: Annotation = {
        ...claim40,
        id: 'm-wide',
        kind: 'note',
        origin: 'manual',
        start: claim40.start - 5,
        end: claim40.end + 5,
      };
      const hits = annotationsAt(mergeAnnotations(auto, [note]), claim40.start + 1);
      assert.deepEqual(
        hits.map((a) => a.id),
        [claim40.id, 'm-wide'],
      );
    });
  });
});
