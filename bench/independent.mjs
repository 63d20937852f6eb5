// P1 and P2 measured by a harness that is not ours: tinybench (a maintained benchmarking library
// from the npm registry) times the same compiled functions that bench/p1-await-loop.mjs and
// bench/p2-traced-call.mjs time, with its own warm-up, sampling and statistics. Our own harness
// (bench/lib/measure.mjs `alternate`) could share a bias with the code it measures; this one
// cannot, so the two agreeing is the check. Each round runs every task once for `--time` ms (the
// order of the pairs alternating round after round, as the machine's load drifts), and a round's
// ratio is tinybench's median latency of the traced task over its untraced twin's; the figure is
// the median over the rounds, with their spread. Informational rows (no target): the targets are
// judged on P1 and P2 themselves.
// Usage: node bench/independent.mjs [--rounds 9] [--time 1000] [--batch 2000] [--cases P1-tinybench,P2-tinybench]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { load, runtime } from "./lib/build.mjs";
import { arg, median, parseReport, report, round, row, spread } from "./lib/measure.mjs";

const self = fileURLToPath(import.meta.url);

/** Awaits per P1 task call, calls per P2 task call: enough that a sample is far above the timer's resolution. */
const BATCH = Number(arg("batch", 2000));

function pairs() {
  runtime().initGlobalRegistry();
  const p = Promise.resolve(1);
  const plainLoop = load("plain", "await-loop");
  const tracedLoop = load("traced", "await-loop");
  const plainCall = load("plain", "traced-call");
  const decorated = load("traced", "decorated");
  const plainService = new plainCall.PlainService();
  const service = new decorated.Service();
  return [
    {
      id: "P1-tinybench",
      name: "await loop: transformed / untransformed, timed by tinybench",
      unit: "await",
      untraced: () => plainLoop.awaitLoop(BATCH, p),
      traced: () => tracedLoop.awaitLoop(BATCH, p),
    },
    {
      id: "P2-tinybench",
      name: "traced call (@traced method + transformer) / untraced, timed by tinybench",
      unit: "call",
      untraced: () => plainCall.drivePlainService(plainService, BATCH, p),
      traced: () => decorated.driveService(service, BATCH, p),
    },
  ];
}

function medianLatency(bench, name) {
  const task = bench.getTask(name);
  const r = task?.result;
  if (r === undefined || r.state !== "completed") {
    throw new Error(`tinybench: task ${name} did not complete (${r?.state ?? "no result"}): ${r?.error ?? ""}`);
  }
  return r.latency.p50;
}

export async function run({ rounds = 9, time = 1000, cases } = {}) {
  const all = pairs().filter((x) => cases === undefined || cases.includes(x.id));
  const ratios = new Map(all.map((x) => [x.id, []]));
  const ns = new Map(all.map((x) => [x.id, { traced: [], untraced: [] }]));
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({ time, warmupTime: Math.min(500, time), throws: true });
    for (const x of all) {
      const order = r % 2 === 0 ? ["untraced", "traced"] : ["traced", "untraced"];
      for (const side of order) bench.add(`${x.id} ${side}`, x[side]);
    }
    await bench.run();
    for (const x of all) {
      const t = medianLatency(bench, `${x.id} traced`);
      const u = medianLatency(bench, `${x.id} untraced`);
      ratios.get(x.id).push(t / u);
      ns.get(x.id).traced.push((t * 1e6) / BATCH);
      ns.get(x.id).untraced.push((u * 1e6) / BATCH);
    }
  }
  return all.map((x) => {
    const rs = ratios.get(x.id);
    const n = ns.get(x.id);
    return row({
      id: x.id,
      name: x.name,
      figure: round(median(rs)),
      spread: spread(rs),
      detail:
        `${round(median(n.traced))} vs ${round(median(n.untraced))} ns per ${x.unit}; informational (no target): ` +
        `tinybench ${rounds} rounds of ${time} ms per task, median latency of ${BATCH} ${x.unit}s`,
    });
  });
}

/**
 * Each case in a process of its own, as P1 and P2 are measured: the hooks inlined into one case's
 * functions must not carry the other's type feedback (in one process P2's ratio moved from 2.5x to
 * 3x with P1's loop run beside it, its untraced twin getting faster).
 */
function eachInItsOwnProcess({ rounds, time }) {
  const rows = [];
  for (const id of ["P1-tinybench", "P2-tinybench"]) {
    const args = [self, "--cases", id, "--rounds", String(rounds), "--time", String(time), "--batch", String(BATCH)];
    const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 600_000 });
    const got = parseReport(r.stdout ?? "");
    if (r.status !== 0 || got === undefined) throw new Error(`${id}: exited with ${r.status}: ${r.stderr}`);
    rows.push(...got);
  }
  return rows;
}

if (process.argv[1] === self) {
  const options = { rounds: Number(arg("rounds", 9)), time: Number(arg("time", 1000)) };
  const cases = arg("cases", undefined)?.split(",");
  report(cases === undefined ? eachInItsOwnProcess(options) : await run({ ...options, cases }));
}
