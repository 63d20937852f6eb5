// Microtask-ordering probe: an async generator consumed by hand and by for-await, against a ticker.
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

async function* gen(): AsyncGenerator<number, string, string | undefined> {
  log.push(`gen start@${tick}`);
  const got = yield 1;
  log.push(`gen got ${got}@${tick}`);
  await null;
  yield Promise.resolve(2) as unknown as number;
  log.push(`gen after 2@${tick}`);
  yield* [3, 4];
  return "end";
}

async function manual(): Promise<void> {
  const g = gen();
  log.push(`created@${tick}`);
  const r1 = await g.next();
  log.push(`r1 ${JSON.stringify(r1)}@${tick}`);
  const r2 = await g.next("hello");
  log.push(`r2 ${JSON.stringify(r2)}@${tick}`);
  const pending = [g.next(), g.next(), g.next(), g.next()];
  const rest = await Promise.all(pending);
  log.push(`rest ${JSON.stringify(rest)}@${tick}`);
}

async function loop(): Promise<void> {
  for await (const v of gen()) log.push(`loop ${v}@${tick}`);
  log.push(`loop done@${tick}`);
}

async function main(): Promise<void> {
  const t = ticker(80);
  await Promise.all([manual(), loop()]);
  await t;
  console.log(log.join("\n"));
}

main();
