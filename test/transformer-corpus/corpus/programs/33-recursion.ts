// Recursion: async fibonacci, mutual recursion, recursive async generator over a tree.
async function fib(n: number): Promise<number> {
  if (n < 2) return n;
  const [a, b] = await Promise.all([fib(n - 1), fib(n - 2)]);
  return a + b;
}

async function isEven(n: number): Promise<boolean> {
  if (n === 0) return true;
  await null;
  return isOdd(n - 1);
}
async function isOdd(n: number): Promise<boolean> {
  if (n === 0) return false;
  return await isEven(n - 1);
}

interface Node {
  name: string;
  children: Node[];
}
async function* walk(n: Node, depth = 0): AsyncGenerator<string, void, undefined> {
  await null;
  yield `${"  ".repeat(depth)}${n.name}`;
  for (const c of n.children) yield* walk(c, depth + 1);
}

async function countDown(n: number, acc: number[] = []): Promise<number[]> {
  if (n < 0) return acc;
  acc.push(n);
  await null;
  return countDown(n - 1, acc);
}

async function main(): Promise<void> {
  console.log("fib(15) =", await fib(15));
  console.log("even(101) =", await isEven(101), "odd(101) =", await isOdd(101));
  const tree: Node = {
    name: "root",
    children: [
      { name: "a", children: [{ name: "a1", children: [] }] },
      { name: "b", children: [] },
    ],
  };
  for await (const line of walk(tree)) console.log(line);
  console.log((await countDown(5)).join(" "));
}

main();
