import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { build } from "esbuild";
import { repoRoot, runNode, runScript, scratchDir } from "../support/run-node.js";

/**
 * The coarse clock (packages/runtime/src/core/clock.ts, coarse-clock.ts): its worker stamps while
 * the clock is read, sleeps when it is not, and the next reading wakes it; bundled, it still runs;
 * where it cannot run, the process says so once and reads the precise clock. The only assertions
 * on time are lower bounds that a loaded machine cannot break: a reading taken after a 60 ms timer
 * is at least 50 ms later than one taken before it.
 */

/**
 * The body of a program that drives the clock through start, sleep and wake, given `now()` and
 * `state()`; it prints one JSON line. Polling `state()` does not read the clock (a reading would
 * keep the worker awake). The poll does not yield to the event loop (it pauses 1 ms in
 * `Atomics.wait` between looks, for 30 s at most): the worker stamps for 50 ms after it starts or
 * wakes, then sleeps until the next reading, and a poll by timer, which a loaded machine can delay
 * past those 50 ms, would then never see "stamping".
 */
const SLEEP_AND_WAKE = `
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pause = new Int32Array(new SharedArrayBuffer(4));
function until(want) {
  const deadline = Date.now() + 30000;
  while (state() !== want && Date.now() < deadline) Atomics.wait(pause, 0, 0, 1);
  return state();
}
async function main() {
  const seen = [state()];
  now();
  seen.push(until("stamping"));
  const a = now();
  seen.push(until("asleep"));
  await sleep(60);
  const b = now(); // finds the worker asleep: wakes it, reads the precise clock
  seen.push(until("stamping"));
  const c = now();
  console.log(JSON.stringify({ seen, slept: b - a, since: c - a }));
}
main();
`;

interface SleepAndWake {
  seen: string[];
  slept: number;
  since: number;
}

function parse(stdout: string): SleepAndWake {
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as SleepAndWake;
}

function expectSleepAndWake(r: { status: number | null; stdout: string; stderr: string }): void {
  expect(r.stderr, r.stderr).to.equal("");
  expect(r.status).to.equal(0);
  const out = parse(r.stdout);
  expect(out.seen).to.deep.equal(["not started", "stamping", "asleep", "stamping"]);
  expect(out.slept).to.be.at.least(50);
  // The worker's stamps after it woke: past the sleep too, and never before the reading that woke
  // it (the clock does not go back: test/runtime/clock-interleaving.test.ts).
  expect(out.since).to.be.at.least(out.slept);
}

describe("runtime: the coarse clock", () => {
  it("sleeps when it is not read, wakes on the next reading, and time has advanced meanwhile", () => {
    const clock = JSON.stringify(join(repoRoot, "packages", "runtime", "dist", "cjs", "core", "clock.js"));
    const r = runScript(
      `const clock = require(${clock});
       const now = () => clock.now();
       const state = () => clock.coarseClockState();
       ${SLEEP_AND_WAKE}`,
      ".cjs",
    );
    // The process also exits while the worker sleeps (blocked in Atomics.wait): no timeout.
    expectSleepAndWake(r);
  });

  it("gives spans that started before a sleep their whole duration", () => {
    const r = runScript(
      `const rt = require("@await-tree/runtime");
       const registry = new rt.Registry();
       const task = registry.register("k", "task");
       let open;
       task.run(() => rt.instrumentAwait(new Promise((r) => { open = r; }), "wait"));
       setTimeout(() => {
         const json = registry.get("k").toJSON();
         console.log(JSON.stringify(json.tree.children.map((c) => c.elapsed_ns / 1e6)));
         open();
       }, 700); // longer than the worker stays awake unread (50 ms here): the dump's reading wakes it
      `,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    const [elapsed] = JSON.parse(r.stdout) as unknown[];
    expect(typeof elapsed === "number" ? elapsed : Number.NaN, r.stdout).to.be.at.least(650);
  });

  for (const format of ["esm", "cjs"] as const) {
    it(`runs when bundled by esbuild (${format} output, no node_modules next to the bundle)`, async () => {
      const dir = scratchDir();
      const entry = join(dir, "entry.ts");
      const clock = JSON.stringify(join(repoRoot, "packages", "runtime", "src", "core", "clock.ts"));
      writeFileSync(
        entry,
        `import * as clock from ${clock};
         const now = () => clock.now();
         const state = () => clock.coarseClockState();
         ${SLEEP_AND_WAKE}`,
      );
      const out = join(dir, "out", format === "esm" ? "bundle.mjs" : "bundle.cjs");
      mkdirSync(join(dir, "out"));
      await build({ entryPoints: [entry], bundle: true, platform: "node", format, outfile: out, logLevel: "silent" });
      expectSleepAndWake(runNode([out], { cwd: join(dir, "out") }));
    });
  }

  it("when its thread is terminated from outside, reads the precise clock and says so once", () => {
    const clock = JSON.stringify(join(repoRoot, "packages", "runtime", "dist", "cjs", "core", "clock.js"));
    const r = runScript(
      `const clock = require(${clock});
       const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
       let terminated;
       process.on("worker", (w) => { terminated = w.terminate(); });
       clock.now();
       (async () => {
         while (terminated === undefined) await sleep(5);
         await terminated;
         await sleep(20);
         const t0 = clock.now();
         await sleep(60);
         console.log(clock.coarseClockState(), clock.now() - t0 >= 50);
       })();`,
      ".cjs",
    );
    expect(r.status, r.stderr).to.equal(0);
    // The exit code of a terminated worker differs between Node versions.
    expect(r.stdout).to.match(/^unavailable: its thread exited \(code \d+\) true\n$/);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("AwaitTreeWarning"));
    expect(warnings, r.stderr).to.have.length(1);
  });

  it("where a worker cannot start, reads the precise clock and says so once", () => {
    // The permission model without --allow-worker: `new Worker` throws ERR_ACCESS_DENIED.
    const major = Number(process.versions.node.split(".")[0]);
    const permission = major >= 22 ? "--permission" : "--experimental-permission";
    const dir = scratchDir();
    const file = join(dir, "main.cjs");
    const clock = JSON.stringify(join(repoRoot, "packages", "runtime", "dist", "cjs", "core", "clock.js"));
    writeFileSync(
      file,
      `const rt = require(${JSON.stringify(join(repoRoot, "packages", "runtime", "dist", "cjs", "index.js"))});
       const clock = require(${clock});
       const registry = new rt.Registry();
       const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
       const step = rt.traced("step", async () => { await sleep(20); });
       registry.register("k", "task").run(async () => { for (let i = 0; i < 3; i++) await step(); })
         .then(() => {
           const t0 = clock.now();
           return sleep(60).then(() => console.log(clock.coarseClockState().split(":")[0], clock.now() - t0 >= 50));
         });`,
    );
    const r = runNode([permission, `--allow-fs-read=*`, file]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal("unavailable true\n");
    const warnings = r.stderr.split("\n").filter((l) => l.includes("AwaitTreeWarning"));
    expect(warnings, r.stderr).to.have.length(1);
    expect(warnings[0]).to.match(
      /the coarse clock is not available, its thread could not start \(.*\); spans read performance\.now\(\)/,
    );
  });
});
