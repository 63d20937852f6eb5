// The runtime's state changing under running code: a global registry created while functions are suspended (when
// none was preloaded), a span limit so small that most spans are lost, and work that outlives both. Values only.
import { globalRegistry, initGlobalRegistry, setSpanLimit, spanLimit } from "@await-tree/runtime";

const log: string[] = [];

async function slow(name: string, turns: number): Promise<string> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
  log.push(`${name} done`);
  return name;
}

async function fan(depth: number, width: number): Promise<number> {
  if (depth === 0) {
    await null;
    return 1;
  }
  const parts = await Promise.all(Array.from({ length: width }, () => fan(depth - 1, width)));
  return parts.reduce((a, b) => a + b, 0);
}

async function* stream(n: number): AsyncGenerator<number, void, undefined> {
  for (let i = 0; i < n; i++) yield await fan(2, 2);
}

async function main(): Promise<void> {
  const before = slow("started before the registry", 3);
  await null;
  if (globalRegistry() === undefined) initGlobalRegistry();
  const after = slow("started after the registry", 2);
  const previous = spanLimit();
  setSpanLimit(16);
  const leaves = await fan(4, 3);
  let streamed = 0;
  for await (const v of stream(5)) streamed += v;
  setSpanLimit(previous);
  log.push(`leaves ${leaves} streamed ${streamed} limit restored ${spanLimit() === previous}`);
  log.push(`${await before} / ${await after}`);
  log.push(`again ${await fan(3, 3)}`);
  console.log(log.join("\n"));
}

main();
