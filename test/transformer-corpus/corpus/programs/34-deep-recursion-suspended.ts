// Deep recursion (2,000 levels) where every level suspends before recursing, and 2,000 nested traced awaits.
async function down(n: number): Promise<number> {
  await null;
  if (n === 0) return 0;
  return 1 + (await down(n - 1));
}

async function sumTo(n: number): Promise<number> {
  if (n === 0) return 0;
  const rest = await Promise.resolve().then(() => sumTo(n - 1));
  return n + rest;
}

async function throwsAtBottom(n: number): Promise<number> {
  await null;
  if (n === 0) throw new Error("bottom reached");
  try {
    return await throwsAtBottom(n - 1);
  } finally {
    if (n % 500 === 0) console.log("unwinding", n);
  }
}

async function main(): Promise<void> {
  console.log("depth", await down(2000));
  console.log("sum", await sumTo(2000));
  try {
    await throwsAtBottom(2000);
  } catch (e) {
    console.log("caught", (e as Error).message);
  }
}

main();
