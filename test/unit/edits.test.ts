import { strict as assert } from 'node:assert';
import type { TextEdit } from '../../src/core/edits';
import { shiftAnnotations, shiftRange, shiftRanges } from '../../src/core/edits';
import { contextOf } from '../../src/core/text';
import type { Annotation } from '../../src/core/types';
import { seededRandom } from './helpers';

/** Applies edits the way the editor does: in order, each to the result of the previous one. */
function apply(text: string, edits: readonly TextEdit[]): string {
  return edits.reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

function annotation(text: string, quote: string, extra: Partial<Annotation> = {}): Annotation {
  const start = text.indexOf(quote);
  assert.ok(start >= 0, `"${quote}" not in the text`);
  const end = start + quote.length;
  return {
    id: `m-${start}`,
    kind: 'note',
    start,
    end,
    text: quote,
    ...contextOf(text, start, end),
    origin: 'manual',
    note: 'n',
    ...extra,
  };
}

const TEXT = 'Israel said Hezbollah fired 40 rockets at Haifa.';

describe('edits: annotations follow the text while the user types', () => {
  it('moves a range right when text is inserted before it', () => {
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 0, end: 0, text: 'Today ' }), {
      start: 18,
      end: 27,
      collapsed: false,
    });
  });

  it('moves a range left when text before it is deleted', () => {
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 0, end: 7, text: '' }), {
      start: 5,
      end: 14,
      collapsed: false,
    });
  });

  it('leaves a range alone when the edit is after it', () => {
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 30, end: 31, text: 'xyz' }), {
      start: 12,
      end: 21,
      collapsed: false,
    });
  });

  it('does not widen when typing at either edge', () => {
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 12, end: 12, text: 'pro-' }), {
      start: 16,
      end: 25,
      collapsed: false,
    });
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 21, end: 21, text: "'s" }), {
      start: 12,
      end: 21,
      collapsed: false,
    });
  });

  it('grows and shrinks with edits inside it', () => {
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 15, end: 15, text: 'xx' }), {
      start: 12,
      end: 23,
      collapsed: false,
    });
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 12, end: 15, text: 'Hiz' }), {
      start: 12,
      end: 21,
      collapsed: false,
    });
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 19, end: 21, text: '' }), {
      start: 12,
      end: 19,
      collapsed: false,
    });
  });

  it('keeps what is left when an edit overlaps one edge', () => {
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 10, end: 15, text: 'X' }), {
      start: 11,
      end: 17,
      collapsed: false,
    });
    assert.deepEqual(shiftRange({ start: 12, end: 21 }, { start: 18, end: 25, text: 'XY' }), {
      start: 12,
      end: 18,
      collapsed: false,
    });
  });

  it('collapses a range whose text is deleted or replaced whole', () => {
    assert.equal(shiftRange({ start: 12, end: 21 }, { start: 12, end: 21, text: '' }).collapsed, true);
    assert.equal(
      shiftRange({ start: 12, end: 21 }, { start: 5, end: 30, text: 'something else' }).collapsed,
      true,
    );
    assert.equal(shiftRange({ start: 12, end: 21 }, { start: 12, end: 21, text: 'Hamas' }).collapsed, true);
  });

  it('refreshes quote and context so that the text between the offsets stays the quote', () => {
    const a = annotation(TEXT, 'Hezbollah');
    const edits: TextEdit[] = [
      { start: 0, end: 0, text: 'On Monday, ' },
      {
        start: 'On Monday, Israel said Hezbollah fired '.length,
        end: 'On Monday, Israel said Hezbollah fired 40'.length,
        text: 'forty',
      },
    ];
    const after = apply(TEXT, edits);
    const [moved] = shiftAnnotations([a], edits, after).annotations;
    assert.equal(after.slice(moved!.start, moved!.end), 'Hezbollah');
    assert.equal(moved!.text, 'Hezbollah');
    assert.equal(moved!.prefix, 'On Monday, Israel said ');
    assert.equal(moved!.suffix, ' fired forty rockets at Haifa.');
  });

  it('flags an annotation orphaned when its sentence is deleted, keeping its last quote', () => {
    const text = 'First sentence about Gaza. Second sentence about Hezbollah. Third.';
    const a = annotation(text, 'Hezbollah', { note: 'check this' });
    const start = text.indexOf('Second');
    const edits = [{ start, end: text.indexOf('Third'), text: '' }];
    const result = shiftAnnotations([a], edits, apply(text, edits));
    assert.equal(result.orphaned.length, 1);
    const [orphan] = result.annotations;
    assert.equal(orphan!.orphaned, true);
    assert.equal(orphan!.text, 'Hezbollah');
    assert.equal(orphan!.note, 'check this');
    assert.equal(orphan!.start, start);
    assert.equal(orphan!.end, start);
  });

  it('keeps an orphan orphaned and only moves it along', () => {
    const orphan: Annotation = { ...annotation(TEXT, 'Haifa'), orphaned: true, start: 5, end: 5 };
    const result = shiftAnnotations([orphan], [{ start: 0, end: 0, text: 'abc' }], 'abc' + TEXT);
    assert.equal(result.orphaned.length, 0);
    assert.equal(result.annotations[0]!.start, 8);
    assert.equal(result.annotations[0]!.orphaned, true);
    assert.equal(result.annotations[0]!.text, 'Haifa');
  });

  it('applies the changes of one event in order, as VS Code reports multi-cursor edits', () => {
    const a = annotation(TEXT, 'Haifa');
    // Two cursors: the later position first, so offsets of the earlier one stay valid.
    const edits: TextEdit[] = [
      { start: TEXT.indexOf('rockets'), end: TEXT.indexOf('rockets'), text: 'Grad ' },
      { start: 0, end: 0, text: '> ' },
    ];
    const after = apply(TEXT, edits);
    const [moved] = shiftAnnotations([a], edits, after).annotations;
    assert.equal(after.slice(moved!.start, moved!.end), 'Haifa');
  });

  it('returns the same object for an annotation the edits did not touch', () => {
    const a = annotation(TEXT, 'Israel');
    const edit = { start: TEXT.length, end: TEXT.length, text: ' More.' };
    assert.equal(shiftAnnotations([a], [edit], TEXT + ' More.').annotations[0], a);
  });

  it('drops plain ranges whose text is gone and moves the rest', () => {
    const ranges = [
      { start: 0, end: 6 },
      { start: 12, end: 21 },
    ];
    assert.deepEqual(shiftRanges(ranges, [{ start: 0, end: 7, text: '' }]), [{ start: 5, end: 14 }]);
  });

  it('survives random edits: every surviving annotation still quotes its text', () => {
    const random = seededRandom(42);
    const base = 'Hezbollah and Israel traded fire near Kiryat Shmona as Iran watched from Tehran. '.repeat(
      5,
    );
    for (let run = 0; run < 200; run++) {
      let text = base;
      let annotations = ['Hezbollah', 'Israel', 'Kiryat Shmona', 'Tehran'].map((q, i) => ({
        ...annotation(text, q),
        id: `a${i}`,
      }));
      for (let step = 0; step < 10; step++) {
        const start = random(text.length + 1);
        const end = Math.min(text.length, start + random(6));
        const edit = { start, end, text: ['', 'x', ' ', 'the ', '\n\n'][random(5)]! };
        text = apply(text, [edit]);
        annotations = shiftAnnotations(annotations, [edit], text).annotations;
        for (const a of annotations) {
          if (a.orphaned) continue;
          assert.equal(text.slice(a.start, a.end), a.text, `run ${run}, step ${step}`);
          assert.ok(a.end > a.start);
        }
      }
      assert.equal(annotations.length, 4, 'none is lost');
    }
  });
});
