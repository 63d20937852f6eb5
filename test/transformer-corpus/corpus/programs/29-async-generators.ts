// Async generators: yield, await inside, yield* to async and sync iterables, return values, arguments to next().
async function* numbers(n: number): AsyncGenerator<number, string, undefined> {
  for (let i = 0; i < n; i++) {
    await null;
    yield i;
  }
  return `numbers(${n}) done`;
}

async function* delegating(): AsyncGenerator<number | string, string, undefined> {
  const r = yield* numbers(2);
  yield r;
  yield* ["sync-a", "sync-b"];
  const r2 = yield* (function* (): Generator<string, number, undefined> {
    yield "from sync gen";
    return 42;
  })();
  yield `sync gen returned ${r2}`;
  return "delegating done";
}

async function* echo(): AsyncGenerator<string, void, string> {
  let received = "";
  while (received !== "stop") {
    received = yield `echo:${received}`;
    await null;
  }
}

async function* awaitsPromisesItYields(): AsyncGenerator<number, void, undefined> {
  yield Promise.resolve(1) as unknown as number;
  yield await Promise.resolve(2);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function main(): Promise<void> {
  console.log(JSON.stringify(await collect(numbers(3))));
  const d = delegating();
  const steps: unknown[] = [];
  for (let r = await d.next(); ; r = await d.next()) {
    steps.push(r.value);
    if (r.done) break;
  }
  console.log(JSON.stringify(steps));
  const e = echo();
  console.log((await e.next()).value, (await e.next("a")).value, (await e.next("b")).value, JSON.stringify(await e.next("stop")));
  console.log(JSON.stringify(await collect(awaitsPromisesItYields())));
  const g = numbers(1);
  console.log(typeof g[Symbol.asyncIterator], g[Symbol.asyncIterator]() === g, Object.prototype.toString.call(g));
}

main();
