/**
 * Adding the integration's listeners to a mocha Suite without the warning mocha 6 to 8 print.
 *
 * Those versions deprecated the events that announce added tests, suites and hooks: each Suite's
 * constructor installs a `newListener` listener that emits a DeprecationWarning (`Event "test" is
 * deprecated. Please let the Mocha team know about your use case`) the first time anything
 * listens to one of them. The integration needs those events (tests added while the run goes on),
 * and its listening is not the user's doing: every run printed six warnings on stderr (seen
 * running RxJS 7's suite, on mocha 8), and under `--throw-deprecation` the listening threw.
 *
 * So the suite's `newListener` listeners are taken off while ours are added and put back, in
 * their order, right after. Mocha's own record of what it warned about is not touched: a user's
 * listener added later is warned about as before. Only public EventEmitter methods are used; an
 * emitter without them gets the listeners added as they are.
 */
import type { SuiteLike } from "./mocha-types";

type Listener = (...args: unknown[]) => void;

export function addQuietly(suite: SuiteLike, add: () => void): void {
  const held = takeNewListenerListeners(suite);
  try {
    add();
  } finally {
    // `rawListeners` keeps a `once` listener's wrapper, which stays a `once` when added back.
    if (held !== undefined) for (const l of held) suite.on?.("newListener", l);
  }
}

function takeNewListenerListeners(suite: SuiteLike): Listener[] | undefined {
  const list = typeof suite.rawListeners === "function" ? suite.rawListeners : suite.listeners;
  if (typeof list !== "function" || typeof suite.removeListener !== "function") return undefined;
  const held = list.call(suite, "newListener") as Listener[];
  if (!Array.isArray(held) || held.length === 0) return undefined;
  for (const l of held) suite.removeListener("newListener", l);
  return held;
}
