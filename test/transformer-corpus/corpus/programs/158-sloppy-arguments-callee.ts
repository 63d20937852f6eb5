// corpus-script
// Sloppy mode: `arguments.callee` is the running function (a TypeError in strict mode), used across
// awaits for recursion.
async function countdown158(n: number): Promise<number> {
  await null;
  if (n === 0) return 0;
  const self = arguments.callee as (n: number) => Promise<number>;
  return 1 + (await self(n - 1));
}

countdown158(5).then(
  (v) => console.log("callee recursion", v),
  (e: Error) => console.log("callee threw", e.name),
);
