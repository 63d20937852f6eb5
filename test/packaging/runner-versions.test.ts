// The runtime's test-runner adapters import nothing of their runner (not even types), so the
// package names no runner as a peer: an optional peer that is present at another version makes
// npm refuse the whole install (ERESOLVE), and a project on jest 29 or vitest 3 could not install
// the runtime at all, even to use nothing of those adapters (seen auditing class-validator's
// jest 29 suite). The runners it is tested with are listed in docs/test-runners.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { scratchDir } from "../transformer/helpers.js";
import { npmInstall, packed } from "./support.js";

/** A local package standing for an installed runner of that version (npm reads only its manifest). */
function runnerAt(root: string, name: string, version: string): string {
  const dir = join(root, "runners", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, version }, null, 2)}\n`);
  return dir;
}

describe("packaging: the runtime installs beside any version of a test runner", function () {
  this.timeout(300_000);

  it("into a project that has jest 29 and vitest 3 (npm resolves it without --legacy-peer-deps)", () => {
    const root = join(scratchDir(), "runner-versions");
    mkdirSync(root, { recursive: true });
    const devDependencies = {
      jest: `file:${runnerAt(root, "jest", "29.7.0")}`,
      vitest: `file:${runnerAt(root, "vitest", "3.2.4")}`,
    };
    writeFileSync(
      join(root, "package.json"),
      `${JSON.stringify({ name: "old-runners", private: true, devDependencies }, null, 2)}\n`,
    );
    const runtime = packed().get("@await-tree/runtime") as string;
    expect(() => npmInstall(root, [runtime], ["--package-lock-only", "--ignore-scripts"])).to.not.throw();
  });
});
