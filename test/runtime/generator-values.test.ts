// A generator object as a label value: stream code passes them everywhere (each stage of a
// `pipeline` gets the one before as its source), and `{…}` said nothing of what the stage reads.
import { Registry, traced } from "@await-tree/runtime";
import { expect } from "chai";
import { never } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

describe("runtime: generator objects in derived labels", () => {
  beforeEach(() => useManualClock());
  afterEach(restoreClock);

  it("prints an async generator object as AsyncGenerator and a generator object as Generator", () => {
    const registry = new Registry();
    async function* rows(): AsyncGenerator<number> {
      yield 1;
    }
    function* ids(): Generator<number> {
      yield 1;
    }
    const f = traced(async (_a: unknown, _b: unknown, _c: unknown) => never());
    void registry.register("k", "k").run(() => f(rows(), ids(), Object.create(rows.prototype)));
    // An object made from a generator function's prototype by hand is named by its prototype chain
    // too: what prints is decided by the prototype alone (described.ts caches it by prototype).
    expect(registry.get("k")?.toString()).to.equal(
      "k [0.000ns]\n  <anonymous>(AsyncGenerator, Generator, AsyncGenerator) [0.000ns]\n",
    );
  });

  it("runs no trap of a Proxy on a generator's prototype chain, and keeps a class name where there is one", () => {
    const registry = new Registry();
    const calls: string[] = [];
    async function* hidden(): AsyncGenerator<number> {
      yield 1;
    }
    Object.setPrototypeOf(
      hidden.prototype,
      new Proxy(Object.getPrototypeOf(hidden.prototype) as object, {
        getPrototypeOf: (t) => {
          calls.push("getPrototypeOf");
          return Object.getPrototypeOf(t) as object;
        },
        getOwnPropertyDescriptor: (t, k) => {
          calls.push("getOwnPropertyDescriptor");
          return Reflect.getOwnPropertyDescriptor(t, k);
        },
      }),
    );
    class Source {
      async *[Symbol.asyncIterator](): AsyncGenerator<number> {
        yield 1;
      }
    }
    const f = traced(async (_a: unknown, _b: unknown) => never());
    void registry.register("k", "k").run(() => f(hidden(), new Source()));
    expect(registry.get("k")?.toString()).to.equal("k [0.000ns]\n  <anonymous>({…}, Source) [0.000ns]\n");
    expect(calls).to.deep.equal([]);
  });
});
