// corpus-node-options: --expose-gc
// corpus-expect: alive 0 of 60
// Abandoned work nested three deep (a @traced method awaiting a nested arrow awaiting a never-settling
// promise with the object as an argument at every level): all collectable.
import { traced } from "@await-tree/runtime";

const refs: WeakRef<object>[] = [];
const never = (_o: object): Promise<void> => new Promise<void>(() => {});
class Sync {
  @traced
  async outer(o: { k: number }): Promise<void> {
    refs.push(new WeakRef(o));
    const middle = async (x: object): Promise<void> => {
      const inner = async (y: object): Promise<void> => {
        await never(y);
      };
      await inner(x);
    };
    await middle(o);
  }
}

const s = new Sync();
for (let i = 0; i < 60; i++) s.outer({ k: i });
const gc = (globalThis as unknown as { gc(): void }).gc;
setTimeout(() => {
  gc();
  setTimeout(() => {
    gc();
    console.log("alive", refs.filter((r) => r.deref() !== undefined).length, "of", refs.length);
  }, 5);
}, 5);
