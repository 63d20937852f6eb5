/**
 * The bounds on abandoned work (docs/design.md, decision 8): the detached limit (oldest dropped,
 * counted in the task's tree), the limit of automatic roots, frame references that go stale when
 * their frame is dropped, label values that are let go, and the options' validation.
 * Transformed code is driven by hand in the emitted shape (as in hooks.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { initGlobalRegistry, Registry, resetGlobalRegistry, spanStats, type Tree, traced } from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
import { expect } from "chai";
import { deferred, never, tick } from "../support/async.js";
import { repoRoot, runScript } from "../support/run-node.js";
import { validate } from "../support/schema.js";

const schema = JSON.parse(readFileSync(join(repoRoot, "docs", "tree-json.schema.json"), "utf8"));

const sLoser = $at.site({ parts: ["loser(", ")"], file: "src/limits.ts", line: 1, column: 1 });
const sGate = $at.site({ parts: ["gate"], file: "src/limits.ts", line: 2, column: 3 });
const sStarter = $at.site({ parts: ["starter()"], file: "src/limits.ts", line: 5, column: 1 });

/** A transformed function pending on `gate`; returns what it resumed with, plus one. */
async function loser(n: number, gate: Promise<number>): Promise<number> {
  const $f = $at.enter(sLoser, n);
  try {
    const v = $at.resume($f, await $at.suspend($f, sGate, $at.mark($f), gate));
    return v + 1;
  } finally {
    $at.exit($f);
  }
}

/** A transformed function that starts `loser` and returns without awaiting it (so it is detached). */
function starter(n: number, gate: Promise<number>, out: Promise<number>[]): void {
  const $f = $at.enter(sStarter);
  try {
    out.push(loser(n, gate));
  } finally {
    $at.exit($f);
  }
}

/** `loser` for a child process: the same emitted shape, in JavaScript. */
const LOSER = `import { initGlobalRegistry } from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
const sLoser = $at.site({ parts: ["loser(", ")"], file: "src/limits.ts", line: 1, column: 1 });
const sGate = $at.site({ parts: ["gate"], file: "src/limits.ts", line: 2, column: 3 });
async function loser(n, gate) {
  const $f = $at.enter(sLoser, n);
  try {
    const v = $at.resume($f, await $at.suspend($f, sGate, $at.mark($f), gate));
    return v + 1;
  } finally {
    $at.exit($f);
  }
}`;

/** A `gc()` for this process (the suite does not run with --expose-gc). */
function gcFunction(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe("runtime: limits on abandoned work", () => {
  afterEach(() => {
    resetGlobalRegistry();
  });

  it("drops the oldest detached spans beyond maxDetached and says so in the text and JSON dumps", async () => {
    initGlobalRegistry({ maxDetached: 2 });
    const registry = new Registry();
    const root = registry.register("task", "task");
    const out: Promise<number>[] = [];
    const gates = [deferred<number>(), deferred<number>(), deferred<number>()];
    void root.run(async () => {
      await null; // from here on the task's code runs with no current span: exits are safe points
      for (let i = 0; i < 3; i++) starter(i, gates[i]?.promise as Promise<number>, out);
      await never(); // the task stays live
    });
    await tick();
    const tree = registry.get("task") as Tree;
    const text = tree.toString();
    expect(text).to.match(/\[Detached \d+\]\n {2}loser\(1\)/);
    expect(text).to.match(/\[Detached \d+\]\n {2}loser\(2\)/);
    expect(text).not.to.contain("loser(0)");
    expect(text).to.match(/\[Dropped 2 detached spans: limit reached\]\n$/); // loser(0) and its wait
    const json = tree.toJSON();
    expect(json.dropped).to.equal(2);
    expect(validate(json, schema)).to.deep.equal([]);
    // The dropped function still runs as it would: its hooks are no-ops now.
    for (const [i, g] of gates.entries()) g.resolve(10 * i);
    expect(await Promise.all(out)).to.deep.equal([1, 11, 21]);
    root.finish();
  });

  it("a frame dropped while suspended resumes without touching the span that reuses its slot", async () => {
    initGlobalRegistry({ maxDetached: 1 });
    const registry = new Registry();
    const root = registry.register("task", "task");
    const out: Promise<number>[] = [];
    const gates = [deferred<number>(), deferred<number>(), deferred<number>(), deferred<number>()];
    const gate = (i: number) => gates[i]?.promise as Promise<number>;
    const idOf = (name: string): number | undefined => {
      const json = (registry.get("task") as Tree).toJSON();
      return [...json.tree.children, ...json.detached].find((n) => n.span.name === name)?.id;
    };
    let dropped: number | undefined;
    let reuser: number | undefined;
    void root.run(async () => {
      await null;
      starter(0, gate(0), out);
      starter(1, gate(1), out); // loser(0) is dropped (the limit is 1)
      dropped = idOf("loser(1)");
      starter(2, gate(2), out); // loser(1) is dropped, its slot pair freed last
      out.push(loser(3, gate(3))); // a child of the task (not detached): it takes that slot pair
      reuser = idOf("loser(3)");
      await never();
    });
    await tick();
    expect(reuser).to.be.a("number").and.equal(dropped);
    const live = spanStats().live;
    gates[1]?.resolve(1); // loser(1) resumes and ends through its stale reference to that slot
    gates[0]?.resolve(0);
    expect(await Promise.all(out.slice(0, 2))).to.deep.equal([1, 2]);
    expect(spanStats().live).to.equal(live); // nothing of theirs was recorded, nothing ended twice
    const text = (registry.get("task") as Tree).toString();
    expect(text).to.match(/^task \[[^\]]+\]\n {2}loser\(3\) \[[^\]]+\]\n {4}gate \[[^\]]+\]\n\[Detached/);
    expect(text).to.match(/\[Dropped 4 detached spans: limit reached\]\n$/);
    gates[3]?.resolve(3);
    gates[2]?.resolve(2);
    expect(await Promise.all(out.slice(2))).to.deep.equal([3, 4]);
    expect((registry.get("task") as Tree).toString()).to.match(
      /^task \[[^\]]+\]\n\[Dropped 4 detached spans: limit reached\]\n$/,
    );
    root.finish();
  });

  // Automatic roots are made outside any task; in this suite the mocha integration makes every call
  // part of the running test, so these two run in a child process.
  it("an automatic root ended by clear() resumes without touching the root that reuses its slot", () => {
    const out = runScript(
      `${LOSER}
const registry = initGlobalRegistry();
let open1, open2;
const a = loser(1, new Promise((r) => { open1 = r; })); // outside any task: an automatic root
const before = registry.collectAnonymous().map((t) => t.root.id);
registry.clear(); // its work goes on, unlisted
const b = loser(2, new Promise((r) => { open2 = r; })); // a new automatic root, in the freed slot pair
const listed = () => registry.collectAnonymous().map((t) => [t.root.id, t.root.name]);
const steps = [before, listed()];
open1(10);
steps.push(await a, listed()); // the cleared root's function ends through its stale reference
open2(20);
steps.push(await b, registry.size);
console.log(JSON.stringify(steps));
`,
      ".mjs",
    );
    expect(out.stderr).to.equal("");
    const [before, listed, a, listedAfter, b, size] = JSON.parse(out.stdout) as unknown[];
    expect(listed).to.deep.equal([[(before as number[])[0], "loser(2)"]]);
    expect([a, listedAfter, b, size]).to.deep.equal([11, listed, 21, 0]);
  });

  it("keeps at most maxAutoRoots automatic roots, dropping the oldest, and counts them", () => {
    const out = runScript(
      `import { initGlobalRegistry, traced } from "@await-tree/runtime";
const registry = initGlobalRegistry({ maxAutoRoots: 2 });
const hang = traced("hang \${i}", async (i) => { await new Promise(() => {}); return i; });
for (let i = 0; i < 5; i++) void hang(i);
console.log(JSON.stringify([
  registry.collectAnonymous().map((t) => t.root.name),
  registry.dropped,
  registry.toString().replace(/[[0-9.]+(ns|µs|ms|s)]/g, "[t]"),
]));
`,
      ".mjs",
    );
    expect(out.stderr).to.equal("");
    const [names, dropped, text] = JSON.parse(out.stdout) as unknown[];
    expect(names).to.deep.equal(["hang 3", "hang 4"]);
    expect(dropped).to.deep.equal({ autoRoots: 3, orphanedSpans: 0 });
    expect(text).to.match(
      /\]\n\n\[Frames only: 2 traced calls ran [^\n]*\]\n\[Dropped 3 automatic roots: limit reached\]\n$/,
    );
  });

  it("lets go of the objects in labels of pending spans (beyond a window of 16), printing what it kept", async () => {
    const gc = gcFunction();
    class Payload {
      constructor(readonly data: number[]) {}
      toString(): string {
        return `Payload(${this.data.length})`;
      }
    }
    const registry = new Registry();
    const derived = traced(async (_p: Payload) => never());
    const template = traced("load ${p}", async (p: Payload) => {
      await never();
      return p;
    });
    const root = registry.register("task", "task");
    void root.run(() => {
      void derived(new Payload([1, 2, 3]));
      void template(new Payload([1, 2]));
      for (let i = 0; i < 20; i++) void derived(new Payload([])); // push the first two out of the window
      return never();
    });
    await tick(); // a WeakRef keeps its object until the job that made it ends
    gc();
    await tick();
    const text = (registry.get("task") as Tree).toString();
    expect(text).to.contain("  <anonymous>(Payload) [");
    expect(text).to.contain("  load <collected> [");
    root.finish();
  });

  // Traced calls outside any task make automatic roots, which under this suite's mocha integration
  // (each test a task) only a child process has.
  const CHILD_GC = `import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { initGlobalRegistry, traced } from "@await-tree/runtime";
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const tick = () => new Promise((r) => setImmediate(r));
const never = () => new Promise(() => {});
const registry = initGlobalRegistry();
const pending = () => registry.toString().split("\\n").filter((l) => l.includes(" [")).map((l) => l.replace(/ \\[.*/, ""));`;

  it("names an automatic root's object arguments when it starts: the call gets them as given, the root keeps none", () => {
    const out = runScript(
      `${CHILD_GC}
class Payload { constructor(n) { this.n = n; } }
const seen = [];
// Not transformed: the \`traced\` wrapper makes the root with its own arguments array, then calls
// the function with that array, which must still hold the program's objects.
const hang = traced(async (a, b) => { seen.push(\`\${a instanceof Payload && a.n} \${b.x}\`); await never(); });
let ref;
(() => { const p = new Payload(7); ref = new WeakRef(p); void hang(p, { x: 1 }); })();
const steps = [seen.slice(), pending()];
await tick(); // a WeakRef keeps its object until the job that made it ends
gc();
await tick();
steps.push(ref.deref() === undefined, pending());
console.log(JSON.stringify(steps));
`,
      ".mjs",
    );
    expect(out.stderr).to.equal("");
    expect(JSON.parse(out.stdout)).to.deep.equal([
      ["7 1"],
      ["<anonymous>(Payload, {…})"], // named at once: the turn that made it dumps the named form
      true,
      ["<anonymous>(Payload, {…})"],
    ]);
  });

  it("names by prototype only what prints by prototype: dates and promises of a class print as before", () => {
    const out = runScript(
      `${CHILD_GC}
class Stamp extends Date {}
class Later extends Promise {}
const hang = traced(async (v) => never());
// Objects of these classes that are not dates or promises come first: their names must not stand
// for the real ones that follow.
void hang(Object.create(Stamp.prototype));
void hang(new Stamp(0));
void hang(Object.create(Later.prototype));
void hang(new Later(() => {}));
console.log(JSON.stringify(pending()));
`,
      ".mjs",
    );
    expect(out.stderr).to.equal("");
    expect(JSON.parse(out.stdout)).to.deep.equal([
      "<anonymous>(Stamp)",
      "<anonymous>(1970-01-01T00:00:00.000Z)",
      "<anonymous>(Later)",
      "<anonymous>(Promise)",
    ]);
  });

  it("leaves a template's values to the end of the turn: a root's label prints them with the template", () => {
    const out = runScript(
      `${CHILD_GC}
class Payload { constructor(n) { this.n = n; } toString() { return \`Payload(\${this.n})\`; } }
const hang = traced("load \${p}", async (p) => never());
(() => void hang(new Payload(3)))();
const steps = [pending()];
await tick();
gc();
await tick();
steps.push(pending());
console.log(JSON.stringify(steps));
`,
      ".mjs",
    );
    expect(out.stderr).to.equal("");
    expect(JSON.parse(out.stdout)).to.deep.equal([["load Payload(3)"], ["load <collected>"]]);
  });

  it("validates the options, naming the bad one", () => {
    expect(() => initGlobalRegistry({ maxAutoRoots: 0 })).to.throw(
      TypeError,
      /"maxAutoRoots" must be an integer from 1/,
    );
    expect(() => initGlobalRegistry({ maxDetached: 1.5 })).to.throw(
      TypeError,
      /"maxDetached" must be an integer from 1/,
    );
    expect(() => initGlobalRegistry({ maxDetached: "10" as never })).to.throw(TypeError, /got 10/);
    expect(() => new Registry({ maxDetached: 5 })).to.throw(TypeError, /global registry only/);
    expect(() => new Registry({ maxAutoRoots: 5 })).to.throw(TypeError, /global registry only/);
  });
});
