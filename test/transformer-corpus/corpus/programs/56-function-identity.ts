// Async functions keep their identity: name, length, prototype-less-ness, own keys, and the promise type they return.
async function named(a: number, b: string): Promise<void> {
  await null;
  void a;
  void b;
}
const arrow = async (x: number): Promise<number> => x;
const anon = [async function () {}][0]!;
class C {
  async method(_p: number): Promise<void> {}
  static async staticMethod(): Promise<void> {}
}
async function* agen(_a: number): AsyncGenerator<number, void, undefined> {}

function describe(f: Function): string {
  return [
    JSON.stringify(f.name),
    f.length,
    Object.getOwnPropertyNames(f).sort().join("/"),
    "prototype" in f,
    Object.getPrototypeOf(f) === Function.prototype ? "plain" : "special",
  ].join(" ");
}

async function main(): Promise<void> {
  for (const f of [named, arrow, anon, C.prototype.method, C.staticMethod, agen]) console.log(describe(f));
  const p = named(1, "x");
  console.log(Object.getPrototypeOf(p) === Promise.prototype, p instanceof Promise, p.constructor === Promise);
  const q = arrow(1);
  console.log(q !== arrow(1), typeof q.then);
  await p;
  const g = agen(1);
  console.log(typeof g.next, typeof g.return, typeof g.throw, JSON.stringify(await g.next()));
  const direct = await Promise.all([named(0, ""), new C().method(1), C.staticMethod()]);
  console.log(JSON.stringify(direct));
}

main();
