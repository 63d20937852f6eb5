// Each bundler's entry of the transformer (`@await-tree/transformer/vite`, `/rollup`, ...) as a
// config loads it: a default import, a named import (`import { awaitTree }`) from an ES module,
// and `require()`, all the same plugin function. The named import failed in an ES module config
// ("Named export 'awaitTree' not found": Node could not see it in the CommonJS entry; zod's
// vitest config, 2026-12-05).
import { expect } from "chai";
import { runScript } from "../support/run-node.js";

const ENTRIES = ["vite", "rollup", "rolldown", "esbuild", "webpack", "rspack"];

describe("bundlers: the plugin's entry modules", () => {
  it("a default import, a named import and require() give the same plugin function, for every bundler", () => {
    const esm = ENTRIES.map(
      (e, i) => `import d${i}, { awaitTree as n${i} } from "@await-tree/transformer/${e}";
const r${i} = require("@await-tree/transformer/${e}");
out.push([${JSON.stringify(e)}, typeof n${i}, n${i} === d${i}, r${i} === d${i}, r${i}.awaitTree === d${i}, d${i}.name]);`,
    );
    const source = `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const out = [];
${esm.join("\n")}
console.log(JSON.stringify(out));`;
    const r = runScript(source, ".mjs");
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal(ENTRIES.map((e) => [e, "function", true, true, true, "awaitTree"]));
  });
});
