// Issue 9 defect 4 with default options and nesting: a @traced method builds a worker-style task from a
// nested async function declaration and a nested async arrow, serialised and run in a new context.
import { runInNewContext } from "node:vm";
import { traced } from "@await-tree/runtime";

class Runner {
  @traced
  async ship(): Promise<string[]> {
    async function step(v: number): Promise<number> {
      await null;
      return v + 1;
    }
    const arrow = async (v: number): Promise<number> => (await step(v)) * 2;
    const out: string[] = [];
    for (const src of [`(${step})(1)`, `(() => { const step = ${step}; return (${arrow})(1); })()`]) {
      try {
        out.push(String(await runInNewContext(src, {})));
      } catch (e) {
        out.push(`threw ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    return out;
  }
}

new Runner().ship().then((r) => console.log(r.join("\n")));
