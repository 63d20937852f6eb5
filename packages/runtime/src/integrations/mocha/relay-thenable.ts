/**
 * A foreign thenable that a test returns (`return request(app).get("/")`, a query builder whose
 * `then` starts the work) handed to mocha as mocha takes it without the integration. Mocha reads
 * `typeof result.then`, then calls `result.then(onFulfilled, onRejected)` at once, ignores the
 * value and reports a second callback ("done() called multiple times"). `Promise.resolve(result)`,
 * which the integration returned until 2026-12-06, called `then` a microtask later, ran a lazy
 * thenable the first one resolved with (adoption), and swallowed a second callback: the test
 * passed. The relay calls `then` once, synchronously, when mocha calls its own, and passes every
 * callback through; the first one settles the task (before mocha sees it, as for a promise).
 */

/** What the first outcome of the thenable does to the task. */
export interface RelayOutcome {
  /** The thenable fulfilled: returns the error to fail the test with (leaks in `fail` mode). */
  fulfilled(): Error | undefined;
  /** The thenable rejected, or its `then` threw. */
  rejected(reason: unknown): void;
}

type Callback = (value: unknown) => unknown;

/**
 * `result` is the test's thenable, whose `then` the caller has read once already (its check that
 * the result is one), as mocha's check does: the relay reads it a second time, as mocha's call
 * does. Named `result` as in mocha, so that a `then` gone since the check fails with mocha's
 * message (`result.then is not a function`).
 */
export function relayThenable(result: PromiseLike<unknown>, outcome: RelayOutcome): PromiseLike<unknown> {
  let first = true;
  return {
    // biome-ignore lint/suspicious/noThenProperty: mocha must take this object for the thenable it stands for
    then(onFulfilled?: Callback | null, onRejected?: Callback | null): never {
      const fulfil = onFulfilled as Callback;
      const reject = onRejected as Callback;
      try {
        return result.then(
          function (this: unknown, value: unknown): unknown {
            if (!first) return fulfil.call(this, value);
            first = false;
            const leak = outcome.fulfilled();
            return leak === undefined ? fulfil.call(this, value) : reject.call(this, leak);
          },
          function (this: unknown, reason: unknown): unknown {
            if (first) {
              first = false;
              outcome.rejected(reason);
            }
            return reject.call(this, reason);
          },
        ) as never;
      } catch (e) {
        // Mocha catches a throwing `then` around its call: the test fails with it, synchronously.
        if (first) {
          first = false;
          outcome.rejected(e);
        }
        throw e;
      }
    },
  } as PromiseLike<unknown>;
}
