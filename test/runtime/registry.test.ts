import {
  AnonymousKey,
  collectAll,
  getTree,
  globalRegistry,
  initGlobalRegistry,
  instrumentAwait,
  Registry,
  register,
  resetGlobalRegistry,
  spanStats,
  spawn,
  spawnAnonymous,
} from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
import { expect } from "chai";
import { deferred, never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

describe("runtime: registry", () => {
  beforeEach(() => useManualClock());
  afterEach(() => {
    restoreClock();
    resetGlobalRegistry();
  });

  it("keeps keys of any type apart: 1 and '1' differ, objects by identity, symbols", () => {
    const registry = new Registry();
    const obj = { id: 1 };
    const twin = { id: 1 };
    const sym = Symbol("job");
    for (const [k, name] of [
      [1, "number"],
      ["1", "string"],
      [obj, "object"],
      [sym, "symbol"],
      [10n, "bigint"],
    ] as Array<[unknown, string]>) {
      void registry.register(k, name).run(() => never());
    }
    expect(registry.get(1)?.root.name).to.equal("number");
    expect(registry.get("1")?.root.name).to.equal("string");
    expect(registry.get(obj)?.root.name).to.equal("object");
    expect(registry.get(twin)).to.equal(undefined);
    expect(registry.get(sym)?.root.name).to.equal("symbol");
    expect(registry.get(10n)?.root.name).to.equal("bigint");
    expect(registry.collect("number").map(([k]) => k)).to.deep.equal([1]);
    expect(registry.collect("object").map(([k]) => k)).to.deep.equal([obj]);
    expect(registry.collect().length).to.equal(5);
    expect(registry.toString()).to.contain("[Symbol(job)]\nsymbol [0.000ns]\n");
  });

  it("replaces an entry registered again under the same key; the earlier task no longer removes it", async () => {
    const registry = new Registry();
    const first = deferred();
    void registry.register("k", "first").run(() => first.promise);
    void registry.register("k", "second").run(() => never());
    expect(registry.get("k")?.root.name).to.equal("second");
    first.resolve();
    await tick();
    expect(registry.get("k")?.root.name).to.equal("second");
    expect(registry.size).to.equal(1);
  });

  it("ends the task a key registered again replaces: its pending spans leave the arena's live count", async () => {
    // Left running unlisted, a replaced task over work that never settles was shown nowhere and
    // kept for ever: a connection key registered a million times held a million live spans.
    const registry = new Registry();
    const before = spanStats().live;
    // From a callback of the event loop, as a server registers a connection (outside any task).
    await new Promise<void>((done) =>
      setImmediate(() => {
        for (let i = 0; i < 12_000; i++) {
          void registry.register("conn", `attempt ${i}`).run(() => instrumentAwait(never(), `wait ${i}`));
        }
        done();
      }),
    );
    await tick();
    expect(registry.size).to.equal(1);
    expect(registry.get("conn")?.root.name).to.equal("attempt 11999");
    // The listed task (its root and its wait), and the ended ones' waits within the detached
    // limit (10,000 by default): 24,000 live spans before.
    expect(spanStats().live - before).to.be.at.most(2 + 10_000);
    registry.clear();
  });

  it("a task ended inside its own synchronous code (key registered again, finish, clear): what it starts next is in no other task's tree", () => {
    // The ended root's slot is free again, and the next task's span takes it: the code still
    // running as the ended task used to attach there.
    const replaced = new Registry();
    void replaced.register("conn", "attempt 1").run(() => {
      void replaced.register("conn", "attempt 2").run(() => instrumentAwait(never(), "attempt 2: handshake"));
      return instrumentAwait(never(), "attempt 1: close old socket");
    });
    const finished = new Registry();
    const root = finished.register("k", "first");
    void root.run(() => {
      root.finish();
      void finished.register("y", "second").run(() => instrumentAwait(never(), "second: waits"));
      return instrumentAwait(never(), "first: after finish");
    });
    const cleared = new Registry();
    void cleared.register("k", "first").run(() => {
      cleared.clear();
      void cleared.register("y", "second").run(() => instrumentAwait(never(), "second: waits"));
      return instrumentAwait(never(), "first: after clear");
    });
    expect(replaced.toString()).to.equal("[conn]\nattempt 2 [0.000ns]\n  attempt 2: handshake [0.000ns]\n\n");
    for (const r of [finished, cleared]) {
      expect(r.toString()).to.equal("[y]\nsecond [0.000ns]\n  second: waits [0.000ns]\n\n");
    }
    for (const r of [replaced, finished, cleared]) r.clear();
  });

  it("a transformed frame running when its task ends restores no span of another task when it suspends", () => {
    const registry = new Registry();
    const sOuter = $at.site({ parts: ["outer()"], file: "src/conn.ts", line: 1, column: 1 });
    const sWait = $at.site({ parts: ["never()"], file: "src/conn.ts", line: 3, column: 3 });
    // The emitted shape of `async function outer() { registry.clear(); ...; await never(); }` (its
    // await in two statements).
    async function outer(): Promise<void> {
      const $f = $at.enter(sOuter);
      let $t: unknown;
      try {
        registry.clear();
        void registry.register("y", "second").run(() => instrumentAwait(never(), "second: waits"));
        $t = await $at.suspend($f, sWait, $at.mark($f), never());
        $at.resume($f, $t);
      } finally {
        $at.exit($f);
      }
    }
    void registry.register("k", "first").run(() => {
      const p = outer(); // suspended: the running span is what `outer` saved when it entered
      void instrumentAwait(never(), "first: after outer()");
      return p;
    });
    expect(registry.toString()).to.equal("[y]\nsecond [0.000ns]\n  second: waits [0.000ns]\n\n");
    registry.clear();
  });

  it("forgets a task by itself when its work settles, fulfilled or rejected, or returns synchronously", async () => {
    const registry = new Registry();
    const ok = deferred();
    const bad = deferred();
    void registry.register("ok", "ok").run(() => ok.promise);
    const rejected = registry.register("bad", "bad").run(() => bad.promise);
    expect(registry.register("sync", "sync").run(() => 42)).to.equal(42);
    expect(registry.get("sync")).to.equal(undefined);
    expect(registry.size).to.equal(2);
    ok.resolve();
    bad.reject(new Error("boom"));
    await rejected.catch((e: Error) => expect(e.message).to.equal("boom"));
    await tick();
    expect(registry.size).to.equal(0);
    expect(() =>
      registry.register("throws", "t").run(() => {
        throw new RangeError("sync throw");
      }),
    ).to.throw(RangeError, "sync throw");
    expect(registry.size).to.equal(0);
  });

  it("returns the task's own promise from run and instrument (identity kept)", () => {
    const registry = new Registry();
    const p = never();
    expect(registry.register("a", "a").run(() => p)).to.equal(p);
    expect(registry.register("b", "b").instrument(p)).to.equal(p);
  });

  it("collects anonymous tasks separately and in registration order", () => {
    const registry = new Registry();
    void registry.registerAnonymous("a0").run(() => never());
    void registry.register("named", "named").run(() => never());
    void registry.registerAnonymous("a1").run(() => never());
    expect(registry.collectAnonymous().map((t) => t.root.name)).to.deep.equal(["a0", "a1"]);
    expect(registry.collect().map(([k]) => k)).to.deep.equal(["named"]);
    const all = registry.collectAll();
    expect(all.map(([k]) => String(k))).to.deep.equal(["Anonymous #0", "named", "Anonymous #1"]);
    expect(all[0]?.[0]).to.be.instanceOf(AnonymousKey);
  });

  it("derives the root span from the key (registerDerivedRoot, spawnDerivedRoot)", () => {
    const registry = new Registry();
    class Job {
      toString(): string {
        return "job#7";
      }
    }
    const job = new Job();
    void registry.registerDerivedRoot(job).run(() => never());
    expect(registry.get(job)?.root.name).to.equal("job#7");
    void registry.spawnDerivedRoot(99, () => never());
    expect(registry.get(99)?.root.name).to.equal("99");
  });

  it("spawns tasks whose trees are separate from the spawner's", async () => {
    const registry = new Registry();
    void registry.register("parent", "parent").run(async () => {
      void registry.spawn("child", "child", () => instrumentAwait(never(), "child work"));
      await instrumentAwait(never(), "parent work");
    });
    void registry.spawnAnonymous("anon", () => never());
    expect(registry.get("parent")?.toString()).to.equal("parent [0.000ns]\n  parent work [0.000ns]\n");
    expect(registry.get("child")?.toString()).to.equal("child [0.000ns]\n  child work [0.000ns]\n");
    expect(registry.collectAnonymous()).to.have.length(1);
  });

  it("clear() forgets every task while their work goes on", () => {
    const registry = new Registry();
    const p = registry.register("a", "a").run(() => Promise.resolve(5));
    registry.clear();
    expect(registry.collectAll()).to.deep.equal([]);
    return p.then((v) => expect(v).to.equal(5));
  });

  it("has a global registry that can be initialised only once", () => {
    expect(globalRegistry()).to.equal(undefined);
    const g = initGlobalRegistry({ verbose: true });
    expect(() => initGlobalRegistry()).to.throw(/already initialised/);
    void spawn("g1", "global task", () => never());
    void spawnAnonymous("anon", () => never());
    expect(getTree("g1")?.root.name).to.equal("global task");
    expect(collectAll()).to.have.length(2);
    expect(register("g2", "x")).to.have.property("registry", g);
  });

  it("Registry.current() is the running task's registry, else the global one, else an error", async () => {
    const mine = new Registry();
    let seen: Registry | undefined;
    await mine.register("k", "k").run(async () => {
      await Promise.resolve();
      seen = Registry.current();
    });
    expect(seen).to.equal(mine);
    const g = initGlobalRegistry();
    expect(Registry.tryCurrent()).to.satisfy((r: Registry) => r === g || r !== mine);
  });

  it("collects keys of every typeof, undefined and functions too", () => {
    const r = new Registry();
    const fn = () => 1;
    for (const k of [undefined, fn, "s", 1]) void r.register(k, "t").run(() => never());
    expect(r.collect("undefined").map(([k]) => k)).to.deep.equal([undefined]);
    expect(r.collect("function").map(([k]) => k)).to.deep.equal([fn]);
    expect(r.collect("string").map(([k]) => k)).to.deep.equal(["s"]);
  });

  it("rejects malformed options with errors naming them", () => {
    expect(() => new Registry({ verbos: true } as never)).to.throw(TypeError, /unknown option "verbos"/);
    expect(() => new Registry({ verbose: "yes" } as never)).to.throw(TypeError, /"verbose" must be a boolean/);
    expect(() => new Registry({ slowThresholdMs: -1 })).to.throw(TypeError, /"slowThresholdMs"/);
    expect(() => new Registry({ maxLabelLength: Number.NaN })).to.throw(TypeError, /"maxLabelLength"/);
    expect(() => new Registry(5 as never)).to.throw(TypeError, /config must be an object/);
    // Only the global registry makes automatic roots: the option means nothing elsewhere.
    expect(() => new Registry({ autoRoots: true })).to.throw(
      TypeError,
      /option "autoRoots" is for the global registry only/,
    );
    const r = new Registry();
    expect(() => r.register("k", 5 as never)).to.throw(TypeError, /rootSpan must be a string or a Span/);
    expect(() => r.collect("strng" as never)).to.throw(TypeError, /filter must be one of/);
    expect(() => r.spawn("k", "k", 5 as never)).to.throw(TypeError, /spawn expects a function/);
    expect(r.get("k")).to.equal(undefined);
  });
});
