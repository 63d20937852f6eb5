// Idle cost: the CPU a process spends per second while it does nothing, after it has recorded
// spans (target: at most about 2 ms/s), with the runtime's clock thread shown apart. Each run is
// its own child process: it runs P1's transformed await loop for `busyMs` (spans recorded, the
// coarse clock's worker started and kept awake), then does nothing but wait on one timer; the CPU
// of the process (process.cpuUsage: every thread) and of each thread that appeared with the first
// span (the clock's worker: /proc/self/task/<tid>/schedstat, nanoseconds on the CPU) is read
// over two windows: the first second after the last span (the worker may still be awake: it
// stays up to its window after the last reading) and the `idleMs` after that (the figure).
// The same child without the runtime (the untransformed loop) gives Node's own idle cost. The
// detail also gives the clock thread's CPU while spans are recorded, in its steady state (from
// half a second into the busy time: its start-up is left out).
// Usage: node bench/idle-cost.mjs [--runs 3] [--idle-ms 3000]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtSources, load, root, runtime } from "./lib/build.mjs";
import { arg, median, report, round, row, spread } from "./lib/measure.mjs";

const self = fileURLToPath(import.meta.url);
const TASKS = "/proc/self/task";

const threads = () => (existsSync(TASKS) ? readdirSync(TASKS) : []);
/** Nanoseconds thread `tid` has run (0 once it is gone). */
function threadNs(tid) {
  try {
    return Number(readFileSync(`${TASKS}/${tid}/schedstat`, "utf8").split(" ")[0]);
  } catch {
    return 0;
  }
}
const processMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The coarse clock's state, from the runtime's internals (as the process loaded them). */
function clockState() {
  try {
    const clock = createRequire(join(root, "bench", "index.js"))(
      join(root, "packages", "runtime", "dist", "cjs", "core", "clock.js"),
    );
    return clock.coarseClockState();
  } catch (e) {
    return `unknown (${e.message})`;
  }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** When the clock thread's steady state is counted from (see `child`). */
const STEADY_AFTER_MS = 500;

/** In the child: busy with spans, then idle; prints one JSON line of CPU figures (ms per second). */
async function child(side, busyMs, idleMs) {
  const before = new Set(threads());
  const rt = side === "traced" ? runtime() : undefined;
  rt?.initGlobalRegistry();
  const { awaitLoop } = load(side, "await-loop");
  const p = Promise.resolve(1);
  const busyStart = performance.now();
  let fresh = [];
  let busyThreadNs = 0;
  // The clock thread's cost while spans are recorded, in its steady state: counted from
  // `STEADY_AFTER_MS` into the busy time (its start-up, a new isolate, is tens of milliseconds of
  // CPU and is left out).
  let steadyStart = 0;
  while (performance.now() - busyStart < busyMs) {
    await awaitLoop(20_000, p);
    if (steadyStart === 0 && performance.now() - busyStart >= STEADY_AFTER_MS) {
      fresh = threads().filter((t) => !before.has(t));
      busyThreadNs = fresh.reduce((s, t) => s + threadNs(t), 0);
      steadyStart = performance.now();
    }
  }
  const busySecs = (performance.now() - steadyStart) / 1000;
  const busyClockMs = (fresh.reduce((s, t) => s + threadNs(t), 0) - busyThreadNs) / 1e6 / busySecs;
  const window = async (ms) => {
    const p0 = processMs();
    const t0 = fresh.map(threadNs);
    const w0 = performance.now();
    await sleep(ms);
    const secs = (performance.now() - w0) / 1000;
    const clockNs = fresh.reduce((s, t, i) => s + threadNs(t) - t0[i], 0);
    return { process: (processMs() - p0) / secs, clock: clockNs / 1e6 / secs };
  };
  const first = await window(1000);
  const idle = await window(idleMs);
  const state = rt === undefined ? "no runtime" : clockState();
  console.log(JSON.stringify({ busyClockMs, first, idle, state, threads: fresh.length }));
}

function runChild(node, side, busyMs, idleMs) {
  const r = spawnSync(node, [self, "--child", side, String(busyMs), String(idleMs)], { encoding: "utf8" });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("{"))
    throw new Error(`idle child (${side}) failed: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`);
  return JSON.parse(line);
}

export async function run({ runs = 3, idleMs = 3000, busyMs = 1500, node = process.execPath } = {}) {
  builtSources();
  const traced = [];
  const plain = [];
  for (let i = 0; i < runs; i++) {
    traced.push(runChild(node, "traced", busyMs, idleMs));
    plain.push(runChild(node, "plain", busyMs, idleMs));
  }
  const med = (xs) => round(median(xs), 2);
  const idle = traced.map((x) => x.idle.process);
  return [
    row({
      id: "idle",
      name: "idle process after recording spans: CPU per second",
      figure: med(idle),
      spread: spread(idle, 2),
      op: "<=",
      target: 2,
      unit: "ms/s",
      detail:
        `clock thread ${med(traced.map((x) => x.idle.clock))} ms/s of it; ` +
        `first second after the last span ${med(traced.map((x) => x.first.process))} ms/s (clock ${med(traced.map((x) => x.first.clock))}); ` +
        `clock thread while spans are recorded (steady) ${med(traced.map((x) => x.busyClockMs))} ms/s; ` +
        `without the runtime ${med(plain.map((x) => x.idle.process))} ms/s; clock ${traced[0]?.state}; ` +
        `${runs} runs of ${idleMs / 1000} s`,
    }),
  ];
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
} else if (process.argv[1] === self) {
  report(await run({ runs: Number(arg("runs", 3)), idleMs: Number(arg("idle-ms", 3000)) }));
}
