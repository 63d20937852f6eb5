// The target of the CLI tests: a node:http server whose requests hang on awaits in traced code
// compiled by the transformer (run with `node --import @await-tree/transformer/register`), a
// worker thread that loads the runtime, and a route that spins the main thread synchronously (until
// a dump has come and gone, or `ms` at most).
import { writeProject } from "../register/support.js";

export const SERVER_FILES: Record<string, string> = {
  "src/db.ts": `export class Db {
  query(sql: string, id: number): Promise<string> {
    return new Promise(() => {}); // never settles: the hang the tree explains
  }
}
`,
  "src/server.ts": `import { createServer } from "node:http";
import { Worker } from "node:worker_threads";
import { initGlobalRegistry, traced } from "@await-tree/runtime";
import { Db } from "./db.ts";

class Users {
  constructor(private readonly db: Db) {}

  @traced()
  async load(id: number): Promise<string> {
    const row = await this.db.query("select", id);
    return row;
  }
}

function spinFor(ms: number): void {
  let opened = false; const end = Date.now() + ms; // at most: until a dump that came meanwhile is over
  while (Date.now() < end && !(opened && inspectorUrl() === undefined)) opened ||= inspectorUrl() !== undefined;
}

const registry = initGlobalRegistry();
const users = new Users(new Db());
const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const id = Number(url.searchParams.get("id") ?? 0);
  if (url.pathname === "/hang") {
    void registry.register(\`req \${id}\`, \`GET /hang \${id}\`).run(() => users.load(id));
    res.write("started\\n"); // the headers go out; the body never ends
  } else if (url.pathname === "/spin") {
    console.log("spinning");
    spinFor(Number(url.searchParams.get("ms") ?? 1000));
    res.end("spun\\n");
  } else res.end("ok\\n");
});
const worker = new Worker(new URL("./worker.ts", import.meta.url));
worker.once("message", () => {
  server.listen(0, "127.0.0.1", () => {
    const a = server.address();
    console.log(\`listening \${typeof a === "object" && a !== null ? a.port : 0}\`);
  });
});
// spinFor ends when the dump is over: the inspector it opened (SIGUSR1) is closed again, its last
// step. url() is native: the dump's pause finds the loop in spinFor. Imported last (imports are
// hoisted): the lines above keep the numbers the tests expect.
import { url as inspectorUrl } from "node:inspector";
`,
  "src/worker.ts": `import { parentPort } from "node:worker_threads";
import { initGlobalRegistry, traced } from "@await-tree/runtime";

class Jobs {
  @traced()
  async poll(queue: string): Promise<void> {
    await new Promise(() => {});
  }
}

const registry = initGlobalRegistry();
void registry.register("worker job", "poll the queue").run(() => new Jobs().poll("emails"));
parentPort?.postMessage("ready");
setInterval(() => {}, 1 << 30);
`,
};

export function writeServerProject(): string {
  return writeProject("cli-server", { type: "module", files: SERVER_FILES });
}
