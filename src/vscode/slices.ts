/** Long work (made of steps, see src/core/steps.ts) run over several tasks of the extension host. */
import type { Steps } from '../core/steps';

/** How long a slice of a long piece of work runs before the editor gets its turn. */
const SLICE_MS = 8;

/**
 * Runs work made of steps in slices of about SLICE_MS, each in its own task (`run` wraps each
 * slice, to time it), and resolves with its result.
 */
export async function inSlices<T>(steps: Steps<T>, run: (slice: () => void) => void): Promise<T> {
  for (;;) {
    let result: IteratorResult<void, T> | undefined;
    run(() => {
      const until = performance.now() + SLICE_MS;
      do result = steps.next();
      while (!result.done && performance.now() < until);
    });
    if (result!.done) return result!.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
