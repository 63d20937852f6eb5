// Microtask-ordering probe: rejected awaits, catch handlers and rethrows, against a ticker.
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

async function thrower(n: number): Promise<never> {
  for (let i = 0; i < n; i++) await null;
  throw new Error(`thrower ${n}`);
}

async function catcher(n: number): Promise<string> {
  try {
    await thrower(n);
    return "no";
  } catch (e) {
    log.push(`caught ${(e as Error).message}@${tick}`);
    return "yes";
  }
}

async function rethrower(): Promise<void> {
  try {
    await thrower(1);
  } catch (e) {
    log.push(`rethrowing@${tick}`);
    throw new Error("wrapped", { cause: e });
  }
}

async function main(): Promise<void> {
  const t = ticker(40);
  const p1 = catcher(0);
  const p2 = catcher(2);
  const p3 = rethrower().catch((e: Error) => log.push(`outer ${e.message} <- ${(e.cause as Error).message}@${tick}`));
  const p4 = thrower(1).then(
    () => log.push("never"),
    (e: Error) => log.push(`then-reject ${e.message}@${tick}`),
  );
  log.push(`results ${JSON.stringify(await Promise.all([p1, p2]))}@${tick}`);
  await Promise.all([p3, p4]);
  await t;
  console.log(log.join("\n"));
}

main();
