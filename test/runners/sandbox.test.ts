// jest runs each test file in a sandbox of its own, which loads its own copy of the runtime: at each
// file's end it must let its coarse clock's thread, its loop stamp's timer and its watchdog go
// (integrations/core/sandbox.ts). Before, every file left a thread running and its whole context
// reachable: the thread count grew by one per file and `jest --detectLeaks` failed.
import { copyFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";
import { fixtures, freshCache, jestBin, type Run, run } from "./support.js";

const FILES = 6;
const config = (name: string): string => join(fixtures, "sandbox", name);

/** A folder in the repository (so that `@await-tree/runtime` resolves) with `FILES` test files. */
function sandboxFiles(): { dir: string; out: string } {
  const dir = tempFolder(join(repoRoot, "build"), "sandbox-");
  for (let i = 1; i <= FILES; i++) copyFileSync(config("file.cjs"), join(dir, `f${i}.test.cjs`));
  const out = join(dir, "threads.txt");
  writeFileSync(out, "");
  return { dir, out };
}

interface JestRun {
  r: Run;
  /** The thread counts the files wrote, in the order they ran. */
  threads: number[];
  /** The run, for assertion messages. */
  said: string;
}

/** jest on the files of `dir`, all in this one process, with the fixture's config and `env`. */
async function jest(
  files: { dir: string; out: string },
  env: NodeJS.ProcessEnv = {},
  args: string[] = [],
): Promise<JestRun> {
  const r = await run(
    [jestBin, "--config", config("jest.config.cjs"), "--cacheDirectory", freshCache(), "--runInBand", ...args],
    { env: { SANDBOX_DIR: files.dir, SANDBOX_OUT: files.out, ...env } },
  );
  const threads = readFileSync(files.out, "utf8").trim().split("\n").filter(Boolean).map(Number);
  return { r, threads, said: `exit ${r.code}, threads ${threads.join(" ")}\n${r.stdout}\n${r.stderr}` };
}

/**
 * The run passed, each of its `count` counts was written, and the last is at most `slack` over
 * the one at `from`: each file's copy starts its threads, the previous files' are gone (one may
 * still be ending).
 */
function expectNoGrowth(run: JestRun, options: { count?: number; from?: number; slack?: number } = {}): void {
  const { count = FILES, from = 0, slack = 1 } = options;
  expect(run.r.code, run.said).to.equal(0);
  expect(run.threads, run.said).to.have.length(count);
  expect((run.threads.at(-1) as number) - (run.threads[from] as number), run.said).to.be.at.most(slack);
}

describe("jest: test files in sandboxes of their own release the runtime's thread and timer", function () {
  this.timeout(120_000);

  it("one process, six files: the thread count does not grow with the files", async () => {
    expectNoGrowth(await jest(sandboxFiles()));
  });

  it("without the jest integration, the runtime alone releases them at each file's end", async () => {
    expectNoGrowth(await jest(sandboxFiles(), { SANDBOX_NO_SETUP: "1" }));
  });

  it("with AWAIT_TREE_WATCHDOG, each file's watchdog thread ends with the file too", async () => {
    const run = await jest(sandboxFiles(), { AWAIT_TREE_WATCHDOG: "30s" });
    // Two threads a file (the clock's and the watchdog's).
    expectNoGrowth(run, { slack: 2 });
    expect(run.r.stderr).not.to.include("await-tree");
  });

  it("a runtime first loaded from setupFiles, no integration: with the precise clock and no loop stamp, --detectLeaks passes", async () => {
    // jest-circus is not there yet: no release can be registered, so the runtime must not be shown
    // to the CLI either (that entry would keep the file's context alive).
    const run = await jest(
      sandboxFiles(),
      { SANDBOX_NO_SETUP: "1", SANDBOX_SETUP_FILES: config("setup-precise.cjs"), AWAIT_TREE_LOOP_STAMP: "0" },
      ["--detectLeaks"],
    );
    expect(run.r.code, run.said).to.equal(0);
    expect(run.r.stderr).not.to.include("leaking memory");
  });

  it("a second copy of the runtime with a state of its own (another contract) releases its thread too", async () => {
    const files = sandboxFiles();
    const other = join(files.dir, "node_modules", "other-runtime");
    const runtime = join(repoRoot, "packages", "runtime");
    cpSync(join(runtime, "package.json"), join(other, "package.json"));
    cpSync(join(runtime, "dist"), join(other, "dist"), { recursive: true });
    const processGlobal = join(other, "dist", "cjs", "process-global.js");
    const text = readFileSync(processGlobal, "utf8");
    const patched = text.replace(/RUNTIME_CONTRACT = (?:contract_1\.)?INSTRUMENT_CONTRACT;/, "RUNTIME_CONTRACT = 99;");
    expect(patched, "the build's shape changed").not.to.equal(text);
    writeFileSync(processGlobal, patched);
    // Each file also traces a call through the other copy, which starts its own clock thread.
    for (let i = 1; i <= FILES; i++) {
      const file = join(files.dir, `f${i}.test.cjs`);
      writeFileSync(
        file,
        `${readFileSync(file, "utf8")}
test("traces through another copy", async () => {
  await require("other-runtime").traced(async function other() {
    await new Promise((resolve) => setTimeout(resolve, 20));
  })();
  require("node:fs").appendFileSync(process.env.SANDBOX_OUT, \`\${require("node:fs").readdirSync("/proc/self/task").length}\\n\`);
});
`,
      );
    }
    const run = await jest(files);
    expect(run.r.stderr, "the two copies say once that they cannot share").to.include("cannot share one state");
    expectNoGrowth(run, { count: 2 * FILES, from: 1 });
  });

  it("a test that freezes node:worker_threads (no integration): the runtime is not shown to the CLI, and still released", async () => {
    const files = sandboxFiles();
    const first = join(files.dir, "f1.test.cjs");
    writeFileSync(first, `Object.freeze(require("node:worker_threads"));\n${readFileSync(first, "utf8")}`);
    expectNoGrowth(await jest(files, { SANDBOX_NO_SETUP: "1" }));
  });

  it("a file that fails while it loads (no teardown event for it): the next file's runtime releases it", async () => {
    // Without the integration (with it, no thread was left: measured). The files run in the order of
    // their names: the failing one first. The thread count is compared with a run without it.
    const withFailing = sandboxFiles();
    writeFileSync(
      join(withFailing.dir, "a-fails.test.cjs"),
      `const { traced } = require("@await-tree/runtime");
traced(async function staleWorkOfDeadFile() { await new Promise(() => {}); })();
require("./does-not-exist");
`,
    );
    const [plain, failing] = await Promise.all([
      jest(sandboxFiles(), { SANDBOX_NO_SETUP: "1" }),
      jest(withFailing, { SANDBOX_NO_SETUP: "1" }),
    ]);
    expect(failing.r.stderr).to.include("Cannot find module './does-not-exist'");
    expect(failing.threads, failing.said).to.have.length(FILES);
    expect(failing.threads.at(-1), `${failing.said}\nwithout it: ${plain.threads.join(" ")}`).to.equal(
      plain.threads.at(-1),
    );
  });

  it("--detectLeaks: no file's context is kept alive by the runtime", async () => {
    const run = await jest(sandboxFiles(), {}, ["--detectLeaks"]);
    expect(run.r.code, run.said).to.equal(0);
    expect(run.r.stderr).not.to.include("leaking memory");
    expect(run.r.stderr).to.include(`Tests:       ${FILES} passed, ${FILES} total`);
  });
});
