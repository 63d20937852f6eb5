// corpus-skip: cjs-es2015 (TypeScript lowers each async level to ~6 stack frames; 2,000 synchronous levels overflow the stack without the plugin too)
// Deep recursion (2,000 levels) entered synchronously: every level calls the next before its first await.
async function depth(n: number): Promise<number> {
  if (n === 0) return 0;
  return 1 + (await depth(n - 1));
}

async function build(n: number, acc: string[]): Promise<string[]> {
  if (n === 0) return acc;
  acc.push(String(n % 10));
  const r = await build(n - 1, acc);
  await null;
  return r;
}

async function main(): Promise<void> {
  console.log("depth", await depth(2000));
  console.log("built", (await build(2000, [])).length);
  const all = await Promise.all([depth(1000), depth(1500), depth(2000)]);
  console.log("parallel", all.join(","));
}

main();
