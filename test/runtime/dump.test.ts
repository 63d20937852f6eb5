import {
  type DumpJSON,
  dump,
  initGlobalRegistry,
  instrumentAwait,
  Registry,
  resetGlobalRegistry,
  span,
} from "@await-tree/runtime";
import { expect } from "chai";
import { deferred } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

/**
 * Our key filter: this suite runs inside the mocha integration, whose running test is a task too,
 * and after other files whose registries' tasks may still be live (`[job#7]` of registry.test.ts).
 */
const mine = (text: string): string =>
  text
    .split(/\n(?=\[)/)
    .filter((s) => s.startsWith("[job "))
    .join("\n")
    .trimEnd();

describe("runtime: the process-wide dump", () => {
  beforeEach(() => useManualClock());
  afterEach(() => {
    restoreClock();
    resetGlobalRegistry();
  });

  it("is published on the process-global symbol with the agreed shape", () => {
    const rt = (globalThis as Record<symbol, unknown>)[Symbol.for("await-tree.runtime")] as {
      version: string;
      contract: number;
      dump: typeof dump;
    };
    expect(rt.version).to.match(/^\d+\.\d+\.\d+/);
    expect(rt.contract).to.be.a("number");
    expect(rt.dump).to.equal(dump);
  });

  it("lists every registry's tasks: the global registry's first, then others, each in registration order", async () => {
    const own = new Registry();
    const global = initGlobalRegistry();
    const d = deferred<void>();
    void own.register("job own", "own task").run(() => instrumentAwait(d.promise, "own wait"));
    void global.register("job b", "task b").run(() => instrumentAwait(d.promise, "b wait"));
    void global.register("job a", "task a").run(() => instrumentAwait(d.promise, span`a wait`.verbose()));
    const text = mine(dump());
    expect(text).to.equal(
      "[job b]\ntask b [0.000ns]\n  b wait [0.000ns]\n\n[job a]\ntask a [0.000ns]\n\n[job own]\nown task [0.000ns]\n  own wait [0.000ns]",
    );
    // verbose: the verbose span shows; key: one task; locations add nothing without a location.
    expect(mine(dump({ verbose: true, key: "job a" }))).to.equal("[job a]\ntask a [0.000ns]\n  a wait [0.000ns]");
    const json = JSON.parse(dump({ json: true, key: "job own" }));
    expect(json).to.deep.equal({
      tasks: [
        {
          current: json.tasks[0].current,
          key: "job own",
          detached: [],
          tree: {
            id: json.tasks[0].tree.id,
            kind: "root",
            span: { name: "own task", is_verbose: false, is_long_running: true },
            elapsed_ns: 0,
            children: [
              {
                id: json.tasks[0].tree.children[0].id,
                kind: "wait",
                span: { name: "own wait", is_verbose: false, is_long_running: false },
                elapsed_ns: 0,
                children: [],
              },
            ],
          },
        },
      ],
    });
    d.resolve();
    await d.promise;
  });

  it("JSON within maxLength: the whole tasks that fit, in order, and how many were left out", () => {
    const registry = new Registry();
    const d = deferred<void>();
    for (let i = 0; i < 40; i++)
      void registry.register(`job ${i}`, `task ${i}`).run(() => instrumentAwait(d.promise, `wait ${i}`));
    const whole = dump({ json: true });
    const all = (JSON.parse(whole) as DumpJSON).tasks;
    for (const limitName of [undefined, "--max-output"]) {
      const text = dump({ json: true, maxLength: 3000, ...(limitName === undefined ? {} : { limitName }) });
      expect(text.length).to.be.at.most(3000);
      const cut = JSON.parse(text) as DumpJSON;
      expect(cut.tasks.length).to.be.above(0);
      expect(cut.tasks).to.deep.equal(all.slice(0, cut.tasks.length));
      expect(cut.omittedTasks).to.equal(all.length - cut.tasks.length);
      expect(cut.errors?.at(-1)).to.equal(
        `${cut.omittedTasks} of ${all.length} tasks left out: the dump (${whole.length} characters) exceeds ${limitName ?? "maxLength"} 3000`,
      );
    }
    // Too small for any task: none, and the count; still JSON.
    const none = JSON.parse(dump({ json: true, maxLength: 10 })) as DumpJSON;
    expect(none.tasks).to.deep.equal([]);
    expect(none.omittedTasks).to.equal(all.length);
    // Room for everything: the dump as without a limit, with no count.
    expect(dump({ json: true, maxLength: whole.length })).to.equal(whole);
    d.resolve();
  });

  it("never throws: odd options are ignored, a key nobody has gives nothing", () => {
    for (const o of [null, 42, "x", { key: 1 }, { maxLength: -1 }, { maxDepth: "deep" }]) {
      expect(() => dump(o as never)).not.to.throw();
    }
    expect(dump({ key: "nobody has this key" })).to.equal("");
    expect(JSON.parse(dump({ json: true, key: "nobody" }))).to.deep.equal({ tasks: [] });
  });

  it("a label that throws becomes text, the dump goes on", () => {
    const registry = initGlobalRegistry();
    const d = deferred<void>();
    const hostile = {
      toString() {
        throw new Error("no");
      },
    };
    void registry.register("job x", "x").run(() => instrumentAwait(d.promise, span`bad ${hostile}`));
    expect(mine(dump())).to.match(/^\[job x\]\nx \[0\.000ns\]\n {2}bad <label error: Error: no>/);
    d.resolve();
  });
});
