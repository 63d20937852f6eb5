import { expect } from "chai";
import { type NodeResult, runScript } from "../support/run-node.js";

/**
 * A program whose first span starts the coarse clock's worker, then captures stacks in the same
 * turn (an uncaught error's included). The worker must not change them. (It still takes a thread
 * id: docs/design.md, decision 1.)
 */
function program(withRegistry: boolean): string {
  return `
const rt = require("@await-tree/runtime");
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
    const plain = runScript(program(false), ".cjs");
    const traced = runScript(program(true), ".cjs");
    expect(plain.stdout).to.equal("at main\n");
    expect(traced.stdout).to.equal(plain.stdout);
    expect(uncaughtFrames(plain)).to.deep.equal(["at thrower", "at async main"]);
    expect(uncaughtFrames(traced)).to.deep.equal(uncaughtFrames(plain));
    expect(traced.status).to.equal(plain.status);
  });
});
