// A node:http server for P5, in its own process: `node bench/lib/server.mjs plain|traced`.
// The traced one runs the handler compiled with the transformer, the global registry initialised
// (each request is an automatic root, as for a handler called by an untraced framework).
// Tells its parent the port over IPC, then serves until killed.
import { createServer } from "node:http";
import { load, runtime } from "./build.mjs";

const side = process.argv[2] === "traced" ? "traced" : "plain";
if (side === "traced") runtime().initGlobalRegistry();
const { handle } = load(side, "handler");

const server = createServer((req, res) => {
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
