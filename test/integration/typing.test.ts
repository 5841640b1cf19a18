// Typing in a large article, in the real editor: a claim reviewed, the Annotations view open, then
// characters typed one by one through the editor's `type` command (as keystrokes: auto-closing,
// selection and the other extensions' listeners included) at three places. The extension keeps up:
// the annotations equal a fresh full annotation of the final text (the review moved with its
// claim), and decorations are drawn around the visible ranges only. For the benchmark, the
// duration of every task the extension runs (src/vscode/taskTimes.ts), the event loop's longest
// delay per keystroke and the garbage collections are written to $GEO_BENCH_OUT (scripts/bench.ts
// prints them). Timings are never asserted here.
//
// env: GEO_TYPING_MB     size of the article in MB of UTF-16 code units (default 0.5; the bench: 10)
//      GEO_TYPING_CHARS  characters typed at each of the three places (default 40; the bench: 120)
//      GEO_TYPING_TXT=1  a plain-text article (.txt) instead of Markdown: VS Code's built-in Markdown
//                        extension (which re-parses the whole document after each change) stays idle
//      GEO_BENCH_OUT     where to write the figures (JSON); nothing is written without it
//      GEO_TYPING_PROFILE  where to write a CPU profile of the extension host while typing (.cpuprofile)
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as inspector from 'inspector';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'perf_hooks';
import * as vscode from 'vscode';
import { annotate, createEngine } from '../../src/core/annotate';
import type { Annotation } from '../../src/core/types';
import { DRAW_MARGIN } from '../../src/vscode/decorations';
import type { TaskSink } from '../../src/vscode/taskTimes';
import { TASK_SINK } from '../../src/vscode/taskTimes';
import type { GeoApi } from './helpers';
import { newsText as sharedNewsText } from '../../scripts/news-text';
import { activateExtension, closeAllEditors, getExtension, waitFor, workspaceRoot } from './helpers';

const MB = 1 << 20;
const SIZE = Math.round(Number(process.env.GEO_TYPING_MB || 0.5) * MB);
const CHARS = Number(process.env.GEO_TYPING_CHARS || 40);
/**
 * What a writer types: names, places and numbers, so that scans find new spans, and a person the
 * glossary does not list named after a cue ("said Karim Nassar"), which the document then
 * remembers everywhere (the names of other paragraphs are checked again as it is typed).
 */
const PHRASE =
  'Rockets hit Haifa, said Karim Nassar, a teacher. Hezbollah said on Tuesday that 12 were fired; Iran denied sending 300 drones. ';
const TARGET_MS = 16;
const EXTENSION = process.env.GEO_TYPING_TXT ? 'txt' : 'md';

/** News-like text from the extension's samples/, the benchmark's (scripts/news-text.ts), ending in a newline. */
function newsText(size: number): string {
  return `${sharedNewsText(path.join(getExtension().extensionPath, 'samples'), size)}\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The longest, p99 and median of durations (ms), and how many are over the target. */
function summary(ms: number[]): { max: number; p99: number; p50: number; over: number } {
  return {
    max: round(maxOf(ms)),
    p99: round(quantile(ms, 0.99)),
    p50: round(quantile(ms, 0.5)),
    over: ms.filter((x) => x > TARGET_MS).length,
  };
}
const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);

/** What an annotation is, for comparing two lists. */
const describe_ = (a: Annotation) =>
  `${a.id} ${a.kind} ${a.start}-${a.end} ${a.entity ?? ''} ${a.status ?? ''} ${JSON.stringify(a.text)}`;

describe('typing in a large article', function () {
  let api: GeoApi;
  let file: vscode.Uri;

  before(async () => {
    api = await activateExtension();
    const dir = path.join(workspaceRoot().fsPath, 'typing');
    fs.mkdirSync(dir, { recursive: true });
    file = vscode.Uri.file(path.join(dir, `large-article.${EXTENSION}`));
    fs.writeFileSync(file.fsPath, newsText(SIZE));
  });

  after(async () => {
    await closeAllEditors();
    fs.rmSync(file.fsPath, { force: true });
  });

  it(`keeps up with typing at three places (${(SIZE / MB).toFixed(1)} MB, ${CHARS} characters each)`, async function () {
    this.timeout(900_000);
    // Every task of the extension, with the keystroke it happened in (-1: while opening or moving).
    const tasks: {
      name: string;
      ms: number;
      end: number;
      depth: number;
      keystroke: number;
      phase: string;
    }[] = [];
    let keystroke = -1;
    let phase = 'open';
    const sink: TaskSink = (name, ms, depth) =>
      tasks.push({ name, ms, end: performance.now(), depth, keystroke, phase });
    (globalThis as { [TASK_SINK]?: TaskSink })[TASK_SINK] = sink;
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const loopPerKeystroke: number[] = [];
    // Garbage collections while typing (the pauses of the whole extension host, not only ours).
    const gcs: { start: number; ms: number; kind: number }[] = [];
    const gcObserver = new PerformanceObserver((list) => {
      if (phase !== 'type') return;
      for (const e of list.getEntries())
        gcs.push({
          start: e.startTime,
          ms: e.duration,
          kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0,
        });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    const profiler = process.env.GEO_TYPING_PROFILE ? new inspector.Session() : undefined;
    const post = (method: string, params?: object) =>
      new Promise<unknown>((resolve, reject) =>
        profiler!.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
      );
    try {
      const heapBefore = process.memoryUsage().heapUsed;
      const opened = Date.now();
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      await waitFor(() => (api.lastDrawn(doc.uri)?.actor.length ?? 0) > 0, {
        timeout: 600_000,
        message: 'the large article was not highlighted',
      });
      const openMs = Date.now() - opened;
      // The extension host's heap grown by the open document (ours and every other extension's).
      const heapMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
      // A fact-checker's review on a claim just after the second place (typing there moves it), so
      // that the document has a sidecar (written again when the document is saved) and a person's
      // work to merge. The Annotations view is open while typing, as a reviewer would have it.
      phase = 'review';
      const reviewAt = doc.getText().indexOf('. ', doc.getText().indexOf('\n\n', Math.floor(SIZE * 0.5)) + 2);
      const claim = api.annotationsFor(doc.uri).find((a) => a.kind === 'claim' && a.start > reviewAt)!;
      assert.ok(claim, 'no claim to review');
      await vscode.commands.executeCommand('geoAnnotator.markClaimVerified', {
        uri: doc.uri.toString(),
        annotationId: claim.id,
      });
      await vscode.commands.executeCommand('geoAnnotator.annotations.focus');
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await sleep(1000);

      if (profiler) {
        profiler.connect();
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 200 });
        await post('Profiler.start');
      }
      let seed = 7;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
      const text = () => doc.getText();
      // A paragraph start, a sentence start inside a paragraph, the end of a paragraph.
      const places: ((t: string, from: number) => number)[] = [
        (t, from) => t.indexOf('\n\n', from) + 2,
        (t, from) => t.indexOf('. ', t.indexOf('\n\n', from) + 2) + 2,
        (t, from) => t.indexOf('\n\n', from),
      ];
      const fractions = [0.1, 0.5, 0.9];
      let typed = 0;
      for (let p = 0; p < places.length; p++) {
        phase = 'move';
        keystroke = -1;
        const t = text();
        const offset = places[p]!(t, Math.floor(t.length * fractions[p]!));
        const position = doc.positionAt(offset);
        editor.selection = new vscode.Selection(position, position);
        editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
        await waitFor(() => editor.visibleRanges.some((r) => r.contains(position)), {
          message: 'the editor did not scroll to the place',
        });
        await sleep(800);
        phase = 'type';
        for (let k = 0; k < CHARS; k++) {
          keystroke = typed++;
          loop.reset();
          loop.enable();
          const ch = PHRASE[k % PHRASE.length]!;
          await vscode.commands.executeCommand('type', { text: ch });
          // 40-110 ms between keys; a pause after some words and after a sentence.
          let pause = 40 + random() * 70;
          if (ch === ' ' && random() < 0.25) pause += 150 + random() * 250;
          if (ch === '.') pause += 500;
          await sleep(pause);
          loop.disable();
          loopPerKeystroke.push(loop.max / 1e6);
        }
        // Let the last scan and redraw happen inside the last keystroke's interval.
        loop.reset();
        loop.enable();
        await sleep(600);
        loop.disable();
        loopPerKeystroke[loopPerKeystroke.length - 1] = Math.max(
          loopPerKeystroke[loopPerKeystroke.length - 1]!,
          loop.max / 1e6,
        );
      }
      phase = 'check';
      keystroke = -1;
      if (profiler) {
        const { profile } = (await post('Profiler.stop')) as { profile: unknown };
        fs.writeFileSync(process.env.GEO_TYPING_PROFILE!, JSON.stringify(profile));
        profiler.disconnect();
      }

      // Figures first (a failed check below should not lose them).
      const top = tasks.filter((t) => t.depth === 0);
      const byName: Record<
        string,
        { count: number; max: number; p99: number; p50: number; totalMs: number }
      > = {};
      for (const name of [...new Set(tasks.map((t) => t.name))].sort()) {
        const ms = tasks.filter((t) => t.name === name && t.phase === 'type').map((t) => t.ms);
        if (ms.length === 0) continue;
        byName[name] = {
          count: ms.length,
          max: round(maxOf(ms)),
          p99: round(quantile(ms, 0.99)),
          p50: round(quantile(ms, 0.5)),
          totalMs: round(ms.reduce((a, b) => a + b, 0)),
        };
      }
      const perKeystroke = Array.from({ length: typed }, () => 0);
      for (const t of top)
        if (t.keystroke >= 0) perKeystroke[t.keystroke] = Math.max(perKeystroke[t.keystroke]!, t.ms);
      // The same without the garbage collections that fell inside a task (the collector pauses the
      // whole extension host for whoever allocated; these are counted under gc).
      const gcWithin = (t: { ms: number; end: number }) =>
        gcs.reduce(
          (sum, g) => sum + Math.max(0, Math.min(t.end, g.start + g.ms) - Math.max(t.end - t.ms, g.start)),
          0,
        );
      const perKeystrokeWork = Array.from({ length: typed }, () => 0);
      for (const t of top)
        if (t.keystroke >= 0)
          perKeystrokeWork[t.keystroke] = Math.max(perKeystrokeWork[t.keystroke]!, t.ms - gcWithin(t));
      const slowest = top
        .filter((t) => t.phase === 'type')
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((t) => ({ name: t.name, ms: round(t.ms), gcMs: round(gcWithin(t)), keystroke: t.keystroke }));
      const moveTasks = top.filter((t) => t.phase === 'move').map((t) => t.ms);
      const sidecarTasks = tasks.filter((t) => t.name === 'sidecar').map((t) => t.ms);
      const openTasks = top.filter((t) => t.phase === 'open').map((t) => t.ms);
      const figures = {
        mb: round(SIZE / MB),
        language: EXTENSION === 'md' ? 'markdown' : 'plaintext',
        chars: SIZE,
        keystrokes: typed,
        targetMs: TARGET_MS,
        openMs,
        openHeapMb: Math.round(heapMb),
        openLongestTaskMs: round(maxOf(openTasks)),
        moveLongestTaskMs: round(maxOf(moveTasks)),
        // Writing the sidecar (every annotation): at the review, and after a pause when saved.
        sidecarWrites: sidecarTasks.length,
        sidecarLongestMs: round(maxOf(sidecarTasks)),
        perKeystroke: summary(perKeystroke),
        perKeystrokeWithoutGc: summary(perKeystrokeWork),
        eventLoop: summary(loopPerKeystroke),
        gc: {
          count: gcs.length,
          major: gcs.filter((g) => g.kind === 4).length,
          maxMs: round(maxOf(gcs.map((g) => g.ms))),
          totalMs: round(gcs.reduce((a, g) => a + g.ms, 0)),
        },
        tasks: byName,
        slowest,
      };
      if (process.env.GEO_BENCH_OUT)
        fs.writeFileSync(process.env.GEO_BENCH_OUT, JSON.stringify(figures, null, 1));
      console.log(`      figures: ${JSON.stringify({ ...figures, tasks: undefined })}`);

      // The annotations are those of a fresh full annotation of the final text.
      const actual = await api.annotate(doc);
      const engine = createEngine(api.glossary());
      const expected = annotate(engine, doc.getText(), doc.languageId);
      // The review moved with its claim.
      const reviewed = actual.filter((a) => a.status === 'verified');
      assert.deepStrictEqual(
        reviewed.map((a) => a.text),
        [claim.text],
        'the review did not stay on its claim',
      );
      const under = expected.find((e) => e.kind === 'claim' && e.start === reviewed[0]!.start);
      assert.ok(under, 'the reviewed claim is not found by a full annotation');
      under.status = 'verified';
      const k = expected.findIndex((e, i) => !actual[i] || describe_(e) !== describe_(actual[i]!));
      assert.ok(
        k < 0 && actual.length === expected.length,
        `annotations differ from a full annotation at #${k}: ${actual[k] ? describe_(actual[k]!) : '(none)'} vs ${
          expected[k] ? describe_(expected[k]!) : '(none)'
        } (${actual.length} vs ${expected.length})`,
      );

      // Decorations: every annotation in the visible ranges is drawn, nothing far from them is.
      const visible = editor.visibleRanges.map((r) => [doc.offsetAt(r.start), doc.offsetAt(r.end)] as const);
      const near = (s: number, e: number) =>
        visible.some(([vs, ve]) => e > vs - 2 * DRAW_MARGIN && s < ve + 2 * DRAW_MARGIN);
      const shown = actual.filter((a) => visible.some(([vs, ve]) => a.end > vs && a.start < ve));
      assert.ok(shown.length > 0, 'no annotation in the visible ranges');
      const drawn = await waitFor(
        () => {
          const d = api.lastDrawn(doc.uri);
          if (!d) return undefined;
          const all = Object.values(d).flat();
          return shown.every((a) => all.some(([s, e]) => s === a.start && e === a.end)) && d;
        },
        { message: 'the annotations in the visible ranges are not all drawn' },
      );
      const far = Object.values(drawn)
        .flat()
        .filter(([s, e]) => !near(s, e));
      assert.deepStrictEqual(far.slice(0, 5), [], `${far.length} ranges drawn far from the visible ranges`);
    } finally {
      gcObserver.disconnect();
      loop.disable();
      delete (globalThis as { [TASK_SINK]?: TaskSink })[TASK_SINK];
    }
  });
});
