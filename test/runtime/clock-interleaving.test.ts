import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runNode } from "../support/run-node.js";

/**
 * The coarse clock never goes back, and is never ahead of the precise clock, whatever the two
 * threads' interleaving: its worker's program runs in the test's thread with a clock that holds it
 * 3 ms after each reading (as a preempted thread would be), and the main thread reads the clock
 * meanwhile, through the start of the worker, its sleep and its wake-up (fixtures/clock-interleaving.cjs).
 * Before the fix, a reading taken while the worker woke up (or started) was later than the worker's
 * next stamp: siblings started around it were sorted out of order; and a start-up reading was up
 * to 1 ms ahead of the precise clock: a young span printed `[0.000ns]`.
 */

interface Reading {
  state: string;
  t: number;
  ahead: number;
}

describe("runtime: the coarse clock under the worst interleaving of its two threads", function () {
  this.timeout(60_000);
  let readings: Reading[] = [];

  before(() => {
    const fixture = join(repoRoot, "test", "runtime", "fixtures", "clock-interleaving.cjs");
    const r = runNode([fixture, join(repoRoot, "packages", "runtime", "dist", "cjs")]);
    expect(r.status, r.stderr).to.equal(0);
    readings = JSON.parse(r.stdout) as Reading[];
  });

  it("goes through the worker's start, its sleep and its wake-up", () => {
    const phases = readings.map((r) => r.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(phases).to.deep.equal(["starting", "stamping", "asleep", "stamping"]);
  });

  it("never goes back", () => {
    const back = readings.findIndex((r, i) => i > 0 && r.t < (readings[i - 1] as Reading).t);
    const around = readings.slice(Math.max(0, back - 2), back + 2);
    expect(back, `reading ${back} went back: ${JSON.stringify(around)}`).to.equal(-1);
  });

  it("is never ahead of the precise clock", () => {
    const ahead = readings.filter((r) => r.ahead > 0);
    expect(ahead, JSON.stringify(ahead.slice(0, 5))).to.deep.equal([]);
  });
});
