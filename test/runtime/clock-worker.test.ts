import { join } from "node:path";
import { expect } from "chai";
import { type NodeResult, repoRoot, runScript } from "../support/run-node.js";

const CORE = join(repoRoot, "packages", "runtime", "dist", "cjs", "core");

/**
 * A program whose first span starts the coarse clock's worker (the clock read one time short of
 * `START_AFTER_READINGS` before it, as a busy process would have), then captures stacks in the same
 * turn (an uncaught error's included). The worker must not change them. (It still takes a thread
 * id: docs/design.md, decision 1.) Without a registry, nothing reads the clock again: no worker.
 */
function program(withRegistry: boolean): string {
  return `
const rt = require("@await-tree/runtime");
const clock = require(${JSON.stringify(join(CORE, "clock.js"))});
const { START_AFTER_READINGS } = require(${JSON.stringify(join(CORE, "coarse-clock.js"))});
for (let i = 1; i < START_AFTER_READINGS; i++) clock.now();
let workers = 0;
process.on("worker", () => workers++);
process.on("exit", () => console.log("workers", workers));
if (${withRegistry}) rt.initGlobalRegistry();
const step = rt.traced("step", async () => { await null; });
async function thrower() { await null; await null; throw new Error("boom"); }
async function main() {
  await step();
  // Function names only: paths differ between runs.
  console.log(new Error("here").stack.split("\\n").slice(1).map((l) => l.trim().split(" (")[0]).join(" | "));
  await thrower();
}
main();
`;
}

/** The uncaught error's stack as function names (its source line and paths differ between runs). */
function uncaughtFrames(r: NodeResult): string[] {
  return r.stderr
    .split("\n")
    .filter((l) => l.trim().startsWith("at "))
    .map((l) => l.trim().split(" (")[0] as string);
}

describe("runtime: the coarse clock's worker does not change the program", () => {
  it("adds no processTicksAndRejections frame to stacks taken in the turn that starts it", () => {
    // Without the registry that zero-setup creates on first use (docs/zero-setup.md): nothing recorded.
    const plain = runScript(program(false), ".cjs", { AWAIT_TREE_AUTO_INIT: "0" });
    const traced = runScript(program(true), ".cjs");
    expect(plain.stdout).to.equal("at main\nworkers 0\n");
    expect(traced.stdout).to.equal("at main\nworkers 1\n");
    expect(uncaughtFrames(plain)).to.deep.equal(["at thrower", "at async main"]);
    expect(uncaughtFrames(traced)).to.deep.equal(uncaughtFrames(plain));
    expect(traced.status).to.equal(plain.status);
  });
});
