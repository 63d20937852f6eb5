// Memory of abandoned work: tasks that drop never-settling calls and then finish, and tasks that hang
// and are forgotten with `Registry#clear()`. What they leave is orphaned (shown in no tree) and
// bounded. Facts only.
import { Registry } from "@await-tree/runtime";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

class Payload {
  readonly data = new Array<number>(64).fill(1);
}

async function dropped(p: Payload): Promise<number> {
  await new Promise<void>(() => {});
  return p.data.length;
}

async function job(per: number): Promise<number> {
  for (let i = 0; i < per; i++) void dropped(new Payload());
  await null;
  return per;
}

async function collectGarbage(): Promise<number> {
  for (let k = 0; k < 4; k++) {
    gc();
    await new Promise<void>((r) => setImmediate(r));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main(): Promise<void> {
  const registry = new Registry();
  let done = 0;
  for (let t = 0; t < 200; t++) done += await registry.register(t, "task").run(() => job(1000));
  for (let t = 0; t < 200; t++) {
    void registry.register(`hung ${t}`, "hung").run(async () => {
      await job(1000);
      await new Promise<void>(() => {});
    });
    await null;
    await null;
    if (t % 50 === 49) registry.clear();
  }
  const heap = await collectGarbage();
  console.log(`calls made ${done + 200 * 1000}`);
  console.log(`tasks listed ${registry.size}`);
  console.log(`heap bounded: ${heap < 64 * 1024 * 1024 ? "yes" : "no"}`);
}

void main();
