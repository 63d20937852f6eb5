// P5: a node:http server whose handler makes about 20 traced awaits (resolved promises,
// setImmediate turns, a 1 ms timer; bench/src/handler.ts), under a bounded loopback load from
// autocannon: the traced server's throughput must be at least 97% of the untraced one's.
// Each server runs in its own process (bench/lib/server.mjs); the load generator runs here; the
// two servers are loaded alternately, round after round, and the figure is the median of the
// per-round throughput ratios. bench/run.mjs runs this file in 5 processes, each with a new pair
// of servers, and reports the median pair (bench/lib/processes.mjs): two identical untraced
// servers started one after the other differ by up to 2% in throughput (cause not known:
// docs/performance.md, P5's sixth pass), as much as tracing costs here. The detail gives the servers'
// CPU time per request too (from /proc, Linux): it depends less on what else the machine runs
// than the throughput, which on a loaded machine moves by more than tracing costs.
// `--calibrate` adds a third server, the untraced handler after 1 µs of busy main-thread work per
// request (`--spin-us`), and a row P5-spin: what that much work per request costs this
// benchmark's throughput, the scale on which to read P5 (docs/performance.md, P5).
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { builtSources, root } from "./lib/build.mjs";
import { arg, median, report, round, row, spread } from "./lib/measure.mjs";

function startServer(side, args = []) {
  return new Promise((resolve, reject) => {
    const child = fork(join(root, "bench", "lib", "server.mjs"), [side, ...args], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.once("message", (m) => resolve({ child, url: `http://127.0.0.1:${m.port}/7` }));
    child.once("exit", (code) => reject(new Error(`server ${side} exited with ${code}`)));
  });
}

/**
 * CPU time (user + system, in ms) process `pid` has used (every thread: the runtime's clock thread
 * too), or its main thread alone (`mainThread`); undefined without /proc.
 */
function cpuMs(pid, mainThread = false) {
  try {
    const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, "utf8");
    // After the command's ")": state, then 10 fields, then utime and stime in clock ticks (1/100 s).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * One round of load on a server: requests per second, and its CPU time per request in µs (NaN
 * without /proc), of the process and of its main thread.
 */
async function load(server, { duration, connections }) {
  const pid = server.child.pid;
  const before = [cpuMs(pid), cpuMs(pid, true)];
  const r = await autocannon({ url: server.url, duration, connections, pipelining: 1 });
  const after = [cpuMs(pid), cpuMs(pid, true)];
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`load on ${server.url}: ${r.errors} errors, ${r.non2xx} non-2xx`);
  const perRequest = (i) =>
    before[i] === undefined || after[i] === undefined ? Number.NaN : ((after[i] - before[i]) * 1000) / r.requests.total;
  return { rps: r.requests.total / duration, cpuUs: perRequest(0), mainUs: perRequest(1) };
}

/** `; <what> <traced> vs <plain> µs, <median ratio>x (<spread>)`, or "" without /proc (NaN). */
function cpuPerRequest(what, us) {
  const ratios = us.traced.map((t, i) => t / us.plain[i]).filter((x) => Number.isFinite(x));
  if (ratios.length === 0) return "";
  const s = spread(ratios);
  return (
    `; ${what} ${round(median(us.traced), 1)} vs ${round(median(us.plain), 1)} µs, ` +
    `${round(median(ratios))}x (${s.lo}-${s.hi} ${s.kind})`
  );
}

/** The per-round ratios of `side` to the untraced server, and `side`'s CPU per request against it. */
function against(side, m) {
  return {
    ratios: m.rps[side].map((x, i) => x / m.rps.plain[i]),
    cpu: { traced: m.cpu[side], plain: m.cpu.plain },
    main: { traced: m.main[side], plain: m.main.plain },
  };
}

export async function run({ rounds = 6, duration = 2, connections = 32, calibrate = false, spinUs = 1 } = {}) {
  for (const [name, v] of [
    ["rounds", rounds],
    ["duration", duration],
    ["spin-us", spinUs],
  ]) {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`P5: --${name} must be a positive number, got ${v}`);
  }
  builtSources();
  const servers = { plain: await startServer("plain"), traced: await startServer("traced") };
  if (calibrate) servers.spin = await startServer("spin", [String(spinUs)]);
  const sides = Object.keys(servers);
  try {
    for (const s of Object.values(servers)) await load(s, { duration: 2, connections }); // warm-up
    const m = { rps: {}, cpu: {}, main: {} };
    for (const side of sides) for (const k of Object.keys(m)) m[k][side] = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const x = await load(servers[side], { duration, connections });
        m.rps[side].push(x.rps);
        m.cpu[side].push(x.cpuUs);
        m.main[side].push(x.mainUs);
      }
    }
    const traced = against("traced", m);
    const rows = [
      row({
        id: "P5",
        name: "http server throughput: traced / untraced",
        figure: round(median(traced.ratios)),
        spread: spread(traced.ratios),
        op: ">=",
        target: 0.97,
        unit: "x",
        detail:
          `${Math.round(median(m.rps.traced))} vs ${Math.round(median(m.rps.plain))} req/s, ${connections} connections, ` +
          `${rounds}x${duration}s each, ~20 awaits per request (${builtSources().transformer})` +
          cpuPerRequest("server CPU per request", traced.cpu) +
          cpuPerRequest("main thread", traced.main),
      }),
    ];
    if (calibrate) {
      const spun = against("spin", m);
      rows.push(
        row({
          id: "P5-spin",
          name: `http server throughput: untraced + ${spinUs} µs of work per request / untraced`,
          figure: round(median(spun.ratios)),
          spread: spread(spun.ratios),
          unit: "x",
          detail:
            `${Math.round(median(m.rps.spin))} vs ${Math.round(median(m.rps.plain))} req/s; informational (no target): ` +
            `the scale of P5, a busy loop in the untraced server's request handler` +
            cpuPerRequest("main thread", spun.main),
        }),
      );
    }
    return rows;
  } finally {
    for (const s of Object.values(servers)) s.child.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(
    await run({
      rounds: Number(arg("rounds", 6)),
      duration: Number(arg("duration", 2)),
      calibrate: process.argv.includes("--calibrate"),
      spinUs: Number(arg("spin-us", 1)),
    }),
  );
}
