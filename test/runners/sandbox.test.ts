// jest runs each test file in a sandbox of its own, which loads its own copy of the runtime: at each
// file's end it must let its coarse clock's thread, its loop stamp's timer and its watchdog go
// (integrations/core/sandbox.ts). Before, every file left a thread running and its whole context
// reachable: the thread count grew by one per file and `jest --detectLeaks` failed.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";
import { fixtures, freshCache, jestBin, type Run, run } from "./support.js";

const FILES = 6;
const config = (name: string): string => join(fixtures, "sandbox", name);

/** A folder in the repository (so that `@await-tree/runtime` resolves) with `FILES` test files. */
function sandboxFiles(ext: ".cjs"): { dir: string; out: string } {
  const dir = tempFolder(join(repoRoot, "build"), "sandbox-");
  for (let i = 1; i <= FILES; i++) copyFileSync(config(`file${ext}`), join(dir, `f${i}.test${ext}`));
  const out = join(dir, "threads.txt");
  writeFileSync(out, "");
  return { dir, out };
}

/** The thread counts the files wrote, in the order they ran. */
function counts(out: string): number[] {
  return readFileSync(out, "utf8").trim().split("\n").filter(Boolean).map(Number);
}

function describeRun(r: Run, threads: number[]): string {
  return `exit ${r.code}, threads ${threads.join(" ")}\n${r.stdout}\n${r.stderr}`;
}

describe("jest: test files in sandboxes of their own release the runtime's thread and timer", function () {
  this.timeout(120_000);

  it("one process, six files: the thread count does not grow with the files", async () => {
    const { dir, out } = sandboxFiles(".cjs");
    const r = await run(
      [jestBin, "--config", config("jest.config.cjs"), "--cacheDirectory", freshCache(), "--runInBand"],
      { env: { SANDBOX_DIR: dir, SANDBOX_OUT: out } },
    );
    const threads = counts(out);
    expect(r.code, describeRun(r, threads)).to.equal(0);
    expect(threads, describeRun(r, threads)).to.have.length(FILES);
    // Each file's copy starts a clock thread; the previous files' are gone (one may still be ending).
    expect((threads.at(-1) as number) - (threads[0] as number), describeRun(r, threads)).to.be.at.most(1);
  });

  it("without the jest integration, the runtime alone releases them at each file's end", async () => {
    const { dir, out } = sandboxFiles(".cjs");
    const r = await run(
      [jestBin, "--config", config("jest.config.cjs"), "--cacheDirectory", freshCache(), "--runInBand"],
      { env: { SANDBOX_DIR: dir, SANDBOX_OUT: out, SANDBOX_NO_SETUP: "1" } },
    );
    const threads = counts(out);
    expect(r.code, describeRun(r, threads)).to.equal(0);
    expect(threads, describeRun(r, threads)).to.have.length(FILES);
    expect((threads.at(-1) as number) - (threads[0] as number), describeRun(r, threads)).to.be.at.most(1);
  });

  it("with AWAIT_TREE_WATCHDOG, each file's watchdog thread ends with the file too", async () => {
    const { dir, out } = sandboxFiles(".cjs");
    const r = await run(
      [jestBin, "--config", config("jest.config.cjs"), "--cacheDirectory", freshCache(), "--runInBand"],
      { env: { SANDBOX_DIR: dir, SANDBOX_OUT: out, AWAIT_TREE_WATCHDOG: "30s" } },
    );
    const threads = counts(out);
    expect(r.code, describeRun(r, threads)).to.equal(0);
    expect(threads, describeRun(r, threads)).to.have.length(FILES);
    // Two threads a file (the clock's and the watchdog's); the previous files' are gone.
    expect((threads.at(-1) as number) - (threads[0] as number), describeRun(r, threads)).to.be.at.most(2);
    expect(r.stderr).not.to.include("await-tree");
  });

  it("--detectLeaks: no file's context is kept alive by the runtime", async () => {
    const { dir, out } = sandboxFiles(".cjs");
    const r = await run(
      [
        jestBin,
        "--config",
        config("jest.config.cjs"),
        "--cacheDirectory",
        freshCache(),
        "--runInBand",
        "--detectLeaks",
      ],
      { env: { SANDBOX_DIR: dir, SANDBOX_OUT: out } },
    );
    expect(r.code, describeRun(r, counts(out))).to.equal(0);
    expect(r.stderr).not.to.include("leaking memory");
    expect(r.stderr).to.include(`Tests:       ${FILES} passed, ${FILES} total`);
  });
});
