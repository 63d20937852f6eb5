// Default parameter values of async functions (side effects counted, async arrows awaiting in defaults).
let evaluated = 0;
function next(): number {
  return ++evaluated;
}

async function defaults(a = next(), b = a * 10, c: () => Promise<number> = async () => (await Promise.resolve(b)) + 1): Promise<string> {
  const before = evaluated;
  await null;
  return `a=${a} b=${b} c=${await c()} evaluatedBefore=${before}`;
}

async function destructuredDefaults({ x = next(), y = [next()] }: { x?: number; y?: number[] } = {}): Promise<string> {
  await null;
  return `x=${x} y=${JSON.stringify(y)}`;
}

async function awaitInsideDefaultArrow(
  load = async (k: string): Promise<string> => {
    await null;
    return `loaded ${k}`;
  },
  prefix = `p${evaluated}`,
): Promise<string> {
  return `${prefix}: ${await load("k")}`;
}

async function defaultRefersToAwaitResult(v: Promise<number>): Promise<string> {
  const inner = async (n = v.then((x) => x * 2)): Promise<number> => await n;
  return `inner=${await inner()} explicit=${await inner(Promise.resolve(7))}`;
}

async function throwingDefault(a: number = (() => { throw new Error("default threw"); })()): Promise<number> {
  await null;
  return a;
}

async function main(): Promise<void> {
  console.log(await defaults());
  console.log(await defaults(5));
  console.log(await defaults(undefined, 3, async () => 100));
  console.log(await destructuredDefaults());
  console.log(await destructuredDefaults({ x: 1 }));
  console.log(await awaitInsideDefaultArrow());
  console.log(await defaultRefersToAwaitResult(Promise.resolve(21)));
  const p = throwingDefault();
  console.log("throwingDefault returned a promise:", p instanceof Promise);
  await p.catch((e: Error) => console.log("rejected:", e.message));
  console.log(await throwingDefault(1), "evaluated", evaluated);
}

main();
