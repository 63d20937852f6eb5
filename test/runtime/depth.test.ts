import { readFileSync } from "node:fs";
import { join } from "node:path";
import { instrumentAwait, Registry, type SpanJSON, type SpanNode, type Tree, traced } from "@await-tree/runtime";
import { expect } from "chai";
import { never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";
import { repoRoot } from "../support/run-node.js";
import { validate } from "../support/schema.js";

const schema = JSON.parse(readFileSync(join(repoRoot, "docs", "tree-json.schema.json"), "utf8"));

type Shape = "calls" | "folded" | "leaves";

/**
 * A recursion `depth` levels deep, every level suspended before it recurses (so the call stack
 * stays flat). "calls": each level returns the next call (printed levels: the root, then
 * `depth + 1` calls). "folded": each level awaits the next call through a hand-labelled wait, which
 * prints folded (root, `rec`, then one `w` line per level; JSON has a wait and a call per level).
 * "leaves": each level waits for the next call and a pending leaf call (branches all the way down).
 */
async function deepTree(registry: Registry, depth: number, shape: Shape): Promise<Tree> {
  const leaf = traced("leaf", () => never());
  const rec = traced("rec", async (n: number): Promise<unknown> => {
    await null;
    if (n === 0) return never();
    if (shape === "calls") return rec(n - 1);
    return shape === "leaves"
      ? instrumentAwait(Promise.all([rec(n - 1), leaf()]), "w")
      : instrumentAwait(rec(n - 1), "w");
  });
  void registry.register("deep", "deep").run(() => rec(depth));
  // Each level starts one microtask after the one above it; a macrotask turn lets them all run.
  await tick();
  const tree = registry.get("deep");
  if (tree === undefined) throw new Error("the task ended");
  return tree;
}

/** Spans under `tops`, walked without recursion. */
function countNodes(tops: readonly SpanNode[]): number {
  const stack = [...tops];
  let n = 0;
  while (stack.length > 0) {
    const x = stack.pop() as SpanNode;
    n++;
    stack.push(...x.children);
  }
  return n;
}

interface JsonFacts {
  levels: number;
  spans: number;
  elisions: SpanJSON[];
}

/** Depth in nodes, spans shown, and elision nodes of a JSON tree, walked without recursion. */
function jsonFacts(top: SpanJSON): JsonFacts {
  const facts: JsonFacts = { levels: 0, spans: 0, elisions: [] };
  const stack: Array<[SpanJSON, number]> = [[top, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop() as [SpanJSON, number];
    facts.levels = Math.max(facts.levels, d);
    if (n.kind === "elided") facts.elisions.push(n);
    else facts.spans++;
    for (const c of n.children) stack.push([c, d + 1]);
  }
  return facts;
}

describe("runtime: deep and wide trees print in time linear in the output, never throw", function () {
  // Building 200,000 spans and snapshotting them takes a second or two on a busy machine.
  this.timeout(120_000);
  afterEach(restoreClock);

  it("prints a chain 100,000 levels deep as its first 50 levels, one counted elision line, its last 50", async () => {
    useManualClock();
    const depth = 100_000;
    const tree = await deepTree(new Registry(), depth, "calls");
    const text = tree.toString();
    const lines = text.split("\n");
    expect(lines.pop()).to.equal("");
    // Printed levels: the root and `depth + 1` calls; 50 + 50 of them are kept.
    const elided = depth + 2 - 100;
    expect(lines).to.have.length(101);
    expect(lines[50]).to.equal(`${"  ".repeat(50)}… ${elided} levels elided (${elided} spans) …`);
    expect(lines[49]).to.equal(`${"  ".repeat(49)}rec [0.000ns]`);
    expect(lines[51]).to.equal(`${"  ".repeat(51)}rec [0.000ns]`);
    expect(lines[100]).to.equal(`${"  ".repeat(100)}rec [0.000ns]`);
    // Linear: every line is at most 101 indentation levels and a short label.
    expect(Math.max(...lines.map((l) => l.length))).to.be.below(250);
    expect(text.length).to.be.below(101 * 250);
  });

  it("serialises a chain 100,000 levels deep with JSON.stringify, its nesting bounded, the elision counted", async () => {
    useManualClock();
    const depth = 100_000;
    const tree = await deepTree(new Registry(), depth, "calls");
    const viaStringify = JSON.parse(JSON.stringify(tree)) as { tree: SpanJSON };
    const facts = jsonFacts(viaStringify.tree);
    const spans = depth + 2;
    expect(facts.levels).to.equal(101);
    expect(facts.elisions).to.have.length(1);
    const e = facts.elisions[0] as SpanJSON;
    expect(e.elided).to.deep.equal({ levels: spans - 100, spans: spans - 100 });
    expect(e.span.name).to.equal(`… ${spans - 100} levels elided (${spans - 100} spans) …`);
    expect(e.id).to.equal(0);
    expect(facts.spans + (e.elided?.spans ?? 0)).to.equal(countNodes([tree.root]));
    // A direct call with options, and the whole snapshot kept in `Tree#root`.
    expect(jsonFacts(tree.toJSON({ maxDepth: 10 }).tree).levels).to.equal(11);
    expect(countNodes([tree.root])).to.equal(spans);
  });

  it("serialises the 5,000-level tree of the issue (JSON.stringify overflowed the stack)", async () => {
    useManualClock();
    const tree = await deepTree(new Registry(), 5_000, "calls");
    expect(() => JSON.stringify(tree.toJSON())).not.to.throw();
    expect(jsonFacts(tree.toJSON().tree).levels).to.equal(101);
  });

  it("counts the branches that end inside the elided levels, in text and in JSON", async () => {
    useManualClock();
    const depth = 20_000;
    const tree = await deepTree(new Registry(), depth, "leaves");
    const total = countNodes([tree.root]);
    // Every level: rec, its wait, leaf. JSON: nothing is lost, every span is shown or counted.
    const json = jsonFacts(tree.toJSON().tree);
    expect(json.levels).to.equal(101);
    const counted = json.elisions.reduce((sum, e) => sum + (e.elided?.spans ?? 0), 0);
    expect(json.spans + counted).to.equal(total);
    // Text (the waits await Promise.all, so nothing folds): same conservation, from the lines.
    const lines = tree.toString().split("\n").slice(0, -1);
    const elision = lines.filter((l) => l.includes(" elided ("));
    expect(elision).to.have.length(1);
    const m = /… (\d+) levels elided \((\d+) spans\) …$/.exec(elision[0] as string);
    expect(m).not.to.equal(null);
    expect(lines.length - 1 + Number(m?.[2])).to.equal(total);
    expect(Math.max(...lines.map((l) => l.length - l.trimStart().length))).to.be.at.most(200);
  });

  it("prints 100,000 siblings whole, one line each", async () => {
    useManualClock();
    const registry = new Registry();
    const leaf = traced("leaf", () => never());
    void registry.register("wide", "wide").run(() => {
      for (let i = 0; i < 100_000; i++) void leaf();
      return never();
    });
    const tree = registry.get("wide") as Tree;
    const text = tree.toString();
    expect(text.split("\n")).to.have.length(100_002);
    expect(text.length).to.equal("wide [0.000ns]\n".length + 100_000 * "  leaf [0.000ns]\n".length);
    expect(JSON.parse(JSON.stringify(tree)).tree.children).to.have.length(100_000);
  });

  it("prints trees up to maxDepth levels whole and elides one level more, keeping the current mark", async () => {
    useManualClock();
    const registry = new Registry();
    const tree = await deepTree(registry, 2, "folded"); // root, rec, w, w: 4 levels
    const whole = "deep [0.000ns]\n  rec [0.000ns]\n    w [0.000ns]\n      w [0.000ns]\n";
    expect(tree.toString({ maxDepth: 4 })).to.equal(whole);
    expect(tree.toString({ maxDepth: Number.POSITIVE_INFINITY })).to.equal(whole);
    expect(tree.toString({ maxDepth: 3 })).to.equal(
      "deep [0.000ns]\n  rec [0.000ns]\n    … 1 level elided (2 spans) …\n      w [0.000ns]\n",
    );
    expect(tree.toString({ maxDepth: 2 })).to.equal(
      "deep [0.000ns]\n  … 2 levels elided (3 spans) …\n    w [0.000ns]\n",
    );
  });

  it("marks the elision line as current when the running span is among the elided levels", async () => {
    useManualClock();
    const registry = new Registry();
    let inMiddle: Tree | undefined;
    const rec = traced("rec", async (n: number): Promise<unknown> => {
      await null;
      // A timer started in rec(7) runs with rec(7) as its current span.
      if (n === 7) setTimeout(() => (inMiddle = registry.get("deep")), 1);
      if (n === 0) return never();
      return instrumentAwait(rec(n - 1), "w");
    });
    void registry.register("deep", "deep").run(() => rec(10));
    while (inMiddle === undefined) await tick();
    const text = inMiddle.toString({ maxDepth: 4 });
    expect(text).to.equal(
      "deep [0.000ns]\n  rec [0.000ns]\n    … 8 levels elided (16 spans) …  <== current\n      w [0.000ns]\n        w [0.000ns]\n",
    );
    const json = inMiddle.toJSON({ maxDepth: 4 });
    const e = jsonFacts(json.tree).elisions[0];
    expect(e?.elided).to.deep.equal({ levels: 18, spans: 18, current: true });
    expect(validate(json, schema)).to.deep.equal([]);
  });

  it("rejects a maxDepth that is not an integer >= 2 or Infinity", async () => {
    useManualClock();
    const tree = await deepTree(new Registry(), 1, "calls");
    for (const bad of [1, 2.5, Number.NaN, "10", -1]) {
      expect(() => tree.toString({ maxDepth: bad as number }), String(bad)).to.throw(TypeError, /maxDepth/);
      expect(() => tree.toJSON({ maxDepth: bad as number }), String(bad)).to.throw(TypeError, /maxDepth/);
    }
  });

  it("rejects unknown text options and options of the wrong type, naming them (Tree and Registry)", async () => {
    useManualClock();
    const registry = new Registry();
    const tree = await deepTree(registry, 1, "calls");
    for (const format of [(o: object) => tree.toString(o), (o: object) => registry.toString(o)]) {
      expect(() => format({ bogus: 1 })).to.throw(
        TypeError,
        /unknown option "bogus" \(known: locations, fold, maxDepth, maxLength\)/,
      );
      expect(() => format({ locations: "yes" })).to.throw(
        TypeError,
        /option "locations" must be true or false, got "yes"/,
      );
      expect(() => format({ fold: 0 })).to.throw(TypeError, /option "fold" must be true or false, got 0/);
      expect(format({ locations: true, fold: false })).to.be.a("string");
    }
  });

  it("cuts an output longer than maxLength at a line and counts the spans it left out", () => {
    useManualClock();
    const registry = new Registry();
    const leaf = traced("leaf", () => never());
    for (const key of ["a", "b"]) {
      void registry.register(key, key).run(() => {
        for (let i = 0; i < 10; i++) void leaf();
        return never();
      });
    }
    const line = "  leaf [0.000ns]\n".length;
    const tree = registry.get("a") as Tree;
    expect(tree.toString({ maxLength: "a [0.000ns]\n".length + 3 * line + 5 })).to.equal(
      `a [0.000ns]\n${"  leaf [0.000ns]\n".repeat(3)}[Omitted 7 spans: output limit reached]\n`,
    );
    // A registry dump shares one limit between its tasks: task b is counted whole.
    const dump = registry.toString({ maxLength: "[a]\n".length + "a [0.000ns]\n".length + 10 * line + 1 });
    expect(dump).to.equal(
      `[a]\na [0.000ns]\n${"  leaf [0.000ns]\n".repeat(10)}\n[Omitted 11 spans: output limit reached]\n`,
    );
    expect(registry.toString()).to.equal(
      `[a]\na [0.000ns]\n${"  leaf [0.000ns]\n".repeat(10)}\n[b]\nb [0.000ns]\n${"  leaf [0.000ns]\n".repeat(10)}\n` +
        "[Frames only: 20 traced calls ran without @await-tree/transformer, so the awaits inside are not shown; " +
        "for await-level trees compile or run the code with the transformer (see its README)]\n",
    );
  });
});
