import { strict as assert } from 'node:assert';
import { createEngine, findSpans, toAnnotations } from '../../src/core/annotate';
import type { TextEdit } from '../../src/core/edits';
import { shiftAnnotations } from '../../src/core/edits';
import {
  annotationsAt,
  countAnnotations,
  isLight,
  LiveDocument,
  LiveText,
  mergeAnnotations,
  visibleAnnotations,
} from '../../src/core/model';
import { isPersonalWork } from '../../src/core/sidecar';
import type { Annotation } from '../../src/core/types';
import { seededRandom, testGlossary } from './helpers';

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

describe('model: the live document', () => {
  describe('merging auto annotations with personal work', () => {
    const text = ARTICLE;
    const auto = toAnnotations(text, findSpans(engine, text, 'markdown'));
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

describe('model: merging at scale', () => {
  /** The merge as it was first written (a linear search per review, a full sort): the reference. */
  function referenceMerge(auto: readonly Annotation[], personal: readonly Annotation[]): Annotation[] {
    const key = (a: Annotation) => `${a.kind}|${a.start}|${a.end}`;
    const overlaps = (a: Annotation, b: Annotation) => a.start < b.end && b.start < a.end;
    const fresh = auto.map((a) => ({ ...a }));
    const byKey = new Map(fresh.map((f) => [key(f), f]));
    const claimed = new Set<Annotation>();
    const kept: Annotation[] = [];
    const hiding: Annotation[] = [];
    const sameTarget = (f: Annotation, p: Annotation) =>
      f.kind === p.kind && (p.entity === undefined || f.entity === p.entity);
    for (const p of personal) {
      if (p.orphaned) {
        kept.push({ ...p });
        continue;
      }
      if (p.origin === 'auto') {
        let match = byKey.get(key(p));
        if (match && claimed.has(match)) match = undefined;
        match ??= fresh.find((f) => !claimed.has(f) && sameTarget(f, p) && overlaps(f, p));
        if (match) {
          for (const k of ['status', 'note', 'sources', 'author', 'updated', 'conflict'] as const)
            if (p[k] !== undefined) (match as unknown as Record<string, unknown>)[k] = p[k];
          claimed.add(match);
          continue;
        }
      }
      if (p.hidden) hiding.push(p);
      kept.push({ ...p });
    }
    const manual = new Set(kept.filter((a) => a.origin === 'manual' && !a.orphaned && !a.hidden).map(key));
    const visible = fresh.filter(
      (f) =>
        !manual.has(key(f)) &&
        !hiding.some(
          (h) =>
            h.kind === f.kind &&
            (h.entity === undefined || h.entity === f.entity) &&
            (overlaps(h, f) || key(h) === key(f)),
        ),
    );
    const out = [...visible, ...kept];
    const ids = new Set<string>();
    for (const a of out) {
      let id = a.id;
      for (let n = 2; ids.has(id); n++) id = `${a.id}~${n}`;
      a.id = id;
      ids.add(id);
    }
    return out.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  it('gives what the reference merge gives, on random work over random articles', () => {
    const named = createEngine(testGlossary());
    const random = seededRandom(5);
    for (let round = 0; round < 60; round++) {
      const text = ARTICLE.repeat(1 + random(3));
      const auto = toAnnotations(text, findSpans(named, text, 'markdown'));
      const personal: Annotation[] = [];
      for (let n = random(8); n > 0; n--) {
        const base = auto[random(auto.length)]!;
        const start = Math.max(0, base.start + random(7) - 3);
        const end = Math.max(start, base.end + random(7) - 3);
        const kind = random(4) === 0 ? (['actor', 'place', 'claim', 'note'] as const)[random(4)]! : base.kind;
        const p: Annotation = { ...base, kind, start, end, id: random(3) === 0 ? base.id : `p-${n}` };
        switch (random(5)) {
          case 0:
            p.origin = 'manual';
            break;
          case 1:
            p.hidden = true;
            p.origin = random(2) ? 'manual' : 'auto';
            break;
          case 2:
            p.orphaned = true;
            p.end = p.start;
            break;
          default:
            p.status = 'verified';
            p.note = `n${n}`;
        }
        if (random(3) === 0) delete p.entity;
        personal.push(p);
      }
      // Unsorted input too: the general path.
      const inputs = random(4) === 0 ? [...auto].reverse() : auto;
      assert.deepEqual(
        mergeAnnotations(inputs, personal),
        referenceMerge(inputs, personal),
        `round ${round}`,
      );
    }
  });
});

describe('model: LiveDocument.build (the first scan in steps)', () => {
  it('gives the document of a scan at once, after many steps for a long text', () => {
    const engine = createEngine(testGlossary());
    const text = Array.from({ length: 150 }, () => ARTICLE).join('\n\n');
    const steps = LiveDocument.build(engine, text, 'markdown');
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    const built = r.value;
    const whole = new LiveDocument(engine, text, 'markdown');
    assert.ok(yields > text.length / (1 << 15), `${yields} steps for ${text.length} characters`);
    assert.deepEqual(built.merged(), whole.merged());
    assert.deepEqual(built.counts(), whole.counts());
    assert.deepEqual(built.entityCounts('actor'), whole.entityCounts('actor'));
    assert.deepEqual(built.merged(), toAnnotations(text, findSpans(engine, text, 'markdown')));
  });
});

describe('model: LiveDocument.rescan (a new scan of the whole text in steps)', () => {
  const engine = createEngine(testGlossary());
  const text = Array.from({ length: 400 }, () => ARTICLE).join('\n\n');
  const mid = text.indexOf('\n\n', text.length >> 1) + 2;
  const fence = { start: mid, end: mid, text: '```\n' };

  it('is needed for a code fence typed, not for a word', () => {
    const live = new LiveDocument(engine, text, 'markdown');
    live.edit([{ start: mid, end: mid, text: 'Iran ' }]);
    assert.equal(live.needsRescan(), false);
    live.edit([{ start: mid, end: mid, text: '```\n' }]);
    assert.equal(live.needsRescan(), true);
    assert.equal(new LiveDocument(engine, text, 'markdown').needsRescan(engine, 'plaintext'), true);
  });

  it('keeps the edits made while it runs, and a sync meanwhile finishes it', () => {
    for (const finish of ['steps', 'sync'] as const) {
      const live = new LiveDocument(engine, text, 'markdown');
      live.edit([fence]);
      const steps = live.rescan();
      for (let k = 0; k < 3; k++) assert.equal(steps.next().done, false);
      // Typing goes on, after the fence and before it.
      live.edit([{ start: mid + 4, end: mid + 4, text: 'Hezbollah fired 40 rockets. ' }]);
      live.edit([{ start: 0, end: 0, text: 'said Rana Haddad, 34. ' }]);
      if (finish === 'sync') live.sync();
      else for (let r = steps.next(); !r.done; r = steps.next());
      assert.equal(steps.next().done, true);
      const final = live.text.toString();
      assert.deepEqual(live.merged(), toAnnotations(final, findSpans(engine, final, 'markdown')), finish);
      assert.deepEqual(live.counts(), new LiveDocument(engine, final, 'markdown').counts(), finish);
    }
  });
});

describe('model: counts when a name learned by its cue changes other paragraphs', () => {
  it('follows the paragraphs whose names were redone, as a fresh count finds them', () => {
    const engine = createEngine(testGlossary());
    const paragraph = (k: number) =>
      k % 3 === 0 ? `Nassar visited Tyre on day ${k}. Hezbollah said 12 rockets were fired.` : ARTICLE;
    const text = Array.from({ length: 60 }, (_, k) => paragraph(k)).join('\n\n');
    const at = text.indexOf('\n\n', text.length >> 1) + 2;
    const phrase = 'said Karim Nassar, a teacher. ';
    const live = new LiveDocument(engine, text, 'markdown');
    let current = text;
    let redoneElsewhere = 0;
    const check = (what: string) => {
      const fresh = new LiveDocument(engine, current, 'markdown');
      assert.deepEqual(live.counts(), fresh.counts(), `${what}: counts`);
      for (const kind of ['actor', 'place'] as const) {
        const counts = live.entityCounts(kind);
        assert.deepEqual(counts, fresh.entityCounts(kind), `${what}: ${kind} counts`);
        // An unlisted entity's name is how one of its mentions is written.
        const written = new Map<string, Set<string>>();
        for (const a of live.visibleIn(0, current.length + 1))
          if (a.kind === kind && a.entity?.startsWith('unlisted:'))
            written.set(a.entity, (written.get(a.entity) ?? new Set()).add(current.slice(a.start, a.end)));
        for (const entity of counts.keys())
          if (entity.startsWith('unlisted:'))
            assert.ok(written.get(entity)?.has(live.nameOf(entity)!), `${what}: name of ${entity}`);
      }
    };
    const type = (edit: TextEdit, what: string) => {
      live.edit([edit]);
      live.sync();
      current = apply(current, [edit]);
      if (live.lastScan?.namesRedone) redoneElsewhere++;
      assert.equal(live.lastScan?.full, false, `${what}: scanned whole`);
      check(what);
    };
    for (let k = 0; k < phrase.length; k++)
      type(
        { start: at + k, end: at + k, text: phrase[k]! },
        `typing ${JSON.stringify(phrase.slice(0, k + 1))}`,
      );
    // The surname is now a person's in the other paragraphs too.
    assert.ok(live.entityCounts('actor').get('unlisted:person:karim-nassar')! > 10);
    for (let k = phrase.length; k > 0; k--)
      type(
        { start: at + k - 1, end: at + k, text: '' },
        `deleting to ${JSON.stringify(phrase.slice(0, k - 1))}`,
      );
    assert.equal(live.entityCounts('actor').get('unlisted:person:karim-nassar'), undefined);
    assert.equal(live.nameOf('unlisted:person:karim-nassar'), undefined);
    // The name came and went in the other paragraphs without a count of every span.
    assert.ok(redoneElsewhere >= 2, `names redone elsewhere ${redoneElsewhere} times`);
  });
});

describe('model: LiveDocument.snapshotSteps (writing a sidecar over several tasks)', () => {
  it('gives the document as it stood when it began, whatever edits and scans come in between', () => {
    const engine = createEngine(testGlossary());
    const text = Array.from({ length: 200 }, () => ARTICLE).join('\n\n');
    const live = new LiveDocument(engine, text, 'markdown');
    const expected = new LiveDocument(engine, text, 'markdown').merged();
    const steps = live.snapshotSteps();
    // Past the reading of the text and spans, into the annotations.
    for (let k = 0; k < 3; k++) assert.equal(steps.next().done, false);
    // Typing and a scan meanwhile.
    live.edit([{ start: 10, end: 10, text: 'Hezbollah and Iran said 40 ' }]);
    live.sync();
    let r = steps.next();
    while (!r.done) r = steps.next();
    assert.equal(r.value.text, text);
    assert.deepEqual(r.value.merged, expected);
    // The live document moved on: its own merge has the edit.
    assert.ok(live.merged().length > expected.length);
  });
});

describe('model: LiveDocument.snapshotSteps on a long document', () => {
  it('reads the spans in steps, and starts again from the new version when a scan comes in between', () => {
    const engine = createEngine(testGlossary());
    const text = Array.from({ length: 600 }, () => ARTICLE).join('\n\n');
    const live = new LiveDocument(engine, text, 'markdown');
    assert.ok(live.counts().actors + live.counts().places + live.counts().claims > 4096, 'too few spans');
    const steps = live.snapshotSteps();
    // Into the reading of the spans (a step after the text).
    for (let k = 0; k < 2; k++) assert.equal(steps.next().done, false);
    live.edit([{ start: 10, end: 10, text: 'Hezbollah and Iran said 40 ' }]);
    live.sync();
    const now = live.text.toString();
    let r = steps.next();
    let count = 1;
    for (; !r.done; count++) r = steps.next();
    // The spans were read again, of the version after the scan, and are those of a full scan.
    assert.equal(r.value.text, now);
    assert.deepEqual(r.value.merged, new LiveDocument(engine, now, 'markdown').merged());
    assert.deepEqual(live.merged(), r.value.merged);
    assert.ok(count > 4, `${count} steps`);
  });
});

describe('model: LiveText', () => {
  it('reads and builds the text through random changes, and leaves earlier versions as they were', () => {
    const random = seededRandom(3);
    let text = ARTICLE;
    let live = new LiveText(text);
    const versions: [LiveText, string][] = [];
    for (let step = 0; step < 800; step++) {
      const start = random(text.length + 1);
      const change = {
        start,
        end: Math.min(text.length, start + random(5)),
        text: ['', 'x', 'ab', '\n\n'][random(4)]!,
      };
      text = apply(text, [change]);
      live = live.with([change]);
      assert.equal(live.length, text.length);
      const a = random(text.length + 1);
      const b = a + random(40);
      assert.equal(live.slice(a, b), text.slice(a, b), `slice at step ${step}`);
      // Searches across pieces: a stretch of the text (found at or before it) and a random pair.
      const needle = text.slice(a, a + 1 + random(8));
      const from = random(text.length + 1);
      for (const [n, f] of [
        [needle, from],
        [needle, Math.max(0, a - random(30))],
        ['x\n', from],
      ] as const)
        assert.equal(
          live.indexOf(n, f),
          text.indexOf(n, f),
          `indexOf(${JSON.stringify(n)}, ${f}) at step ${step}`,
        );
      if (step % 100 === 0) versions.push([live, text]);
      if (step % 150 === 0) {
        // Built, a version reads from its flat string; a copy shares it.
        assert.equal(live.toString(), text);
        assert.equal(live.built, text);
        live = new LiveText(live);
      }
    }
    assert.equal(live.toString(), text);
    for (const [version, expected] of versions) {
      assert.equal(version.length, expected.length);
      assert.equal(version.slice(100, 400), expected.slice(100, 400));
      assert.equal(version.toString(), expected);
    }
  });

  it('builds itself whole again once edits at many places have cut it into thousands of pieces', () => {
    let text = 'abcdefgh'.repeat(4000);
    let live = new LiveText(text);
    live.toString();
    const built: number[] = [];
    for (let k = 0; k < 2500; k++) {
      const change = { start: k * 10, end: k * 10, text: 'x' };
      text = apply(text, [change]);
      live = live.with([change]);
      if (live.built !== undefined) built.push(k);
    }
    // The first insertion (at the start) adds one piece, each later one (inside a piece) two: the
    // 2049th makes 4098, past 4096, and builds the text, which is one piece again.
    assert.deepEqual(built, [2048]);
    assert.equal(live.toString(), text);
  });

  it('applies the changes of one event in order', () => {
    const live = new LiveText('abcdef').with([
      { start: 1, end: 3, text: 'XY' },
      { start: 0, end: 0, text: '>' },
      { start: 7, end: 7, text: '<' },
    ]);
    assert.equal(live.toString(), '>aXYdef<');
    assert.equal(live.built, '>aXYdef<');
  });
});

describe('model: LiveDocument, against the whole merge after every edit', () => {
  const named = createEngine(testGlossary());
  const light = (a: Annotation) =>
    `${a.kind} ${a.start}-${a.end} ${a.entity ?? ''} ${a.status ?? ''} ${a.note ?? ''} ${a.origin}`;

  /**
   * The editor's model as it was first written: auto annotations and personal work both moved
   * through every edit and merged (reviews settling on the fresh annotations) after each edit and
   * after each scan.
   */
  class Reference {
    auto: Annotation[];
    personal: Annotation[] = [];
    merged: Annotation[] = [];
    constructor(public text: string) {
      this.auto = toAnnotations(text, findSpans(named, text, 'markdown'));
      this.remerge();
    }
    remerge(): void {
      this.merged = mergeAnnotations(this.auto, this.personal);
      this.personal = this.merged.filter(isPersonalWork);
    }
    edit(changes: TextEdit[]): void {
      this.text = apply(this.text, changes);
      this.personal = shiftAnnotations(this.personal, changes, this.text).annotations;
      this.auto = shiftAnnotations(this.auto, changes, this.text).annotations.filter((a) => !a.orphaned);
      this.remerge();
    }
    scan(): void {
      this.auto = toAnnotations(this.text, findSpans(named, this.text, 'markdown'));
      this.remerge();
    }
  }

  it('shows, counts, lists and merges what the reference does', async () => {
    const random = seededRandom(17);
    const words = [
      'Hezbollah ',
      'Iran',
      ' 40 ',
      'x',
      '\n\n',
      '',
      'the UN ',
      ' 12 rockets',
      'Lebanon',
      'Mr Foo said ',
    ];
    const article = `${ARTICLE}\n\n${ARTICLE.replace(/40/g, '41')}\n`;
    const ref = new Reference(article);
    const live = new LiveDocument(named, article, 'markdown');
    const check = (what: string, whole: boolean) => {
      const visible = visibleAnnotations(ref.merged);
      // (The same start: the merge orders by id, which light annotations have not.)
      assert.deepEqual(
        live
          .visibleIn(0, ref.text.length + 1)
          .map(light)
          .sort(),
        visible.map(light).sort(),
        `${what}: visible`,
      );
      assert.deepEqual(live.counts(), countAnnotations(ref.merged), `${what}: counts`);
      for (const kind of ['actor', 'place'] as const) {
        const expected = new Map<string, number>();
        for (const a of visible)
          if (a.kind === kind && a.entity) expected.set(a.entity, (expected.get(a.entity) ?? 0) + 1);
        assert.deepEqual(live.entityCounts(kind), expected, `${what}: ${kind} counts`);
      }
      // Reviews settle onto the fresh annotations at each scan (ids aside: settled when asked for).
      const byStart = (list: Annotation[]) => list.map(light).sort();
      assert.deepEqual(byStart(live.personal), byStart(ref.personal), `${what}: personal`);
      if (!whole) return;
      const merged = live.merged();
      assert.deepEqual(merged, ref.merged, `${what}: merged`);
      assert.deepEqual(live.personal, ref.personal, `${what}: personal`);
      // Made whole one by one, the fresh annotations are those of the merge.
      for (const a of live.visibleIn(0, ref.text.length + 1).filter(isLight))
        assert.deepEqual(
          live.materialize(a),
          merged.find(
            (m) => m.start === a.start && m.end === a.end && m.kind === a.kind && m.origin === 'auto',
          ),
          `${what}: materialized`,
        );
    };
    for (let step = 0; step < 400; step++) {
      const r = random(10);
      if (r < 6) {
        const changes: TextEdit[] = [];
        for (let n = 1 + random(2); n > 0; n--) {
          // Often at the edge of a person's work, where merging has something to do.
          const near = live.personal[random(live.personal.length + 1)];
          const start =
            near && random(2)
              ? Math.max(0, Math.min(ref.text.length, (random(2) ? near.start : near.end) + random(7) - 3))
              : random(ref.text.length + 1);
          const edit = {
            start,
            end: Math.min(ref.text.length, start + random(4)),
            text: words[random(words.length)]!,
          };
          changes.push(edit);
          ref.edit([edit]);
        }
        live.edit(changes);
        check(`step ${step} (edit)`, false);
      } else if (r < 8) {
        ref.scan();
        live.sync();
        check(`step ${step} (scan)`, random(3) === 0);
      } else {
        // A person's work, as the commands make it: from the merged annotations.
        ref.scan();
        live.sync();
        const merged = live.merged();
        const pick = merged[random(merged.length)];
        if (!pick) continue;
        let next: Annotation[];
        switch (random(4)) {
          case 0:
            next = [
              ...live.personal.filter((p) => p.id !== pick.id),
              { ...pick, status: 'disputed', note: `s${step}` },
            ];
            break;
          case 1:
            next = [
              ...live.personal,
              { ...pick, id: `m-${step}`, origin: 'manual', kind: 'note', note: 'n' },
            ];
            break;
          case 2:
            next = [...live.personal, { ...pick, id: `h-${step}`, origin: 'manual', hidden: true }];
            break;
          default:
            next = live.personal.filter((p) => p.id !== pick.id);
        }
        ref.personal = next.map((p) => ({ ...p }));
        ref.remerge();
        live.setPersonal(next);
        check(`step ${step} (work)`, true);
      }
    }
    ref.scan();
    live.sync();
    check('end', true);
    // Lists in document order: the unreviewed claims, with the ids of the merge.
    const claims: Annotation[] = [];
    await live.walk(
      (a) => a.kind === 'claim' && (a.status ?? 'unreviewed') === 'unreviewed',
      (a) => claims.push(a) > 0,
      { counted: (s) => s.kind === 'claim', chunk: 97 },
    );
    assert.deepEqual(
      claims,
      visibleAnnotations(live.merged()).filter(
        (a) => a.kind === 'claim' && (a.status ?? 'unreviewed') === 'unreviewed',
      ),
    );
  });
});
