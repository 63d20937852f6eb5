// corpus-expect: live spans 0
// corpus-decorators: standard
// Issue 9 defect 6: @traced stacked over a user decorator whose wrapper first calls another @traced
// method. Every call must end its frame: once all calls settled no span may stay alive.
import { spanStats, traced } from "@await-tree/runtime";

function audited<This extends { audit(): Promise<void> }, A extends unknown[], R>(
  target: (this: This, ...args: A) => Promise<R>,
  _ctx: ClassMethodDecoratorContext<This>,
) {
  return async function (this: This, ...args: A): Promise<R> {
    await this.audit();
    return target.apply(this, args);
  };
}

class Service {
  audits = 0;
  @traced
  async audit(): Promise<void> {
    this.audits++;
    await null;
  }
  @traced
  @audited
  async work(i: number): Promise<number> {
    await null;
    return i;
  }
}

async function main(): Promise<string> {
  const s = new Service();
  let sum = 0;
  for (let i = 0; i < 2000; i++) sum += await s.work(i);
  return `sum ${sum} audits ${s.audits}`;
}
// Counted once main itself has ended (with traceAll, main is a frame too).
main().then((m) => setTimeout(() => console.log(m, "live spans", spanStats().live), 1));
