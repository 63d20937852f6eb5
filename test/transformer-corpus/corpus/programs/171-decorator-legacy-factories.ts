// corpus-decorators: legacy
// experimentalDecorators: decorator factories evaluated top to bottom and applied bottom to top, a
// property decorator, an accessor decorator and @traced with options, on instance and static methods.
import { traced } from "@await-tree/runtime";

const log: string[] = [];
function tag(name: string) {
  log.push(`factory ${name}`);
  return (_t: object, key: string | symbol, _d?: PropertyDescriptor): void => {
    log.push(`apply ${name} on ${String(key)}`);
  };
}

class Catalog {
  @tag("field")
  title = "catalog";
  @tag("a")
  @traced({ name: "list items" })
  @tag("b")
  async list(): Promise<string[]> {
    await null;
    return [this.title, "x"];
  }
  @tag("get")
  get count(): number {
    return 1;
  }
  @traced
  @tag("static")
  static async open(): Promise<Catalog> {
    await null;
    return new Catalog();
  }
}

async function main(): Promise<void> {
  const c = await Catalog.open();
  log.push((await c.list()).join(","));
  console.log(log.join("\n"));
}
main();
