// `await-tree dump` of a hung test run: jest, and vitest with each of its pools. jest runs each test
// file in a sandbox of its own, and vitest's vm pools load the runtime in a context of their own:
// its runtime is published on the sandbox's globalThis, not on the main realm's where the CLI
// evaluates, so the `node:worker_threads` module holds it for the CLI (the runtime's
// integrations/core/sandbox.ts). Before, the CLI said that the process does not load the runtime.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { freshCache, jestBin, vitestBin } from "../runners/support.js";
import { tempFolder } from "../support/scratch.js";
import { mask, repoRoot } from "../transformer/helpers.js";
import { cli, start } from "./support.js";

const FIXTURE = join(repoRoot, "test", "runners", "fixtures", "sandbox");
const CONFIG = join(FIXTURE, "jest.config.cjs");

/** A test stuck in a traced call; it says "ready <pid>" once it is stuck. */
const HANG = `const { traced } = require("@await-tree/runtime");
const fetchUser = traced(async function fetchUser(id) {
  await new Promise(() => {});
});
test("hangs in fetchUser", async () => {
  setTimeout(() => process.stdout.write("ready " + process.pid + "\\n"), 50);
  await fetchUser(7);
}, 60000);
`;

/** A file that passes first (its name sorts first); its runtime must not be the one dumped. */
const PASSES = `const { traced } = require("@await-tree/runtime");
const quick = traced(async function quick() {
  await new Promise((resolve) => setTimeout(resolve, 5));
});
test("passes", async () => {
  await quick();
});
`;

describe("await-tree dump <pid> of a jest process", function () {
  this.timeout(120_000);

  for (const integration of [true, false]) {
    it(`prints the tree of the test running now (${integration ? "with" : "without"} the jest integration)`, async () => {
      const dir = tempFolder(join(repoRoot, "build"), "cli-jest-");
      writeFileSync(join(dir, "a-passes.test.cjs"), PASSES);
      writeFileSync(join(dir, "b-hangs.test.cjs"), HANG);
      const target = start(
        [jestBin, "--config", CONFIG, "--cacheDirectory", freshCache(), "--runInBand", "--testSequencer", SEQUENCER],
        { env: { SANDBOX_DIR: dir, SANDBOX_NO_SETUP: integration ? undefined : "1" } },
      );
      try {
        const ready = await target.line(/^ready (\d+)$/m);
        expect(Number(ready[1])).to.equal(target.pid);
        const r = await cli(["dump", String(target.pid)]);
        expect(r.code, r.stderr).to.equal(0);
        // Without the integration, the test's call is a task of its own (an automatic root).
        const task = integration
          ? "[hangs in fetchUser]\nhangs in fetchUser [T]\n  fetchUser(7) [T]\n"
          : "[Anonymous #0]\nfetchUser(7) [T]\n";
        expect(mask(r.stdout)).to.equal(
          `${task}\n[Frames only: 1 traced call ran without @await-tree/transformer, so the awaits inside are not shown; ` +
            "for await-level trees compile or run the code with the transformer (see its README)]\n",
        );
        expect(r.stderr).not.to.include("does not load");
      } finally {
        await target.stop();
      }
    });
  }

  it("the main realm runs a runtime too (node --require @await-tree/runtime): both are dumped, text and JSON", async () => {
    const dir = tempFolder(join(repoRoot, "build"), "cli-jest-");
    writeFileSync(join(dir, "b-hangs.test.cjs"), HANG);
    // The main realm's runtime has a task of its own, pending while the test runs.
    const main = join(dir, "main-task.cjs");
    writeFileSync(
      main,
      `const rt = require("@await-tree/runtime");
rt.initGlobalRegistry().register("jest's own", "outside the tests").run(() => rt.instrumentAwait(new Promise(() => {}), "never"));
`,
    );
    const target = start(
      ["--require", main, jestBin, "--config", CONFIG, "--cacheDirectory", freshCache(), "--runInBand"],
      {
        env: { SANDBOX_DIR: dir },
      },
    );
    try {
      await target.line(/^ready (\d+)$/m);
      const [text, json, cut] = await Promise.all([
        cli(["dump", String(target.pid)]),
        cli(["dump", "--json", String(target.pid)]),
        cli(["dump", "--json", "--max-output", "1", String(target.pid)]),
      ]);
      expect(text.code, text.stderr).to.equal(0);
      expect(mask(text.stdout)).to.equal(
        "[jest's own]\noutside the tests [T]\n  never [T]\n\n" +
          "[hangs in fetchUser]\nhangs in fetchUser [T]\n  fetchUser(7) [T]\n\n" +
          "[Frames only: 1 traced call ran without @await-tree/transformer, so the awaits inside are not shown; " +
          "for await-level trees compile or run the code with the transformer (see its README)]\n",
      );
      expect(json.code, json.stderr).to.equal(0);
      const threads = (JSON.parse(json.stdout) as { threads: Array<{ dump: { tasks: Array<{ key: string }> } }> })
        .threads;
      expect(threads).to.have.length(1);
      const keys = threads[0]?.dump.tasks.map((t) => t.key);
      expect(keys).to.deep.equal(["jest's own", "hangs in fetchUser"]);
      // Each runtime cut its own JSON (no task fits one character): the count adds up over both.
      const cutDump = (
        JSON.parse(cut.stdout) as {
          threads: Array<{ dump: { tasks: unknown[]; omittedTasks: number; errors: string[] } }>;
        }
      ).threads[0]?.dump;
      expect(cutDump?.tasks).to.deep.equal([]);
      expect(cutDump?.omittedTasks).to.equal(2);
      expect(cutDump?.errors.at(-1)).to.match(
        /^2 of 2 tasks left out: the dump \(\d+ characters\) exceeds --max-output 1$/,
      );
    } finally {
      await target.stop();
    }
  });
});

/** Runs the files in the order of their names (jest's default orders by size and past timings). */
const SEQUENCER = join(FIXTURE, "by-name-sequencer.cjs");

/** HANG as an ES module, for vitest. */
const HANG_ESM = HANG.replace(
  'const { traced } = require("@await-tree/runtime");',
  'import { traced } from "@await-tree/runtime";',
);

describe("await-tree dump <pid> of a vitest run, with each pool", function () {
  this.timeout(120_000);

  for (const pool of ["threads", "forks", "vmThreads", "vmForks"]) {
    it(`${pool}: prints the tree of the test running now`, async () => {
      const dir = tempFolder(join(repoRoot, "build"), "cli-vitest-");
      writeFileSync(join(dir, "hangs.test.mjs"), HANG_ESM);
      const target = start([vitestBin, "run", "--config", join(FIXTURE, "vitest.config.mjs"), "--pool", pool], {
        cwd: dir,
        env: { SANDBOX_DIR: dir },
      });
      let runner: number | undefined;
      try {
        // The process that runs the test: vitest's own (threads pools) or a child (forks pools).
        runner = Number((await target.line(/^ready (\d+)$/m))[1]);
        const r = await cli(["dump", String(runner)]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stderr).not.to.include("does not load");
        // The threads pools run the file in a worker thread (a heading per thread); forks in a child.
        expect(mask(r.stdout), r.stdout).to.include(
          "[hangs in fetchUser]\nhangs in fetchUser [T]\n  fetchUser(7) [T]\n",
        );
      } finally {
        if (runner !== undefined && runner !== target.pid) {
          try {
            process.kill(runner, "SIGKILL");
          } catch {
            // Already gone with vitest.
          }
        }
        await target.stop();
      }
    });
  }
});
