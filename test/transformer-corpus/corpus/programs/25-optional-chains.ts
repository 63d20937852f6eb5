// Awaits inside optional chains: short-circuited awaits must not run (no side effect, no tick).
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

async function arg(name: string): Promise<number> {
  log.push(`arg ${name}@${tick}`);
  await null;
  return 1;
}

interface Api {
  get?: (n: number) => number;
  nested?: { deep?: { value: number } };
  load?: () => Promise<{ items?: number[] }>;
}

async function probe(api: Api | null | undefined, tag: string): Promise<void> {
  const a = api?.get?.(await arg(`${tag}-a`));
  const b = (await api?.load?.())?.items?.length;
  const c = api?.nested?.deep?.value ?? (await arg(`${tag}-c`));
  const d = (await Promise.resolve(api))?.nested?.deep?.value;
  log.push(`${tag}: a=${a} b=${b} c=${c} d=${d}@${tick}`);
}

async function main(): Promise<void> {
  const t = ticker(40);
  await Promise.all([
    probe(null, "null"),
    probe({}, "empty"),
    probe(
      {
        get: (n) => n + 1,
        nested: { deep: { value: 9 } },
        load: async () => ({ items: [1, 2, 3] }),
      },
      "full",
    ),
  ]);
  await t;
  console.log(log.join("\n"));
}

main();
