import { currentTree, instrumentAwait, Registry, span, traced } from "@await-tree/runtime";
import { expect } from "chai";
import { deferred, never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";
import { runScript } from "../support/run-node.js";

describe("runtime: tree semantics", () => {
  afterEach(restoreClock);

  it("detaches a race loser that keeps running and re-attaches it, with its start time, when awaited again", async () => {
    const clock = useManualClock();
    const registry = new Registry();
    const timer = deferred();
    const rx = deferred();
    const work = deferred();
    const timeout = traced("sleep", () => timer.promise);
    const fut = traced("fut", () => work.promise);
    const select = traced("select", (a: () => Promise<void>, b: () => Promise<void>) => Promise.race([a(), b()]));
    let stored: Promise<void> | undefined;
    const done = registry.register("work", "work").run(async () => {
      await select(
        () => timeout(),
        () => {
          stored = fut();
          return stored;
        },
      );
      await instrumentAwait(rx.promise, "rx");
      await instrumentAwait(stored, "fut");
    });
    clock.advance(100);
    expect(registry.get("work")?.toString()).to.equal(
      "work [100.000ms]\n  select [100.000ms]\n    sleep [100.000ms]\n    fut [100.000ms]\n",
    );
    clock.advance(400);
    timer.resolve();
    await tick();
    clock.advance(600);
    const mid = registry.get("work");
    const futId = mid?.detached[0]?.id;
    expect(mid?.toString()).to.equal(`work [1.100s]\n  rx [600.000ms]\n[Detached ${futId}]\n  fut [1.100s]\n`);
    rx.resolve();
    await tick();
    clock.advance(1000);
    expect(registry.get("work")?.toString()).to.equal("work [2.100s]\n  fut [2.100s]\n");
    // The frame is the same span throughout: its id did not change.
    expect(registry.get("work")?.toJSON().tree.children[0]?.children[0]?.id).to.equal(futId);
    work.resolve();
    await done;
    expect(registry.get("work")).to.equal(undefined);
  });

  it("detaches a call nobody awaited when its caller ends, and drops it when it settles", async () => {
    useManualClock();
    const registry = new Registry();
    const leak = deferred();
    const background = traced("background", () => leak.promise);
    const handler = traced("handler", async () => {
      void background();
      await instrumentAwait(Promise.resolve(), "quick");
    });
    const hold = deferred();
    void registry.register("req", "req").run(async () => {
      await handler();
      await instrumentAwait(hold.promise, "hold");
    });
    await tick();
    const t = registry.get("req");
    expect(t?.toString()).to.match(
      /^req \[0\.000ns\]\n {2}hold \[0\.000ns\]\n\[Detached \d+\]\n {2}background \[0\.000ns\]\n$/,
    );
    leak.resolve();
    await tick();
    expect(registry.get("req")?.toString()).to.equal("req [0.000ns]\n  hold [0.000ns]\n");
  });

  it("shows a promise awaited by several waits once, under the last awaiter; the others refer to it", async () => {
    useManualClock();
    const registry = new Registry();
    const d = deferred<number>();
    const fetchShared = traced("fetch shared", () => d.promise);
    const p = registry.register("k", "k").run(async () => {
      const shared = fetchShared();
      const a = instrumentAwait(shared, "first awaiter");
      const b = instrumentAwait(shared, "second awaiter");
      return Promise.all([a, b]);
    });
    const text = registry.get("k")?.toString() ?? "";
    expect(text).to.equal(
      "k [0.000ns]\n  first awaiter [0.000ns]\n    ↪ fetch shared [0.000ns] (shown under a later awaiter)\n  second awaiter [0.000ns]\n",
    );
    // Unfolded, the frame appears once, under the second awaiter.
    expect(registry.get("k")?.toString({ fold: false })).to.contain(
      "  second awaiter [0.000ns]\n    fetch shared [0.000ns]\n",
    );
    const json = registry.get("k")?.toJSON();
    expect(json?.tree.children[0]?.shared?.name).to.equal("fetch shared");
    d.resolve(1);
    expect(await p).to.deep.equal([1, 1]);
  });

  it("hides verbose spans unless the registry is verbose; their children move up", () => {
    useManualClock();
    const inner = traced("fetch page", () => instrumentAwait(never(), "socket read"));
    const outer = traced(span("retry loop").verbose(), () => inner());
    const quiet = new Registry();
    void quiet.register("c", "crawl").run(() => outer());
    expect(quiet.get("c")?.toString()).to.equal("crawl [0.000ns]\n  fetch page [0.000ns]\n    socket read [0.000ns]\n");
    const loud = new Registry({ verbose: true });
    void loud.register("c", "crawl").run(() => outer());
    expect(loud.get("c")?.toString()).to.equal(
      "crawl [0.000ns]\n  retry loop [0.000ns]\n    fetch page [0.000ns]\n      socket read [0.000ns]\n",
    );
    expect(loud.get("c")?.toJSON().tree.children[0]?.span.is_verbose).to.equal(true);
  });

  it("marks the span whose synchronous code is running with <== current, never the root", async () => {
    useManualClock();
    const registry = new Registry();
    let inside = "";
    let atRoot = "";
    const leaf = traced("leaf", () => {
      inside = currentTree()?.toString() ?? "";
    });
    await registry.register("k", "k").run(async () => {
      atRoot = currentTree()?.toString() ?? "";
      await instrumentAwait(Promise.resolve(), "step");
      leaf();
    });
    expect(atRoot).to.equal("k [0.000ns]\n");
    expect(inside).to.equal("k [0.000ns]\n  leaf [0.000ns]  <== current\n");
    expect(registry.get("k")).to.equal(undefined);
  });

  it("keeps a task's tree through its own async continuations (untransformed code, async context)", async () => {
    useManualClock();
    const registry = new Registry();
    const step = traced("step ${n}", async (n: number) => {
      await instrumentAwait(new Promise((r) => setTimeout(r, 1)), `timer ${n}`);
    });
    const seen: string[] = [];
    await registry.register("k", "k").run(async () => {
      for (let n = 1; n <= 2; n++) {
        const p = step(n);
        seen.push(registry.get("k")?.toString() ?? "");
        await p;
      }
    });
    expect(seen).to.deep.equal([
      "k [0.000ns]\n  step 1 [0.000ns]\n    timer 1 [0.000ns]\n",
      "k [0.000ns]\n  step 2 [0.000ns]\n    timer 2 [0.000ns]\n",
    ]);
  });

  it("is a transparent pass-through outside any task when nothing records (AWAIT_TREE_AUTO_INIT=0)", () => {
    const r = runScript(
      `import { instrumentAwait, traced, Registry, currentTree } from "@await-tree/runtime";
       const t = { then(ok) { ok(5); } };
       const f = traced(async function f(x) { return [await instrumentAwait(Promise.resolve(x), "w"), await instrumentAwait(t, "t")]; });
       const v = await f(4);
       const registry = new Registry();
       console.log(JSON.stringify(v), currentTree() === undefined, registry.collectAll().length, Registry.tryCurrent() === undefined);`,
      ".mjs",
      // Without it the first traced call creates the global registry (docs/zero-setup.md).
      { AWAIT_TREE_AUTO_INIT: "0" },
    );
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("[4,5] true 0 true\n");
  });

  it("creates anonymous roots for traced calls outside any task once a global registry exists", () => {
    const r = runScript(
      `import { initGlobalRegistry, instrumentAwait, traced, collectAll } from "@await-tree/runtime";
       const g = initGlobalRegistry();
       const handler = traced("handle event", () => instrumentAwait(new Promise((r) => setTimeout(r, 20)), "timer"));
       setTimeout(() => void handler(), 1);
       setTimeout(() => {
         for (const [k, t] of collectAll()) process.stdout.write(String(k) + "\\n" + t.toString().replace(/\\[[^\\]]*\\]/g, "[t]"));
         setTimeout(() => console.log("after:", g.collectAll().length), 40);
       }, 10);`,
      ".mjs",
    );
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("Anonymous #0\nhandle event [t]\n  timer [t]\nafter: 0\n");
  });
});
