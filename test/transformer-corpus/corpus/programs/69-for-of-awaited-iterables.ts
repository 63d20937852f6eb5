// for-of / for-in over awaited collections, destructuring in loop heads, and awaits in loop bodies.
async function list(): Promise<[string, number][]> {
  await null;
  return [
    ["a", 1],
    ["b", 2],
  ];
}
async function record(): Promise<Record<string, boolean>> {
  await null;
  return { x: true, y: false };
}

async function main(): Promise<void> {
  const out: string[] = [];
  for (const [k, v] of await list()) out.push(`${k}${v * (await Promise.resolve(10))}`);
  for (const k in await record()) out.push(`key ${k}`);
  for (const { length } of await Promise.all([Promise.resolve("abc"), "de"])) out.push(`len ${length}`);
  const m = new Map(await list());
  for (const [k] of m) {
    await null;
    m.delete("b");
    out.push(`map ${k}`);
  }
  let s = 0;
  for (const n of new Set([1, 2, 3])) s += await n;
  out.push(`set sum ${s}`);
  const str = await Promise.resolve("héllo");
  for (const ch of str) if ((await ch) === "é") out.push("found é");
  console.log(out.join(", "));
}

main();
