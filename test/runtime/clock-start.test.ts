import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runScript } from "../support/run-node.js";

/**
 * When the coarse clock's worker starts (packages/runtime/src/core/coarse-clock.ts `startCoarse`):
 * from an unref'd timer `START_AFTER_MS` after the process's first reading. Until then readings
 * come from the wall clock as the runtime found it, so a short process never starts the thread and
 * its spans still have their times, real even when the program fakes `Date` or the timers. The only
 * assertions on time are lower bounds that a loaded machine cannot break; "not yet" is asserted
 * only from a timer that expires before the worker's (timers run in the order they expire).
 */

const DIST = join(repoRoot, "packages", "runtime", "dist", "cjs");
const CLOCK = JSON.stringify(join(DIST, "core", "clock.js"));
const COARSE = JSON.stringify(join(DIST, "core", "coarse-clock.js"));

/** The program's last line, as JSON. */
function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as Record<string, unknown>;
}

/** Program lines: `workers` counts the threads started, `until(states)` polls the clock's state. */
const PRELUDE = `const clock = require(${CLOCK});
const { START_AFTER_MS } = require(${COARSE});
const { setTimeout: realSetTimeout } = require("node:timers");
let workers = 0;
process.on("worker", () => workers++);
const sleep = (ms) => new Promise((r) => realSetTimeout(r, ms));
async function until(...states) {
  for (let i = 0; i < 1000 && !states.includes(clock.coarseClockState()); i++) await sleep(10);
  return clock.coarseClockState();
}`;

describe("runtime: when the coarse clock's worker starts", () => {
  it("a short process records its spans with their times and never starts the thread", () => {
    const r = runScript(
      `${PRELUDE}
       const rt = require("@await-tree/runtime");
       const { performance } = require("node:perf_hooks");
       let open, p0, seen;
       // Made before the first reading: it expires before the worker's timer, however late both run.
       realSetTimeout(() => {
         const wait = registry.get("k").toJSON().tree.children.find((c) => c.span.name === "wait");
         seen = { workers, state: clock.coarseClockState(), elapsed: wait.elapsed_ns / 1e6, floor: performance.now() - p0 };
         open(); // the last thing the process waits for: it ends now
       }, 100);
       const registry = new rt.Registry();
       const step = rt.traced("step", async (i) => { await rt.instrumentAwait(Promise.resolve(i), "tick"); });
       registry.register("k", "task").run(async () => {
         const pending = rt.instrumentAwait(new Promise((r) => { open = r; }), "wait");
         p0 = performance.now();
         for (let i = 0; i < 200; i++) await step(i);
         await pending;
       });
       process.on("exit", () => console.log(JSON.stringify({ ...seen, atExit: workers })));`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    expect(r.status).to.equal(0);
    const out = lastJson(r.stdout);
    expect(out.workers, r.stdout).to.equal(0);
    expect(out.atExit, "its unref'd timer did not keep the process alive").to.equal(0);
    expect(out.state).to.equal("not started");
    // The span started before p0 was read; the wall clock's readings are at most 2 ms behind.
    expect(out.elapsed as number, r.stdout).to.be.at.least((out.floor as number) - 2);
    expect(out.floor as number).to.be.at.least(99);
  });

  it("starts from a timer START_AFTER_MS after the first reading, not before", () => {
    const r = runScript(
      `${PRELUDE}
       const t0 = clock.now();
       const before = [];
       // Expires before the worker's timer, so runs before it however late both are.
       realSetTimeout(() => before.push(workers, clock.coarseClockState()), START_AFTER_MS - 50);
       (async () => {
         const state = await until("stamping", "asleep");
         const t1 = clock.now();
         console.log(JSON.stringify({ before, workers, state, advanced: t1 - t0 }));
       })();`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    const out = lastJson(r.stdout);
    expect(out.before, r.stdout).to.deep.equal([0, "not started"]);
    expect(out.workers).to.equal(1);
    expect(out.state).to.be.oneOf(["stamping", "asleep"]);
    expect(out.advanced as number, "the worker's stamps continue the wall clock's readings").to.be.at.least(150);
  });

  it("starts when the program replaced the global timers before the runtime loaded (fake timers)", () => {
    const r = runScript(
      `// Timers that never fire, as fake timers are until the test moves them (PRELUDE sleeps on node:timers').
       globalThis.setTimeout = () => ({ unref() {}, ref() {} });
       ${PRELUDE}
       clock.now();
       (async () => {
         const state = await until("stamping", "asleep");
         console.log(JSON.stringify({ workers, state }));
       })();`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    const out = lastJson(r.stdout);
    expect(out.workers, r.stdout).to.equal(1);
    expect(out.state).to.be.oneOf(["stamping", "asleep"]);
  });

  it("reads the wall clock while the loop never turns to its timers, moving on with it", () => {
    // Work chained on promises only: the event loop does not reach its timers phase meanwhile.
    const r = runScript(
      `${PRELUDE}
       const t0 = clock.now();
       const w0 = Date.now();
       (async () => {
         const seen = [];
         while (Date.now() - w0 < START_AFTER_MS + 100) {
           await null;
           seen.push(clock.now());
         }
         const back = seen.some((t, i) => t < (i === 0 ? t0 : seen[i - 1]));
         console.log(JSON.stringify({ workers, state: clock.coarseClockState(), back, advanced: seen[seen.length - 1] - t0 }));
       })();`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    const out = lastJson(r.stdout);
    expect(out.workers, r.stdout).to.equal(0);
    expect(out.state).to.equal("not started");
    expect(out.back).to.equal(false);
    expect(out.advanced as number).to.be.at.least(250);
  });

  it("reads the wall clock as the runtime found it: a faked Date neither stops nor moves the spans' time", () => {
    const r = runScript(
      `${PRELUDE}
       const rt = require("@await-tree/runtime");
       const registry = new rt.Registry();
       const t0 = clock.now();
       // What fake timers do once the program runs: Date.now is the fake clock's, here at the epoch.
       const RealDate = Date;
       let fake = 0;
       globalThis.Date = class extends RealDate { static now() { return fake; } };
       const seen = [];
       const { performance } = require("node:perf_hooks");
       // Promises only (no timer): the loop does not reach its timers, so the worker cannot start.
       const busy = (ms) => { const p = performance.now(); while (performance.now() - p < ms); };
       registry.register("k", "task").run(async () => {
         for (let i = 0; i < 5; i++) {
           fake += i % 2 === 0 ? 3_600_000 : -7_200_000; // an hour ahead, two back
           busy(15);
           await rt.instrumentAwait(Promise.resolve(i), "tick");
           seen.push(clock.now());
         }
         globalThis.Date = RealDate;
         const back = seen.some((t, i) => t < (i === 0 ? t0 : seen[i - 1]));
         console.log(JSON.stringify({ back, elapsed: seen[4] - t0, state: clock.coarseClockState() }));
       });`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    const out = lastJson(r.stdout);
    expect(out.state).to.equal("not started");
    expect(out.back, r.stdout).to.equal(false);
    // Five busy stretches of 15 ms: at least 60 ms of real time, and nothing near the fake hours.
    expect(out.elapsed as number, r.stdout).to.be.within(60, 60_000);
  });
});
