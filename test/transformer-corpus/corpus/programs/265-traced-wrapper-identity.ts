// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// What a @traced method and a traced(fn) look like from outside, and the class named for a method
// inherited by a subclass (values only: labels are not printed).
import { traced } from "@await-tree/runtime";

class Base {
  @traced
  async load(id: number, _opt?: string): Promise<number> {
    await null;
    return id;
  }
}
class Sub extends Base {}
const fn = traced(async function named(a: number): Promise<number> {
  return a;
});

function describe(f: Function): string {
  let constructs = "constructs";
  try {
    new (f as new () => unknown)();
  } catch (e) {
    constructs = (e as Error).constructor.name;
  }
  return [f.name, f.length, f.constructor.name, Object.hasOwn(f, "prototype"), typeof f, constructs].join(" ");
}

async function main(): Promise<void> {
  console.log(describe(Base.prototype.load));
  console.log(describe(fn));
  console.log(await new Sub().load(1), await new Base().load(2), await fn(3));
  console.log(await Base.prototype.load.call(Object.create(null), 4));
}
main();
