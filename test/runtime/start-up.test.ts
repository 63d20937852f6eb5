// What loading the runtime costs a process (docs/performance.md, "Start-up"): modules that only
// some processes need are loaded when first needed, not with the runtime.
import { join } from "node:path";
import { expect } from "chai";
import { explain, node, repoRoot } from "../transformer/helpers.js";

const RUNTIME = JSON.stringify(join(repoRoot, "packages", "runtime"));
const loaded = (name: string): string => `process.moduleLoadList.includes(${JSON.stringify(`NativeModule ${name}`)})`;

describe("runtime: start-up", function () {
  this.timeout(60_000);

  it("loading the runtime does not load node:v8; the first observed promise does, and is observed", async () => {
    const r = await node([
      "-e",
      `const at = require(${RUNTIME});
       const before = ${loaded("v8")};
       const registry = new at.Registry();
       // An untransformed root observes its promise (V8's promise hooks, from node:v8).
       registry.register("job", "job").run(async () => { await new Promise((r) => setTimeout(r, 20)); }).then(() => {
         process.stdout.write(JSON.stringify({ before, after: ${loaded("v8")}, size: registry.size }));
       });
       setTimeout(() => {}, 5);`,
    ]);
    expect(r.code, explain(r)).to.equal(0);
    // The root ended when its promise settled: the hook saw it.
    expect(JSON.parse(r.stdout)).to.deep.equal({ before: false, after: true, size: 0 });
  });
});
