// V8 names an anonymous function after the names around it when an object literal's property
// follows it in the expression (`lib.map(async () => ..., { concurrency: 2 })` throws `at
// lib.map.concurrency`); the transformer's hook calls around awaited, returned, yielded and joined
// expressions once joined that name (`$at_1.suspend.lib.map.concurrency`). This program prints the
// function name of each callback's stack frame (no file or line: those differ between builds) in
// every position a hook wraps: await, return, yield, `for await`'s iterable, a join, nested awaits,
// a class expression and an object literal's method in the operand, a named function expression,
// arrows whose `this` is the enclosing method's, and awaits with no function literal at all. The
// traced build must print exactly what the plain build prints (below ES2017, where async functions
// are lowered to generators, V8 names the callbacks otherwise, in both builds alike).

function frameName(e: unknown): string {
  const line = String((e as Error).stack).split("\n")[2] ?? "";
  const at = line.trim().replace(/^at /, "");
  const paren = at.indexOf(" (");
  return paren === -1 ? "<no name>" : at.slice(0, paren);
}

const lib = {
  async map(fn: () => Promise<unknown>, _o: { concurrency: number }): Promise<unknown> {
    return await fn();
  },
  run<T>(f: T, _o?: { k: number }): T {
    return f;
  },
  async *iter(fn: () => Promise<unknown>, _o: { n: number }): AsyncGenerator<unknown> {
    yield await fn();
  },
};

function fail(what: string): never {
  throw new Error(what);
}

async function viaAwait(): Promise<unknown> {
  return await lib.map(async () => fail("await"), { concurrency: 2 });
}

async function viaReturn(): Promise<unknown> {
  return lib.map(async () => fail("return"), { concurrency: 2 });
}

async function* viaYield(): AsyncGenerator<unknown> {
  yield lib.map(async () => fail("yield"), { concurrency: 2 });
}

async function viaForAwait(): Promise<void> {
  for await (const _ of lib.iter(async () => fail("for-await"), { n: 1 })) {
    // never reached
  }
}

async function viaJoin(): Promise<unknown> {
  return await Promise.all([lib.map(async () => fail("join"), { concurrency: 1 }), Promise.resolve(1)]);
}

async function nested(): Promise<unknown> {
  const inner = await lib.map(async () => 1, { concurrency: 1 });
  return await lib.map(async () => fail(`nested ${String(await lib.run(inner, { k: 1 }))}`), { concurrency: 3 });
}

async function classAndMethod(): Promise<void> {
  const C = await lib.run(
    class {
      static async go(): Promise<void> {
        fail("class");
      }
    },
    { k: 1 },
  );
  await C.go().catch((e) => console.log("class", frameName(e)));
  const o = await lib.run({ async go(): Promise<void> {
    fail("method");
  }, k: 2 });
  await o.go().catch((e) => console.log("method", frameName(e)));
}

async function namedExpression(): Promise<unknown> {
  return await lib.map(async function own() {
    return fail("named");
  }, { concurrency: 1 });
}

class Service {
  tag = "svc";
  async arrowThis(): Promise<unknown> {
    return await lib.map(async () => fail(`this ${this.tag}`), { concurrency: 1 });
  }
}

async function plain(): Promise<unknown> {
  return await lib.map(viaAwait, { concurrency: 1 });
}

async function main(): Promise<void> {
  const cases: Array<[string, () => Promise<unknown>]> = [
    ["await", viaAwait],
    ["return", viaReturn],
    ["join", viaJoin],
    ["nested", nested],
    ["named", namedExpression],
    ["this", () => new Service().arrowThis()],
    ["plain", plain],
    ["for-await", viaForAwait],
  ];
  for (const [name, f] of cases) {
    try {
      await f();
      console.log(name, "did not throw");
    } catch (e) {
      console.log(name, frameName(e), (e as Error).message);
    }
  }
  try {
    for await (const _ of viaYield()) {
      // never reached
    }
  } catch (e) {
    console.log("yield", frameName(e));
  }
  await classAndMethod();
}

void main();
