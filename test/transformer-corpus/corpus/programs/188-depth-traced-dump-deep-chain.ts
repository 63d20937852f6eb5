// corpus-expect: dumped depth 6000
// Issue 9 defect 10: a 6,000-deep chain of pending traced awaits (each level awaits before it recurses) dumped while pending (text and JSON).
// A dump must finish and never throw; only whether it did is printed (the text differs by design).
import { globalRegistry, traced } from "@await-tree/runtime";

let release: () => void = () => {};
const gate = new Promise<void>((r) => {
  release = r;
});
class Chain {
  @traced
  async link(n: number): Promise<number> {
    await null;
    if (n === 0) {
      await gate;
      return 0;
    }
    return 1 + (await this.link(n - 1));
  }
}

const done = new Chain().link(6000);
setTimeout(() => {
  const outcome: string[] = [];
  try {
    const r = globalRegistry();
    if (r !== undefined) {
      r.toString();
      for (const [, tree] of r.collect()) JSON.stringify(tree.toJSON());
    }
    outcome.push("dumped");
  } catch (e) {
    outcome.push(`dump threw ${(e as Error).name}`);
  }
  release();
  done.then((v) => console.log(outcome.join(" "), "depth", v));
}, 20);
