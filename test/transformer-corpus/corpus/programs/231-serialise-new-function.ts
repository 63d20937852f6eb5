// `new Function` and `Function.prototype.toString` on async functions: their text must be the
// user's own.
async function main() {
  const body = async (n: number) => {
    await null;
    return n + 1;
  };
  const g = new Function(`return ${body}`)();
  console.log("new Function", await g(1));

  const h = async function named(x: string) {
    try {
      await Promise.reject(new Error(x));
    } catch (e) {
      return `caught ${(e as Error).message}`;
    }
    return "no";
  };
  const text = Function.prototype.toString.call(h);
  console.log("toString.call", text.includes("$"), await new Function(`return (${text})`)()("boom"));

  const viaPlus = async () => {
    await null;
    return "plus";
  };
  console.log("plus", await new Function("return (" + viaPlus + ")()")());

  const gen = async function* () {
    yield 1;
    await null;
    yield 2;
  };
  const copy = new Function(`return ${gen}`)();
  const seen: number[] = [];
  for await (const v of copy()) seen.push(v);
  console.log("generator", seen.join(","));
}
main().then(
  () => console.log("done"),
  (e) => console.log("failed", String(e)),
);
