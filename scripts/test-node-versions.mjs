// The suite on the Node versions users run, besides this machine's (the oldest supported line):
// the whole suite on the newest LTS, a smoke set on the others. Each run prints mocha's own
// summary, so CI's totals count them. `AWAIT_TREE_NODE_VERSIONS=off` skips this step;
// `AWAIT_TREE_NODE_VERSIONS=24:smoke,26:all` chooses the versions and sets.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { officialNode } from "./official-node.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mocha = join(root, "node_modules", "mocha", "bin", "mocha.js");

/** Tests that exercise what differs between Node versions: module hooks, runtime, emitted code. */
const SMOKE = [
  "build/test/register/**/*.test.js",
  "build/test/runtime/examples.test.js",
  "build/test/runtime/dual-package.test.js",
  "build/test/transformer/scenarios.test.js",
];
const DEFAULT = "22:smoke,24:smoke,26:all";

const spec = process.env.AWAIT_TREE_NODE_VERSIONS ?? DEFAULT;
if (spec === "off") {
  console.log("Node versions: skipped (AWAIT_TREE_NODE_VERSIONS=off)");
  process.exit(0);
}
let failed = false;
for (const entry of spec.split(",").filter((s) => s !== "")) {
  const [major, set = "smoke"] = entry.split(":");
  const node = officialNode(major);
  if (node.skip !== undefined) {
    // Said, not hidden: the summary line of this step names what did not run.
    console.log(`Node ${major}: not run: ${node.skip}`);
    continue;
  }
  const version = spawnSync(node.bin, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`\n== Node ${version}: ${set === "all" ? "the whole suite" : "smoke set"}`);
  const args = [mocha, ...(set === "all" ? [] : SMOKE)];
  const r = spawnSync(node.bin, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
