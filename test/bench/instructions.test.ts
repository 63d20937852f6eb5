/**
 * bench/instructions.mjs refuses a case it does not have, naming it and the cases it has, before
 * it starts valgrind or builds anything (the counts themselves need valgrind and minutes: they are
 * run by hand, docs/performance.md "How the benchmarks measure").
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";

describe("bench: instruction counts", () => {
  it("names an unknown case and the known ones", () => {
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, "bench", "instructions.mjs"), "--cases", "p9000", "--cache"],
      {
        cwd: repoRoot,
        encoding: "utf8",
      },
    );
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.include("unknown case p9000 (cases: p1, p2, p2-fn, p5-handler, p5-handler-task)");
  });
});
