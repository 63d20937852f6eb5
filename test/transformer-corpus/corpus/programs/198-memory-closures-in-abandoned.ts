// corpus-node-options: --expose-gc
// corpus-expect: alive 0 of 80
// Closures and `this` of abandoned calls: a class instance whose async method awaits a never-settling
// promise built from its own callback; dropping the instances must free them.
const refs: WeakRef<object>[] = [];
class Subscriber {
  constructor(readonly id: number) {
    refs.push(new WeakRef(this));
  }
  async listen(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.onMessage = () => resolve();
    });
  }
  onMessage: () => void = () => {};
}

for (let i = 0; i < 80; i++) new Subscriber(i).listen();
const gc = (globalThis as unknown as { gc(): void }).gc;
setTimeout(() => {
  gc();
  setTimeout(() => {
    gc();
    console.log("alive", refs.filter((r) => r.deref() !== undefined).length, "of", refs.length);
  }, 5);
}, 5);
