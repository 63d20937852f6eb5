// corpus-decorators: standard
// A `bound` decorator (context.addInitializer) composed with @traced: a detached method keeps its
// `this`; addInitializer order and instance counts stay the same.
import { traced } from "@await-tree/runtime";

const log: string[] = [];
function bound(fn: (...a: never[]) => unknown, ctx: ClassMethodDecoratorContext): void {
  ctx.addInitializer(function (this: unknown) {
    log.push(`bind ${String(ctx.name)}`);
    const self = this as Record<string | symbol, unknown>;
    self[ctx.name] = (fn as (...a: unknown[]) => unknown).bind(this);
  });
}

class Counter {
  n = 0;
  @bound
  @traced
  async inc(by: number): Promise<number> {
    await null;
    this.n += by;
    return this.n;
  }
}

async function main(): Promise<void> {
  const c = new Counter();
  const { inc } = c;
  await inc(2);
  await inc(3);
  log.push(`n=${c.n}`);
  console.log(log.join("\n"));
}
main();
