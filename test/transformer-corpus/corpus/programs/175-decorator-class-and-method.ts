// corpus-decorators: standard
// A class decorator that subclasses the class, over a class with @traced methods using `super`;
// instanceof, names and values must not change.
import { traced } from "@await-tree/runtime";

function withId<T extends new (...a: any[]) => object>(Base: T, _ctx: ClassDecoratorContext): T {
  return class extends Base {
    id = 7;
  };
}

class Base {
  @traced
  async hello(): Promise<string> {
    await null;
    return "base";
  }
}

@withId
class Child extends Base {
  kind: string = this.constructor.name;
  @traced
  override async hello(): Promise<string> {
    const b = await super.hello();
    return `child+${b}`;
  }
}

async function main(): Promise<void> {
  const c = new Child() as Child & { id?: number };
  console.log(await c.hello(), c instanceof Child, c instanceof Base, c.id, c.kind, Child.name);
}
main();
