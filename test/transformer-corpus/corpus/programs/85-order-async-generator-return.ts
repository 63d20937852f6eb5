// Microtask-ordering probe: async generators that yield and return promises (both are awaited by the generator).
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

async function* g(kind: string): AsyncGenerator<number, number, undefined> {
  log.push(`${kind} start@${tick}`);
  yield Promise.resolve(1) as unknown as number;
  yield 2;
  if (kind === "rejecting") return Promise.reject(new Error("returned rejection")) as unknown as number;
  return Promise.resolve(3) as unknown as number;
}

async function drain(kind: string): Promise<void> {
  const it = g(kind);
  try {
    for (;;) {
      const r = await it.next();
      log.push(`${kind} ${JSON.stringify(r)}@${tick}`);
      if (r.done) break;
    }
  } catch (e) {
    log.push(`${kind} threw ${(e as Error).message}@${tick}`);
  }
}

async function main(): Promise<void> {
  const t = ticker(40);
  await Promise.all([drain("resolving"), drain("rejecting")]);
  await t;
  console.log(log.join("\n"));
}

main();
