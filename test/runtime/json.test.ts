import { readFileSync } from "node:fs";
import { join } from "node:path";
import { instrumentAwait, Registry, span, traced } from "@await-tree/runtime";
import { expect } from "chai";
import { never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";
import { repoRoot } from "../support/run-node.js";
import { validate } from "../support/schema.js";

const schema = JSON.parse(readFileSync(join(repoRoot, "docs", "tree-json.schema.json"), "utf8"));

describe("runtime: JSON format", () => {
  afterEach(restoreClock);

  it("keeps await-tree's field names and adds kind, key and locations", async () => {
    const clock = useManualClock();
    const registry = new Registry();
    const load = traced("load user ${id}", async (id: number) => {
      await instrumentAwait(never(), span`query user ${id}`.longRunning());
    });
    void registry.register("req 42", "req 42").run(() => load(42));
    await tick();
    clock.advance(2.5);
    const json = JSON.parse(JSON.stringify(registry.get("req 42")));
    const rootId = json.tree.id;
    expect(json).to.deep.equal({
      current: rootId,
      tree: {
        id: rootId,
        span: { name: "req 42", is_verbose: false, is_long_running: true },
        elapsed_ns: 2_500_000,
        kind: "root",
        children: [
          {
            id: json.tree.children[0].id,
            span: { name: "load user 42", is_verbose: false, is_long_running: false },
            elapsed_ns: 2_500_000,
            kind: "frame",
            children: [
              {
                id: json.tree.children[0].children[0].id,
                span: { name: "query user 42", is_verbose: false, is_long_running: true },
                elapsed_ns: 2_500_000,
                kind: "wait",
                children: [],
              },
            ],
          },
        ],
      },
      detached: [],
      key: "req 42",
      untransformed: 1, // the one traced call ran without the transformer
    });
  });

  it("conforms to docs/tree-json.schema.json, with every addition present", async () => {
    useManualClock();
    const registry = new Registry({ maxLabelLength: 100 });
    const shared = traced("shared", () => never());
    const bg = traced("bg", () => never());
    void registry.register("k", "k").run(async () => {
      const p = shared();
      void instrumentAwait(p, "first");
      void bg();
      await instrumentAwait(p, "second");
    });
    await tick();
    const json = JSON.parse(JSON.stringify(registry.get("k")));
    expect(validate(json, schema)).to.deep.equal([]);
    expect(JSON.stringify(json)).to.contain('"shared":{');
    // The validator itself rejects what the schema forbids.
    expect(validate({ ...json, extra: 1 }, schema)).to.deep.equal(["$: unexpected property extra"]);
    expect(validate({ current: 1, tree: { id: 1 }, detached: [] }, schema)).to.have.length.greaterThan(0);
  });

  it("lists detached spans with the same node shape", async () => {
    useManualClock();
    const registry = new Registry();
    const bg = traced("bg", () => never());
    const caller = traced("caller", async () => {
      void bg();
    });
    void registry.register("k", "k").run(async () => {
      await caller();
      await instrumentAwait(never(), "hold");
    });
    await tick();
    const json = registry.get("k")?.toJSON();
    expect(json?.detached.map((d) => d.span.name)).to.deep.equal(["bg"]);
    expect(json?.detached[0]).to.include.keys("id", "span", "elapsed_ns", "children", "kind");
  });
});
