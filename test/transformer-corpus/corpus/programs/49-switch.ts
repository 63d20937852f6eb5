// switch with awaits in the discriminant, in case tests (evaluated lazily, in order) and in bodies; fallthrough.
const evaluated: string[] = [];
async function v<T>(name: string, x: T): Promise<T> {
  evaluated.push(name);
  await null;
  return x;
}

async function classify(n: number): Promise<string> {
  const out: string[] = [];
  switch (await v("disc", n)) {
    case await v("case0", 0):
      out.push("zero");
    // falls through
    case await v("case1", 1):
      out.push("one-or-fell");
      break;
    case await v("case2", 2): {
      const inner = await v("body2", "two");
      out.push(inner);
      if (n === 2) break;
      out.push("never");
      break;
    }
    default:
      out.push(`default ${await v("default", n)}`);
    // falls through
    case await v("case9", 9):
      out.push("nine-or-fell");
  }
  return out.join("+");
}

async function main(): Promise<void> {
  for (const n of [0, 1, 2, 9, 5]) {
    evaluated.length = 0;
    console.log(n, await classify(n), "[", evaluated.join(" "), "]");
  }
}

main();
