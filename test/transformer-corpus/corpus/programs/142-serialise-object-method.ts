// Issue 9 defect 4 with a method: an object literal's async method serialised as `({ <method> })` and
// called in a new context, and a class method the same way.
import { runInNewContext } from "node:vm";

const api = {
  async double(v: number): Promise<number> {
    await null;
    return v * 2;
  },
};

class Calc {
  async triple(v: number): Promise<number> {
    await null;
    return v * 3;
  }
}

async function main(): Promise<void> {
  for (const [name, src] of [
    ["object method", `({ ${api.double} }).double(4)`],
    ["class method", `({ ${Calc.prototype.triple} }).triple(4)`],
  ] as const) {
    try {
      console.log(name, await runInNewContext(src, {}));
    } catch (e) {
      console.log(name, "threw", (e as Error).name, (e as Error).message);
    }
  }
}
main();
