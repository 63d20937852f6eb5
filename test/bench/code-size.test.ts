/**
 * bench/lib/opt-code.mjs reads V8's `--print-opt-code` output back (bench/code-size.mjs sums it per
 * side of P5's handler): checked on the real output of this Node.js, for a function optimized,
 * deoptimized and optimized again. bench/code-size.mjs refuses bad options before it runs
 * anything (its figures are read by hand, docs/performance.md "How the benchmarks measure").
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, scratchDir } from "../support/run-node.js";

interface OptimizedFunction {
  name: string;
  position: number | undefined;
  kind: string;
  size: number;
}
type OptCode = {
  optimizedCode(text: string): OptimizedFunction[];
  totalSize(functions: OptimizedFunction[]): number;
};

/** Two functions optimized on request; `twice` is optimized, deoptimized and optimized again. */
const PROGRAM = `
function once(x) { return x + 1; }
function twice(x) { return x * 2 + 1; }
for (const f of [once, twice]) {
  %PrepareFunctionForOptimization(f);
  f(1); f(2);
  %OptimizeFunctionOnNextCall(f);
  f(3);
}
%DeoptimizeFunction(twice);
%PrepareFunctionForOptimization(twice);
twice(4);
%OptimizeFunctionOnNextCall(twice);
twice(5);
`;

describe("bench: the optimized code's size (bench/code-size.mjs)", () => {
  it("reads each function's latest optimized code from V8's own output, once per function", async () => {
    const { optimizedCode, totalSize } = (await import(join(repoRoot, "bench", "lib", "opt-code.mjs"))) as OptCode;
    const file = join(scratchDir(), "hot.js");
    writeFileSync(file, PROGRAM);
    const r = spawnSync(process.execPath, ["--allow-natives-syntax", "--print-opt-code", file], { encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.match(/^name = twice$/gm), "V8 printed the two codes of `twice`").to.have.length(2);
    const functions = optimizedCode(r.stdout);
    expect(functions.map((f) => f.name)).to.deep.equal(["once", "twice"]);
    for (const f of functions) {
      expect(f.kind).to.match(/^TURBOFAN/);
      expect(f.size).to.be.greaterThan(0);
      expect(f.position).to.be.a("number");
    }
    expect(totalSize(functions)).to.equal((functions[0]?.size ?? 0) + (functions[1]?.size ?? 0));
    expect(optimizedCode("no code here")).to.deep.equal([]);
  });

  it("names a bad --batches, --top or --node before it runs anything", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(repoRoot, "bench", "code-size.mjs"), ...args], {
        cwd: repoRoot,
        encoding: "utf8",
      });
    for (const bad of ["lots", "0", "-3", "2.5"]) {
      const r = run("--batches", bad);
      expect(r.status, bad).to.not.equal(0);
      expect(r.stderr, bad).to.include(`--batches takes a whole number of at least 1, not "${bad}"`);
    }
    const top = run("--top", "many");
    expect(top.stderr).to.include(`--top takes a whole number of at least 1, not "many"`);
    const node = run("--node", "./no-such-dir/node");
    expect(node.status).to.not.equal(0);
    expect(node.stderr).to.include(`--node: no Node.js binary at ${join(repoRoot, "no-such-dir", "node")}`);
  });
});
