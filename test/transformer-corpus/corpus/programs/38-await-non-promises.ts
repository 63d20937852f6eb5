// Awaits of values that are not promises: primitives, objects, functions, arrays, objects whose `then` is not callable.
async function main(): Promise<void> {
  const fn = (): number => 1;
  const arr = [Promise.resolve(1)];
  const values: unknown[] = [
    undefined,
    null,
    0,
    "",
    "text",
    false,
    BigInt(12),
    { then: 5 },
    { then: null },
    arr,
    fn,
    Symbol.for("s"),
    new Date(0),
    /re/g,
  ];
  for (const v of values) {
    const r = await v;
    console.log(typeof r, r === v, Array.isArray(r) ? `array(${(r as unknown[]).length})` : String(r === undefined ? "undefined" : typeof r === "symbol" ? r.toString() : r));
  }
  const obj = { x: 1 };
  console.log((await obj) === obj, await (await arr)[0]);
  let n = 0;
  for (let i = 0; i < 100; i++) n += await i;
  console.log("sum of awaited numbers", n);
  const nested = await [await 1, await Promise.resolve(2), await (async () => 3)()];
  console.log(JSON.stringify(nested));
}

main();
