import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { type NodeResult, repoRoot, runScript } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";

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

  for (const where of ["--require on the command line", "--require in NODE_OPTIONS"]) {
    it(`runs none of the program's preloads (${where}), and a preload that prints does not keep the process alive`, () => {
      const dir = tempFolder(join(repoRoot, "build"), "preload-");
      const seen = join(dir, "threads.txt");
      const preload = join(dir, "preload.cjs");
      // A preload that says which thread runs it, in a file and on stderr (a worker that is not
      // piped keeps what it prints unread: that kept the process from exiting).
      writeFileSync(
        preload,
        `const { threadId } = require("node:worker_threads");
require("node:fs").appendFileSync(${JSON.stringify(seen)}, threadId + "\\n");
process.stderr.write("preload in thread " + threadId + "\\n");
`,
      );
      writeFileSync(seen, "");
      const app = join(dir, "app.cjs");
      writeFileSync(
        app,
        `const rt = require("@await-tree/runtime");
rt.initGlobalRegistry();
rt.traced(async function f() { await new Promise((r) => setTimeout(r, 100)); })().then(() => console.log("done"));
`,
      );
      const onCommandLine = where.includes("command line");
      const r = spawnSync(process.execPath, onCommandLine ? ["--require", preload, app] : [app], {
        cwd: repoRoot,
        env: { ...process.env, NODE_OPTIONS: onCommandLine ? "" : `--require ${preload}` },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(r.signal, "the process did not exit by itself").to.equal(null);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.equal("done\n");
      expect(readFileSync(seen, "utf8"), "the preload ran in the main thread only").to.equal("0\n");
    });
  }
});
