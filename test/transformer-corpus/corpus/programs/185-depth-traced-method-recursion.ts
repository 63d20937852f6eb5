// corpus-expect: walked 2500
// corpus-skip: cjs-es2015 (TypeScript lowers each async level to several generator frames; this depth overflows without the plugin too)
// Issue 9 defect 8 with default options: a @traced method recursing 2,500 levels synchronously.
import { traced } from "@await-tree/runtime";

class Tree {
  @traced
  async walk(n: number): Promise<number> {
    if (n === 0) return 0;
    return 1 + (await this.walk(n - 1));
  }
}

new Tree().walk(2500).then(
  (v) => console.log("walked", v),
  (e: Error) => console.log("failed", e.name),
);
