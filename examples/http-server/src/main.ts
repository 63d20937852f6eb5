/**
 * Starts the server, sends it two requests (one of them stuck on a slow warehouse in the US),
 * then asks it for the await trees of the requests in flight, prints them and stops.
 * Run as a service instead with `node main.js --serve` and `curl localhost:3000/debug/await-tree`.
 */
import { get } from "node:http";
import type { AddressInfo } from "node:net";
import { initGlobalRegistry } from "@await-tree/runtime";
import { createApp } from "./server";

function fetchText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ port, path, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });
}

async function main(): Promise<void> {
  initGlobalRegistry();
  const serve = process.argv.includes("--serve");
  // The US warehouse answers after 60 s: the checkout request hangs on it.
  const server = createApp({ eu: 5, us: 60_000 });
  await new Promise<void>((resolve) => server.listen(serve ? 3000 : 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  if (serve) {
    console.log(`listening on http://127.0.0.1:${port}; GET /debug/await-tree for the trees`);
    return;
  }
  const hung = fetchText(port, "/checkout?user=7&sku=book");
  console.log(await fetchText(port, "/users/42"));
  // The trees once the checkout request waits on the slow warehouse (its fast branches take ~10
  // ms), or as they are after DUMP_WITHIN_MS (default 5 s) on a machine too busy to get there.
  const deadline = Date.now() + Number(process.env.DUMP_WITHIN_MS ?? 5000);
  let trees = await fetchText(port, "/debug/await-tree");
  while (!trees.includes("delay(60000)") && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    trees = await fetchText(port, "/debug/await-tree");
  }
  console.log("--- GET /debug/await-tree");
  process.stdout.write(trees);
  void hung;
  server.closeAllConnections();
  server.close();
  process.exit(0);
}

void main();
