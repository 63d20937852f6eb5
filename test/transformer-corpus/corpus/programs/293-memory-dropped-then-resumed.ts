// Abandoned work that comes back: 25,000 calls are started and dropped by callers that end (so they
// are detached, more than the runtime keeps: the oldest are dropped from the arena), then all of them
// settle and resume, through frame references whose slots were reused meanwhile. Values, order and
// the trees of the work that is still running must not notice. Facts only.
import { Registry } from "@await-tree/runtime";

const log: string[] = [];

async function late(i: number, gate: Promise<number>): Promise<number> {
  const v = await gate;
  await null;
  if (i % 5000 === 0) log.push(`late ${i} resumed`);
  return v + i;
}

async function starter(i: number, gate: Promise<number>, out: Promise<number>[]): Promise<void> {
  out.push(late(i, gate));
}

async function steady(n: number): Promise<number> {
  let x = 0;
  for (let i = 0; i < n; i++) x += await Promise.resolve(i);
  return x;
}

async function main(): Promise<void> {
  const registry = new Registry();
  let open!: (v: number) => void;
  const gate = new Promise<number>((r) => {
    open = r;
  });
  const out: Promise<number>[] = [];
  await registry.register("task", "task").run(async () => {
    for (let i = 0; i < 25_000; i++) void starter(i, gate, out);
    await null;
    const s = await steady(1000); // reuses the freed slots while the dropped frames wait
    open(1);
    const all = await Promise.all(out);
    log.push(`steady ${s}, sum ${all.reduce((a, b) => a + b, 0)}, count ${all.length}`);
    log.push(`again ${await steady(100)}`);
  });
  console.log(log.join("\n"));
}

void main();
