/**
 * The claim: frames attached to a transformed frame while it evaluates an awaited expression move
 * under the wait of that await (core/links.ts `claimChildren`). Its common case, one call whose
 * frame is the parent's last child, is written out; these trees check that the parent's child list
 * stays whole around it (a sibling before it, a sibling after it) and that the general path still
 * takes two calls and leaves a call made before the await where it was. Driven by hand in exactly
 * the emitted shape (docs/transformer.md, "Emitted code").
 */
import { Registry } from "@await-tree/runtime";
import * as $at from "@await-tree/runtime/instrument";
import { expect } from "chai";
import { deferred, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

const site = (parts: string[], line: number, call = false) =>
  $at.site({ parts, file: "src/claim.ts", line, column: 5, call });

const sWork = site(["work(", ")"], 1);
const sGate = site(["gate"], 2);
const sParent = site(["parent()"], 3);
const sAwaitWork = site(["work(", ")"], 4, true);
const sAwaitBoth = site(["both()"], 5, true);
const sAwaitLater = site(["later"], 6, true);

/** Task "k"'s tree, unfolded (every wait on its own line), and the lines it should print. */
const tree = (registry: Registry) => registry.get("k")?.toString({ fold: false });
const lines = (...printed: string[]) => [...printed, ""].join("\n");

/** Run `body` as task "k" of a new registry, up to where everything it started is pending. */
async function started(body: () => Promise<unknown>): Promise<{ registry: Registry; done: Promise<unknown> }> {
  const registry = new Registry();
  const done = registry.register("k", "k").run(body);
  await tick();
  return { registry, done };
}

/** `async function work(n, gate) { await gate; return n; }` */
async function work(n: number, gate: Promise<void>): Promise<number> {
  const $f = $at.enter(sWork, n);
  try {
    $at.resume($f, await $at.suspend($f, sGate, $at.mark($f), gate));
    return n;
  } finally {
    $at.exit($f);
  }
}

/**
 * ```ts
 * async function parent() {
 *   const early = work(1, slow);                       // before the await: stays a child of parent
 *   const a = await work(2, fast);                     // the common claim, `early` before it
 *   const late = work(3, slow);                        // appended after `early`
 *   await Promise.all([work(4, fast), work(5, fast)]); // two calls: the general claim
 *   await later;
 *   return (await early) + a + (await late);
 * }
 * ```
 */
async function parent(slow: Promise<void>, fast: Promise<void>, later: Promise<void>): Promise<number> {
  const $f = $at.enter(sParent);
  try {
    const early = work(1, slow);
    const a = $at.resume($f, await $at.suspend($f, sAwaitWork, $at.mark($f), work(2, fast), 2));
    const late = work(3, slow);
    const m = $at.mark($f);
    $at.resume($f, await $at.suspend($f, sAwaitBoth, m, Promise.all([work(4, fast), work(5, fast)])));
    $at.resume($f, await $at.suspend($f, sAwaitLater, $at.mark($f), later));
    return (await early) + a + (await late);
  } finally {
    $at.exit($f);
  }
}

describe("runtime: the claim of an awaited call's frame", () => {
  beforeEach(() => {
    useManualClock();
  });
  afterEach(restoreClock);

  it("moves one call under the wait, keeping a sibling before and after it in the parent's list", async () => {
    const slow = deferred<void>();
    const fast = deferred<void>();
    const later = deferred<void>();
    const { registry, done } = await started(() => parent(slow.promise, fast.promise, later.promise));
    // At the first await: `work(1)` stays where it was called, `work(2)` is under the await's wait.
    expect(tree(registry)).to.equal(
      lines(
        "k [0.000ns]",
        "  parent() [0.000ns]",
        "    work(1) [0.000ns]",
        "      gate [0.000ns]",
        "    work(2) [0.000ns]",
        "      work(2) [0.000ns]",
        "        gate [0.000ns]",
      ),
    );
    fast.resolve();
    await tick();
    // `work(3)` is appended after `work(1)` (the list's last child was mended by the claim), and
    // both calls of the join moved under its wait.
    await tick();
    expect(tree(registry)).to.equal(
      lines(
        "k [0.000ns]",
        "  parent() [0.000ns]",
        "    work(1) [0.000ns]",
        "      gate [0.000ns]",
        "    work(3) [0.000ns]",
        "      gate [0.000ns]",
        "    later [0.000ns]",
      ),
    );
    later.resolve();
    slow.resolve();
    expect(await done).to.equal(6);
  });

  it("moves a parent's only child under the wait, leaving the parent's list empty", async () => {
    const gate = deferred<void>();
    const then = deferred<void>();
    /** `async function only() { await work(1, gate); await then; }` */
    async function only(): Promise<void> {
      const $f = $at.enter(sParent);
      try {
        $at.resume($f, await $at.suspend($f, sAwaitWork, $at.mark($f), work(1, gate.promise), 1));
        $at.resume($f, await $at.suspend($f, sAwaitLater, $at.mark($f), then.promise));
      } finally {
        $at.exit($f);
      }
    }
    const { registry, done } = await started(only);
    expect(tree(registry)).to.equal(
      lines(
        "k [0.000ns]",
        "  parent() [0.000ns]",
        "    work(1) [0.000ns]",
        "      work(1) [0.000ns]",
        "        gate [0.000ns]",
      ),
    );
    gate.resolve();
    await tick();
    expect(tree(registry)).to.equal(lines("k [0.000ns]", "  parent() [0.000ns]", "    later [0.000ns]"));
    then.resolve();
    await done;
  });

  it("keeps the moved call in the wait's list when the awaited value brings another frame under it", async () => {
    const gate = deferred<void>();
    const sRace = site(["Promise.race([work(1), old])"], 8, true);
    /**
     * ```ts
     * async function race() {
     *   const old = Promise.all([work(0, gate)]);            // a join not awaited: tagged with work(0)
     *   await Promise.race([work(1, gate), old]);            // claims work(1); the tag brings work(0)
     * }
     * ```
     */
    async function race(): Promise<void> {
      const $f = $at.enter(sParent);
      try {
        const m0 = $at.mark($f);
        const first = [work(0, gate.promise)];
        const old = $at.join(Promise.all(first), first, $f, m0);
        const m = $at.mark($f);
        const inputs = [work(1, gate.promise), old];
        $at.resume($f, await $at.suspend($f, sRace, m, $at.join(Promise.race(inputs), inputs, $f, m, true)));
      } finally {
        $at.exit($f);
      }
    }
    const { registry, done } = await started(race);
    expect(tree(registry)).to.equal(
      lines(
        "k [0.000ns]",
        "  parent() [0.000ns]",
        "    Promise.race([work(1), old]) [0.000ns]",
        "      work(1) [0.000ns]",
        "        gate [0.000ns]",
        "      work(0) [0.000ns]",
        "        gate [0.000ns]",
      ),
    );
    gate.resolve();
    await done;
  });

  it("moves both calls of a join under its wait while they are pending", async () => {
    const gate = deferred<void>();
    const sJoin = site(["Promise.all([work(1), work(2)])"], 7, true);
    /** `async function join() { const x = work(0, now); await Promise.all([work(1, gate), work(2, gate)]); }` */
    async function join(): Promise<void> {
      const $f = $at.enter(sParent);
      try {
        const before = work(0, Promise.resolve());
        const m = $at.mark($f);
        $at.resume($f, await $at.suspend($f, sJoin, m, Promise.all([work(1, gate.promise), work(2, gate.promise)])));
        await before;
      } finally {
        $at.exit($f);
      }
    }
    const { registry, done } = await started(join);
    expect(tree(registry)).to.equal(
      lines(
        "k [0.000ns]",
        "  parent() [0.000ns]",
        "    Promise.all([work(1), work(2)]) [0.000ns]",
        "      work(1) [0.000ns]",
        "        gate [0.000ns]",
        "      work(2) [0.000ns]",
        "        gate [0.000ns]",
      ),
    );
    gate.resolve();
    await done;
  });
});
