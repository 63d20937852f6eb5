// P5: an HTTP request handler making about 20 awaits: resolved promises, setImmediate turns and
// one timer, spread over a few nested async functions (all traced with the transformer).
import type { IncomingMessage, ServerResponse } from "node:http";

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const users = new Map<number, { id: number; name: string }>();
for (let i = 0; i < 100; i++) users.set(i, { id: i, name: `user ${i}` });

async function cacheGet(id: number): Promise<{ id: number; name: string } | undefined> {
  return await Promise.resolve(users.get(id % 100));
}

async function loadUser(id: number): Promise<{ id: number; name: string }> {
  const hit = await cacheGet(id);
  await tick();
  return hit ?? { id, name: "unknown" };
}

async function loadOrders(userId: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < 5; i++) out.push(await Promise.resolve(userId * 10 + i));
  return out;
}

async function audit(id: number): Promise<void> {
  await tick();
  await Promise.resolve(id);
}

export async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const id = Number((req.url ?? "/0").slice(1)) || 0;
  const user = await loadUser(id);
  const [orders, again] = await Promise.all([loadOrders(user.id), loadUser(id + 1)]);
  await audit(id);
  await sleep(1);
  const body = JSON.stringify({ user: user.name, orders, other: again.name });
  await Promise.resolve();
  res.writeHead(200, { "content-type": "application/json" });
  res.end(body);
}
