// The untransformed `traced` wrapper and TreeRoot#run/instrument observe the promise they return
// without adding a reaction: whether a rejection is unhandled, what `unhandledRejection` receives,
// and V8's `at async caller` frames stay the program's own (issue 9, defect 7). Each script runs in
// a child process twice, the plain function and the instrumented one, and both runs must match.
import { expect } from "chai";
import { runScript } from "../support/run-node.js";

/** A CommonJS script whose argv[2] says how `f` is called: "plain", "traced", "run" or "instrument". */
function script(body: string): string {
  return `
const { Registry, initGlobalRegistry, setClock, spanStats, traced } = require("@await-tree/runtime");
// The coarse clock's worker changes some uncaught stacks (its own issue); the precise clock has none.
setClock("precise");
initGlobalRegistry();
const registry = new Registry();
const mode = process.argv[2];
function wrap(f) {
  if (mode === "traced") return traced(f);
  if (mode === "run") return (...a) => registry.register(Symbol("t"), "task").run(() => f(...a));
  if (mode === "instrument") return (...a) => registry.register(Symbol("t"), "task").instrument(f(...a));
  return f;
}
${body}
`;
}

const MODES = ["traced", "run", "instrument"];

function runAll(body: string): Map<string, { status: number | null; stdout: string; stderr: string }> {
  const src = script(body);
  const out = new Map<string, { status: number | null; stdout: string; stderr: string }>();
  for (const mode of ["plain", ...MODES]) {
    // The same source for every mode: line numbers are the same in the stacks.
    out.set(mode, runScriptWithArg(src, mode));
  }
  return out;
}

function runScriptWithArg(src: string, mode: string): { status: number | null; stdout: string; stderr: string } {
  const r = runScript(`process.argv.splice(2, 1, process.env.AT_MODE);\n${src}`, ".cjs", { AT_MODE: mode });
  // Each run has its own temp directory.
  const mask = (s: string) => s.replace(/\/[^\s:()]*\/script\.cjs/g, "SCRIPT");
  return { status: r.status, stdout: mask(r.stdout), stderr: mask(r.stderr) };
}

describe("untransformed wrapper and roots: rejections and async stacks stay the program's", function () {
  this.timeout(60_000);

  it("an unhandled rejection crashes the process with the same exit code and stderr", () => {
    const r = runAll(`
async function f() { await null; throw new Error("boom"); }
wrap(f)();
`);
    const plain = r.get("plain");
    expect(plain?.status).to.equal(1);
    expect(plain?.stderr).to.contain("Error: boom");
    for (const m of MODES) expect(r.get(m), m).to.deep.equal(plain);
  });

  it("an async function that rejects before returning (no await) is unhandled as well", () => {
    const r = runAll(`
async function f() { throw new Error("early"); }
wrap(f)();
`);
    const plain = r.get("plain");
    expect(plain?.status).to.equal(1);
    // The synchronous part of the stack shows the wrapper's own frames (a documented limit).
    const head = (s = "") => s.slice(0, s.indexOf("    at f "));
    for (const m of MODES) {
      expect(r.get(m)?.status, m).to.equal(1);
      expect(head(r.get(m)?.stderr), m).to.equal(head(plain?.stderr));
    }
  });

  it("process.on('unhandledRejection') receives the very promise the call returned", () => {
    const r = runAll(`
async function f() { await null; throw new Error("x"); }
const p = wrap(f)();
process.on("unhandledRejection", (reason, promise) => {
  console.log("same promise:", promise === p, reason.message);
});
`);
    expect(r.get("plain")?.stdout).to.equal("same promise: true x\n");
    for (const m of MODES) expect(r.get(m), m).to.deep.equal(r.get("plain"));
  });

  it("keeps V8's 'at async caller' frames in an error's stack", () => {
    const r = runAll(`
async function f() { await null; throw new Error("deep"); }
const g = wrap(f);
async function caller() { await g(); }
async function outer() { await caller(); }
outer().catch((e) => console.log(e.stack.split("\\n").filter((l) => /at (async )?(f|caller|outer)\\b/.test(l)).map((l) => l.trim().split(" (")[0]).join("|")));
`);
    expect(r.get("plain")?.stdout).to.equal("at f|at async caller|at async outer\n");
    for (const m of MODES) expect(r.get(m)?.stdout, m).to.equal(r.get("plain")?.stdout);
  });

  it("handled rejections stay handled and the frames and tasks still end", () => {
    const r = runAll(`
async function f(i) { await null; if (i % 2) throw new Error("odd"); return i; }
const g = wrap(f);
(async () => {
  const before = spanStats().live;
  let caught = 0;
  for (let i = 0; i < 200; i++) await g(i).catch(() => caught++);
  await new Promise((r) => setImmediate(r));
  console.log("caught", caught, "spans left", spanStats().live - before);
})();
`);
    expect(r.get("plain")?.stdout).to.equal("caught 100 spans left 0\n");
    for (const m of MODES) expect(r.get(m), m).to.deep.equal(r.get("plain"));
  });

  it("a promise settled before the call returns ends its frame at once", () => {
    const r = runAll(`
async function f(i) { return i; }
const g = wrap(f);
const before = spanStats().live;
let sum = 0;
for (let i = 0; i < 100; i++) g(i).then((v) => { sum += v; });
setImmediate(() => console.log("sum", sum, "spans left", spanStats().live - before));
`);
    expect(r.get("plain")?.stdout).to.equal("sum 4950 spans left 0\n");
    // Not "instrument": a promise settled before it is handed over cannot be told from a pending
    // one (docs/design.md, decision 7).
    for (const m of ["traced", "run"]) expect(r.get(m), m).to.deep.equal(r.get("plain"));
  });

  it("instrumentAwait of already resolved promises in a task leaves no wait behind", () => {
    const src = `
const { Registry, instrumentAwait, setClock, spanStats } = require("@await-tree/runtime");
setClock("precise");
const root = new Registry().register("t", "t");
const base = spanStats().live;
root.run(async () => {
  for (let i = 0; i < 100; i++) await instrumentAwait(Promise.resolve(i), "resolved");
  await instrumentAwait(new Promise(() => {}), "pending");
});
setImmediate(() => console.log(root.tree().toString({ locations: false }).replace(/ \\[.*\\]/g, ""), spanStats().live - base));
`;
    expect(runScript(src, ".cjs").stdout).to.equal("t\n  pending\n 1\n");
  });

  it("a promise that settled in an earlier turn, then observed by hand, ends at once", () => {
    // Settlements outside a call are remembered once a hand-written observation (instrumentAwait
    // outside transformed code, TreeRoot#instrument) was made: "first" turns it on.
    const src = `
const { Registry, instrumentAwait } = require("@await-tree/runtime");
const registry = new Registry();
const root = registry.register("t", "t");
const turn = () => new Promise((r) => setImmediate(r));
// The dump is taken 50 ms after the task reached "pending" (a timer of 50 ms set at the start
// raced the task's own 1 ms timer and turn: a loaded machine can run them in one timers phase).
let reached;
const waiting = new Promise((r) => { reached = r; });
root.run(async () => {
  await instrumentAwait(new Promise((r) => setTimeout(r, 1)), "first");
  const p = Promise.resolve(1);
  const q = Promise.resolve(2);
  await turn();
  await instrumentAwait(p, "settled earlier");
  registry.register("u", "u").instrument(q);
  reached();
  await instrumentAwait(new Promise(() => {}), "pending");
});
waiting.then(() => setTimeout(() => {
  console.log(root.tree().toString({ locations: false }).replace(/ \\[.*\\]/g, ""));
  console.log(registry.get("u") === undefined ? "u finished" : "u still running");
}, 50));
`;
    expect(runScript(src, ".cjs").stdout).to.equal("t\n  pending\n\nu finished\n");
  });
});
