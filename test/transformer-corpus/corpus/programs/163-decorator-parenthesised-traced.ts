// Issue 9 defect 9: `@(traced)` (a parenthesised decorator). With target ESNext and standard decorators
// the output keeps decorator syntax, which must stay valid (the corpus parses it there); elsewhere it runs.
import { traced } from "@await-tree/runtime";

const decorators = { traced };

class Jobs {
  @(traced)
  async one(): Promise<number> {
    await null;
    return 1;
  }
  @(decorators.traced)
  async two(): Promise<number> {
    await null;
    return 2;
  }
  @traced({ name: "three" })
  async three(): Promise<number> {
    await null;
    return 3;
  }
}

const j = new Jobs();
Promise.all([j.one(), j.two(), j.three()]).then((v) => console.log("results", v.join(",")));
