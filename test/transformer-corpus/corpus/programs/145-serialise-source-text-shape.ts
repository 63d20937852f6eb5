// Function source text facts that serialisers rely on: it still starts with `async`, keeps its
// parameter list, and `fn.length`/`fn.name` are unchanged (exact text is not compared: it may differ).
async function load(a: number, b = 2, ...rest: number[]): Promise<number> {
  await null;
  return a + b + rest.length;
}
const arrow = async (x: string): Promise<string> => (await Promise.resolve(x)).repeat(2);

const facts = (f: (...args: never[]) => unknown): string => {
  const src = f.toString();
  return JSON.stringify({
    name: f.name,
    length: f.length,
    startsAsync: src.startsWith("async"),
    params: src.slice(src.indexOf("("), src.indexOf(")") + 1),
  });
};
console.log(facts(load));
console.log(facts(arrow));
load(1).then((v) => console.log("load", v));
