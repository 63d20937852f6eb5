import { instrumentAwait, Registry, spanStats, traced } from "@await-tree/runtime";
import { expect } from "chai";
import { deferred, tick } from "../support/async.js";

/**
 * A task's pending work 20,000 levels deep (each level suspended before it recurses, so the program's
 * own stack stays flat), then moved to another owner: the task ends (its pending work is orphaned)
 * or another task awaits it. Every span of the chain changes owner; doing that by recursion
 * overflowed the stack half-way (about 5,000 levels) and left the arena half-updated.
 */
const DEPTH = 20_000;

/**
 * Live spans, once the test's own root exists: under the mocha integration a snapshot asking for
 * the current span creates it (as `finish()` does below, taking its leftovers).
 */
async function liveSpans(): Promise<number> {
  new Registry().register("warm", "warm").tree();
  await tick();
  return spanStats().live;
}

function deepChain(registry: Registry, key: string, gate: Promise<void>) {
  const rec = traced("rec", async (n: number): Promise<number> => {
    await null;
    if (n === 0) {
      await gate;
      return 0;
    }
    return (await instrumentAwait(rec(n - 1), "w")) + 1;
  });
  const root = registry.register(key, key);
  let top!: Promise<number>;
  void root.run(() => {
    top = rec(DEPTH);
    return top;
  });
  return { root, top: () => top };
}

describe("runtime: spans of a deep pending chain change owner without recursion", () => {
  it("finish() of a task whose pending work is 20,000 levels deep returns its leftovers and frees its root", async () => {
    const registry = new Registry();
    const gate = deferred();
    const before = await liveSpans();
    const { root, top } = deepChain(registry, "deep", gate.promise);
    await tick();
    let leftovers: unknown;
    expect(() => {
      leftovers = root.finish();
    }).not.to.throw();
    expect(leftovers).not.to.equal(undefined);
    expect(registry.get("deep")).to.equal(undefined);
    gate.resolve();
    expect(await top()).to.equal(DEPTH);
    await tick();
    expect(spanStats().live).to.equal(before);
  });

  it("a task's own synchronous error reaches the program while its pending work is 20,000 levels deep", async () => {
    const registry = new Registry();
    const gate = deferred();
    const before = await liveSpans();
    const { root, top } = deepChain(registry, "deep", gate.promise);
    await tick();
    const mine = new Error("the program's own error");
    expect(() =>
      root.run(() => {
        throw mine;
      }),
    ).to.throw(mine);
    gate.resolve();
    expect(await top()).to.equal(DEPTH);
    await tick();
    expect(spanStats().live).to.equal(before);
  });

  it("another task awaiting the chain takes all of it: its tree shows it, and every span ends with it", async () => {
    const registry = new Registry();
    const gate = deferred();
    const before = await liveSpans();
    const { top } = deepChain(registry, "a", gate.promise);
    await tick();
    const b = registry.register("b", "b");
    const awaited = b.run(() => instrumentAwait(top(), "the chain"));
    await tick();
    // Every level (a `rec` call folded into its wait `w`) is under "b" now, none left under "a".
    const tree = registry.get("b")?.toString({ maxDepth: 6 }) ?? "";
    expect(tree).to.match(/^b \[.*\n {2}the chain \[.*\n {4}w \[/);
    expect(tree).to.match(/… \d+ levels elided \(\d+ spans\) …/);
    expect(registry.get("a")?.toString()).to.match(/^a \[[^\n]*\n$/);
    gate.resolve();
    expect(await awaited).to.equal(DEPTH);
    await tick();
    expect(registry.size).to.equal(0);
    expect(spanStats().live).to.equal(before);
  });
});
