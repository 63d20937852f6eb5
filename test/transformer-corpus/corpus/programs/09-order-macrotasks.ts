// Ordering probe: timers, setImmediate, process.nextTick, queueMicrotask and awaits together.
// (Never races a setTimeout against a setImmediate scheduled in the same turn: that order is not deterministic.)
const log: string[] = [];

async function worker(name: string): Promise<void> {
  log.push(`${name} start`);
  await new Promise<void>((r) => setTimeout(r, 0));
  log.push(`${name} after timeout`);
  await new Promise<void>((r) => setImmediate(r));
  log.push(`${name} after immediate`);
  await new Promise<void>((r) => process.nextTick(r));
  log.push(`${name} after nextTick`);
  queueMicrotask(() => log.push(`${name} microtask`));
  await null;
  log.push(`${name} end`);
}

async function main(): Promise<void> {
  process.nextTick(() => log.push("tick 1"));
  queueMicrotask(() => log.push("micro 1"));
  setTimeout(() => log.push("timeout 1"), 0);
  const w = Promise.all([worker("A"), worker("B")]);
  log.push("main sync end");
  await w;
  await new Promise<void>((r) => setImmediate(r));
  console.log(log.join("\n"));
}

main();
