/**
 * A node:http server in which every request is a registered await-tree task. GET /debug/await-tree
 * prints the trees of all requests in flight: which request waits on what, and where.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { globalRegistry, register, traced } from "@await-tree/runtime";
import { Db, Inventory, Warehouse } from "./services";

export class Handlers {
  constructor(
    private readonly db: Db,
    private readonly inventory: Inventory,
  ) {}

  @traced
  async user(id: string): Promise<string> {
    const user = await this.db.findUser(id);
    return JSON.stringify(user);
  }

  @traced
  async checkout(userId: string, sku: string): Promise<string> {
    const [user, available] = await Promise.all([this.db.findUser(userId), this.inventory.available(sku)]);
    return JSON.stringify({ user: user.name, sku, available });
  }
}

let requests = 0;

function dump(self: string): string {
  let out = "";
  for (const [key, tree] of globalRegistry()?.collectAll() ?? []) {
    // Every request in flight but the one asking for the dump.
    if (key !== self) out += `[${String(key)}]\n${tree.toString({ locations: true })}\n`;
  }
  return out === "" ? "no request in flight\n" : out;
}

async function route(h: Handlers, req: IncomingMessage, key: string): Promise<string> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const user = /^\/users\/(\w+)$/.exec(url.pathname);
  if (user) return h.user(user[1] as string);
  if (url.pathname === "/checkout")
    return h.checkout(url.searchParams.get("user") ?? "", url.searchParams.get("sku") ?? "");
  if (url.pathname === "/debug/await-tree") return dump(key);
  throw new Error(`no route for ${url.pathname}`);
}

export function createApp(latencyMs: Record<string, number>): Server {
  const handlers = new Handlers(new Db(), new Inventory(new Warehouse(latencyMs)));
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    // Each request is a task: its key names it, its tree is everything done on its behalf.
    const key = `${req.method} ${req.url} #${++requests}`;
    const root = register(key, `${req.method} ${req.url}`);
    root
      .run(() => route(handlers, req, key))
      .then(
        (body) => res.end(body),
        (e: Error) => {
          res.statusCode = 500;
          res.end(e.message);
        },
      );
  });
}
