// P5: a node:http server whose handler makes about 20 traced awaits (resolved promises,
// setImmediate turns, a 1 ms timer; bench/src/handler.ts), under a bounded loopback load from
// autocannon: the traced server's throughput must be at least 97% of the untraced one's.
// Each server runs in its own process (bench/lib/server.mjs); the load generator runs here; the
// two servers are loaded alternately, round after round, and the figure is the median of the
// per-round throughput ratios.
import { fork } from "node:child_process";
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

async function load(url, { duration, connections }) {
  const r = await autocannon({ url, duration, connections, pipelining: 1 });
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`load on ${url}: ${r.errors} errors, ${r.non2xx} non-2xx`);
  return r.requests.total / duration;
}

export async function run({ rounds = 10, duration = 2, connections = 32 } = {}) {
  builtSources();
  const servers = { plain: await startServer("plain"), traced: await startServer("traced") };
  try {
    for (const s of Object.values(servers)) await load(s.url, { duration: 2, connections }); // warm-up
    const rps = { plain: [], traced: [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ["plain", "traced"] : ["traced", "plain"];
      for (const side of order) rps[side].push(await load(servers[side].url, { duration, connections }));
    }
    const ratios = rps.traced.map((t, i) => t / rps.plain[i]);
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
          `${rounds}x${duration}s each, ~20 awaits per request (${builtSources().transformer})`,
      }),
    ];
  } finally {
    for (const s of Object.values(servers)) s.child.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(await run({ rounds: Number(arg("rounds", 10)), duration: Number(arg("duration", 2)) }));
}
