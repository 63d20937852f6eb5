/**
 * The names the runtime gives its own worker threads (Worker's `name`: the inspector titles them
 * `[worker N] <name>`). They hold no task: `await-tree dump` leaves them out without asking them,
 * so they never take one of the workers it asks (the CLI reads them through
 * `@await-tree/runtime/contract`). A leaf: it imports nothing.
 */
export const RUNTIME_THREAD_NAMES = {
  coarseClock: "await-tree coarse clock",
  watchdog: "await-tree watchdog",
} as const;
