// Destructuring with awaits: patterns over awaited values, defaults that await (evaluated only when needed), assignment patterns.
const ran: string[] = [];
async function v<T>(name: string, x: T): Promise<T> {
  ran.push(name);
  await null;
  return x;
}

interface Config {
  host?: string;
  port?: number;
  tags?: string[];
  nested?: { deep?: number };
}

async function main(): Promise<void> {
  const { host = await v("default host", "localhost"), port = await v("default port", 80) } = await v<Config>("config", { port: 8080 });
  const [first, second = await v("default second", "two"), ...rest] = await v("list", ["one", undefined, "three", "four"]);
  const {
    nested: { deep = await v("default deep", 7) } = await v<{ deep?: number }>("default nested", {}),
    tags: [tag0 = await v("default tag0", "t")] = [],
  } = await v<Config>("cfg2", {});
  let x: number;
  let y: number;
  [x, y] = await v("pair", [1, 2]);
  [x, y] = [y, x];
  const target: { a?: number; b?: number } = {};
  ({ a: target.a, b: target.b = await v("default b", 9) } = await v<{ a: number; b?: number }>("src", { a: 5 }));
  // (An await in a parameter's default is a syntax error, so the default is an async call awaited in the body.)
  const fn = async ({ p = v("param default", "P") }: { p?: string | Promise<string> } = {}): Promise<string> => await p;
  console.log(host, port, first, second, JSON.stringify(rest), deep, tag0, x, y, JSON.stringify(target), await fn(), await fn({ p: "given" }));
  console.log(ran.join(" | "));
}

main();
