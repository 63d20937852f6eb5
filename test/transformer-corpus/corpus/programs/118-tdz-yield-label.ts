// Issue 9 defect 1, `yield`: the yielded expression short-circuits before reading KEY, a `const`
// still in its temporal dead zone when the generator body runs; a `yield` label must not read it.
const source = undefined as { item(k: string): string } | undefined;

async function* items(): AsyncGenerator<string | undefined> {
  yield source?.item(KEY);
  yield "second";
}

const log: string[] = [];
(async () => {
  for await (const v of items()) log.push(`got ${String(v)}`);
})().catch((e: Error) => log.push(`rejected: ${e.name}: ${e.message}`));
const KEY = "k";
setTimeout(() => console.log([...log, `KEY ${KEY}`].join("\n")), 5);
