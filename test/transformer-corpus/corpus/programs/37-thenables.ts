// Thenables: how many times `.then` is called (and when) must not change.
const log: string[] = [];
let thenCalls = 0;

function makeThenable(name: string, value: unknown, mode: "resolve" | "reject" | "throw" | "twice" = "resolve") {
  return {
    then(onFulfilled: (v: unknown) => void, onRejected: (e: unknown) => void): void {
      thenCalls++;
      log.push(`${name}.then #${thenCalls} args=${typeof onFulfilled},${typeof onRejected}`);
      if (mode === "resolve") onFulfilled(value);
      else if (mode === "reject") onRejected(new Error(`${name} rejected`));
      else if (mode === "twice") {
        onFulfilled(value);
        onFulfilled("second");
        onRejected(new Error("ignored"));
      } else throw new Error(`${name} then threw`);
    },
  };
}

async function returnsThenable(): Promise<unknown> {
  return makeThenable("returned", "r");
}

async function main(): Promise<void> {
  log.push(`awaited ${await makeThenable("a", 1)}`);
  try {
    await makeThenable("b", 0, "reject");
  } catch (e) {
    log.push(`caught ${(e as Error).message}`);
  }
  try {
    await makeThenable("c", 0, "throw");
  } catch (e) {
    log.push(`caught ${(e as Error).message}`);
  }
  log.push(`twice ${await makeThenable("d", "first", "twice")}`);
  log.push(`returned ${await returnsThenable()}`);
  log.push(`Promise.resolve ${await Promise.resolve(makeThenable("e", "e"))}`);
  log.push(`all ${JSON.stringify(await Promise.all([makeThenable("f", 1), makeThenable("g", 2)]))}`);
  const shared = makeThenable("shared", "s");
  log.push(`shared twice ${await shared} ${await shared}`);
  for await (const v of [makeThenable("loop1", "x"), makeThenable("loop2", "y")]) log.push(`loop ${v}`);
  let getterReads = 0;
  const lazy = {
    get then() {
      getterReads++;
      return (r: (v: string) => void) => r("lazy");
    },
  };
  log.push(`lazy ${await lazy} getter reads=${getterReads}`);
  const fnThenable = Object.assign(() => 0, { then: (r: (v: string) => void) => r("function thenable") });
  log.push(`${await fnThenable}`);
  log.push(`total then calls ${thenCalls}`);
  console.log(log.join("\n"));
}

main();
