// instrumentAwait (the manual label) in plain and traced code: values, `.then` calls on thenables and ticks unchanged.
import { instrumentAwait, span, traced } from "@await-tree/runtime";

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
let thenCalls = 0;
const thenable = <T>(v: T) => ({
  then(resolve: (x: T) => void): void {
    thenCalls++;
    log.push(`then #${thenCalls}@${tick}`);
    resolve(v);
  },
});

async function plain(): Promise<number> {
  const a = await instrumentAwait(thenable(1), "plain thenable");
  const b = await instrumentAwait(Promise.resolve(2), span`plain promise ${a}`);
  const c = await instrumentAwait(3, "plain value");
  log.push(`plain ${a + b + c}@${tick}`);
  return a + b + c;
}

const tracedFn = traced(async function tracedFn(n: number): Promise<number> {
  const labelled = instrumentAwait(Promise.resolve(n), "labelled early");
  await null;
  const a = await labelled;
  const b = await instrumentAwait(thenable(n * 10), "traced thenable");
  const c = await instrumentAwait((async () => n * 100)(), "async iife");
  log.push(`traced ${a + b + c}@${tick}`);
  return a + b + c;
});

async function main(): Promise<void> {
  const t = ticker(30);
  const r = await Promise.all([plain(), tracedFn(1), tracedFn(2)]);
  await t;
  log.push(`results ${JSON.stringify(r)} then calls ${thenCalls}`);
  try {
    instrumentAwait(Promise.resolve(), 42 as unknown as string);
  } catch (e) {
    log.push(`bad span: ${(e as Error).constructor.name}`);
  }
  console.log(log.join("\n"));
}

main();
