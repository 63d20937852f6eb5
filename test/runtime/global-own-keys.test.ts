// Loading the runtime must add no own property to the program's global object. Leak checks list
// those: @hapi/lab compares every own key of `globalThis`, symbols and non-enumerable ones
// included, with a fresh thread's, and failed every run that loaded the runtime (an audit of hapi
// with lab 26, 2026-12-05: "The following leaks were detected: Symbol(await-tree.runtime),
// Symbol(await-tree.integrations-started), Symbol(await-tree.loop-stamp)", exit code 1, every
// test passing). The realm-wide entries are still read as `globalThis[Symbol.for(...)]` (the CLI's
// dump, other copies of the runtime), through the global object's prototype.
import { expect } from "chai";
import { explain, mask, node, repoRoot } from "../transformer/helpers.js";

const program = (load: string) => `
const before = new Set(Reflect.ownKeys(globalThis));
${load}
const added = Reflect.ownKeys(globalThis).filter((k) => !before.has(k)).map(String);
const entry = globalThis[Symbol.for("await-tree.runtime")];
rt.initGlobalRegistry();
rt.register("job", "job").run(() => rt.instrumentAwait(new Promise(() => {}), "pending"));
setTimeout(() => {
  // The loop stamp starts a little later (the integrations of the environment): look again.
  const later = Reflect.ownKeys(globalThis).filter((k) => !before.has(k)).map(String);
  console.log(JSON.stringify({ added, later, dump: entry.dump(), stamp: typeof globalThis[Symbol.for("await-tree.loop-stamp")] }));
  process.exit(0);
}, 50);
`;

describe("runtime: no own property on globalThis", function () {
  this.timeout(60_000);

  it("nothing added to Reflect.ownKeys(globalThis); the published entries are still read there", async () => {
    const r = await node(
      ["-e", program(`const rt = require("@await-tree/runtime"); require("@await-tree/runtime/instrument");`)],
      { cwd: repoRoot },
    );
    expect(r.code, explain(r)).to.equal(0);
    const out = JSON.parse(r.stdout) as { added: string[]; later: string[]; dump: string; stamp: string };
    expect(out.added, explain(r)).to.deep.equal([]);
    expect(out.later, explain(r)).to.deep.equal([]);
    expect(mask(out.dump)).to.equal("[job]\njob [T]\n  pending [T]\n\n");
    expect(out.stamp).to.equal("object");
  });
});
