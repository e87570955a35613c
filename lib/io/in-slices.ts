/**
 * Long synchronous work on a server, a slice at a time: a review of a large workspace takes seconds,
 * and the process answers other requests between its slices.
 */

/** Gives the event loop back for one turn. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `step` until it is done, giving the event loop back between slices of about 40 ms. */
export async function runInSlices<R>(step: () => IteratorResult<unknown, R>): Promise<R> {
  let slice = performance.now();
  for (;;) {
    const next = step();
    if (next.done) return next.value;
    if (performance.now() - slice > 40) {
      await nextTurn();
      slice = performance.now();
    }
  }
}
