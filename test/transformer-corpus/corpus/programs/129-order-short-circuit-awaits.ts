// Microtask-ordering probe around short-circuited awaits: `await (x && p)`, `await o?.m()`, `await (v ?? p)`
// interleaved with a ticker; the tick at which each resumes must not change.
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
async function val(v: number): Promise<number> {
  await null;
  return v;
}
const none = undefined as { m(): Promise<number> } | undefined;
const some = { m: () => val(3) };
const nothing = undefined as number | undefined;

async function probe(name: string, flag: boolean): Promise<void> {
  const a = await (flag && val(1));
  log.push(`${name} a=${a}@${tick}`);
  const b = await none?.m();
  log.push(`${name} b=${b}@${tick}`);
  const c = await some?.m();
  log.push(`${name} c=${c}@${tick}`);
  const d = await (nothing ?? val(4));
  log.push(`${name} d=${d}@${tick}`);
  const e = await (flag ? val(5) : 6);
  log.push(`${name} e=${e}@${tick}`);
}

async function main(): Promise<void> {
  const t = ticker(40);
  await Promise.all([probe("T", true), probe("F", false)]);
  await t;
  console.log(log.join("\n"));
}
main();
