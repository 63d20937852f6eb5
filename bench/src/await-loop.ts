// P1, P3, P4: a tight loop of awaits on an already resolved promise. Compiled twice by
// bench/lib/build.mjs: with the transformer (`traceAll`: the function is traced, every await is a
// wait) and without it (the same function, untransformed).

export async function awaitLoop(n: number, p: Promise<number>): Promise<number> {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + (await p)) | 0;
  return x;
}
