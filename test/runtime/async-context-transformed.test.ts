/**
 * Transformed code never enables AsyncLocalStorage (docs/performance.md, "AsyncLocalStorage: when it
 * is used at all"): on Node 20 and 22 the first storage turns on a promise hook for every promise
 * of the process (each await about 2.4x slower) and routes every native callback through
 * `process.callbackTrampoline`, a frame that then shows in stacks (bluebird's "a promise was
 * created in a handler at node:internal/async_hooks:130:17 but was not returned" named that frame
 * instead of `node:internal/timers`). A `@traced` method that is not async, compiled by the
 * transformer (its decorator marked `$at.transformed(arg, $s, names, false, true)`), went through
 * the untransformed wrapper's `enterSpan` and created the storage on its first call (found auditing
 * promise libraries, 2026-12-05). It now uses a storage only when something else created one.
 */
import { expect } from "chai";
import { repoRoot, runChild } from "../support/run-node.js";

/** Counts the storage's uses (any version: on Node 24 a storage costs nothing, but is still used). */
const PROGRAM = (withRun: boolean) => `
const { AsyncLocalStorage } = require("node:async_hooks");
let uses = 0;
for (const m of ["run", "enterWith"]) {
  const original = AsyncLocalStorage.prototype[m];
  AsyncLocalStorage.prototype[m] = function (...args) { uses++; return original.apply(this, args); };
}
const { globalRegistry, initGlobalRegistry, Registry, traced } = require("@await-tree/runtime");
const $at = require("@await-tree/runtime/instrument");
const s = $at.site({ parts: ["Store.legacy"], file: "src/store.ts", line: 3, column: 3 }, 1);
// The emitted shape of \`@traced legacy(n: number): Promise<number> { return ... }\`.
const legacy = traced($at.transformed(void 0, s, void 0, false, true), function legacy(n) {
  return new Promise((resolve) => setTimeout(() => resolve(n * 2), 20));
});
// Outside any task the call is an automatic root of the global registry.
const registry = ${withRun ? "new Registry()" : "initGlobalRegistry()"};
const root = registry.register("task", "task");
const call = () => legacy(21);
const p = ${withRun ? "root.run(call)" : "call()"};
setTimeout(() => {
  const tree = ${withRun ? 'registry.get("task")' : "registry.collectAnonymous()[0]"}?.toString({ locations: true }) ?? "";
  p.then((v) => console.log(JSON.stringify({ uses, v, tree })));
}, 5);
`;

describe("runtime: transformed code and AsyncLocalStorage", () => {
  it("a transformed @traced method that is not async creates no AsyncLocalStorage, and still shows its frame", async function () {
    this.timeout(60_000);
    const r = await runChild(["-e", PROGRAM(false)], { cwd: repoRoot });
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { uses: number; v: number; tree: string };
    expect(out).to.deep.include({ uses: 0, v: 42 });
    expect(out.tree).to.match(/^Store\.legacy\(21\) \[.*\] at src\/store\.ts:3:3\n$/);
  });

  it("uses the storage that TreeRoot#run created (its callbacks stay in the task)", async function () {
    this.timeout(60_000);
    const r = await runChild(["-e", PROGRAM(true)], { cwd: repoRoot });
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { uses: number; v: number; tree: string };
    expect(out.v).to.equal(42);
    expect(out.uses).to.be.above(1); // the task's run, and the wrapper's enterWith and its undo
    expect(out.tree).to.match(/^task \[.*\]\n {2}Store\.legacy\(21\) \[.*\] at src\/store\.ts:3:3\n$/);
  });
});
