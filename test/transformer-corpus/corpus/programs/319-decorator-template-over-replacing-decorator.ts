// corpus-decorators: standard
// @traced("… ${name}") above a decorator that returns a function of other parameters: the template
// names what @traced receives, with and without the transformer; a name only the written method
// has is refused, in both, when the class is defined.
import { traced } from "@await-tree/runtime";

function swapArgs(fn: (this: unknown, x: number, y: number) => Promise<number>, _ctx: ClassMethodDecoratorContext) {
  return function (this: unknown, a: number, b: number) {
    return fn.call(this, b, a);
  };
}

function define(): string {
  try {
    class Wrong {
      @traced("sub ${y}")
      @swapArgs
      async c(x: number, y: number): Promise<number> {
        await null;
        return x - y;
      }
    }
    return `defined ${typeof Wrong}`;
  } catch (e) {
    return `refused ${(e as Error).name}: ${(e as Error).message}`;
  }
}

class Svc {
  @traced("sub ${b}")
  @swapArgs
  async c(x: number, y: number): Promise<number> {
    await null;
    return x - y;
  }
}

async function main(): Promise<void> {
  console.log(define());
  console.log(await new Svc().c(1, 10));
}
main().catch((e: Error) => console.log("threw", e.name, e.message));
