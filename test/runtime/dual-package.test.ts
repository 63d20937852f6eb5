import { expect } from "chai";
import { runScript } from "../support/run-node.js";

describe("runtime: one shared state for CommonJS and ES module consumers", () => {
  it("sees the same registry, classes and spans from require() and import", () => {
    const r = runScript(
      `const cjs = require("@await-tree/runtime");
       import("@await-tree/runtime").then(async (esm) => {
         const g = cjs.initGlobalRegistry();
         const viaEsm = esm.globalRegistry();
         const root = esm.register("k", "root from esm");
         root.run(() => cjs.instrumentAwait(new Promise(() => {}), "wait from cjs"));
         console.log(g === viaEsm, esm.Registry === cjs.Registry, root instanceof cjs.TreeRoot);
         process.stdout.write(cjs.getTree("k").toString().replace(/\\[[^\\]]*\\]/g, "[t]"));
       });`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("true true true\nroot from esm [t]\n  wait from cjs [t]\n");
  });
});
