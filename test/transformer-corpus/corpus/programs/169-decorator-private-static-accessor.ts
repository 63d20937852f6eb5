// corpus-decorators: standard
// @traced on a private method, a static method and a getter-returned promise; a class with an
// `accessor` field next to them.
import { traced } from "@await-tree/runtime";

class Store {
  accessor size = 2;
  @traced
  async #load(n: number): Promise<number> {
    await null;
    return n + this.size;
  }
  @traced
  static async make(): Promise<Store> {
    await null;
    return new Store();
  }
  get ready(): Promise<number> {
    return this.#load(1);
  }
  call(n: number): Promise<number> {
    return this.#load(n);
  }
}

async function main(): Promise<void> {
  const s = await Store.make();
  console.log(await s.ready, await s.call(5), Store.make.name, s.size);
}
main();
