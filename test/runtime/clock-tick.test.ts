import { createRequire } from "node:module";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { expect } from "chai";
import { repoRoot, runScript } from "../support/run-node.js";

/**
 * The coarse clock's worker ticks less often while the main thread keeps the cell fresh itself
 * (packages/runtime/src/core/coarse-clock.ts, "Why it ticks less often in a busy process"). Its
 * program runs here in a vm context with a clock that moves only by the time-outs it waits, and a
 * main thread that is a script: how many refreshes it makes during each tick. The time-outs it
 * asks for are the figure, so no assertion depends on this machine's timing.
 */

interface WorkerProgram {
  WORKER_SOURCE: string;
  CELL_BYTES: number;
  REFRESHES: number;
  MAX_TICK_MS: number;
  coarseWorkerData(cell: Float64Array, control: Int32Array): Record<string, unknown>;
}
interface CoarseClock {
  refreshCoarse(cell: Float64Array): number;
}
// Internal (build/test/runtime -> the repository root).
const core = (file: string): unknown =>
  createRequire(import.meta.url)(`../../../packages/runtime/dist/cjs/core/${file}`);
const worker = core("coarse-clock-worker.js") as WorkerProgram;
const coarse = core("coarse-clock.js") as CoarseClock;

const STOP = new Error("stop");

/**
 * The worker's time-outs while it stays awake, given the main thread's refreshes during each tick
 * (`refreshesPerTick[i]` during the i-th). Stops at the end of the script, or when the worker goes
 * to sleep (a wait without time-out).
 */
function ticks(refreshesPerTick: number[]): number[] {
  const cell = new Float64Array(new SharedArrayBuffer(worker.CELL_BYTES));
  const control = new Int32Array(new SharedArrayBuffer(4));
  control[0] = 1; // running
  let t = 1000;
  const asked: number[] = [];
  const fakeAtomics: Record<string, unknown> = Object.create(Atomics);
  fakeAtomics.wait = (_array: Int32Array, _index: number, _value: number, timeout?: number) => {
    if (timeout === undefined || asked.length === refreshesPerTick.length) throw STOP;
    const refreshes = refreshesPerTick[asked.length] as number;
    asked.push(timeout);
    t += timeout;
    cell[worker.REFRESHES] = (cell[worker.REFRESHES] as number) + refreshes;
    return "timed-out";
  };
  const sandbox = {
    require: (name: string) => {
      if (name !== "node:worker_threads") throw new Error(`unexpected require of ${name}`);
      return { workerData: { ...worker.coarseWorkerData(cell, control), minAwakeMs: 10_000 } };
    },
    performance: { now: () => t },
    process: { hrtime: () => [Math.floor(t / 1000), (t % 1000) * 1e6] },
    Atomics: fakeAtomics,
  };
  try {
    runInNewContext(worker.WORKER_SOURCE, sandbox);
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return asked;
}

describe("runtime: the coarse clock's tick", () => {
  it("doubles up to its longest while the main thread refreshes the cell at least once a millisecond", () => {
    expect(worker.MAX_TICK_MS).to.equal(8);
    // Plenty of refreshes (a busy process: P5's server makes about 10 a millisecond).
    expect(ticks([20, 20, 20, 20, 20, 20])).to.deep.equal([1, 2, 4, 8, 8, 8]);
  });

  it("is one millisecond again at the first tick that saw fewer", () => {
    // Busy, then the readings stop: the tick after the burst is the only long one.
    expect(ticks([20, 20, 20, 20, 0, 0, 0])).to.deep.equal([1, 2, 4, 8, 8, 1, 1]);
    // One refresh a millisecond is enough; fewer is not.
    expect(ticks([1, 2, 4, 7, 1, 1])).to.deep.equal([1, 2, 4, 8, 1, 2]);
  });

  it("stays at one millisecond while the main thread reads rarely (no refreshes)", () => {
    expect(ticks([0, 0, 0, 0])).to.deep.equal([1, 1, 1, 1]);
  });

  it("is kept fresh by the main thread's refresh: the precise clock, published and counted", () => {
    const cell = new Float64Array(new SharedArrayBuffer(worker.CELL_BYTES));
    cell[0] = 5; // a stale stamp
    const before = performance.now();
    const t = coarse.refreshCoarse(cell);
    expect(t).to.be.at.least(before);
    expect(cell[0]).to.equal(t);
    expect(cell[worker.REFRESHES]).to.equal(1);
    // A cell already later than the precise clock (a worker's rounding) is not moved back.
    cell[0] = t + 1e9;
    expect(coarse.refreshCoarse(cell)).to.equal(t + 1e9);
    expect(cell[worker.REFRESHES]).to.equal(2);
  });

  it("is refreshed by each task's start, automatic or registered, while the worker stamps", () => {
    const dist = JSON.stringify(join(repoRoot, "packages", "runtime", "dist", "cjs"));
    const r = runScript(
      `const rt = require("@await-tree/runtime");
       const clock = require(${dist} + "/core/clock.js");
       const coarse = require(${dist} + "/core/coarse-clock.js");
       const worker = require(${dist} + "/core/coarse-clock-worker.js");
       rt.initGlobalRegistry();
       const registry = new rt.Registry();
       const request = rt.traced("request", async () => { await null; });
       const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
       async function main() {
         await request(); // the first span starts the worker
         for (let attempt = 0; attempt < 20; attempt++) {
           // The worker stays awake 50 ms unread: a poll that a loaded machine delayed past them
           // finds it asleep, and a reading wakes it (polling alone would wait forever).
           while (clock.coarseClockState() !== "stamping") {
             if (clock.coarseClockState() === "asleep") clock.now();
             await sleep(5);
           }
           const before = coarse.coarse.cell[worker.REFRESHES];
           const pending = [];
           for (let i = 0; i < 10; i++) pending.push(request()); // 10 automatic roots
           registry.register("task", "task").end(); // and one registered task
           const stamping = clock.coarseClockState() === "stamping";
           await Promise.all(pending);
           if (stamping) return console.log(coarse.coarse.cell[worker.REFRESHES] - before);
         }
         console.log("the worker never stayed awake through 11 task starts");
       }
       main();`,
      ".cjs",
    );
    expect(r.stderr, r.stderr).to.equal("");
    expect(r.stdout.trim()).to.equal("11");
  });
});
