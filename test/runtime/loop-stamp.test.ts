// The loop stamp (packages/runtime/src/integrations/loop-stamp.ts): the dump's stamp stretches its
// period while the event loop is idle, so an idle process is not woken twice a second, and the
// dump's reading of a blocked loop subtracts the loop's idle time since the last tick, so that it
// stays the block's length however long ago that tick was. The watchdog's stamp stays fixed.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { expect } from "chai";
import { repoRoot, runChild } from "../support/run-node.js";

// Internal: the period and the reading, as pure functions (build/test/runtime -> the repository root).
const { nextPeriod, blockedMs, MAX_STRETCHED_MS } = createRequire(import.meta.url)(
  "../../../packages/runtime/dist/cjs/integrations/loop-stamp.js",
) as {
  nextPeriod: (base: number, current: number, elapsedMs: number, idleDeltaMs: number) => number;
  blockedMs: (ageMs: number, idleSinceMs: number) => number;
  MAX_STRETCHED_MS: number;
};

/**
 * An idle child that loaded the runtime (so the dump's stamp runs): it counts its main thread's
 * voluntary context switches (its wake-ups) over four idle seconds, from 2.1 s after it started,
 * then spins for 300 ms and reads what a dump would say of the block. Prints one JSON line.
 */
const IDLE_THEN_BLOCK = `
const { readFileSync } = require("node:fs");
require("@await-tree/runtime");
const stamp = globalThis[Symbol.for("await-tree.loop-stamp")];
const switches = () => Number(/voluntary_ctxt_switches:\\s+(\\d+)/.exec(readFileSync("/proc/thread-self/status", "utf8"))[1]);
setTimeout(() => {
  const before = switches();
  setTimeout(() => {
    const wakes = switches() - before;
    const t0 = performance.now();
    while (performance.now() - t0 < 300) {}
    const spun = performance.now() - t0;
    console.log(JSON.stringify({ wakes, spun, stalled: stamp.stalledMs() }));
  }, 4000);
}, 2100);
`;

/**
 * A busy child (its loop turns all the time, on immediates: the stamp keeps its base period) that
 * loaded the runtime under its own async hook and AsyncLocalStorage: the Timeouts its hook saw
 * created over 2.6 s (the runtime's stamp is the only timer), and what a dump would read then.
 */
const BUSY_UNDER_HOOKS = `
const { AsyncLocalStorage, createHook } = require("node:async_hooks");
let timeouts = 0;
createHook({ init(id, type) { if (type === "Timeout") timeouts++; } }).enable();
new AsyncLocalStorage().enterWith("the program's own");
require("@await-tree/runtime");
const stamp = globalThis[Symbol.for("await-tree.loop-stamp")];
const t0 = performance.now();
const work = () => {
  const t = performance.now();
  while (performance.now() - t < 1) {}
  if (performance.now() - t0 < 2600) setImmediate(work);
  else console.log(JSON.stringify({ timeouts, stalled: stamp.stalledMs() }));
};
setImmediate(work);
`;

describe("the loop stamp", () => {
  it("stretches its period while the loop is idle, up to its maximum, and returns to it as soon as the loop works", () => {
    // Idle: the loop ran 1 ms of a 500 ms period.
    expect(nextPeriod(500, 500, 500, 499)).to.equal(1000);
    expect(nextPeriod(500, 4000, 4000, 3999)).to.equal(MAX_STRETCHED_MS);
    expect(nextPeriod(500, MAX_STRETCHED_MS, 8000, 7999)).to.equal(MAX_STRETCHED_MS);
    // Working: 20 ms of a 1,000 ms period is 2%.
    expect(nextPeriod(500, 1000, 1000, 980)).to.equal(500);
    expect(nextPeriod(500, MAX_STRETCHED_MS, 8000, 0)).to.equal(500);
    // A base over the maximum is kept.
    expect(nextPeriod(10_000, 10_000, 10_000, 10_000)).to.equal(10_000);
  });

  it("reads a block as the time the loop ran since the tick: never negative, never over the stamp's age", () => {
    expect(blockedMs(2400, 2100)).to.equal(300);
    expect(blockedMs(2400, 0)).to.equal(2400);
    // The idle counter and the clock are read a moment apart.
    expect(blockedMs(100, 100.5)).to.equal(0);
    expect(blockedMs(100, -5)).to.equal(100);
  });

  it("an idle process is not woken twice a second, and a dump reads the block's own length, not the stamp's age", async function () {
    if (!existsSync("/proc/thread-self/status")) this.skip(); // the wake-ups are counted from /proc
    this.timeout(60_000);
    const r = await runChild(["-e", IDLE_THEN_BLOCK], { cwd: repoRoot });
    expect(r.code, r.stderr).to.equal(0);
    const { wakes, spun, stalled } = JSON.parse(r.stdout) as { wakes: number; spun: number; stalled: number };
    // A fixed 500 ms period wakes it 8 times in the 4 s (plus the test's own timer); stretched, the
    // period is 2 s then 4 s over them.
    expect(wakes).to.be.at.most(4);
    // The last tick was about 2 s before the spin, so the stamp's age is 2.3 s and more; the loop
    // ran only the spin since (and the timer's callback around it, under a millisecond), which is
    // what the reading says. The upper bound leaves a second for a loaded machine's scheduling:
    // only a bound under the age tells the two readings apart.
    expect(stalled).to.be.at.least(spun);
    expect(stalled).to.be.below(spun + 1000);
  });

  it("is one async resource while its period holds, not a new timer at every tick (the program's async hooks see it once)", async function () {
    this.timeout(60_000);
    const r = await runChild(["-e", BUSY_UNDER_HOOKS], { cwd: repoRoot });
    expect(r.code, r.stderr).to.equal(0);
    const { timeouts, stalled } = JSON.parse(r.stdout) as { timeouts: number; stalled: number };
    // A new timer per tick: one Timeout every 500 ms, about 6 in the 2.6 s.
    expect(timeouts).to.equal(1);
    // And it kept ticking: a dump reads the time since the last tick (under a period), not 2.6 s.
    expect(stalled).to.be.below(1500);
  });

  it("the watchdog's stamp does not stretch: an idle process with a 500 ms watchdog reports no stall", async function () {
    this.timeout(60_000);
    // The stamp ticks every 100 ms (the most it does for any threshold): stretched, its period would
    // reach 800 ms about 0.7 s in, and the watchdog report a stall about 1.2 s in. A threshold of 100
    // ms was within the reach of a loaded machine's scheduling delays, and reported one of those.
    const r = await runChild(["-e", `require("@await-tree/runtime"); setTimeout(() => console.log("done"), 3000);`], {
      cwd: repoRoot,
      env: { AWAIT_TREE_WATCHDOG: "500ms" },
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal("done\n");
    expect(r.stderr).to.not.contain("await-tree watchdog");
  });
});
