import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runScript } from "../support/run-node.js";

/**
 * When the coarse clock's worker starts (packages/runtime/src/core/coarse-clock.ts
 * `checkCoarseStart`: every 1,024th reading asks; `START_AFTER_READINGS` readings, or
 * `START_AFTER_MS` since the first): a short process never starts the thread, and its spans' times
 * come from the wall clock as the runtime found it, real even when the program fakes `Date`
 * afterwards. The only assertions on time are lower bounds that a loaded machine cannot break.
 */

const DIST = join(repoRoot, "packages", "runtime", "dist", "cjs");
const CLOCK = JSON.stringify(join(DIST, "core", "clock.js"));
const COARSE = JSON.stringify(join(DIST, "core", "coarse-clock.js"));

/** The program's last line, as JSON. */
function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as Record<string, unknown>;
}

describe("runtime: when the coarse clock's worker starts", () => {
  it("a short process records its spans with their times and never starts the thread", () => {
    const r = runScript(
      `const rt = require("@await-tree/runtime");
       const clock = require(${CLOCK});
       let workers = 0;
       process.on("worker", () => workers++);
       const registry = new rt.Registry();
       const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
       const step = rt.traced("step", async (i) => { await rt.instrumentAwait(Promise.resolve(i), "tick"); });
       registry.register("k", "task").run(async () => {
         for (let i = 0; i < 200; i++) await step(i);
         const slow = rt.instrumentAwait(sleep(60), "sleep");
         setTimeout(() => {
           const tree = registry.get("k").toJSON().tree;
           console.log(JSON.stringify({ workers, state: clock.coarseClockState(), sleep: tree.children[0].elapsed_ns / 1e6 }));
         }, 40);
         await slow;
       });`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    const out = lastJson(r.stdout);
    expect(out.workers, r.stdout).to.equal(0);
    expect(out.state).to.equal("not started");
    expect(out.sleep as number, "a pending span's elapsed time, from the wall clock").to.be.at.least(35);
  });

  it("starts at the reading that makes START_AFTER_READINGS, not one before", () => {
    const r = runScript(
      `const clock = require(${CLOCK});
       const { START_AFTER_READINGS } = require(${COARSE});
       let workers = 0;
       process.on("worker", () => workers++);
       for (let i = 1; i < START_AFTER_READINGS; i++) clock.now();
       const before = workers + clock.coarseClockState();
       clock.now();
       // The "worker" event is emitted in a microtask of the reading that started it.
       queueMicrotask(() => console.log(JSON.stringify({ before, after: workers + clock.coarseClockState() })));`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    expect(lastJson(r.stdout)).to.deep.equal({ before: "0not started", after: "1starting" });
  });

  it("starts at the first check START_AFTER_MS after the first reading, with fewer readings", () => {
    // Two bursts of CHECK_MASK + 1 readings (one check each): the first at once, the second after
    // START_AFTER_MS; far fewer readings than START_AFTER_READINGS.
    const r = runScript(
      `const clock = require(${CLOCK});
       const { START_AFTER_MS, CHECK_MASK } = require(${COARSE});
       let workers = 0;
       process.on("worker", () => workers++);
       const burst = () => { for (let i = 0; i <= CHECK_MASK; i++) clock.now(); return workers + clock.coarseClockState(); };
       const first = burst();
       setTimeout(() => {
         const second = burst();
         queueMicrotask(() => console.log(JSON.stringify({ first, second, workers })));
       }, START_AFTER_MS + 20);`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    expect(lastJson(r.stdout)).to.deep.equal({ first: "0not started", second: "0starting", workers: 1 });
  });

  it("reads the wall clock as the runtime found it: a faked Date neither stops nor moves the spans' time", () => {
    const r = runScript(
      `const rt = require("@await-tree/runtime");
       const clock = require(${CLOCK});
       const registry = new rt.Registry();
       const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
       const t0 = clock.now();
       // What fake timers do once the program runs: Date.now is the fake clock's, here at the epoch.
       const RealDate = Date;
       let fake = 0;
       globalThis.Date = class extends RealDate { static now() { return fake; } };
       const seen = [];
       registry.register("k", "task").run(async () => {
         for (let i = 0; i < 5; i++) {
           fake += i % 2 === 0 ? 3_600_000 : -7_200_000; // an hour ahead, two back
           await rt.instrumentAwait(sleep(15), "sleep");
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
    // Five sleeps of 15 ms: at least 60 ms of real time, and nothing near the fake hours.
    expect(out.elapsed as number, r.stdout).to.be.within(60, 60_000);
  });
});
