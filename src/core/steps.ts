/**
 * Work done in steps: a generator that yields between pieces of a few milliseconds, so that an
 * editor can spread a long piece of work (the first scan of a large document, writing its
 * sidecar) over several tasks and stay responsive; {@link drain} runs it at once.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs work in steps to the end. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** How many annotations a step of a whole-list operation handles (a few milliseconds). */
export const STEP_ITEMS = 2048;
