import { join } from "node:path";
import { expect } from "chai";
import { type NodeResult, repoRoot, runScript } from "../support/run-node.js";

const COARSE = JSON.stringify(join(repoRoot, "packages", "runtime", "dist", "cjs", "core", "coarse-clock.js"));

/**
 * A program whose first span sets the coarse clock's worker to start (`START_AFTER_MS` later, from
 * a timer), that captures stacks in that turn and after the worker started (an uncaught error's
 * included). The worker must not change them. (It still takes a thread id: docs/design.md,
 * decision 1.) Without a registry nothing is recorded: no worker.
 */
function program(withRegistry: boolean): string {
  return `
const rt = require("@await-tree/runtime");
const { START_AFTER_MS } = require(${COARSE});
let workers = 0;
process.on("worker", () => workers++);
process.on("exit", () => console.log("workers", workers));
if (${withRegistry}) rt.initGlobalRegistry();
const step = rt.traced("step", async () => { await null; });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function thrower() { await null; await null; throw new Error("boom"); }
// Function names only (paths differ between runs), below this helper.
const stack = () => new Error("here").stack.split("\\n").slice(2).map((l) => l.trim().split(" (")[0]).join(" | ");
async function main() {
  await step();
  console.log(stack());
  // A later timer than the worker's: it has started by then (timers run in the order they expire).
  await sleep(START_AFTER_MS + 20);
  await step();
  console.log(stack());
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
  it("adds no processTicksAndRejections frame to stacks taken in the turn of the first span or after the worker's start", () => {
    // Without the registry that zero-setup creates on first use (docs/zero-setup.md): nothing recorded.
    const plain = runScript(program(false), ".cjs", { AWAIT_TREE_AUTO_INIT: "0" });
    const traced = runScript(program(true), ".cjs");
    expect(plain.stdout, plain.stderr).to.equal("at main\nat main\nworkers 0\n");
    expect(traced.stdout, traced.stderr).to.equal("at main\nat main\nworkers 1\n");
    expect(uncaughtFrames(plain)).to.deep.equal(["at thrower", "at async main"]);
    expect(uncaughtFrames(traced)).to.deep.equal(uncaughtFrames(plain));
    expect(traced.status).to.equal(plain.status);
  });
});
