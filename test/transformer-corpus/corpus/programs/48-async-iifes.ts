// Async IIFEs: arrow and function forms, nested, named, with this/arguments, returning and throwing.
const log: string[] = [];

const top = (async () => {
  log.push("top iife start");
  await null;
  log.push("top iife end");
  return "top";
})();

async function main(): Promise<void> {
  const r1 = await (async (x: number) => x * 2)(21);
  const r2 = await (async function named(this: unknown, n: number): Promise<string> {
    await null;
    return `${typeof named} ${n} ${this === undefined}`;
  })(5);
  const r3 = await (async function (this: { tag: string }): Promise<string> {
    return `${this.tag} ${arguments.length}`;
  }).call({ tag: "called" });
  const r4 = await (async () => (async () => (async () => "nested")())())();
  let r5: string;
  try {
    r5 = await (async () => {
      await null;
      throw new Error("iife threw");
    })();
  } catch (e) {
    r5 = (e as Error).message;
  }
  void (async () => {
    await null;
    log.push("fire and forget done");
  })();
  log.push(`results ${r1} | ${r2} | ${r3} | ${r4} | ${r5} | ${await top}`);
  await null;
  await null;
  console.log(log.join("\n"));
}

main();
