/**
 * Automatic roots (traced calls outside any task) enter the registry's map only when something
 * lists the registry (registry/auto-roots.ts): every listing must see them where, and as, a map
 * filled at each creation would have shown them. Keys and their numbering, the order among
 * registered tasks (a key registered again keeps its place), `size`, `get` with a listed key,
 * `currentTree()` and `register()` inside an automatic root, the text and JSON of a registry's
 * dump and of the process-wide dump, `clear()`, the `maxAutoRoots` limit dropping listed and
 * unlisted roots, detached work; and an automatic root that ends runs no label code.
 * Automatic roots are made outside any task, which the mocha integration (every call is part of
 * the running test) rules out in this process: one child process runs every scenario, with a
 * manual clock, and each test checks its part of what it printed.
 */
import { expect } from "chai";
import { runScript } from "../support/run-node.js";

const SCRIPT = `
import { currentTree, dump, initGlobalRegistry, ManualClock, register, resetGlobalRegistry, setClock, traced } from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
const clock = new ManualClock();
setClock(clock.now);
const sHang = $at.site({ parts: ["hang(", ")"], file: "src/auto.ts", line: 1, column: 1 });
const sGate = $at.site({ parts: ["gate"], file: "src/auto.ts", line: 2, column: 3 });
const gates = new Map();
const open = (n) => gates.get(n)(n);
/** Transformed (the emitted shape): pending until open(n), then returns n; calls inside() first. */
async function hang(n, inside) {
  const $f = $at.enter(sHang, n);
  let $t;
  try {
    inside?.();
    return ($t = await $at.suspend($f, sGate, $at.mark($f), new Promise((r) => gates.set(n, r))), $at.resume($f, $t, $t = void 0));
  } finally {
    $at.exit($f);
  }
}
/** Untransformed (the wrapper only): an automatic root of one slot. */
const wrapped = traced("wrapped \${n}", async (n) => new Promise((r) => gates.set(n, r)));
const names = (registry) => registry.collectAll().map(([k, t]) => String(k) + "=" + t.root.name);
const out = {};
clock.set(1000);

// Automatic roots between registered tasks, listed or not; a key registered again keeps its place.
let registry = initGlobalRegistry();
const calls = [hang(0)];
registry.register("task a", "a");
calls.push(hang(1));
registry.registerAnonymous("anon");
calls.push(hang(2), wrapped(100));
out.sizeUnlisted = registry.size;
clock.advance(5);
out.jsonFirst = JSON.parse(dump({ json: true })).tasks.map((t) => [t.key, t.tree.span.name, t.tree.elapsed_ns]);
out.first = names(registry);
out.sizeListed = registry.size;
calls.push(hang(3));
registry.register("task b", "b");
calls.push(hang(4));
registry.register("task a", "a again");
out.second = names(registry);
const key0 = registry.collectAll()[0][0];
out.get0 = registry.get(key0)?.root.name;
open(1);
await calls[1];
out.afterEnd = names(registry);
out.size = registry.size;
calls.push(hang(6));
out.dump = dump();
out.text = registry.toString();
out.anonymous = registry.collectAnonymous().map((t) => t.root.name);
out.collected = registry.collect().map(([k]) => String(k));

// Inside an automatic root: currentTree() has the key the listings give it, register() goes to
// the global registry, after it.
let peeked;
calls.push(
  hang(7, () => {
    const t = currentTree();
    peeked = { key: t?.key, name: t?.root.name };
    register("inner", "registered inside");
  }),
);
calls.push(hang(8));
const listed = registry.collectAll();
out.inner = listed.map(([k]) => String(k));
out.peeked = [listed.some(([k]) => k === peeked.key), peeked.name, String(peeked.key)];

// clear(): every root ends, listed or not; their functions go on; the numbering goes on.
calls.push(hang(9));
registry.clear();
out.cleared = [registry.size, names(registry)];
for (const n of [0, 2, 3, 4, 6, 7, 8, 9, 100]) open(n);
out.resumed = await Promise.all(calls);
calls.length = 0;
calls.push(hang(10));
out.afterClear = names(registry);
open(10);
await calls.pop();

// maxAutoRoots: the oldest live automatic roots are dropped, listed or not.
resetGlobalRegistry();
registry = initGlobalRegistry({ maxAutoRoots: 3 });
calls.push(hang(10), hang(11));
out.limit0 = names(registry);
registry.register("t", "t");
calls.push(hang(12), hang(13), hang(14)); // drops 10 and 11 (listed)
out.limit1 = [names(registry), registry.dropped, registry.size];
calls.push(hang(15)); // drops 12 (listed)
calls.push(hang(16), hang(17)); // drops 13 and 14 (listed)
calls.push(hang(18)); // drops 15 (not listed)
out.limit2 = [registry.size, names(registry), registry.dropped];
out.limitText = registry.toString();
for (const n of [10, 11, 12, 13, 14, 15, 16, 17, 18]) open(n);
out.limitResumed = await Promise.all(calls);
out.limitEnd = [registry.size, names(registry), registry.dropped];

// Detached work shows under its automatic root, listed after the fact.
resetGlobalRegistry();
registry = initGlobalRegistry();
const sRace = $at.site({ parts: ["race()"], file: "src/auto.ts", line: 8, column: 1 });
const sLost = $at.site({ parts: ["Promise.race(...)"], file: "src/auto.ts", line: 9, column: 3 });
async function race() {
  const $f = $at.enter(sRace);
  let $t;
  try {
    ($t = await $at.suspend($f, sLost, $at.mark($f), Promise.race([hang(20), Promise.resolve()])), $at.resume($f, $t, $t = void 0));
    return ($t = await $at.suspend($f, sGate, $at.mark($f), new Promise((r) => gates.set(21, r))), $at.resume($f, $t, $t = void 0));
  } finally {
    $at.exit($f);
  }
}
calls.length = 0;
calls.push(race());
await new Promise((r) => setImmediate(r));
out.detached = registry.toString();

// An automatic root that ends while work it started is pending: that work is orphaned, and no
// label code runs (nobody asked for a tree), whether the root was listed or not.
let formatted = 0;
const child = traced("child \${p}", async (p) => new Promise((r) => gates.set(p.n, r)));
const sStarter = $at.site({ parts: ["starter(", ")"], file: "src/auto.ts", line: 12, column: 1 });
async function starter(n) {
  const $f = $at.enter(sStarter, n);
  let $t;
  try {
    void child({ n, toString: () => { formatted++; return "payload " + n; } });
    ($t = await $at.suspend($f, sGate, $at.mark($f), new Promise((r) => gates.set(n + 1, r))), $at.resume($f, $t, $t = void 0));
  } finally {
    $at.exit($f);
  }
}
const started = [starter(30), starter(40)];
const listedStarters = names(registry);
started.push(starter(50));
out.beforeEnds = [registry.size, formatted, listedStarters];
for (const n of [31, 41, 51]) open(n);
await Promise.all(started);
out.afterEnds = [registry.size, formatted, names(registry)];
for (const n of [20, 21, 30, 40, 50]) open(n);
await Promise.all(calls);
out.end = [registry.size, names(registry), formatted];
console.log(JSON.stringify(out));
`;

const FRAMES_ONLY =
  "[Frames only: 1 traced call ran without @await-tree/transformer, so the awaits inside are not shown; for await-level trees compile or run the code with the transformer (see its README)]\n";

describe("runtime: automatic roots, listed only when something lists the registry", function () {
  this.timeout(60_000);
  let out: Record<string, unknown>;

  before(() => {
    const r = runScript(SCRIPT, ".mjs");
    expect(r.stderr).to.equal("");
    expect(r.status).to.equal(0);
    out = JSON.parse(r.stdout) as Record<string, unknown>;
  });

  it("lists them in creation order among registered tasks, with keys numbered with registerAnonymous's", () => {
    const first = [
      "Anonymous #0=hang(0)",
      "task a=a",
      "Anonymous #1=hang(1)",
      "Anonymous #2=anon",
      "Anonymous #3=hang(2)",
      "Anonymous #4=wrapped 100",
    ];
    expect(out.first).to.deep.equal(first);
    // Created after a listing, around a new task and a key registered again (which keeps its place).
    expect(out.second).to.deep.equal([
      "Anonymous #0=hang(0)",
      "task a=a again",
      ...first.slice(2),
      "Anonymous #5=hang(3)",
      "task b=b",
      "Anonymous #6=hang(4)",
    ]);
    expect(out.afterEnd).to.deep.equal([
      "Anonymous #0=hang(0)",
      "task a=a again",
      "Anonymous #2=anon",
      "Anonymous #3=hang(2)",
      "Anonymous #4=wrapped 100",
      "Anonymous #5=hang(3)",
      "task b=b",
      "Anonymous #6=hang(4)",
    ]);
    expect(out.anonymous).to.deep.equal(["hang(0)", "anon", "hang(2)", "wrapped 100", "hang(3)", "hang(4)", "hang(6)"]);
    expect(out.collected).to.deep.equal(["task a", "task b"]);
  });

  it("counts them in size before any listing, and finds a listed one by its key", () => {
    expect([out.sizeUnlisted, out.sizeListed, out.size]).to.deep.equal([6, 6, 8]);
    expect(out.get0).to.equal("hang(0)");
  });

  it("prints them in the registry's text and in the process-wide dump (text and JSON) at their place", () => {
    const text =
      "[Anonymous #0]\nhang(0) [5.000ms]\n  gate [5.000ms]\n\n[task a]\na again [0.000ns]\n\n" +
      "[Anonymous #2]\nanon [5.000ms]\n\n[Anonymous #3]\nhang(2) [5.000ms]\n  gate [5.000ms]\n\n" +
      "[Anonymous #4]\nwrapped 100 [5.000ms]\n\n[Anonymous #5]\nhang(3) [0.000ns]\n  gate [0.000ns]\n\n" +
      "[task b]\nb [0.000ns]\n\n[Anonymous #6]\nhang(4) [0.000ns]\n  gate [0.000ns]\n\n" +
      "[Anonymous #7]\nhang(6) [0.000ns]\n  gate [0.000ns]\n\n";
    expect(out.text).to.equal(text + FRAMES_ONLY);
    expect(out.dump).to.equal(text + FRAMES_ONLY);
    expect(out.jsonFirst).to.deep.equal([
      ["Anonymous #0", "hang(0)", 5_000_000],
      ["task a", "a", 5_000_000],
      ["Anonymous #1", "hang(1)", 5_000_000],
      ["Anonymous #2", "anon", 5_000_000],
      ["Anonymous #3", "hang(2)", 5_000_000],
      ["Anonymous #4", "wrapped 100", 5_000_000],
    ]);
  });

  it("gives currentTree() inside one the key of the listings, and a task registered inside it comes after it", () => {
    expect(out.inner).to.deep.equal([
      "Anonymous #0",
      "task a",
      "Anonymous #2",
      "Anonymous #3",
      "Anonymous #4",
      "Anonymous #5",
      "task b",
      "Anonymous #6",
      "Anonymous #7",
      "Anonymous #8",
      "inner",
      "Anonymous #9",
    ]);
    expect(out.peeked).to.deep.equal([true, "hang(7)", "Anonymous #8"]);
  });

  it("ends them all on clear(), listed or not; their functions go on and the numbering too", () => {
    expect(out.cleared).to.deep.equal([0, []]);
    expect(out.resumed).to.deep.equal([0, 1, 2, 100, 3, 4, 6, 7, 8, 9]);
    expect(out.afterClear).to.deep.equal(["Anonymous #11=hang(10)"]);
  });

  it("drops the oldest beyond maxAutoRoots, listed or not, and counts them", () => {
    expect(out.limit0).to.deep.equal(["Anonymous #0=hang(10)", "Anonymous #1=hang(11)"]);
    expect(out.limit1).to.deep.equal([
      ["t=t", "Anonymous #2=hang(12)", "Anonymous #3=hang(13)", "Anonymous #4=hang(14)"],
      { autoRoots: 2, orphanedSpans: 0 },
      4,
    ]);
    expect(out.limit2).to.deep.equal([
      4,
      ["t=t", "Anonymous #6=hang(16)", "Anonymous #7=hang(17)", "Anonymous #8=hang(18)"],
      { autoRoots: 6, orphanedSpans: 0 },
    ]);
    expect(out.limitText).to.equal(
      "[t]\nt [0.000ns]\n\n[Anonymous #6]\nhang(16) [0.000ns]\n  gate [0.000ns]\n\n" +
        "[Anonymous #7]\nhang(17) [0.000ns]\n  gate [0.000ns]\n\n[Anonymous #8]\nhang(18) [0.000ns]\n  gate [0.000ns]\n\n" +
        "[Dropped 6 automatic roots: limit reached]\n",
    );
    expect(out.limitResumed).to.deep.equal([10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(out.limitEnd).to.deep.equal([1, ["t=t"], { autoRoots: 6, orphanedSpans: 0 }]);
  });

  it("shows the detached work of one that was never listed", () => {
    expect(out.detached).to.match(
      /^\[Anonymous #0\]\nrace\(\) \[0\.000ns\]\n {2}gate \[0\.000ns\]\n\[Detached \d+\]\n {2}hang\(20\) \[0\.000ns\]\n {4}gate \[0\.000ns\]\n\n$/,
    );
  });

  it("runs no label code when one ends with work still pending, listed or not", () => {
    // The listing formatted the two children's labels; the three ends format nothing.
    expect(out.beforeEnds).to.deep.equal([
      4,
      2,
      ["Anonymous #0=race()", "Anonymous #1=starter(30)", "Anonymous #2=starter(40)"],
    ]);
    expect(out.afterEnds).to.deep.equal([1, 2, ["Anonymous #0=race()"]]);
    expect(out.end).to.deep.equal([0, [], 2]);
  });
});
