// A node:http server for P5, in its own process: `node bench/lib/server.mjs plain|traced|spin [µs]`.
// The traced one runs the handler compiled with the transformer, the global registry initialised
// (each request is an automatic root, as for a handler called by an untraced framework).
// `spin` is P5's calibration (`--calibrate`): the untraced handler after a busy loop of `µs`
// microseconds of the main thread per request (default 1), to show what that much work per
// request costs the benchmark's throughput (docs/performance.md, P5).
// Tells its parent the port over IPC, then serves until killed.
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { load, runtime } from "./build.mjs";

const side = process.argv[2] === "traced" ? "traced" : process.argv[2] === "spin" ? "spin" : "plain";
const spinMs = side === "spin" ? Number(process.argv[3] ?? 1) / 1000 : 0;
if (side === "spin" && !(spinMs > 0))
  throw new Error(`server.mjs spin: µs must be a positive number, got ${process.argv[3]}`);
if (side === "traced") runtime().initGlobalRegistry();
const { handle } = load(side === "traced" ? "traced" : "plain", "handler");

function spin() {
  const until = performance.now() + spinMs;
  while (performance.now() < until) {
    // busy: main-thread work standing for what instrumentation adds to a request
  }
}

const server = createServer((req, res) => {
  if (spinMs > 0) spin();
  handle(req, res).catch((e) => {
    res.statusCode = 500;
    res.end(String(e));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: server.address().port });
});
process.on("disconnect", () => process.exit(0));
