/**
 * A program that replaces the global `Promise` (bluebird installed as `global.Promise`, zone.js,
 * a polyfill) still gets promises of the intrinsic one from its async functions. The runtime told
 * those by comparing with the global's prototype at each check, so with bluebird installed every
 * untransformed traced frame ended at once (an empty tree while the call was pending; found
 * auditing promise libraries, 2026-12-05). It now compares with the intrinsic prototype, read when
 * the runtime loads (core/intrinsic-promise.ts), also when the global was replaced before it loaded.
 */
import { expect } from "chai";
import { repoRoot, runChild } from "../support/run-node.js";

const INSTALL = 'global.Promise = require("bluebird");';

/** `before`: bluebird is the global before the runtime loads (a `--require` preload's order). */
const PROGRAM = (before: boolean) => `
${before ? INSTALL : ""}
const { Registry, traced } = require("@await-tree/runtime");
${before ? "" : INSTALL}
const load = traced(async function load(id) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return id * 2;
});
const outer = traced(async function outer() {
  return await load(21);
});
const registry = new Registry();
const root = registry.register("job", "job");
const p = root.run(() => outer());
setTimeout(() => {
  const tree = registry.get("job")?.toString() ?? "";
  p.then((v) => console.log(JSON.stringify({ v, tree, bluebird: Promise === require("bluebird") })));
}, 100);
`;

describe("runtime: a program that replaces the global Promise", () => {
  for (const before of [false, true]) {
    it(`keeps its async functions' frames until they settle (bluebird installed ${before ? "before" : "after"} the runtime loads)`, async function () {
      this.timeout(60_000);
      const r = await runChild(["-e", PROGRAM(before)], { cwd: repoRoot });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.equal("");
      const out = JSON.parse(r.stdout) as { v: number; tree: string; bluebird: boolean };
      expect(out.v).to.equal(42);
      expect(out.bluebird).to.equal(true);
      expect(out.tree).to.match(/^job \[.*\]\n {2}outer\(\) \[.*\]\n {4}load\(21\) \[.*\]\n$/);
    });
  }
});
