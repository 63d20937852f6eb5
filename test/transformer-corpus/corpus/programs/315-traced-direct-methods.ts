// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// Decorated methods whose body opens its own frame (no wrapper with the transformer, a wrapper
// without it): `this` through `call`, extra arguments and `arguments.length`, a user decorator
// outside @traced that changes the arguments, a class made twice by a factory, a throw before the
// first await, a call kept and awaited later, and calls joined after their promises were kept.
import { traced } from "@await-tree/runtime";

function doubled(value: (this: unknown, ...a: number[]) => Promise<number>, _c: ClassMethodDecoratorContext) {
  return function (this: unknown, ...a: number[]) {
    return value.apply(this, a.map((x) => x * 2));
  };
}

class Svc {
  base = 100;

  @traced
  async add(x: number): Promise<number> {
    await null;
    return this.base + x + arguments.length;
  }

  @doubled
  @traced
  async twice(x: number): Promise<number> {
    await null;
    return x;
  }

  @traced("fails ${x}")
  async fails(x: number): Promise<number> {
    if (x > 0) throw new RangeError(`x is ${x}`);
    await null;
    return x;
  }
}

function make(tag: string) {
  return class {
    @traced
    async hello(name: string): Promise<string> {
      await null;
      return `${tag} ${name}`;
    }
  };
}

async function main(): Promise<void> {
  const s = new Svc();
  console.log(await s.add(1));
  console.log(await (s.add as (x: number, y: number) => Promise<number>).call({ base: 5 }, 1, 2));
  console.log(await s.twice(21));
  const p = s.fails(3);
  console.log("returned a promise:", p instanceof Promise);
  try {
    await p;
  } catch (e) {
    console.log("rejected:", (e as Error).name, (e as Error).message);
  }
  const A = make("a");
  const B = make("b");
  console.log(await new A().hello("x"), await new B().hello("y"), A.prototype.hello === B.prototype.hello);
  const kept = s.add(10);
  const joined = Promise.all([s.add(2), s.twice(3)]);
  await null;
  console.log(await kept, await joined);
  console.log(Object.getOwnPropertyNames(Svc.prototype).join(","), Svc.prototype.add.name, Svc.prototype.add.length);
}

void main();
