// A span younger than the coarse clock's millisecond is shown with its real (sub-millisecond)
// elapsed time, not `[0.000ns]`: a leak report is a snapshot taken as the test ends, of work that
// often started within the same millisecond.
import { join } from "node:path";
import { expect } from "chai";
import { explain, node, repoRoot } from "../transformer/helpers.js";

const RUNTIME = JSON.stringify(join(repoRoot, "packages", "runtime"));

/**
 * A program that records 50 tasks, each with a pending `traced(fn)` call, and prints each task's
 * tree and leftovers. `wait` is how long it lets the coarse clock's worker start first: "none"
 * records them while the clock starts (its readings come from the wall clock until the worker's
 * first stamp).
 */
function program(wait: "none" | "50 ms"): string {
  const loop = `
        for (let i = 0; i < 50; i++) {
          const root = registry.register(i, "task " + i);
          out.push(root.tree().toString());
          let left;
          root.run(() => { void leak(); return new Promise((resolve) => { left = root.finish(); resolve(); }); });
          out.push(String(left));
        }
        process.stdout.write(out.join("\\n"));`;
  return `const at = require(${RUNTIME});
      const registry = new at.Registry();
      const leak = at.traced(async function leak() { await new Promise(() => {}); });
      const out = [];
      registry.register("warm-up", "warm-up").tree();
      ${wait === "none" ? loop : `setTimeout(() => {${loop}}, 50);`}`;
}

describe("runtime: elapsed times of spans younger than the clock's resolution", function () {
  this.timeout(60_000);

  for (const wait of ["50 ms", "none"] as const) {
    it(`a snapshot and a task's leftovers (leak reports) never print [0.000ns] with the default clock (worker given ${wait} to start)`, async () => {
      const r = await node(["-e", program(wait)]);
      expect(r.code, explain(r)).to.equal(0);
      expect(r.stdout, "the leftovers were reported").to.include("\n  leak() [");
      expect(r.stdout.match(/\[(?:!!! )?0\.000ns\]/g) ?? [], r.stdout.slice(0, 2000)).to.deep.equal([]);
    });
  }
});
