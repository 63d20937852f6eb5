// live-tspc.ts reads ts-patch's patched compiler past a lock that another process holds: ts-patch
// alone waits 2 s for its lock file and then throws, which failed a CI run on a busy machine (the
// corpus and the rest of the suite read the same TypeScript side by side).
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runNode } from "./run-node.js";
import { tempFolder } from "./scratch.js";

const TS_PATCH_COMPILER = join(repoRoot, "node_modules", "ts-patch", "compiler", "tsc.js");

/**
 * A child, with ts-patch's cache (and so its lock files) in a folder of its own, that holds every
 * lock ts-patch takes to read the default TypeScript's compiler, as other processes reading it at
 * the same time would, then runs `read`. The lock files' names are learnt from a first read (with
 * `fs.writeFileSync` watched), which also fills the child's cache as a real run's would be.
 */
function withLocksHeld(read: string): { stdout: string; stderr: string } {
  const cache = tempFolder(tmpdir(), "await-tree-tsp-cache-");
  const script = [
    `import { createRequire } from "node:module";`,
    `import fs from "node:fs";`,
    `const tsPatch = createRequire(${JSON.stringify(TS_PATCH_COMPILER)});`,
    "const locks = new Set();",
    "const write = fs.writeFileSync;",
    "fs.writeFileSync = function (path, ...rest) {",
    `  if (String(path).endsWith(".lock")) locks.add(String(path));`,
    "  return write.call(this, path, ...rest);",
    "};",
    `tsPatch("../").getLiveModule("tsc.js");`,
    "fs.writeFileSync = write;",
    `if (locks.size === 0) throw new Error("ts-patch took no lock: nothing to hold");`,
    `for (const lock of locks) fs.writeFileSync(lock, "");`,
    read,
  ].join("\n");
  const r = runNode(["--input-type=module", "-e", script], { env: { TSP_CACHE_DIR: cache } });
  return { stdout: r.stdout, stderr: r.stderr };
}

describe("test support: ts-patch's compiler read past its lock", function () {
  this.timeout(120_000);

  it("ts-patch alone gives up while the lock is held (so the next test checks something)", () => {
    const r = withLocksHeld(
      [
        `try { tsPatch("../").getLiveModule("tsc.js"); console.log("read"); }`,
        `catch (e) { console.log(e.message.includes("Could not acquire lock") ? "gave up" : e.message); }`,
      ].join("\n"),
    );
    expect(r.stdout.trim(), r.stderr).to.equal("gave up");
  });

  it("tspcArgs reads it anyway, and hands out the same compiler", () => {
    const live = new URL("./live-tspc.js", import.meta.url).href;
    const r = withLocksHeld(
      [
        `const { tspcArgs } = await import(${JSON.stringify(live)});`,
        "const first = tspcArgs();",
        "const again = tspcArgs();",
        `console.log(first.length, first[1] === again[1] ? "same" : "different");`,
      ].join("\n"),
    );
    expect(r.stdout.trim(), r.stderr).to.equal("5 same");
  });
});
