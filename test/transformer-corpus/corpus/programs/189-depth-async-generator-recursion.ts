// corpus-expect: values 601 last 600
// corpus-skip: cjs-es2015 (TypeScript lowers each async level to several generator frames; this depth overflows without the plugin too)
// Issue 9 defect 8 with async generators: `yield*` delegation 600 levels deep (below ES2018, where
// TypeScript lowers async generators to helpers, traced code reaches about 800 levels, plain 1,000+:
// docs/transformer.md "Known limits", stack depth).
async function* nest(n: number): AsyncGenerator<number> {
  if (n === 0) {
    yield 0;
    return;
  }
  yield* nest(n - 1);
  yield n;
}

async function main(): Promise<void> {
  let count = 0;
  let last = -1;
  for await (const v of nest(600)) {
    count++;
    last = v;
  }
  console.log("values", count, "last", last);
}
main().catch((e: Error) => console.log("failed", e.name));
