// Microtask-ordering probe: promise.finally, then chains and awaiting async functions that return early.
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

async function early(flag: boolean): Promise<string> {
  if (flag) return "early";
  await null;
  return "late";
}

async function main(): Promise<void> {
  const t = ticker(40);
  const a = early(true).finally(() => log.push(`finally a@${tick}`));
  const b = early(false).finally(() => log.push(`finally b@${tick}`));
  const c = early(true)
    .then((v) => `${v}!`)
    .then((v) => log.push(`then c ${v}@${tick}`));
  const d = (async () => {
    const x = await early(false);
    log.push(`iife d ${x}@${tick}`);
  })();
  log.push(`values ${await a} ${await b}@${tick}`);
  await Promise.all([c, d]);
  await t;
  console.log(log.join("\n"));
}

main();
