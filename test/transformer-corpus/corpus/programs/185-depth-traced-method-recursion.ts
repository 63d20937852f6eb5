// corpus-expect: walked 1500
// corpus-skip: cjs-es2015 (TypeScript lowers each async level to several generator frames; this depth overflows without the plugin too)
// Issue 9 defect 8 with default options: a @traced method recursing 1,500 levels synchronously, within
// the depth a traced method reaches (docs/transformer.md "Known limits": about 2,000-3,800 levels on
// Node 20 depending on the build, the registry and the JIT's state).
import { traced } from "@await-tree/runtime";

class Tree {
  @traced
  async walk(n: number): Promise<number> {
    if (n === 0) return 0;
    return 1 + (await this.walk(n - 1));
  }
}

new Tree().walk(1500).then(
  (v) => console.log("walked", v),
  (e: Error) => console.log("failed", e.name),
);
