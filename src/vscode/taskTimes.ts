/**
 * Timing of the extension's event-loop tasks (an edit handled, a scan, a decoration draw, a view
 * refresh), for the real-editor benchmark: test/integration/typing.test.ts runs in the same
 * extension host and installs a sink under a global symbol (the test bundle and the extension
 * bundle share no module); without a sink, {@link timed} only calls its function.
 */

/** Receives the duration of one task; `depth` is 0 for a task the event loop ran, more when nested. */
export type TaskSink = (name: string, ms: number, depth: number) => void;

/** The global symbol a sink is installed under. */
export const TASK_SINK = Symbol.for('geoAnnotator.taskSink');

let depth = 0;

/** Runs `f` and reports its duration to the installed sink, if any (the synchronous part only). */
export function timed<T>(name: string, f: () => T): T {
  const sink = (globalThis as { [TASK_SINK]?: TaskSink })[TASK_SINK];
  if (!sink) return f();
  const started = performance.now();
  depth++;
  try {
    return f();
  } finally {
    depth--;
    sink(name, performance.now() - started, depth);
  }
}
