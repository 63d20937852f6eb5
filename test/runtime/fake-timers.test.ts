// Fake timers installed after the runtime loaded (sinon's `@sinonjs/fake-timers`, which
// `vi.useFakeTimers()` and jest's modern timers are made of, replace the global `Date`,
// `setImmediate` and `queueMicrotask`, and node:perf_hooks' `performance.now`) see none of the
// runtime's own work: the flush of label
// values was one of the test's timers (`vi.getTimerCount()` read 2 for 1, `clock.next()` ran it in
// place of the test's own), and readings before the clock worker's first stamp read the fake
// time (a call of a 2 s test showed `[!!! 3945.770s]`). Each case runs in a fresh process, where
// the clock worker has not started yet.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runScript } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";

const PROGRAM = `
const { initGlobalRegistry, globalRegistry } = require("@await-tree/runtime");
const { transformSource } = require("@await-tree/transformer");
initGlobalRegistry();
// Traced code as the transformer emits it (an await whose call records its argument, an object).
const source = [
  "export async function load(user: { name: string }) {",
  "  await wait(user);",
  "  return user.name;",
  "}",
  "async function wait(_user: object) { await new Promise((r) => realSetTimeout(r, 50)); }",
  "const realSetTimeout = setTimeout;",
].join("\\n");
const out = transformSource(source, __dirname + "/load.ts", { traceAll: true, format: "commonjs" });
if (out.status !== "transformed") throw new Error(out.reason);
const m = new module.constructor(__dirname + "/load.js", module);
m.paths = module.paths;
m._compile(out.code, __dirname + "/load.js");
// Installed after the runtime loaded, as a test's beforeEach does.
const queued = [];
const realSetTimeout = setTimeout;
globalThis.setImmediate = () => { queued.push("setImmediate"); return { unref() {}, ref() {} }; };
globalThis.queueMicrotask = () => { queued.push("queueMicrotask"); };
globalThis.Date = class extends Date { static now() { return 0; } };
// As @sinonjs/fake-timers 15 does for "performance": an own \`now\` on node:perf_hooks' object.
Object.defineProperty(require("node:perf_hooks").performance, "now", { configurable: true, writable: true, value: () => 0 });
const p = m.exports.load({ name: "ann" });
realSetTimeout(() => {
  const tree = globalRegistry().toString();
  p.then((name) => console.log(JSON.stringify({ queued, name, tree })));
}, 20);
`;

/** A task started once the clock's worker stamps (its start reads the precise clock): shown times are the real ones. */
const WARM = `
const { initGlobalRegistry, globalRegistry, traced } = require("@await-tree/runtime");
const { performance } = require("node:perf_hooks");
initGlobalRegistry();
const realNow = performance.now.bind(performance);
const realSetTimeout = setTimeout;
const hang = traced(async function hang(n) { await new Promise(() => {}); });
hang(0); // starts the clock's worker
realSetTimeout(() => {
  globalThis.Date = class extends Date { static now() { return 0; } };
  Object.defineProperty(performance, "now", { configurable: true, writable: true, value: () => 0 });
  const t0 = realNow();
  hang(1);
  realSetTimeout(() => {
    const shown = globalRegistry().toString();
    console.log(JSON.stringify({ real: realNow() - t0, shown }));
    process.exit(0);
  }, 30);
}, 100);
`;

/**
 * Fake timers installed while the loop stamp runs, as a test's `beforeEach` does (async-mutex's
 * suite: sinon's `install()` in each test, whose `clock.runAllAsync()` lets the real event loop
 * turn). @sinonjs/fake-timers 11+ also replaces the methods of the `node:timers` module, which
 * CommonJS output read at each call: the stamp's next tick under the fake clock was then scheduled
 * on it, and `clock.runAllAsync()` ran that tick, which scheduled the next, forever ("Aborting after
 * running 1000 timers, assuming an infinite loop!"). A copy of what it does, without the package.
 */
const TIMERS_MODULE = `
const timers = require("node:timers");
const { traced } = require("@await-tree/runtime");
const realSetTimeout = setTimeout;
const load = traced(async function load(n) { return n; });
load(1); // creates the global registry, which starts the loop stamp (every 500 ms at first)
const faked = [];
const fake = (name) => (...args) => { faked.push(name); return { unref() {}, ref() {}, close() {}, hasRef() { return false; } }; };
for (const name of ["setTimeout", "setInterval", "setImmediate"]) {
  globalThis[name] = fake(name);
  timers[name] = fake(name);
}
// The stamp ticks on the real loop under the fake clock.
realSetTimeout(() => console.log(JSON.stringify({ faked })), 1200);
`;

/** A loop that turns every 50 ms for 1.5 s under a faked `performance.now`, with the watchdog on. */
const WATCHDOG = `
require("@await-tree/runtime");
const { performance } = require("node:perf_hooks");
const realSetTimeout = setTimeout;
// As @sinonjs/fake-timers does for "performance", after the runtime loaded.
Object.defineProperty(performance, "now", { configurable: true, writable: true, value: () => 0 });
const keep = setInterval(() => {}, 50);
realSetTimeout(() => { clearInterval(keep); console.log("done"); }, 1500);
`;

/** Three dumps on a signal, 50 ms apart, under a frozen fake `Date`, into AWAIT_TREE_DUMP_DIR. */
const SIGNAL_DUMPS = `
const { initGlobalRegistry } = require("@await-tree/runtime");
initGlobalRegistry();
const realSetTimeout = setTimeout;
const RealDate = Date;
globalThis.Date = class extends RealDate { constructor() { super(0); } static now() { return 0; } };
let sent = 0;
const send = () => {
  if (sent++ < 3) { process.kill(process.pid, "SIGUSR2"); realSetTimeout(send, 50); }
  else realSetTimeout(() => console.log("done"), 100);
};
realSetTimeout(send, 50);
`;

describe("runtime: fake timers installed after it loaded", () => {
  it("a task started under them shows its real age, not the fake clock's", () => {
    const r = runScript(WARM, ".cjs");
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { real: number; shown: string };
    const m = /hang\(1\) \[([\d.]+)(ms|µs|s)\]/.exec(out.shown);
    expect(m, out.shown).to.not.equal(null);
    const ms = Number(m?.[1]) * (m?.[2] === "s" ? 1000 : m?.[2] === "µs" ? 0.001 : 1);
    // Read after it, with the coarse clock's millisecond: never more than the real age.
    expect(ms, out.shown).to.be.at.most(out.real + 2);
  });

  it("queue none of the runtime's work on the fake clock, and spans keep the real time", () => {
    const r = runScript(PROGRAM, ".cjs");
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { queued: string[]; name: string; tree: string };
    expect(out.name).to.equal("ann");
    expect(out.queued, "the runtime's own timers and microtasks").to.deep.equal([]);
    // The call started 20 ms before the dump on the real clock: no fake (0 or epoch-sized) time.
    const elapsed = /load\(\{…\}\) \[([\d.]+)(ms|µs|s)\]/.exec(out.tree);
    expect(elapsed, out.tree).to.not.equal(null);
    const ms = Number(elapsed?.[1]) * (elapsed?.[2] === "s" ? 1000 : elapsed?.[2] === "µs" ? 0.001 : 1);
    expect(ms, out.tree).to.be.within(1, 60_000);
    expect(out.tree).to.not.include("!!!");
  });

  it("the loop stamp ticking under them schedules no fake timer (node:timers' methods replaced too)", () => {
    const r = runScript(TIMERS_MODULE, ".cjs", { AWAIT_TREE_AUTO_INIT: "1" });
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { faked: string[] };
    expect(out.faked, "the runtime's own timers").to.deep.equal([]);
  });

  it("the loop stamp keeps the real time: the watchdog reports no stall of a loop that turns", () => {
    // The stamp was written at the fake time: the watchdog's thread read it as a loop that had
    // not turned since the process started, and reported a stall at every check.
    const r = runScript(WATCHDOG, ".cjs", { AWAIT_TREE_WATCHDOG: "200ms" });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal("done");
    expect(r.stderr, "a stall reported").to.not.include("has not turned");
  });

  it("reports written on a signal keep the real time, each in a file of its own", () => {
    // Under a frozen Date every report had the same time, in its heading and its file name, and
    // each file replaced the one before.
    const dir = tempFolder(join(repoRoot, "build"), "dumps-");
    const r = runScript(SIGNAL_DUMPS, ".cjs", { AWAIT_TREE_SIGNAL: "SIGUSR2", AWAIT_TREE_DUMP_DIR: dir });
    expect(r.status, r.stderr).to.equal(0);
    const files = readdirSync(dir).sort();
    expect(files, r.stderr).to.have.length(3);
    const year = String(new Date().getUTCFullYear());
    for (const f of files) {
      expect(f).to.include(`-${year}-`);
      expect(readFileSync(join(dir, f), "utf8")).to.match(
        new RegExp(`^await-tree dump \\(SIGUSR2\\): pid \\d+, ${year}-`),
      );
    }
  });
});
