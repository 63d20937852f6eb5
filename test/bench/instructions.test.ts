/**
 * bench/instructions.mjs refuses a case it does not have (naming it and the cases it has), a
 * warm-up that is not a whole number and a Node binary that is not there, before it starts
 * valgrind or builds anything (the counts themselves need valgrind and minutes: they are
 * run by hand, docs/performance.md "How the benchmarks measure").
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, "bench", "instructions.mjs"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
  });

describe("bench: instruction counts", () => {
  it("names a warm-up that is not a whole number of operations", () => {
    for (const bad of ["lots", "-5", "1e6", "2.5"]) {
      const r = run("--cases", "p1", "--warmup", bad);
      expect(r.status, bad).to.not.equal(0);
      expect(r.stderr, bad).to.include(`--warmup takes a whole number of operations, not "${bad}"`);
    }
  });

  it("makes a relative --node path absolute (the counted children run in a scratch folder)", () => {
    const r = run("--cases", "p1", "--node", "./no-such-dir/node");
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.include(`--node: no Node.js binary at ${join(repoRoot, "no-such-dir", "node")}`);
  });

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
    expect(r.stderr).to.include(
      "unknown case p9000 (cases: p1, p2, p2-fn, frame, frame-awaited, auto-root, p5-handler, p5-handler-task)",
    );
  });
});
