// Microtask-ordering probe: two consumers pulling from async generators concurrently; queued next() calls.
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

async function* counter(name: string, n: number): AsyncGenerator<string, void, undefined> {
  for (let i = 0; i < n; i++) {
    log.push(`${name} produce ${i}@${tick}`);
    await null;
    yield `${name}${i}`;
  }
}

async function consume(name: string, g: AsyncGenerator<string, void, undefined>): Promise<void> {
  for await (const v of g) log.push(`${name} consumed ${v}@${tick}`);
  log.push(`${name} done@${tick}`);
}

async function main(): Promise<void> {
  const t = ticker(60);
  const shared = counter("s", 4);
  const queued = [shared.next(), shared.next(), shared.next()];
  queued.forEach((p, i) => p.then((r) => log.push(`queued ${i} -> ${r.value}@${tick}`)));
  await Promise.all([consume("A", counter("a", 3)), consume("B", counter("b", 2)), consume("C", shared)]);
  await t;
  console.log(log.join("\n"));
}

main();
