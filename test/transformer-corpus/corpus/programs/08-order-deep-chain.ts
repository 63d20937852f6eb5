// Microtask-ordering probe: a chain of async calls each awaiting the next, racing a flat loop.
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

async function chain(depth: number): Promise<number> {
  if (depth === 0) {
    log.push(`leaf@${tick}`);
    return 0;
  }
  const r = await chain(depth - 1);
  log.push(`up ${depth}@${tick}`);
  return r + depth;
}

async function flat(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await 0;
    log.push(`flat ${i}@${tick}`);
  }
}

async function main(): Promise<void> {
  const t = ticker(40);
  const [sum] = await Promise.all([chain(6), flat()]);
  log.push(`sum ${sum}@${tick}`);
  await t;
  console.log(log.join("\n"));
}

main();
