// corpus-decorators: legacy
// experimentalDecorators: @traced on methods named by numeric literals (`async 7()`, `async 0.5()`,
// `async 0x10()`), which TypeScript's `__decorate` passes as numbers, not strings (without
// reflect-metadata, whose `Reflect.decorate` would turn them into strings). The class must be
// defined, and the methods called, as without the transformer; stacked with a user decorator too.
import { traced } from "@await-tree/runtime";

const log: string[] = [];
function logged(_target: object, key: string | number | symbol, desc: PropertyDescriptor): void {
  log.push(`logged ${typeof key} ${String(key)}`);
  const fn = desc.value as (...a: unknown[]) => Promise<unknown>;
  desc.value = function (this: unknown, ...args: unknown[]) {
    log.push(`call ${String(key)}`);
    return fn.apply(this, args);
  };
}

function define(): unknown {
  try {
    class Numbers {
      base = 10;
      @traced
      async 7(x: number): Promise<number> {
        await null;
        return this.base + x;
      }
      @traced("half ${y}")
      async 0.5(y: number): Promise<number> {
        await null;
        return y / 2;
      }
      @logged
      @traced
      async 0x10(): Promise<string> {
        await null;
        return "hex";
      }
      @traced
      static async 42(): Promise<string> {
        await null;
        return "static";
      }
    }
    return Numbers;
  } catch (e) {
    log.push(`class threw ${(e as Error).name}: ${(e as Error).message}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  console.log("Reflect.decorate:", typeof (Reflect as unknown as { decorate?: unknown }).decorate);
  const C = define() as (new () => Record<string, (...a: number[]) => Promise<unknown>>) | undefined;
  if (C !== undefined) {
    const o = new C();
    for (const k of ["7", "0.5", "16"]) {
      const fn = o[k] as (...a: number[]) => Promise<unknown>;
      log.push(`${k}: ${await fn.call(o, 4)} name=${fn.name} length=${fn.length}`);
    }
    const s = (C as unknown as Record<string, () => Promise<unknown>>)["42"] as () => Promise<unknown>;
    log.push(`42: ${await s.call(C)}`);
    log.push(Object.getOwnPropertyNames(C.prototype).join(","));
  }
  console.log(log.join("\n"));
}
main();
