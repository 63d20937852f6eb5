// Async hooks: how many promises the program creates, the trigger chain of async
// ids (relative to one taken in main), and AsyncLocalStorage propagation. Instrumented code must not create a single extra promise.
import { AsyncLocalStorage, AsyncResource, createHook, executionAsyncId, triggerAsyncId } from "node:async_hooks";

const created: Record<string, number> = {};
createHook({
  init(_id, type) {
    created[type] = (created[type] ?? 0) + 1;
  },
}).enable();
const als = new AsyncLocalStorage<string>();
const log: string[] = [];
let base = 0;

async function leaf(n: number): Promise<number> {
  await null;
  log.push(`leaf ${n} store=${als.getStore()} id=${executionAsyncId() - base} trigger=${triggerAsyncId() - base}`);
  return n;
}

async function branch(n: number): Promise<number> {
  const [a, b] = await Promise.all([leaf(n), leaf(n + 1)]);
  for await (const x of [Promise.resolve(a), b]) log.push(`branch ${n} got ${x} store=${als.getStore()}`);
  try {
    await Promise.reject(new Error("x"));
  } catch {
    log.push(`branch ${n} caught store=${als.getStore()}`);
  }
  return a + b;
}

async function* gen(): AsyncGenerator<number, void, undefined> {
  yield await leaf(10);
  yield 11;
}

async function main(): Promise<void> {
  // Ids relative to a resource created now (module loading before this point is not the program's business).
  base = new AsyncResource("corpus-base").asyncId();
  const r = await als.run("request-1", () => branch(1));
  const s = await als.run("request-2", async () => {
    let sum = 0;
    for await (const v of gen()) sum += v;
    return sum + (await branch(5));
  });
  log.push(`results ${r} ${s} store outside=${als.getStore()}`);
  // Promises only: the runtime's default coarse clock runs one worker thread (WORKER, MESSAGEPORT
  // resources, started at the first span; docs/design.md), which is not the program's business.
  log.push(`resources: PROMISE=${created.PROMISE ?? 0} corpus-base=${created["corpus-base"] ?? 0}`);
  console.log(log.join("\n"));
}

main();
