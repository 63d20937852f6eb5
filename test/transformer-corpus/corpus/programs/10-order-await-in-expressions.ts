// Microtask-ordering probe: awaits inside conditional, logical, nullish, optional-chain and template expressions.
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

function val<T>(name: string, v: T): T {
  log.push(`eval ${name}@${tick}`);
  return v;
}

interface Box {
  inner?: { get(n: number): number };
}

async function exprs(box: Box | undefined, flag: boolean): Promise<void> {
  const a = flag ? await val("a-then", 1) : await val("a-else", 2);
  log.push(`a=${a}@${tick}`);
  const b = (await val("b-left", 0)) || (await val("b-right", 3));
  log.push(`b=${b}@${tick}`);
  const c = (await val("c-left", 0)) && (await val("c-right", 4));
  log.push(`c=${c}@${tick}`);
  const d = (await val("d-left", null)) ?? (await val("d-right", 5));
  log.push(`d=${d}@${tick}`);
  const e = box?.inner?.get(await val("e-arg", 6));
  log.push(`e=${e}@${tick}`);
  const f = `<${await val("f1", "x")}|${await val("f2", "y")}>`;
  log.push(`f=${f}@${tick}`);
  const g = (await val("g1", 1), await val("g2", 2));
  log.push(`g=${g}@${tick}`);
}

async function main(): Promise<void> {
  const t = ticker(60);
  await Promise.all([exprs(undefined, true), exprs({ inner: { get: (n) => n * 10 } }, false)]);
  await t;
  console.log(log.join("\n"));
}

main();
