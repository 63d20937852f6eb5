// Microtask-ordering probe: for-await loops (with continue, labelled break and a throw in the body) against a ticker.
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

async function* source(name: string, n: number): AsyncGenerator<number, void, undefined> {
  try {
    for (let i = 0; i < n; i++) yield i;
  } finally {
    log.push(`${name} closed@${tick}`);
  }
}

async function loops(): Promise<void> {
  for await (const v of source("plain", 3)) log.push(`plain ${v}@${tick}`);
  outer: for await (const v of source("outer", 5)) {
    if (v === 1) continue;
    for await (const w of source(`inner${v}`, 3)) {
      if (w === 1) continue outer;
      if (v === 3) break outer;
      log.push(`pair ${v}${w}@${tick}`);
    }
  }
  try {
    for await (const v of source("throwing", 3)) {
      await null;
      if (v === 1) throw new Error("stop");
    }
  } catch (e) {
    log.push(`caught ${(e as Error).message}@${tick}`);
  }
}

async function other(): Promise<void> {
  for (let i = 0; i < 12; i++) {
    await null;
    log.push(`other ${i}@${tick}`);
  }
}

async function main(): Promise<void> {
  const t = ticker(80);
  await Promise.all([loops(), other()]);
  await t;
  console.log(log.join("\n"));
}

main();
