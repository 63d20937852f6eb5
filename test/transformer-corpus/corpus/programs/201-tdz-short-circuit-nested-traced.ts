// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// Label values after a short-circuit, in a nested async arrow of a `@traced` method (the default
// options trace it too): the TDZ `const`s below are never evaluated by the program, so a label must
// not read them.
import { traced } from "@await-tree/runtime";

const none: any = undefined;
const id = async (x: unknown): Promise<unknown> => x;

class Service {
  flag = false;
  @traced
  async run(c: boolean, v: unknown): Promise<unknown[]> {
    const inner = async (): Promise<unknown[]> => {
      const out: unknown[] = [];
      out.push(await none?.get(LATER));
      out.push(await (this.flag && id(LATER)));
      out.push(await (c ? id(LATER) : id("no")));
      out.push(await (v ?? id(LATER)));
      out.push(await (v || id("or")));
      out.push(await none?.a.b(LATER, OTHER));
      return out;
    };
    const direct: unknown[] = [];
    direct.push(await none?.get(OTHER));
    direct.push(await (c && id(OTHER)));
    return [...(await inner()), ...direct];
  }
}

async function main(): Promise<void> {
  try {
    console.log(JSON.stringify(await new Service().run(false, 0)));
  } catch (e) {
    console.log("threw", (e as Error).name, (e as Error).message);
  }
}

main();
const LATER = "later";
const OTHER = 2;
