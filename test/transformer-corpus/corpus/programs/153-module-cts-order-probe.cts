// corpus-configs: preserve-es2022,preserve-esnext,esm-es2022
// Microtask-ordering probe in a .cts file (CommonJS under preserve and nodenext).
import assert = require("node:assert");

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
async function step(name: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await null;
    log.push(`${name}${i}@${tick}`);
  }
}
async function main(): Promise<void> {
  const t = ticker(20);
  await Promise.all([step("a", 3), step("b", 2)]);
  await t;
  assert.ok(log.length === 5);
  console.log(log.join(" "));
}
main();
