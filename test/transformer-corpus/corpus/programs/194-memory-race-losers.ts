// corpus-node-options: --expose-gc
// corpus-expect: alive 0 of 200
// Issue 9 defect 3 with race losers: Promise.race between a traced call that never settles (holding an
// object) and a timeout-like winner; once the race is over and dropped, the losers are collectable.
import { traced } from "@await-tree/runtime";

const refs: WeakRef<object>[] = [];
const never = (_o: object): Promise<string> => new Promise<string>(() => {});
const lose = traced(async function lose(o: { n: number }): Promise<string> {
  refs.push(new WeakRef(o));
  return await never(o);
});
async function win(): Promise<string> {
  await null;
  return "won";
}

async function main(): Promise<string> {
  let wins = 0;
  for (let i = 0; i < 200; i++) if ((await Promise.race([lose({ n: i }), win()])) === "won") wins++;
  return `wins ${wins}`;
}
const gc = (globalThis as unknown as { gc(): void }).gc;
main().then((m) =>
  setTimeout(() => {
    gc();
    setTimeout(() => {
      gc();
      console.log(m, "alive", refs.filter((r) => r.deref() !== undefined).length, "of", refs.length);
    }, 5);
  }, 5),
);
