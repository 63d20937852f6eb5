/**
 * Opt-in integrations started from environment variables when the runtime loads (main thread
 * only: signals and the process's exit belong to it; the loop stamp in every thread). Each
 * integration's module is only loaded when its variable is set, so a process without them pays
 * three `process.env` reads.
 *
 * - `AWAIT_TREE_SIGNAL=SIGUSR2`: dump on that signal (integrations/signal.ts)
 * - `AWAIT_TREE_EXIT_REPORT=1`: print what is pending when the process exits (integrations/exit-report.ts)
 * - `AWAIT_TREE_WATCHDOG=200ms`: report stalls of the event loop (integrations/watchdog.ts)
 * - `AWAIT_TREE_DUMP_DIR=<dir>`: where they write (stderr when unset)
 *
 * Always on unless `AWAIT_TREE_LOOP_STAMP=0` (or `off`, `false`): the loop stamp (integrations/loop-stamp.ts, one
 * unref'd timer every 500 ms, stretched up to 8 s while the loop is idle), so that a dump of a
 * blocked loop says how long it has been blocked.
 *
 * In every thread, in a sandbox (a vm context): in a jest test file's, what the runtime starts ends
 * with the file and it is shown to `await-tree dump` until then; in a vitest vm pool's, it is shown
 * (integrations/core/sandbox.ts).
 */
import { isMainThread } from "node:worker_threads";
import { outsideZones } from "../core/outside-zones";
import { sandboxLoaded } from "./core/sandbox";
import { startLoopStamp } from "./loop-stamp";
import { warn } from "./output";

/**
 * The loop stamp's period when only dumps read it (the watchdog asks for a shorter, fixed one).
 * Each tick wakes an idle process: at 100 ms that cost 2.4 ms of CPU per second on this kind of
 * machine (bench/idle-cost.mjs), over issue 10's 2 ms/s for an idle process; at a fixed 500 ms,
 * 0.5-1 ms/s. So the period stretches while the loop is idle (the dump's reading does not depend
 * on it: loop-stamp.ts), and returns to 500 ms as soon as the loop works.
 */
const DUMP_STAMP_MS = 500;

/** Set once per realm: two copies of the runtime start the integrations once. */
const STARTED_KEY = Symbol.for("await-tree.integrations-started");

/** Called where the runtime's entry points load (index, instrument); once per realm. */
export function startFromEnvironment(): void {
  // Per copy, not per realm: a second copy with a state of its own runs its own clock thread.
  sandboxLoaded();
  const g = globalThis as Record<symbol, unknown>;
  if (g[STARTED_KEY] !== undefined) return;
  try {
    Object.defineProperty(g, STARTED_KEY, { value: true, configurable: true });
  } catch {
    return;
  }
  let env: NodeJS.ProcessEnv;
  try {
    env = process.env;
  } catch {
    return;
  }
  // Each on its own: one bad setting is named and the others still start.
  // The loop stamp in every thread: a worker busy in a task is shown blocked by `await-tree dump`
  // as the main thread is, and for how long (a pool's worker stuck in a synchronous loop).
  start(() => {
    if (switchedOn("AWAIT_TREE_LOOP_STAMP", env.AWAIT_TREE_LOOP_STAMP, true)) {
      startLoopStamp(DUMP_STAMP_MS, { stretchWhenIdle: true });
    }
  });
  if (!isMainThread) return;
  const signal = env.AWAIT_TREE_SIGNAL;
  if (signal !== undefined && signal !== "") {
    start(() => (require("./signal") as typeof import("./signal")).dumpOnSignal(signal, { from: "AWAIT_TREE_SIGNAL" }));
  }
  start(() => {
    if (switchedOn("AWAIT_TREE_EXIT_REPORT", env.AWAIT_TREE_EXIT_REPORT, false)) {
      (require("./exit-report") as typeof import("./exit-report")).reportOnExit();
    }
  });
  const watchdog = env.AWAIT_TREE_WATCHDOG;
  if (watchdog !== undefined && watchdog !== "") {
    start(() =>
      (require("./watchdog") as typeof import("./watchdog")).startWatchdog(watchdog, { from: "AWAIT_TREE_WATCHDOG" }),
    );
  }
}

function start(step: () => void): void {
  try {
    // Its signal and exit listeners, timers and worker are no tasks of a zone.js zone (the
    // runtime may first load inside one: core/outside-zones.ts).
    outsideZones(step);
  } catch (e) {
    warn(`could not start from the environment: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * An on/off variable, read as `AWAIT_TREE_AUTO_INIT` is: `1`, `on`, `true` turn it on; `0`, `off`,
 * `false` turn it off; unset or empty leave it as `byDefault`; anything else is named on stderr and
 * leaves it as `byDefault` (`AWAIT_TREE_EXIT_REPORT=off` used to turn the report on, and
 * `AWAIT_TREE_LOOP_STAMP` knew only `0`).
 */
function switchedOn(name: string, value: string | undefined, byDefault: boolean): boolean {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === "") return byDefault;
  if (v === "0" || v === "off" || v === "false") return false;
  if (v === "1" || v === "on" || v === "true") return true;
  warn(`${name}=${JSON.stringify(value)} is not 0, off, false, 1, on or true: ignored`);
  return byDefault;
}
