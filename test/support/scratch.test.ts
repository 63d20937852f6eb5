import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { expect } from "chai";
import { runNode } from "./run-node.js";

/** A child process that makes a scratch folder, prints its path and exits with `how`. */
function child(how: string, env: NodeJS.ProcessEnv = {}): string {
  const script = [
    `import { tempFolder } from ${JSON.stringify(new URL("./scratch.js", import.meta.url).href)};`,
    `const dir = tempFolder(${JSON.stringify(tmpdir())}, "await-tree-scratch-test-");`,
    "console.log(dir);",
    how,
  ].join("\n");
  const r = runNode(["--input-type=module", "-e", script], { env: { KEEP_TEST_DIRS: "", ...env } });
  const dir = r.stdout.trim();
  expect(dir, r.stderr).to.match(/await-tree-scratch-test-/);
  return dir;
}

describe("test support: scratch folders", () => {
  it("are removed when the test process exits, normally or by process.exit with a failure code", () => {
    expect(existsSync(child(""))).to.equal(false);
    expect(existsSync(child("process.exit(3);"))).to.equal(false);
  });

  it("are kept with KEEP_TEST_DIRS=1", () => {
    const dir = child("", { KEEP_TEST_DIRS: "1" });
    try {
      expect(existsSync(dir)).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true }); // the child kept it, as asked
    }
  });
});
