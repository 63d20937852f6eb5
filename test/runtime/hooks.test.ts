/**
 * The calls transformed code makes, driven by hand in exactly the emitted shape documented in
 * packages/runtime/src/core/hooks.ts, so the runtime half of the transformer contract is tested
 * on its own.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { currentTree, instrumentAwait, Registry, span, traced } from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
import { expect } from "chai";
import { deferred, never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";
import { runScript } from "../support/run-node.js";

const s = (label: string, line: number, call = false) =>
  $at.site({ parts: [label], file: "src/seed.ts", line, column: 5, call });

const sBaz = $at.site({ parts: ["baz(", ")"], file: "src/seed.ts", line: 1, column: 1 });
const sPending = s("pending()", 2);
const sBazInBar = $at.site({ parts: ["baz(", ")"], file: "src/seed.ts", line: 5, column: 5, call: true });
const sAll = s("Promise.all([bar(3), baz(2)])", 9);
const sBar = $at.site({ parts: ["bar(", ")"], file: "src/seed.ts", line: 4, column: 1 });

async function baz(i: number): Promise<void> {
  const $f = $at.enter(sBaz, i);
  try {
    $at.resume($f, await $at.suspend($f, sPending, $at.mark($f), never()));
  } finally {
    $at.exit($f);
  }
}

async function bar(i: number): Promise<void> {
  const $f = $at.enter(sBar, i);
  try {
    $at.resume($f, await $at.suspend($f, sBazInBar, $at.mark($f), baz(i), i));
  } finally {
    $at.exit($f);
  }
}

describe("runtime: hooks called by transformed code", () => {
  afterEach(restoreClock);

  it("builds the seed tree: waits claim the calls made in their awaited expression", async () => {
    const clock = useManualClock();
    const registry = new Registry();
    void registry.register("foo", "foo").run(async () => {
      const $f = $at.enter(s("foo()", 8));
      try {
        $at.resume($f, await $at.suspend($f, sAll, $at.mark($f), Promise.all([bar(3), baz(2)])));
      } finally {
        $at.exit($f);
      }
    });
    clock.advance(1006);
    const tree = registry.get("foo");
    expect(tree?.toString()).to.equal(
      [
        "foo [1.006s]",
        "  foo() [1.006s]",
        "    Promise.all([bar(3), baz(2)]) [1.006s]",
        "      bar(3) [1.006s]",
        "        baz(3) [1.006s]",
        "          pending() [1.006s]",
        "      baz(2) [1.006s]",
        "        pending() [1.006s]",
        "",
      ].join("\n"),
    );
    expect(tree?.toString({ locations: true })).to.contain(
      "    Promise.all([bar(3), baz(2)]) [1.006s] at src/seed.ts:9:5\n",
    );
    expect(tree?.toString({ fold: false })).to.contain("        baz(3) [1.006s]\n          baz(3) [1.006s]\n");
  });

  it("moves current on entry, suspension, resumption and exit, without touching the awaited value", async () => {
    useManualClock();
    const registry = new Registry();
    const seen: string[] = [];
    const d = deferred<number>();
    const site = s("d.promise", 3);
    const value = await registry.register("k", "k").run(async () => {
      const $f = $at.enter(s("task()", 1));
      try {
        seen.push(currentTree()?.toString() ?? "");
        setTimeout(() => {
          seen.push(registry.get("k")?.toString() ?? "");
          d.resolve(5);
        }, 1);
        const v = $at.resume($f, await $at.suspend($f, site, $at.mark($f), d.promise));
        seen.push(currentTree()?.toString() ?? "");
        return v;
      } finally {
        $at.exit($f);
      }
    });
    expect(value).to.equal(5);
    expect(seen).to.deep.equal([
      "k [0.000ns]\n  task() [0.000ns]  <== current\n",
      "k [0.000ns]\n  task() [0.000ns]\n    d.promise [0.000ns]\n",
      "k [0.000ns]\n  task() [0.000ns]  <== current\n",
    ]);
  });

  it("closes the wait when a rejected await resumes in catch or finally", async () => {
    useManualClock();
    const registry = new Registry();
    const seen: string[] = [];
    await registry.register("k", "k").run(async () => {
      const $f = $at.enter(s("task()", 1));
      try {
        try {
          $at.resume($f, await $at.suspend($f, s("boom()", 2), $at.mark($f), Promise.reject(new Error("x"))));
        } catch {
          $at.resumeThrown($f);
          seen.push(currentTree()?.toString() ?? "");
        }
      } finally {
        $at.exit($f);
      }
    });
    expect(seen).to.deep.equal(["k [0.000ns]\n  task() [0.000ns]  <== current\n"]);
  });

  it("takes a hand label from instrumentAwait inside transformed code, keeping the site's location", async () => {
    useManualClock();
    const registry = new Registry();
    void registry.register("k", "k").run(async () => {
      const $f = $at.enter(s("task()", 1));
      try {
        $at.resume(
          $f,
          await $at.suspend($f, s("instrumentAwait(...)", 7), $at.mark($f), instrumentAwait(never(), "by hand")),
        );
      } finally {
        $at.exit($f);
      }
    });
    await tick();
    expect(registry.get("k")?.toString({ locations: true })).to.equal(
      "k [0.000ns]\n  task() [0.000ns] at src/seed.ts:1:5\n    by hand [0.000ns] at src/seed.ts:7:5\n",
    );
  });

  it("lets a hand label go when its wait closes; the slot's next wait on the site shows the site", async () => {
    // A companion wait keeps its site as label from one opening to the next (slots.ts `release`);
    // a hand label is the program's value, and must go with the wait.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const registry = new Registry();
    const sW = s("w", 30);
    let ref: WeakRef<object> | undefined;
    const gate = deferred<void>();
    async function handLabelled(): Promise<void> {
      const $f = $at.enter(s("handLabelled()", 31));
      let $t: unknown;
      try {
        const label = span("by hand");
        ref = new WeakRef(label);
        $t = await $at.suspend($f, sW, $at.mark($f), instrumentAwait(Promise.resolve(1), label));
        $at.resume($f, $t);
      } finally {
        $at.exit($f);
      }
    }
    async function bySite(): Promise<void> {
      const $f = $at.enter(s("bySite()", 32));
      let $t: unknown;
      try {
        $t = await $at.suspend($f, sW, $at.mark($f), gate.promise);
        $at.resume($f, $t);
      } finally {
        $at.exit($f);
      }
    }
    const checked = deferred<void>();
    const done = registry.register("k", "k").run(async () => {
      await handLabelled();
      await checked.promise;
      await bySite(); // the slot pair handLabelled() freed (free pairs are reused last in, first out)
    });
    for (let i = 0; i < 4; i++) await tick();
    gc();
    await tick();
    gc();
    expect(ref?.deref(), "the hand label, after its wait closed and its frame ended").to.equal(undefined);
    checked.resolve();
    for (let i = 0; i < 4; i++) await tick();
    expect(registry.get("k")?.toString()).to.match(/^k \[.*\]\n {2}bySite\(\) \[.*\]\n {4}w \[.*\]\n$/);
    gate.resolve();
    await done;
  });

  it("lets a @traced wrapper open the frame and the transformed body adopt it", async () => {
    useManualClock();
    const registry = new Registry();
    const body = async function load(this: { tag: string }, id: number): Promise<string> {
      const $f = $at.enter(s("load", 20));
      try {
        $at.resume($f, await $at.suspend($f, s("db.query(sql)", 21), $at.mark($f), never()));
        return `${this.tag}${id}`;
      } finally {
        $at.exit($f);
      }
    };
    const load = traced($at.transformed("load user ${id}"), body);
    void registry.register("k", "k").run(() => load.call({ tag: "t" }, 42));
    await tick();
    expect(registry.get("k")?.toString({ locations: true })).to.equal(
      "k [0.000ns]\n  load user 42 [0.000ns] at src/seed.ts:20:5\n    db.query(sql) [0.000ns] at src/seed.ts:21:5\n",
    );
  });

  it("records the inputs of a join made earlier, so stored calls move under the wait", async () => {
    useManualClock();
    const registry = new Registry();
    const job = traced("job ${n}", (n: number) => (n > 0 ? never() : never()));
    void registry.register("k", "k").run(async () => {
      const $f = $at.enter(s("task()", 1));
      try {
        const calls = [job(1), job(2)];
        $at.resume(
          $f,
          await $at.suspend($f, s("Promise.all(calls)", 3), $at.mark($f), $at.join(Promise.all(calls), calls)),
        );
      } finally {
        $at.exit($f);
      }
    });
    await tick();
    expect(registry.get("k")?.toString()).to.equal(
      "k [0.000ns]\n  task() [0.000ns]\n    Promise.all(calls) [0.000ns]\n      job 1 [0.000ns]\n      job 2 [0.000ns]\n",
    );
  });

  it("does nothing for frame 0 (not recorded) and outside tasks", async () => {
    expect($at.suspend(0, sPending, 0, 5)).to.equal(5);
    expect($at.resume(0, 6)).to.equal(6);
    $at.resumeThrown(0);
    $at.exit(0);
    expect($at.mark(0)).to.equal(0);
    expect($at.join(7, [1])).to.equal(7);
  });

  it("never throws on arguments emitted code would not pass (a null site, a reference that is not a number)", () => {
    // In a process of its own: no promise tag or hand label exists yet, so `suspend` takes the
    // common await's path (written out in plain loads and stores) for the null site.
    const r = runScript(
      `const $at = require("@await-tree/runtime/instrument");
       const { Registry, currentTree } = require("@await-tree/runtime");
       const sF = $at.site({ parts: ["f()"], file: "src/odd.ts", line: 1 });
       const sW = $at.site({ parts: ["w"], file: "src/odd.ts", line: 2 });
       const out = [];
       new Registry().register("odd", "odd").run(async () => {
         const $f = $at.enter(sF);
         let $t;
         try {
           out.push(($t = await $at.suspend($f, null, $at.mark($f), Promise.resolve(3)), $at.resume($f, $t)));
           out.push(($t = await $at.suspend($f, undefined, $at.mark($f), 4, {}), $at.resume($f, $t)));
           for (const ref of ["x", undefined, null, -1, 2 ** 40, Number.NaN, {}]) {
             out.push($at.suspend(ref, sW, $at.mark(ref), 5), $at.resume(ref, 6));
             $at.resumeThrown(ref);
             $at.exit(ref);
           }
           out.push(($t = await $at.suspend($f, sW, $at.mark($f), 7), $at.resume($f, $t)));
           console.log(out.join(" "));
           console.log(currentTree().toString().split("\\n")[1].trim().split(" ")[0]);
         } finally {
           $at.exit($f);
         }
       });`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    expect(r.status).to.equal(0);
    // Every value came back as given, and the frame is still the current span afterwards.
    expect(r.stdout).to.equal(`3 4 ${"5 6 ".repeat(7)}7\nf()\n`);
  });
});
