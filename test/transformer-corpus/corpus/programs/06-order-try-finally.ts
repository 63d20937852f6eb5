// Microtask-ordering probe: awaits in try, catch and finally, interleaved with a second task.
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

async function guarded(fail: boolean): Promise<string> {
  try {
    log.push(`try ${fail}@${tick}`);
    await null;
    if (fail) throw new Error("boom");
    await Promise.resolve();
    log.push(`try end ${fail}@${tick}`);
    return "ok";
  } catch (e) {
    log.push(`catch ${(e as Error).message}@${tick}`);
    await Promise.resolve();
    log.push(`catch after await@${tick}`);
    return "recovered";
  } finally {
    log.push(`finally ${fail}@${tick}`);
    await undefined;
    log.push(`finally after await ${fail}@${tick}`);
  }
}

async function finallyOverrides(): Promise<string> {
  try {
    await null;
    return "from-try";
  } finally {
    await null;
    log.push(`override finally@${tick}`);
  }
}

async function counter(): Promise<void> {
  for (let i = 0; i < 8; i++) {
    await null;
    log.push(`counter ${i}@${tick}`);
  }
}

async function main(): Promise<void> {
  const t = ticker(40);
  const results = await Promise.all([guarded(false), guarded(true), finallyOverrides(), counter()]);
  log.push(`results ${JSON.stringify(results)}@${tick}`);
  await t;
  console.log(log.join("\n"));
}

main();
