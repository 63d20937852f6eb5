// The stall watchdog's idle cost (issue 12, point 5): P1 (await loop) and P5 (HTTP throughput)
// run in child processes with the runtime's loop settings, in one run, side by side:
//   off       AWAIT_TREE_LOOP_STAMP=0       no loop stamp, no watchdog
//   stamp     (default)                     the 100 ms loop stamp every process has
//   watchdog  AWAIT_TREE_WATCHDOG=1s        the watchdog's worker thread (checking every 50 ms)
// The threshold is 1 s, not 200 ms: a P1 round is itself a stall of the event loop (100,000
// awaits in one macrotask, about 0.4 s), which a 200 ms watchdog rightly reports, and a report
// pauses the thread being measured. Idle cost means a watchdog that has nothing to report.
// Target: P1 and P5 unchanged within noise with the watchdog on. P1 modes alternate, round after
// round; each P5 mode is one p5-http.mjs run (its own alternation of plain and traced servers).
// Usage: node bench/watchdog-idle.mjs [--rounds 3] [--p1-rounds 11] [--p5-rounds 3] [--no-p5]
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { root } from "./lib/build.mjs";
import { arg, median, parseReport } from "./lib/measure.mjs";

const MODES = {
  off: { AWAIT_TREE_LOOP_STAMP: "0", AWAIT_TREE_WATCHDOG: "" },
  stamp: { AWAIT_TREE_WATCHDOG: "" },
  watchdog: { AWAIT_TREE_WATCHDOG: "1s" },
};

function child(script, args, mode) {
  const stdout = execFileSync(process.execPath, [join(root, "bench", script), ...args], {
    env: { ...process.env, ...MODES[mode] },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const rows = parseReport(stdout);
  if (rows === undefined) throw new Error(`${script} (${mode}) reported nothing`);
  return rows[0];
}

/** "123.4 vs 100.2 ns per await" → [123.4, 100.2] */
function nsPair(detail) {
  const m = /([\d.]+) vs ([\d.]+) ns/.exec(detail);
  return m === null ? [Number.NaN, Number.NaN] : [Number(m[1]), Number(m[2])];
}

/**
 * CPU time an idle process spends in `seconds` (user + system, all threads: the watchdog's worker
 * included), with the runtime loaded and one task pending. CPU time, not wall time: a loaded
 * machine slows it down but does not add to it.
 */
function idleCpu(mode, seconds) {
  const program = `
const rt = require(${JSON.stringify(join(root, "packages", "runtime"))});
rt.initGlobalRegistry().register("idle", "idle").run(() => rt.instrumentAwait(new Promise(() => {}), "never"));
const start = process.cpuUsage();
setTimeout(() => {
  const u = process.cpuUsage(start);
  console.log(JSON.stringify((u.user + u.system) / 1000));
}, ${seconds * 1000});`;
  const out = execFileSync(process.execPath, ["-e", program], {
    env: { ...process.env, ...MODES[mode] },
    encoding: "utf8",
  });
  return Number(out.trim());
}

export async function run({ rounds = 3, p1Rounds = 11, p5Rounds = 3, p5 = true, idleSeconds = 5 } = {}) {
  const lines = [];
  lines.push(`CPU time of an idle process over ${idleSeconds} s (ms, user + system, every thread):`);
  for (const mode of Object.keys(MODES)) lines.push(`  ${mode.padEnd(9)} ${idleCpu(mode, idleSeconds).toFixed(1)} ms`);
  const p1 = { off: [], stamp: [], watchdog: [] };
  for (let r = 0; r < rounds; r++) {
    const order = Object.keys(MODES);
    if (r % 2 === 1) order.reverse();
    for (const mode of order) p1[mode].push(child("p1-await-loop.mjs", ["--rounds", String(p1Rounds)], mode));
  }
  lines.push("P1 (transformed await loop), median of rounds:");
  for (const mode of Object.keys(MODES)) {
    const ratio = median(p1[mode].map((x) => x.figure));
    const ns = median(p1[mode].map((x) => nsPair(x.detail)[0]));
    lines.push(`  ${mode.padEnd(9)} ratio ${ratio.toFixed(3)}  transformed ${ns.toFixed(1)} ns/await`);
  }
  if (p5) {
    lines.push("P5 (HTTP throughput traced / plain):");
    for (const mode of Object.keys(MODES)) {
      const row = child("p5-http.mjs", ["--rounds", String(p5Rounds)], mode);
      lines.push(`  ${mode.padEnd(9)} ${row.figure.toFixed(3)}  (${row.detail})`);
    }
  }
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(
    await run({
      rounds: Number(arg("rounds", 3)),
      p1Rounds: Number(arg("p1-rounds", 11)),
      p5Rounds: Number(arg("p5-rounds", 3)),
      p5: !process.argv.includes("--no-p5"),
    }),
  );
}
