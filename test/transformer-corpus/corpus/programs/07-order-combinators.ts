// Microtask-ordering probe: Promise.all / allSettled / race / any over async calls, against a ticker.
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

async function step(name: string, n: number, fail = false): Promise<string> {
  for (let i = 0; i < n; i++) await null;
  log.push(`${name} settles@${tick}`);
  if (fail) throw new Error(name);
  return name;
}

async function main(): Promise<void> {
  const t = ticker(60);
  const all = await Promise.all([step("all1", 2), step("all2", 1), 3]);
  log.push(`all ${all}@${tick}`);
  const settled = await Promise.allSettled([step("s1", 1, true), step("s2", 2)]);
  log.push(`allSettled ${settled.map((s) => s.status).join(",")}@${tick}`);
  const race = await Promise.race([step("r1", 3), step("r2", 1)]);
  log.push(`race ${race}@${tick}`);
  const any = await Promise.any([step("a1", 1, true), step("a2", 3)]);
  log.push(`any ${any}@${tick}`);
  try {
    await Promise.all([step("f1", 2), step("f2", 1, true)]);
  } catch (e) {
    log.push(`all rejected ${(e as Error).message}@${tick}`);
  }
  await t;
  console.log(log.join("\n"));
}

main();
