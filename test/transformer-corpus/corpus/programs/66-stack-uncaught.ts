// corpus-exit: 1
// Source maps: an uncaught error from async code ends the process; Node prints the mapped stack to stderr (compared).
async function level3(n: number): Promise<number> {
  await null;
  if (n > 2) throw new Error(`too deep: ${n}`);
  return await level3(n + 1);
}

async function level2(): Promise<number> {
  const r = await level3(0);
  return r;
}

async function level1(): Promise<void> {
  console.log("starting");
  await level2();
}

level1().catch((e: Error) => {
  console.log("rethrowing from catch");
  setImmediate(() => {
    throw e;
  });
});
