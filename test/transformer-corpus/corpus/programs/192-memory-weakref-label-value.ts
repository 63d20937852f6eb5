// corpus-node-options: --expose-gc
// corpus-expect: alive 0 of 100
// Issue 9 defect 3, measured exactly: objects passed to never-settling awaits of abandoned calls are
// collectable (WeakRefs cleared after a full GC), with and without the plugin and a registry.
const refs: WeakRef<object>[] = [];
function never(_v: unknown): Promise<void> {
  return new Promise<void>(() => {});
}
async function holder(i: number): Promise<void> {
  const payload = { i, data: new Array<number>(256).fill(i) };
  refs.push(new WeakRef(payload));
  await never(payload);
}

for (let i = 0; i < 100; i++) holder(i);
const gc = (globalThis as unknown as { gc(): void }).gc;
setTimeout(() => {
  gc();
  setTimeout(() => {
    gc();
    console.log("alive", refs.filter((r) => r.deref() !== undefined).length, "of", refs.length);
  }, 5);
}, 5);
