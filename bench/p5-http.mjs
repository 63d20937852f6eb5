// P5: a node:http server whose handler makes about 20 traced awaits (resolved promises,
// setImmediate turns, a 1 ms timer; bench/src/handler.ts), under a bounded loopback load from
// autocannon: the traced server's throughput must be at least 97% of the untraced one's.
// Each server runs in its own process (bench/lib/server.mjs); the load generator runs here; the
// two servers are loaded alternately, round after round, and the figure is the median of the
// per-round throughput ratios. The detail gives the servers' CPU time per request too (from
// /proc, Linux): it depends less on what else the machine runs than the throughput, which on a
// loaded machine moves by more than tracing costs.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { builtSources, root } from "./lib/build.mjs";
import { arg, median, report, round, row, spread } from "./lib/measure.mjs";

function startServer(side) {
  return new Promise((resolve, reject) => {
    const child = fork(join(root, "bench", "lib", "server.mjs"), [side], {
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

export async function run({ rounds = 10, duration = 2, connections = 32 } = {}) {
  builtSources();
  const servers = { plain: await startServer("plain"), traced: await startServer("traced") };
  try {
    for (const s of Object.values(servers)) await load(s, { duration: 2, connections }); // warm-up
    const rps = { plain: [], traced: [] };
    const cpu = { plain: [], traced: [] };
    const main = { plain: [], traced: [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ["plain", "traced"] : ["traced", "plain"];
      for (const side of order) {
        const m = await load(servers[side], { duration, connections });
        rps[side].push(m.rps);
        cpu[side].push(m.cpuUs);
        main[side].push(m.mainUs);
      }
    }
    const ratios = rps.traced.map((t, i) => t / rps.plain[i]);
    const cpuDetail = cpuPerRequest("server CPU per request", cpu) + cpuPerRequest("main thread", main);
    return [
      row({
        id: "P5",
        name: "http server throughput: traced / untraced",
        figure: round(median(ratios)),
        spread: spread(ratios),
        op: ">=",
        target: 0.97,
        unit: "x",
        detail:
          `${Math.round(median(rps.traced))} vs ${Math.round(median(rps.plain))} req/s, ${connections} connections, ` +
          `${rounds}x${duration}s each, ~20 awaits per request (${builtSources().transformer})${cpuDetail}`,
      }),
    ];
  } finally {
    for (const s of Object.values(servers)) s.child.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(await run({ rounds: Number(arg("rounds", 10)), duration: Number(arg("duration", 2)) }));
}
