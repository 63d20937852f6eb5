// corpus-decorators: standard
// Decorator composition: user decorators above and below @traced; the order in which decorators are
// evaluated, applied and their wrappers run must not change.
import { traced } from "@await-tree/runtime";

const log: string[] = [];
function logged(tag: string) {
  log.push(`evaluate ${tag}`);
  return <T extends (...a: never[]) => Promise<unknown>>(fn: T, ctx: ClassMethodDecoratorContext): T => {
    log.push(`apply ${tag} to ${String(ctx.name)}`);
    return async function (this: unknown, ...args: never[]) {
      log.push(`enter ${tag}`);
      try {
        return await fn.apply(this, args);
      } finally {
        log.push(`leave ${tag}`);
      }
    } as unknown as T;
  };
}

class Shop {
  @logged("outer")
  @traced
  @logged("inner")
  async buy(item: string): Promise<string> {
    log.push(`body ${item}`);
    await null;
    return `bought ${item}`;
  }
}

new Shop()
  .buy("tea")
  .then((r) => log.push(r))
  .then(() => console.log(log.join("\n")));
