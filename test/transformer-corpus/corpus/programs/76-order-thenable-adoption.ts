// Microtask-ordering probe: how many ticks thenables, native promises and async results take to be adopted.
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
const thenable = (name: string) => ({
  then(r: (v: string) => void) {
    log.push(`${name}.then@${tick}`);
    r(name);
  },
});

async function awaitThenable(): Promise<string> {
  return await thenable("await");
}
async function returnThenable(): Promise<string> {
  return thenable("return") as unknown as string;
}
async function awaitResolveThenable(): Promise<string> {
  return await Promise.resolve(thenable("resolve"));
}
async function awaitAsyncReturningThenable(): Promise<string> {
  return await returnThenable();
}

async function main(): Promise<void> {
  const t = ticker(40);
  const fs = [awaitThenable, returnThenable, awaitResolveThenable, awaitAsyncReturningThenable];
  await Promise.all(fs.map((f) => f().then((v) => log.push(`${f.name} -> ${v}@${tick}`))));
  await t;
  console.log(log.join("\n"));
}

main();
