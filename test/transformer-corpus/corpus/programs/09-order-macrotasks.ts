// Ordering probe: a timer, setImmediate, process.nextTick, queueMicrotask and awaits together.
// Both workers wait for one shared timer: two timers created in the same turn may get start times a
// millisecond apart (Node reads the clock for each), so whether they fire in the same loop iteration
// is not deterministic. For the same reason nothing races a timer against an immediate.
const log: string[] = [];
let timeout: Promise<void>;

async function worker(name: string): Promise<void> {
  log.push(`${name} start`);
  await timeout;
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
  timeout = new Promise<void>((r) => setTimeout(r, 0));
  timeout.then(() => log.push("timeout 1"));
  const w = Promise.all([worker("A"), worker("B")]);
  log.push("main sync end");
  await w;
  await new Promise<void>((r) => setImmediate(r));
  console.log(log.join("\n"));
}

main();
