// A function declared at the top level of a traced body closes over the body's `let`, `const` and
// `class` declarations (p-map's `pMapIterable`: `let isDone` read by `function trySpawn()` in an
// async generator method). Moved out of the block that wraps the body, it no longer saw them:
// `ReferenceError: isDone is not defined` in the traced build only. Only a declaration whose name
// a block would make a SyntaxError or a separate binding (a `var` or a parameter of the same name,
// two declarations) needs the body's top level; the others stay where they are written.
import { traced } from "@await-tree/runtime";

async function counter360(): Promise<string> {
  let count = 0;
  const step = 2;
  class Box360 {
    constructor(readonly n: number) {}
  }
  function bump(): Box360 {
    count += step;
    return new Box360(count);
  }
  await null;
  bump();
  return `${bump().n} ${count}`;
}

const source360 = {
  async *[Symbol.asyncIterator](): AsyncGenerator<number> {
    const queue: number[] = [];
    let isDone = false;
    function trySpawn(n: number): void {
      if (isDone) return;
      queue.push(n);
      if (n >= 3) isDone = true;
    }
    for (let i = 1; i <= 5; i++) {
      trySpawn(i);
      await Promise.resolve();
    }
    yield* queue;
  },
};

const arrow360 = async (n: number): Promise<number> => {
  const factor = 10;
  await null;
  return times(n);
  function times(x: number): number {
    return x * factor;
  }
};

class Holder360 {
  @traced
  async run(n: number): Promise<string> {
    const prefix = "n=";
    await null;
    return show(n);
    function show(x: number): string {
      return prefix + x;
    }
  }
}

async function main360(): Promise<void> {
  console.log("counter:", await counter360());
  const seen: number[] = [];
  for await (const v of source360) seen.push(v);
  console.log("generator:", seen.join(","));
  console.log("arrow:", await arrow360(4));
  console.log("method:", await new Holder360().run(3));
}
main360().catch((e) => console.log("failed:", String(e)));
