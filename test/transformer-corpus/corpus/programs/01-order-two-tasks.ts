// Microtask-ordering probe: two async functions interleaved on resolved values, with a tick counter.
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

async function a(): Promise<string> {
  log.push(`a0@${tick}`);
  await undefined;
  log.push(`a1@${tick}`);
  await Promise.resolve(1);
  log.push(`a2@${tick}`);
  const v = await new Promise<number>((resolve) => resolve(2));
  log.push(`a3:${v}@${tick}`);
  return "A";
}

async function b(): Promise<string> {
  log.push(`b0@${tick}`);
  const x = await 5;
  log.push(`b1:${x}@${tick}`);
  const y = await a();
  log.push(`b2:${y}@${tick}`);
  await null;
  log.push(`b3@${tick}`);
  return "B";
}

async function main(): Promise<void> {
  const t = ticker(40);
  const pa = a();
  const pb = b();
  log.push(`sync-end@${tick}`);
  pa.then((v) => log.push(`then-a:${v}@${tick}`));
  pb.then((v) => log.push(`then-b:${v}@${tick}`));
  const [ra, rb] = await Promise.all([pa, pb]);
  log.push(`all:${ra}${rb}@${tick}`);
  await t;
  console.log(log.join("\n"));
}

main();
