// corpus-node-options: --expose-gc
// corpus-expect: alive 0 of 100
// Work that settles normally must not be kept either: 100 traced calls awaiting objects, all finished,
// then a full GC; labels of finished waits keep nothing.
import { traced } from "@await-tree/runtime";

const refs: WeakRef<object>[] = [];
const use = async (o: { v: number }): Promise<number> => {
  await null;
  return o.v;
};
const job = traced(async function job(i: number): Promise<number> {
  const o = { v: i };
  refs.push(new WeakRef(o));
  return await use(o);
});

async function main(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < 100; i++) sum += await job(i);
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
