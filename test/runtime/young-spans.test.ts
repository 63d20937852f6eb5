// A span younger than the coarse clock's millisecond is shown with its real (sub-millisecond)
// elapsed time, not `[0.000ns]`: a leak report is a snapshot taken as the test ends, of work that
// often started within the same millisecond.
import { join } from "node:path";
import { expect } from "chai";
import { explain, node, repoRoot } from "../transformer/helpers.js";

const RUNTIME = JSON.stringify(join(repoRoot, "packages", "runtime"));

describe("runtime: elapsed times of spans younger than the clock's resolution", function () {
  this.timeout(60_000);

  it("a snapshot and a task's leftovers (leak reports) never print [0.000ns] with the default clock", async () => {
    const r = await node([
      "-e",
      `const at = require(${RUNTIME});
      const registry = new at.Registry();
      const leak = at.traced(async function leak() { await new Promise(() => {}); });
      const out = [];
      // The coarse clock's worker stamps every millisecond once it runs: let it start first.
      registry.register("warm-up", "warm-up").tree();
      setTimeout(() => {
        for (let i = 0; i < 50; i++) {
          const root = registry.register(i, "task " + i);
          out.push(root.tree().toString());
          let left;
          root.run(() => { void leak(); return new Promise((resolve) => { left = root.finish(); resolve(); }); });
          out.push(String(left));
        }
        process.stdout.write(out.join("\\n"));
      }, 50);`,
    ]);
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stdout, "the leftovers were reported").to.include("\n  leak() [");
    expect(r.stdout.match(/\[(?:!!! )?0\.000ns\]/g) ?? [], r.stdout.slice(0, 2000)).to.deep.equal([]);
  });
});
