// Microtask-ordering probe: ticks taken by awaiting a value, a native promise, a thenable, a pending promise.
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

const thenable = {
  then(resolve: (v: string) => void): void {
    log.push(`thenable.then@${tick}`);
    resolve("T");
  },
};

async function kinds(): Promise<void> {
  log.push(`start@${tick}`);
  const v1 = await 1;
  log.push(`value ${v1}@${tick}`);
  const v2 = await Promise.resolve(2);
  log.push(`promise ${v2}@${tick}`);
  const v3 = await thenable;
  log.push(`thenable ${v3}@${tick}`);
  const v4 = await new Promise<number>((r) => queueMicrotask(() => r(4)));
  log.push(`microtask-resolved ${v4}@${tick}`);
  const v5 = await Promise.reject(new Error("five")).catch((e: Error) => e.message);
  log.push(`caught ${v5}@${tick}`);
  const inner = (async () => 6)();
  const v6 = await inner;
  log.push(`async-iife ${v6}@${tick}`);
  const v7 = await Promise.resolve(Promise.resolve(7));
  log.push(`nested ${v7}@${tick}`);
}

async function other(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    log.push(`other ${i}@${tick}`);
    await i;
  }
}

async function main(): Promise<void> {
  const t = ticker(60);
  await Promise.all([kinds(), other()]);
  await t;
  console.log(log.join("\n"));
}

main();
