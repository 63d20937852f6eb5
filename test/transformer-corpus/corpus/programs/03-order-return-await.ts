// Microtask-ordering probe: `return await p` vs `return p` vs returning a value or a thenable.
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

async function plain(): Promise<string> {
  return "plain";
}
async function returnPromise(): Promise<string> {
  return Promise.resolve("returnPromise");
}
async function returnAwait(): Promise<string> {
  return await Promise.resolve("returnAwait");
}
async function returnThenable(): Promise<string> {
  return {
    then(r: (v: string) => void) {
      log.push(`then called@${tick}`);
      r("returnThenable");
    },
  } as unknown as string;
}
async function returnAsyncCall(): Promise<string> {
  return plain();
}
async function returnAwaitAsyncCall(): Promise<string> {
  return await plain();
}
async function tryReturnAwait(): Promise<string> {
  try {
    return await Promise.reject(new Error("x"));
  } catch {
    return "caught-in-try";
  }
}
async function tryReturnNoAwait(): Promise<string> {
  try {
    return Promise.reject(new Error("escaped"));
  } catch {
    return "never";
  }
}

async function main(): Promise<void> {
  const t = ticker(30);
  const fns = [plain, returnPromise, returnAwait, returnThenable, returnAsyncCall, returnAwaitAsyncCall, tryReturnAwait];
  const ps = fns.map((f) => f().then((v) => log.push(`${v}@${tick}`)));
  const esc = tryReturnNoAwait().then(
    (v) => log.push(`${v}@${tick}`),
    (e: Error) => log.push(`rejected ${e.message}@${tick}`),
  );
  await Promise.all([...ps, esc]);
  await t;
  console.log(log.join("\n"));
}

main();
