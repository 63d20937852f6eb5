// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// @traced("... ${id}") on methods whose source text confuses a naive parameter scan: computed keys
// with calls, regexp defaults with brackets, comments with parentheses, string keys.
import { traced } from "@await-tree/runtime";

const key = (s: string) => `k_${s}`;
class Repo {
  @traced("load ${id}")
  async [key("(x")](id: number): Promise<number> {
    await null;
    return id;
  }
  @traced("find ${id}")
  async find(re = /\(/, id = 0): Promise<string> {
    await null;
    return `${re.source}${id}`;
  }
  @traced("note ${id}")
  async note(/* ) */ id: number, /* ( */ extra = ")"): Promise<string> {
    await null;
    return `${id}${extra}`;
  }
  @traced("str ${id}")
  async "a(b"(id: number): Promise<number> {
    await null;
    return id;
  }
  @traced("rest ${rest}")
  async spread({ a }: { a: number }, ...rest: number[]): Promise<number> {
    await null;
    return a + rest.length;
  }
}

async function main(): Promise<void> {
  const r = new Repo() as Repo & Record<string, (id: number) => Promise<number>>;
  console.log(await r["k_(x"]?.(1), await r.find(undefined, 2), await r.note(3), await r["a(b"]?.(4), await r.spread({ a: 1 }, 2, 3));
  try {
    class Bad {
      @traced("load ${nope}")
      async load(id: number): Promise<number> {
        return id;
      }
    }
    console.log(Bad.name);
  } catch (e) {
    console.log((e as Error).constructor.name, (e as Error).message);
  }
}
main();
