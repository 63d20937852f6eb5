// Microtask-ordering probe with the runtime: @traced methods and traced(fn) interleaved with plain code.
import { traced } from "@await-tree/runtime";

const log: string[] = [];
let tick = 0;
function ticker(n: number): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++)
    p = p.then(() => {
      tick++;
    });
  return p;
}

export class Service {
  calls = 0;
  @traced
  async load(id: number): Promise<string> {
    this.calls++;
    log.push(`load ${id} start@${tick}`);
    await null;
    const v = await this.fetch(id);
    log.push(`load ${id} end@${tick}`);
    return v;
  }
  @traced({ name: "fetch item" })
  async fetch(id: number): Promise<string> {
    await Promise.resolve();
    return `item${id}`;
  }
}

const wrapped = traced(async function wrappedFn(n: number): Promise<number> {
  log.push(`wrapped ${n} start@${tick}`);
  await null;
  log.push(`wrapped ${n} end@${tick}`);
  return n + 1;
});

async function plain(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await null;
    log.push(`plain ${i}@${tick}`);
  }
}

async function main(): Promise<void> {
  const t = ticker(50);
  const s = new Service();
  const r = await Promise.all([s.load(1), wrapped(10), plain(), s.load(2)]);
  log.push(`results ${JSON.stringify(r)} calls=${s.calls}@${tick}`);
  await t;
  console.log(log.join("\n"));
}

main();
