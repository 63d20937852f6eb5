// Awaits in template literals and tagged templates; the template strings object keeps its identity per site.
const seen: TemplateStringsArray[] = [];
function tag(strings: TemplateStringsArray, ...values: unknown[]): string {
  seen.push(strings);
  return strings.raw.map((s, i) => (i < values.length ? `${s}[${String(values[i])}]` : s)).join("");
}

async function v<T>(x: T): Promise<T> {
  await null;
  return x;
}

async function render(n: number): Promise<string> {
  return tag`n=${await v(n)} sq=${n * n} s=${await v("s")}\t(raw)`;
}

async function nestedTemplates(): Promise<string> {
  return `outer ${`inner ${await v(1)} ${await v(`deep ${await v(2)}`)}`} end`;
}

async function tagReturnsPromise(): Promise<string> {
  const asyncTag = async (s: TemplateStringsArray, ...xs: number[]): Promise<string> => {
    await null;
    return `${s.length}:${xs.reduce((a, b) => a + b, 0)}`;
  };
  return await asyncTag`a${await v(1)}b${await v(2)}c`;
}

async function main(): Promise<void> {
  for (let i = 1; i <= 3; i++) console.log(await render(i));
  console.log("same strings object per site:", seen[0] === seen[1] && seen[1] === seen[2], "frozen:", Object.isFrozen(seen[0]));
  console.log(await nestedTemplates());
  console.log(await tagReturnsPromise());
  const order: string[] = [];
  const step = async (s: string): Promise<string> => {
    order.push(s);
    await null;
    return s;
  };
  console.log(`${await step("x")}-${await step("y")}-${await step("z")}`, order.join(""));
}

main();
