import {
  instrumentAwait,
  Registry,
  setClock,
  setSpanLimit,
  span,
  spanLimit,
  spanStats,
  traced,
} from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
import { expect } from "chai";
import { never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

describe("runtime: robustness (instrumentation never breaks the program)", () => {
  beforeEach(() => useManualClock());
  afterEach(restoreClock);

  it("shows a placeholder where a label's value throws when formatted", () => {
    const registry = new Registry();
    const hostile = {
      toString() {
        throw new Error("no printing me");
      },
    };
    void registry.register("k", "k").run(() => instrumentAwait(never(), span`value ${hostile} here`));
    expect(registry.get("k")?.toString()).to.equal(
      "k [0.000ns]\n  value <label error: Error: no printing me> here [0.000ns]\n",
    );
  });

  it("prints cyclic objects, proxies, symbols and getters without running getters or traps", () => {
    const registry = new Registry();
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    let trapped = 0;
    const proxy = new Proxy(
      {},
      {
        get() {
          trapped++;
          return 1;
        },
        getPrototypeOf() {
          trapped++;
          return null;
        },
      },
    );
    let getterCalls = 0;
    class WithGetter {
      get x(): number {
        getterCalls++;
        return 1;
      }
    }
    const f = traced(async (_a: unknown, _b: unknown, _c: unknown, _d: unknown) => never());
    void registry.register("k", "k").run(() => f(cyclic, proxy, Symbol("s"), new WithGetter()));
    expect(registry.get("k")?.toString()).to.equal(
      "k [0.000ns]\n  <anonymous>({…}, Proxy, Symbol(s), WithGetter) [0.000ns]\n",
    );
    expect(trapped).to.equal(0);
    expect(getterCalls).to.equal(0);
  });

  it("names objects without running user code: a Proxy up the prototype chain, a Date subclass's methods, a Proxy function", () => {
    const registry = new Registry();
    const calls: string[] = [];
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          calls.push("getPrototypeOf");
          return null;
        },
        getOwnPropertyDescriptor: () => {
          calls.push("getOwnPropertyDescriptor");
          return undefined;
        },
        get: () => {
          calls.push("get");
          return undefined;
        },
      },
    );
    const inheritsProxy = Object.create(hostile) as object;
    class Stamp extends Date {
      override getTime(): number {
        calls.push("getTime");
        return 0;
      }
      override toISOString(): string {
        calls.push("toISOString");
        return "overridden";
      }
    }
    const proxyFunction = new Proxy(function named() {}, {
      getOwnPropertyDescriptor: () => {
        calls.push("function getOwnPropertyDescriptor");
        return undefined;
      },
    });
    function Plain(this: object) {}
    const viaProxyConstructor = Object.create({
      constructor: new Proxy(Plain, {
        getOwnPropertyDescriptor: () => {
          calls.push("constructor getOwnPropertyDescriptor");
          return undefined;
        },
      }),
    }) as object;
    const f = traced(async (_a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown) => never());
    void registry
      .register("k", "k")
      .run(() =>
        f(inheritsProxy, new Stamp(Date.UTC(2026, 0, 2)), proxyFunction, viaProxyConstructor, new Stamp(Number.NaN)),
      );
    expect(registry.get("k")?.toString()).to.equal(
      "k [0.000ns]\n  <anonymous>({…}, 2026-01-02T00:00:00.000Z, [Function], {…}, Invalid Date) [0.000ns]\n",
    );
    expect(calls).to.deep.equal([]);
  });

  it("takes a consistent dump even when a label's toString changes the tree while it is printed", () => {
    const registry = new Registry();
    const sneaky = traced("sneaky", () => never());
    const evil = {
      toString() {
        void sneaky(); // runs during the dump: must not add spans to any tree
        void instrumentAwait(never(), "from toString");
        $at.exit($at.enter($at.site({ parts: ["transformed call"] })));
        return "evil";
      },
    };
    void registry.register("k", "k").run(() => instrumentAwait(never(), span`label ${evil}`));
    const first = registry.get("k")?.toString();
    const second = registry.get("k")?.toString();
    expect(first).to.equal("k [0.000ns]\n  label evil [0.000ns]\n");
    expect(second).to.equal(first);
  });

  it("a dump taken by a label's or a key's own toString formats no label or key with user code (no recursion)", () => {
    const registry = new Registry();
    let labelCalls = 0;
    const value = {
      toString() {
        labelCalls++;
        return `nested ${registry.toString().split("\n")[2]}`;
      },
    };
    void registry.register("a", "a").run(() => instrumentAwait(never(), span`label ${value}`));
    const text = registry.toString();
    expect(labelCalls).to.equal(1);
    expect(text).to.contain("  label nested   <label of a dump taken while another dump formatted labels>");
    let keyCalls = 0;
    const key = {
      toString() {
        keyCalls++;
        return `K ${registry.toString().includes("[<key>]")}`;
      },
    };
    void registry.register(key, "k").run(() => instrumentAwait(never(), "w"));
    expect(registry.toString()).to.contain("[K true]");
    expect(keyCalls).to.be.at.most(2);
  });

  it("setClock refuses a clock that throws or returns no finite number; a clock failing later never reaches the program", () => {
    expect(() =>
      setClock(() => {
        throw new Error("no time");
      }),
    ).to.throw(TypeError, "setClock: the clock threw when read: no time");
    expect(() => setClock(() => Number.NaN)).to.throw(
      TypeError,
      "must return a finite number of milliseconds, got NaN",
    );
    expect(() => setClock((() => "x") as unknown as () => number)).to.throw(TypeError, "got x");
    let fail = false;
    let t = 1000;
    setClock(() => {
      if (fail) throw new Error("clock broke");
      return t;
    });
    try {
      const registry = new Registry();
      fail = true;
      const root = registry.register("k", "task"); // reads the clock: the last good reading stands
      void root.run(() => instrumentAwait(never(), "w"));
      fail = false;
      t = 1005;
      expect(registry.size).to.equal(1);
      expect(registry.toString()).to.match(/^\[k\]\ntask \[5\.000ms\]\n {2}w \[5\.000ms\]\n/);
    } finally {
      useManualClock();
    }
  });

  it("never calls .then on a foreign thenable (query builders run on each .then)", async () => {
    let thenCalls = 0;
    const query = {
      // biome-ignore lint/suspicious/noThenProperty: a query-builder-like thenable is the point of this test
      then(ok: (v: number) => void) {
        thenCalls++;
        ok(7);
      },
    };
    const registry = new Registry();
    let seen = "";
    const v = await registry.register("k", "k").run(async () => {
      const q = instrumentAwait(query, "select * from users");
      seen = registry.get("k")?.toString() ?? "";
      return await q;
    });
    expect(v).to.equal(7);
    expect(thenCalls).to.equal(1);
    expect(seen).to.equal("k [0.000ns]\n  select * from users [0.000ns]\n");
  });

  it("reads a foreign thenable's `then` no more often than the await does (a getter, a Proxy)", async () => {
    // `instrumentAwait` told a thenable from other values by reading `then`: a getter ran once
    // more than with the await alone, and a Proxy's `get` trap too (the lazy thenables audit,
    // 2026-12-06). It now looks at property descriptors only, and records a wait when it cannot tell.
    const log: string[] = [];
    const getter = {};
    // biome-ignore lint/suspicious/noThenProperty: a thenable whose `then` is a getter is the point of this test
    Object.defineProperty(getter, "then", {
      get() {
        log.push("getter read");
        return (ok: (v: number) => void) => ok(1);
      },
    });
    const proxy = new Proxy(
      {},
      {
        get(_t, k) {
          log.push(`proxy get ${String(k)}`);
          return k === "then" ? (ok: (v: number) => void) => ok(2) : undefined;
        },
        getOwnPropertyDescriptor(t, k) {
          log.push(`proxy descriptor ${String(k)}`);
          return Reflect.getOwnPropertyDescriptor(t, k);
        },
        getPrototypeOf(t) {
          log.push("proxy prototype");
          return Reflect.getPrototypeOf(t);
        },
      },
    );
    const inherits = Object.create(proxy) as object;
    class Query {
      // biome-ignore lint/suspicious/noThenProperty: a query-builder-like thenable is the point of this test
      then(ok: (v: number) => void) {
        ok(3);
      }
    }
    const registry = new Registry();
    const seen: string[] = [];
    const values = await registry.register("k", "k").run(async () => {
      const out: unknown[] = [];
      for (const [name, value] of [
        ["getter", getter],
        ["proxy", proxy],
        ["inherits", inherits],
        ["query", new Query()],
        ["plain", { a: 1 }],
      ] as const) {
        const v = instrumentAwait(value, name);
        seen.push(registry.get("k")?.toString() ?? "");
        out.push(await v);
      }
      return out;
    });
    expect(log).to.deep.equal(["getter read", "proxy get then", "proxy get then"]);
    expect(values.slice(0, 4)).to.deep.equal([1, 2, 2, 3]);
    expect(seen[0]).to.include("getter [");
    expect(seen[1]).to.include("proxy [");
    expect(seen[3]).to.include("query [");
    expect(seen[4]).to.not.include("plain");
  });

  it("handles 100,000 concurrent tasks and lists them all", async () => {
    const registry = new Registry();
    const job = traced("job ${i}", async (i: number) => {
      await instrumentAwait(never(), span`wait ${i}`);
    });
    for (let i = 0; i < 100_000; i++) void registry.register(i, "task").run(() => job(i));
    const all = registry.collectAll();
    expect(all).to.have.length(100_000);
    expect(all[99_999]?.[1].toString()).to.equal("task [0.000ns]\n  job 99999 [0.000ns]\n    wait 99999 [0.000ns]\n");
    registry.clear();
  });

  it("records what it can when the span limit is reached, and says how many spans were lost", async () => {
    const before = spanLimit();
    const registry = new Registry();
    try {
      // Spans already alive in this process count against the limit too; leave room for a few.
      setSpanLimit(Math.max(16, spanStats().live + 64));
      let ran = 0;
      const step = traced("step", async () => {
        ran++;
        await instrumentAwait(never(), "w");
      });
      void registry.register("k", "k").run(() => {
        for (let i = 0; i < 200; i++) void step();
        return never();
      });
      expect(ran).to.equal(200);
      const t = registry.get("k");
      expect(t?.lost).to.be.greaterThan(0);
      expect(t?.toString()).to.match(/\[Lost \d+ spans: span limit reached\]\n$/);
    } finally {
      registry.clear();
      setSpanLimit(before);
    }
    expect(() => setSpanLimit(3)).to.throw(RangeError, /maxSpans/);
  });

  it("rejects a span that is neither a string nor a Span, naming the argument", () => {
    expect(() => instrumentAwait(Promise.resolve(), 42 as never)).to.throw(TypeError, /instrumentAwait: span/);
    expect(() => span(5 as never)).to.throw(TypeError, /span\(\) expects a string/);
  });

  it("keeps values, rejections and timing of awaited promises", async () => {
    const registry = new Registry();
    const order: string[] = [];
    await registry.register("k", "k").run(async () => {
      const a = (async () => {
        await instrumentAwait(Promise.resolve(), "a");
        order.push("a");
      })();
      const b = (async () => {
        await Promise.resolve();
        order.push("b");
      })();
      await Promise.all([a, b]);
      const err = new Error("x");
      const got = await instrumentAwait(Promise.reject(err), "rej").catch((e: unknown) => e);
      expect(got).to.equal(err);
    });
    expect(order).to.deep.equal(["a", "b"]);
    await tick();
  });
});
