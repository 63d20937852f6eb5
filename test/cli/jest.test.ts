// `await-tree dump` of a jest process. jest runs each test file in a sandbox of its own, whose
// runtime is published on the sandbox's globalThis, not on the main realm's where the CLI
// evaluates: the file's runtime is held for the CLI by the `node:worker_threads` module while the
// file runs (the runtime's integrations/core/sandbox.ts). Before, the CLI said that the process
// does not load the runtime.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { freshCache, jestBin } from "../runners/support.js";
import { tempFolder } from "../support/scratch.js";
import { mask, repoRoot } from "../transformer/helpers.js";
import { cli, start } from "./support.js";

const CONFIG = join(repoRoot, "test", "runners", "fixtures", "sandbox", "jest.config.cjs");

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
});

/** Runs the files in the order of their names (jest's default orders by size and past timings). */
const SEQUENCER = join(repoRoot, "test", "runners", "fixtures", "sandbox", "by-name-sequencer.cjs");
