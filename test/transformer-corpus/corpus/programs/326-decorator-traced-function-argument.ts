// corpus-skip: esm-esnext (TypeScript emits standard decorators as is for ESNext and Node 20 cannot parse them; esm-es2022 runs this program as an ES module)
// @traced(fn) with a function as its argument (both decorator modes): without the transformer that
// is `traced(fn)`, a traced copy of `fn`, which is then applied as the decorator. The transformer's
// marker around the argument must not change that: a decorator passed this way still decorates,
// and one returning a non-function fails the same way.
import { traced } from "@await-tree/runtime";

const log: string[] = [];

/** A method decorator in either mode: wraps the method, logs its calls. */
// biome-ignore lint/suspicious/noExplicitAny: both decorator modes
function logCalls(a: any, b: any, c?: any): any {
  const wrap = (fn: (...x: unknown[]) => unknown, name: string) =>
    function (this: unknown, ...args: unknown[]) {
      log.push(`call ${name}(${args.join(", ")})`);
      return fn.apply(this, args);
    };
  if (typeof b === "object" && b !== null && "kind" in b) return wrap(a, String(b.name)); // standard
  return { ...c, value: wrap(c.value, String(b)) }; // legacy
}

const label = () => "not a label";

class Jobs {
  @traced(logCalls)
  async run(n: number): Promise<number> {
    await null;
    return n * 2;
  }
}

async function main(): Promise<void> {
  const j = new Jobs();
  log.push(`run ${await j.run(4)}`);
  log.push(`name ${j.run.name}`);
  try {
    class Bad {
      // biome-ignore lint/suspicious/noExplicitAny: a wrong argument on purpose
      @traced(label as any)
      async go(): Promise<void> {
        await null;
      }
    }
    log.push(`Bad defined ${typeof Bad}`);
  } catch (e) {
    log.push(`Bad threw ${(e as Error).name}`);
  }
  console.log(log.join("\n"));
}
main();
