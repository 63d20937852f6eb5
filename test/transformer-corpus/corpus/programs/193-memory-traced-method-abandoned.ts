// corpus-node-options: --expose-gc
// corpus-expect: alive 0 of 100
// Issue 9 defect 3 with default options: a @traced method's never-settling await holds an object; the
// abandoned calls must stay collectable.
import { traced } from "@await-tree/runtime";

const refs: WeakRef<object>[] = [];
class Poller {
  @traced
  async wait(key: { id: number }): Promise<void> {
    refs.push(new WeakRef(key));
    await this.never(key);
  }
  never(_k: object): Promise<void> {
    return new Promise<void>(() => {});
  }
}

const p = new Poller();
for (let i = 0; i < 100; i++) p.wait({ id: i });
const gc = (globalThis as unknown as { gc(): void }).gc;
setTimeout(() => {
  gc();
  setTimeout(() => {
    gc();
    console.log("alive", refs.filter((r) => r.deref() !== undefined).length, "of", refs.length);
  }, 5);
}, 5);
