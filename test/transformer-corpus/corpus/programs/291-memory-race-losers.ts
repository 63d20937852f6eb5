// Memory of abandoned work: a long loop inside a task races a quick answer against a call that never
// settles and holds a connection object; every loser is dropped by the program. Its spans become
// detached spans of a live task: the runtime keeps a bounded number. Facts only.
import { Registry } from "@await-tree/runtime";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

class Conn {
  constructor(readonly id: number) {}
}

async function hang(c: Conn): Promise<number> {
  await new Promise<void>(() => {});
  return c.id;
}

async function answer(i: number): Promise<number> {
  await null;
  return i;
}

async function serve(n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await Promise.race([answer(i), hang(new Conn(i))]);
  return sum;
}

async function main(): Promise<void> {
  const registry = new Registry();
  const root = registry.register("server", "server");
  const sum = await root.run(() => serve(150_000));
  for (let k = 0; k < 4; k++) {
    gc();
    await new Promise<void>((r) => setImmediate(r));
  }
  const m = process.memoryUsage();
  console.log(`sum ${sum}`);
  console.log(`heap bounded: ${m.heapUsed + m.arrayBuffers < 20 * 1024 * 1024 ? "yes" : "no"}`);
  console.log(`task listed after it ended: ${registry.get("server") !== undefined}`);
}

void main();
