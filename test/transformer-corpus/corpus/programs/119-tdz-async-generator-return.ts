// Issue 9 defect 1, async generator `return`: `return maker?.make(KEY)` with maker undefined never reads
// KEY (a `const` declared later, in its temporal dead zone when the body runs).
const flag = false as boolean;
const maker = undefined as { make(k: string): string } | undefined;
function make(k: string): string {
  return `made ${k}`;
}

async function* gen(): AsyncGenerator<number, string | boolean | undefined> {
  yield 1;
  if (flag) return make(KEY);
  return maker?.make(KEY);
}

const log: string[] = [];
(async () => {
  const it = gen();
  log.push(JSON.stringify(await it.next()));
  log.push(JSON.stringify(await it.next()));
})().catch((e: Error) => log.push(`rejected: ${e.name}: ${e.message}`));
const KEY = "k";
setTimeout(() => console.log([...log, `KEY ${KEY}`].join("\n")), 5);
