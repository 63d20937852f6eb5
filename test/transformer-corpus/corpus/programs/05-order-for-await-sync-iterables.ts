// Microtask-ordering probe: for-await over arrays of values and promises, interleaved with a second task.
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

async function overValues(): Promise<void> {
  for await (const v of [1, 2, 3]) log.push(`values ${v}@${tick}`);
  log.push(`values done@${tick}`);
}

async function overPromises(): Promise<void> {
  const ps = [Promise.resolve("a"), new Promise<string>((r) => setImmediate(() => r("b"))), Promise.resolve("c")];
  for await (const v of ps) log.push(`promises ${v}@${tick}`);
  log.push(`promises done@${tick}`);
}

async function overMixed(): Promise<void> {
  const thenable = { then: (r: (v: string) => void) => r("thenable") };
  const items: unknown[] = [0, Promise.resolve(1), thenable, (async () => "async")()];
  for await (const v of items) log.push(`mixed ${String(v)}@${tick}`);
}

async function main(): Promise<void> {
  const t = ticker(40);
  await Promise.all([overValues(), overPromises(), overMixed()]);
  await t;
  console.log(log.join("\n"));
}

main();
