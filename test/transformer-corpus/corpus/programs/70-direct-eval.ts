// Direct eval inside async functions sees local bindings (names must not be renamed), before and after awaits.
async function withEval(a: number): Promise<string> {
  const local = "local value";
  const before = eval("a + 1");
  await null;
  const after = eval("`${local} ${a * 2}`");
  const fn = eval("(async (x) => { await null; return x + a; })");
  return `${before} | ${after} | ${await fn(10)}`;
}

class Holder {
  v = 7;
  async read(): Promise<number> {
    await null;
    return eval("this.v");
  }
}

async function main(): Promise<void> {
  console.log(await withEval(5));
  console.log(await new Holder().read());
  const indirect = (0, eval)("typeof withEval");
  console.log("indirect eval sees module locals:", indirect);
}

main();
