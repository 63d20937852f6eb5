// Issue 9 defect 13: @traced("load ${id}") on methods whose source text confuses a parameter parser:
// a computed key with a call and a string key containing `(`. Valid methods must not throw.
import { traced } from "@await-tree/runtime";

const key = (s: string): string => `k_${s}`;

class Repo {
  @traced("load ${id}")
  async [key("load")](id: number): Promise<string> {
    await null;
    return `loaded ${id}`;
  }
  @traced("get ${id}")
  async "get(x)"(id: number): Promise<string> {
    await null;
    return `got ${id}`;
  }
}

async function main(): Promise<void> {
  const r = new Repo() as unknown as Record<string, (id: number) => Promise<string>>;
  console.log(await r.k_load?.call(r, 1), await r["get(x)"]?.call(r, 2));
}
main().catch((e: Error) => console.log("threw", e.name, e.message));
