import { instrumentAwait, Registry, span, traced } from "@await-tree/runtime";
import { expect } from "chai";
import { never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

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
    });
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
