// Nullish and logical operators and assignments with awaits: short-circuited awaits never run.
const ran: string[] = [];
async function v<T>(name: string, x: T): Promise<T> {
  ran.push(name);
  await null;
  return x;
}

async function main(): Promise<void> {
  let a: number | null = null;
  a ??= await v("a1", 1);
  a ??= await v("a2", 2);
  let b = 0;
  b ||= await v("b1", 3);
  b ||= await v("b2", 4);
  let c = 1;
  c &&= await v("c1", 0);
  c &&= await v("c2", 5);
  const o: { x?: string; y: string; z: number } = { y: "", z: 1 };
  o.x ??= await v("ox", "x");
  o.y ||= await v("oy", "y");
  o.z &&= await v("oz", 2);
  const d = (await v("d-left", undefined)) ?? ((await v("d-mid", null)) ?? (await v("d-right", "D")));
  const e = (await v("e-left", "E")) ?? (await v("e-right", "never"));
  const f = ((await v("f1", 0)) || (await v("f2", ""))) ?? (await v("f3", "skipped because '' is not nullish"));
  console.log(a, b, c, JSON.stringify(o), d, e, JSON.stringify(f));
  console.log(ran.join(" "));
}

main();
