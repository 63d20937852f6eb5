/**
 * zone.js (Angular's polyfills, every Angular unit test) under the runtime, loaded before it (as
 * Angular's polyfills are) and after it. Found auditing zone.js 0.15, 2026-12-06:
 *
 * - zone.js patches `Function.prototype.toString` so that its `ZoneAwarePromise` reads as
 *   `[native code]`: loaded first, the runtime took it for the intrinsic Promise, and every
 *   untransformed traced frame ended at once (an empty tree while `outer()` was pending).
 * - zone.js turns timers, `queueMicrotask` and EventEmitter listeners into tasks of the current
 *   zone: the runtime's own work (the coarse clock's worker and its listeners, the registry's
 *   notice, the flush of label values) became tasks of the zone of the program's first traced
 *   call, which its `onScheduleTask`/`onHasTask` saw (an event task that never ended), and a zone
 *   with an `onScheduleTask` hook made the worker's start throw inside zone.js (a warning, no
 *   coarse clock). The program's zone must see exactly the tasks it sees without the runtime.
 * - zone.js's browser bundle (`require("zone.js")`, an Angular test setup's) patches the global
 *   `EventTarget.prototype`, which is also under a worker's `MessagePort`: the coarse clock's
 *   worker then made zone.js throw at its port's first message, an uncaught TypeError (under
 *   jest's node environment, a failed test) in a program that made no worker of its own.
 */
import { expect } from "chai";
import { repoRoot, runChild } from "../support/run-node.js";

const TREE = (before: boolean) => `
${before ? 'require("zone.js/node");' : ""}
const { Registry, traced } = require("@await-tree/runtime");
${before ? "" : 'require("zone.js/node");'}
const load = traced(async function load(id) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return id * 2;
});
const outer = traced(async function outer() {
  return await load(21);
});
const registry = new Registry();
const root = registry.register("job", "job");
const p = Zone.current.fork({ name: "request" }).run(() => root.run(() => outer()));
setTimeout(() => {
  const tree = registry.get("job")?.toString() ?? "";
  p.then((v) => console.log(JSON.stringify({ v, tree, zone: Promise.name })));
}, 100);
`;

/** `bare`: the same program without the runtime (\`traced\` is the identity). */
const TASKS = (before: boolean, bare: boolean) => `
${before ? 'require("zone.js/node");' : ""}
const rt = ${bare ? "{ traced: (f) => f }" : 'require("@await-tree/runtime")'};
${before ? "" : 'require("zone.js/node");'}
const log = [];
const load = rt.traced(async function load(opts) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  return opts.id * 2;
});
const zone = Zone.current.fork({
  name: "request",
  onScheduleTask(d, _c, t, task) {
    log.push("schedule " + task.type + " " + task.source);
    return d.scheduleTask(t, task);
  },
  onHasTask(d, _c, t, s) {
    log.push("hasTask micro=" + s.microTask + " macro=" + s.macroTask + " event=" + s.eventTask);
    d.hasTask(t, s);
  },
});
zone.run(() => load({ id: 21 })).then((v) => log.push("value " + v));
setTimeout(() => console.log(JSON.stringify(log)), 200);
`;

/** The browser bundle, then the runtime's first traced call (which starts the coarse clock). */
const BROWSER_BUNDLE = `
require("zone.js");
const { traced } = require("@await-tree/runtime");
const load = traced(async function load(id) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return id * 2;
});
load(21).then((v) => setTimeout(() => console.log("value " + v), 100));
`;

/**
 * The runtime loaded for the first time inside a zone (a lazily loaded chunk of an Angular server,
 * loaded while a request's zone is current): its loop stamp's timer was a macrotask of that zone
 * for ever, so the zone never became stable again (NgZone's \`isStable\`, which server rendering
 * waits for). \`bare\`: the same program without the runtime.
 */
const LOADED_IN_ZONE = (bare: boolean) => `
require("zone.js/node");
const log = [];
const zone = Zone.current.fork({
  name: "request",
  onScheduleTask(d, _c, t, task) {
    log.push("schedule " + task.type + " " + task.source);
    return d.scheduleTask(t, task);
  },
  onHasTask(d, _c, t, s) {
    log.push("hasTask macro=" + s.macroTask + " event=" + s.eventTask);
    d.hasTask(t, s);
  },
});
zone
  .run(() => {
    const traced = ${bare ? "(f) => f" : 'require("@await-tree/runtime").traced'};
    return traced(async function lazy() {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 1;
    })();
  })
  .then(() => setTimeout(() => console.log(JSON.stringify(log)), 1200));
`;

describe("runtime: zone.js", () => {
  it("loaded inside a zone, leaves that zone stable (no timer of its own in it)", async function () {
    this.timeout(60_000);
    const env = { AWAIT_TREE_AUTO_INIT: "1" };
    const [bare, traced] = await Promise.all([
      runChild(["-e", LOADED_IN_ZONE(true)], { cwd: repoRoot, env }),
      runChild(["-e", LOADED_IN_ZONE(false)], { cwd: repoRoot, env }),
    ]);
    expect(bare.code, bare.stderr).to.equal(0);
    expect(traced.code, traced.stderr).to.equal(0);
    const log = JSON.parse(traced.stdout) as string[];
    expect(log).to.deep.equal(JSON.parse(bare.stdout));
    expect(log.at(-1)).to.equal("hasTask macro=false event=false");
  });

  it("starts its clock's thread under zone.js's browser bundle without an uncaught error", async function () {
    this.timeout(60_000);
    // The global registry records the call, so the clock starts.
    const r = await runChild(["-e", BROWSER_BUNDLE], { cwd: repoRoot, env: { AWAIT_TREE_AUTO_INIT: "1" } });
    expect(r.stderr).to.match(/^await-tree: initGlobalRegistry\(\) was not called;[^\n]*\n$/);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal("value 42\n");
  });

  for (const before of [true, false]) {
    const order = before ? "before" : "after";
    it(`keeps untransformed frames in the tree (zone.js loaded ${order} the runtime)`, async function () {
      this.timeout(60_000);
      const r = await runChild(["-e", TREE(before)], { cwd: repoRoot });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.equal("");
      const out = JSON.parse(r.stdout) as { v: number; tree: string; zone: string };
      expect(out).to.include({ v: 42, zone: "ZoneAwarePromise" });
      expect(out.tree).to.match(/^job \[.*\]\n {2}outer\(\) \[.*\]\n {4}load\(21\) \[.*\]\n$/);
    });

    it(`schedules none of its own work in the program's zone (zone.js loaded ${order} the runtime)`, async function () {
      this.timeout(60_000);
      const env = { AWAIT_TREE_AUTO_INIT: "1" };
      const [bare, traced] = await Promise.all([
        runChild(["-e", TASKS(before, true)], { cwd: repoRoot, env }),
        runChild(["-e", TASKS(before, false)], { cwd: repoRoot, env }),
      ]);
      expect(bare.code, bare.stderr).to.equal(0);
      expect(traced.code, traced.stderr).to.equal(0);
      // Only the global registry's notice (printed as without zone.js), no coarse clock warning.
      expect(traced.stderr).to.match(/^await-tree: initGlobalRegistry\(\) was not called;[^\n]*\n$/);
      const log = JSON.parse(traced.stdout) as string[];
      expect(log).to.deep.equal(JSON.parse(bare.stdout));
      expect(log).to.include("value 42");
    });
  }
});
