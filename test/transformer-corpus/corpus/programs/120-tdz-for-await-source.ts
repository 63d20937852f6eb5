// Issue 9 defect 1, `for await`: the iterated expression `feed?.rows(KEY) ?? []` short-circuits before
// reading KEY, a `const` still in its temporal dead zone; the loop's label must not read it.
const feed = undefined as { rows(k: string): AsyncIterable<string> } | undefined;

async function consume(): Promise<number> {
  let n = 0;
  for await (const _row of feed?.rows(KEY) ?? []) n++;
  return n;
}

const log: string[] = [];
consume().then(
  (n) => log.push(`rows ${n}`),
  (e: Error) => log.push(`rejected: ${e.name}: ${e.message}`),
);
const KEY = "k";
setTimeout(() => console.log([...log, `KEY ${KEY}`].join("\n")), 5);
