// corpus-node-options: --expose-gc
// corpus-expect: alive 0 of 50
// Async generators abandoned while suspended at a `yield` (never resumed, never returned): the values
// they hold are collectable once the generator objects are dropped.
const refs: WeakRef<object>[] = [];
async function* rows(seed: { s: number }): AsyncGenerator<number> {
  refs.push(new WeakRef(seed));
  for (let i = 0; ; i++) {
    await null;
    yield seed.s + i;
  }
}

async function main(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < 50; i++) {
    const g = rows({ s: i });
    sum += (await g.next()).value as number;
  }
  return sum;
}
const gc = (globalThis as unknown as { gc(): void }).gc;
main().then((sum) =>
  setTimeout(() => {
    gc();
    setTimeout(() => {
      gc();
      console.log("sum", sum, "alive", refs.filter((r) => r.deref() !== undefined).length, "of", refs.length);
    }, 5);
  }, 5),
);
