// corpus-script
// Microtask-ordering probe in a sloppy script: awaits of values, promises and thenables.
const log159: string[] = [];
let tick159 = 0;
function ticker159(n: number): Promise<void> {
  let p = Promise.resolve();
  for (let i = 0; i < n; i++)
    p = p.then(() => {
      tick159++;
    });
  return p;
}
async function kinds159(): Promise<void> {
  await 1;
  log159.push(`value@${tick159}`);
  await Promise.resolve(2);
  log159.push(`promise@${tick159}`);
  await { then: (r: (v: number) => void) => r(3) };
  log159.push(`thenable@${tick159}`);
}
async function main159(): Promise<void> {
  const t = ticker159(20);
  await kinds159();
  await t;
  console.log(log159.join(" "));
}
main159();
