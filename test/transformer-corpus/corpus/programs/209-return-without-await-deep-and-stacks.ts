// A deep chain of functions that return the next call without `await` (each frame ends only when
// the innermost work ends: the ends cascade up 1,000 frames), then errors thrown synchronously and
// after an await inside returned calls: values, stacks and the `at async` frames are unchanged.
async function leaf(n: number): Promise<number> {
  await null;
  return n;
}

async function chain(n: number): Promise<number> {
  return n === 0 ? leaf(7) : chain(n - 1);
}

async function throwsSync(): Promise<never> {
  throw new Error("sync in returned call");
}

async function throwsLater(): Promise<never> {
  await null;
  throw new Error("after await in returned call");
}

async function relaySync() {
  return throwsSync();
}
async function relayLater() {
  return throwsLater();
}
async function awaitingCaller(f: () => Promise<unknown>) {
  try {
    return await f();
  } catch (e) {
    // Node's own `processTicksAndRejections` frame is left out: whether it shows depends on
    // whether another thread exists (the runtime's clock worker), not on this code.
    return (e as Error).stack
      ?.split("\n")
      .filter((l) => !l.includes("processTicksAndRejections"))
      .slice(0, 4)
      .join("\n");
  }
}

async function main(): Promise<void> {
  console.log(await chain(1000));
  console.log(await awaitingCaller(relaySync));
  console.log(await awaitingCaller(relayLater));
}

main();
