// Awaits in comma, conditional, nested conditional, tagged-template, spread, computed-member and new expressions.
const order: string[] = [];
async function v<T>(name: string, x: T): Promise<T> {
  order.push(name);
  await null;
  return x;
}
function tag(s: TemplateStringsArray, ...xs: unknown[]): string {
  return s.join("|") + xs.join("/");
}
class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

async function main(): Promise<void> {
  const comma = (await v("c1", 1), await v("c2", 2), await v("c3", 3));
  const cond = (await v("test", false)) ? await v("yes", "Y") : (await v("no", true)) ? await v("no-yes", "NY") : "NN";
  const tagged = tag`a${await v("t1", 1)}b${await v("t2", 2)}c`;
  const spread = [...(await v("arr", [1, 2])), ...[await v("lit", 3)]];
  const obj: Record<string, number> = { k1: 10, k2: 20 };
  const member = obj[await v("key", "k2")];
  const objLit = { [await v("computed", "dyn")]: await v("value", 5), ...(await v("spreadObj", { s: 1 })) };
  const p = new Point(await v("px", 1), await v("py", 2));
  const call = Math.max(await v("m1", 3), ...(await v("m2", [7, 4])));
  const unary = -(await v("neg", 5)) + +(await v("pos", "6")) + (typeof (await v("typeof", 1)) === "number" ? 1 : 0);
  const inTest = (await v("key-in", "k1")) in obj;
  console.log(comma, cond, tagged, JSON.stringify(spread), member, JSON.stringify(objLit), p.x + p.y, call, unary, inTest);
  console.log(order.join(" "));
}

main();
