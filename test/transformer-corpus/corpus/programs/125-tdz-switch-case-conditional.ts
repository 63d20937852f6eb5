// Issue 9 defect 1 with nested short-circuits: `a ? (b && f(X)) : c ?? f(Y)` and `a?.b ? ... : ...`,
// X and Y `const`s still in their temporal dead zone, none of the reading branches taken.
async function f(v: number): Promise<number> {
  await null;
  return v;
}
const a = false as boolean;
const b = true as boolean;
const c = 7 as number | undefined;
const o = undefined as { b: boolean } | undefined;

async function run(): Promise<string> {
  const one = await (a ? b && f(X) : (c ?? f(Y)));
  const two = await (o?.b ? f(X) : f(1));
  const three = await (a ? f(X) : a ? f(Y) : f(2));
  return `${one} ${two} ${three}`;
}

const log: string[] = [];
run().then(
  (v) => log.push(`run: ${v}`),
  (e: Error) => log.push(`rejected: ${e.name}: ${e.message}`),
);
const X = 10;
const Y = 20;
setTimeout(() => console.log([...log, `X ${X} Y ${Y}`].join("\n")), 5);
