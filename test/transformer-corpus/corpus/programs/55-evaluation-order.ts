// Evaluation order around awaits: the callee and `this` of a call are taken before awaited arguments;
// left operands before right awaits; property keys before awaited values.
const log: string[] = [];
async function v<T>(name: string, x: T): Promise<T> {
  log.push(name);
  await null;
  return x;
}

const api = {
  tag: "api",
  call(this: { tag: string }, ...xs: unknown[]): string {
    return `${this.tag}.call(${xs.join(",")})`;
  },
};

async function main(): Promise<void> {
  const original = api.call;
  const p = api.call(await v("arg1", 1), (api.call = () => "replaced", await v("arg2", 2)));
  log.push(`result: ${p}`);
  api.call = original;

  let x = 1;
  const sum = x + (await v("rhs", (x = 10)));
  log.push(`x + await: ${sum} (x now ${x})`);

  const arr = [1, 2, 3];
  let i = 0;
  arr[i] = await v("rhs-index", (i = 2));
  log.push(`arr ${JSON.stringify(arr)} i=${i}`);

  let obj: { [k: string]: number } = { a: 1 };
  const old = obj;
  obj.a = await v("obj-rhs", ((obj = { a: 100 }), 5));
  log.push(`old.a=${old.a} obj.a=${obj.a}`);

  const f = (a: number, b: number, c: number): string => `${a}${b}${c}`;
  log.push(f(await v("p1", 1), Number(log.push("sync middle")) * 0 + 2, await v("p3", 3)));

  const counter = { n: 0 };
  counter.n += await v("inc", 5);
  counter.n = counter.n + (await v("inc2", (counter.n = 100)));
  log.push(`counter ${counter.n}`);
  console.log(log.join("\n"));
}

main();
