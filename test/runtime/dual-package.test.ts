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

  // Node's import takes the CommonJS build (re-exported); bundlers take the ES module build (the
  // "module" condition). A bundle's copy loaded first, then Node's: one state.
  it("shares the ES module build's state when it loads first and CommonJS comes later", () => {
    const r = runScript(
      `import * as esm from "../../packages/runtime/dist/esm/index.mjs";
       import * as esmInstrument from "../../packages/runtime/dist/esm/instrument.mjs";
       import { createRequire } from "node:module";
       const require = createRequire(import.meta.url);
       const g = esm.initGlobalRegistry();
       const cjs = require("@await-tree/runtime");
       const o = globalThis[Symbol.for("await-tree.runtime")];
       console.log(o.format, g === cjs.globalRegistry(), esm.Registry === cjs.Registry);
       console.log(require("@await-tree/runtime/instrument").suspend === esmInstrument.suspend);
       const root = cjs.register("k", "root from cjs");
       root.run(() => esm.instrumentAwait(new Promise(() => {}), "wait from esm"));
       process.stdout.write(o.dump().replace(/\\[[^\\]]*\\]/g, "[t]"));`,
      ".mjs",
    );
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("module true true\ntrue\n[t]\nroot from cjs [t]\n  wait from esm [t]\n\n");
  });
});
