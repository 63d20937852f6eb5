/** Several tasks under keys of different types (a number, a string, an object), dumped together. */
import { instrumentAwait, Registry } from "@await-tree/runtime";
import { sleep } from "./util";

class Shard {
  constructor(readonly n: number) {}
  toString(): string {
    return `shard-${this.n}`;
  }
}

async function main(): Promise<void> {
  const registry = new Registry();
  for (const key of [1, "one", new Shard(7)]) {
    const root = registry.register(key, `task ${String(key)}`);
    void root.run(() => instrumentAwait(sleep(300), `sleep in ${String(key)}`));
  }
  await sleep(100);
  process.stdout.write(registry.toString());
  console.log(`numbers: ${registry.collect("number").length}, shards: ${registry.collect(Shard).length}`);
  await sleep(300);
  console.log(`after they finish: ${registry.collectAll().length} trees`);
}

void main();
