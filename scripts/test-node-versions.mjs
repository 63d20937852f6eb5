// The suite on the Node versions users run, besides this machine's (the oldest supported line).
// `npm test` runs the smoke set on the newest line (26), within CI's time; `npm run
// test:node-versions` runs the smoke set on 22 and 24 and the whole suite on 26. Each run prints
// mocha's own summary, so CI's totals count them. `AWAIT_TREE_NODE_VERSIONS=off` skips this step;
// `AWAIT_TREE_NODE_VERSIONS=24:smoke,26:all` chooses the versions and sets.
//
// "all" is every test file; its differential corpus runs in its two core configurations there
// (between them every program with both plugin variants and both registry modes, see the corpus's
// matrix.ts): the corpus's other configurations vary the compiler's output, which does not depend
// on the Node version running the suite, and they run on this machine's Node.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import mochaOptions from "./mocha-options.cjs";
import { officialNode } from "./official-node.mjs";
import registryCa from "./registry-ca.cjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mocha = join(root, "node_modules", "mocha", "bin", "mocha.js");

/** Tests that exercise what differs between Node versions: module hooks, runtime, emitted code. */
const SMOKE = [
  "build/test/register/**/*.test.js",
  "build/test/runtime/examples.test.js",
  "build/test/runtime/dual-package.test.js",
  "build/test/transformer/scenarios.test.js",
  // Stack frames of AsyncLocalStorage differ from one line to the next (the integration trims its own).
  "build/test/mocha/passing.test.js",
];
const ALL = ["build/test/**/*.test.js"];
const DEFAULT = "26:smoke";

// As .mocharc.cjs does: no start of the runs below reads the extra CA file (scripts/registry-ca.cjs).
registryCa.setAsideRegistryCa(process.env);

const spec = process.env.AWAIT_TREE_NODE_VERSIONS ?? DEFAULT;
if (spec === "off") {
  console.log("Node versions: skipped (AWAIT_TREE_NODE_VERSIONS=off)");
  process.exit(0);
}
let failed = false;
for (const entry of spec.split(",").filter((s) => s !== "")) {
  const [major, set = "smoke"] = entry.split(":");
  if (set !== "smoke" && set !== "all") {
    console.error(`AWAIT_TREE_NODE_VERSIONS: "${entry}" names set "${set}"; the sets are smoke and all`);
    process.exit(2);
  }
  const node = officialNode(major);
  if (node.skip !== undefined) {
    // A version that cannot be had fails the step: a green run must mean it ran.
    console.log(`Node ${major}: not run: ${node.skip}`);
    failed = true;
    continue;
  }
  const version = spawnSync(node.bin, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`\n== Node ${version}: ${set === "all" ? "the whole suite" : "smoke set"}`);
  const env = {
    ...process.env,
    ...(set === "all" ? { CORPUS_CONFIGS: process.env.CORPUS_CONFIGS ?? "cjs-es2020,esm-es2022" } : {}),
  };
  const r = spawnSync(node.bin, [mocha, ...mochaOptions.MOCHA_ARGS, ...(set === "all" ? ALL : SMOKE)], {
    cwd: root,
    stdio: "inherit",
    env,
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
