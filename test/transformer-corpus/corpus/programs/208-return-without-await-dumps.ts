// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// Work returned without `await` stays attached to the frame that returned it: dumps taken while it
// is pending show no detached span, and once everything settled no task is left. Only booleans are
// printed (a tree's text differs with and without the plugin by design). Library code in the style
// of p-queue (`add` returns `run`) and promise-pool (`process` returns the pool's work).
import { globalRegistry, traced } from "@await-tree/runtime";

let open!: () => void;
const gate = new Promise<void>((r) => (open = r));

class Queue {
  @traced
  async add(n: number): Promise<number> {
    return this.run(n);
  }
  @traced
  async run(n: number): Promise<number> {
    await gate;
    return n * 2;
  }
}

class PromisePool {
  constructor(private readonly items: number[]) {}
  @traced
  async process(): Promise<number[]> {
    return Promise.all(this.items.map((i) => this.task(i)));
  }
  @traced
  async task(i: number): Promise<number> {
    await gate;
    return i + 1;
  }
}

class Api {
  @traced
  async handle(q: Queue): Promise<number> {
    const v = await q.add(1);
    return v;
  }
}

async function main(): Promise<void> {
  const q = new Queue();
  const results = Promise.all([new Api().handle(q), q.add(2), new PromisePool([1, 2, 3]).process()]);
  await null;
  await null;
  const registry = globalRegistry();
  const dump = registry?.toString() ?? "";
  console.log("detached while pending:", dump.includes("[Detached"));
  open();
  console.log(JSON.stringify(await results));
}

// Checked from outside once main has ended (with traceAll, main itself is a task while it runs).
main().then(() =>
  setTimeout(() => console.log("tasks left:", (globalRegistry()?.toString() ?? "") !== ""), 5),
);
