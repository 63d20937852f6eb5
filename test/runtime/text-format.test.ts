import { instrumentAwait, Registry, span, traced } from "@await-tree/runtime";
import { expect } from "chai";
import { never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

describe("runtime: text format matches await-tree byte for byte", () => {
  afterEach(restoreClock);

  it("prints the seed example exactly as the Rust crate does", async () => {
    const clock = useManualClock();
    const baz = traced("baz", async (i: number) => {
      await instrumentAwait(never(), span`pending in baz ${i}`);
    });
    const bar = traced("bar", async (i: number) => {
      await instrumentAwait(baz(i), "baz in bar");
    });
    const registry = new Registry();
    void registry.register("foo", "foo").run(() => Promise.all([bar(3), baz(2)]));
    await tick();
    clock.advance(1006);
    expect(registry.get("foo")?.toString()).to.equal(
      [
        "foo [1.006s]",
        "  bar [1.006s]",
        "    baz in bar [1.006s]",
        "      pending in baz 3 [1.006s]",
        "  baz [1.006s]",
        "    pending in baz 2 [1.006s]",
        "",
      ].join("\n"),
    );
  });

  it("marks spans pending for 10 whole seconds with !!!, never the root or long-running spans", async () => {
    const clock = useManualClock();
    const registry = new Registry();
    const lr = traced(span("long_running_child").longRunning(), () => never());
    const child = traced("child", () => never());
    void registry.register("foo", "foo").run(() => Promise.all([lr(), child()]));
    clock.advance(9_999.6); // prints as 10.000s but is not yet 10 whole seconds
    expect(registry.get("foo")?.toString()).to.equal(
      "foo [10.000s]\n  long_running_child [10.000s]\n  child [10.000s]\n",
    );
    clock.advance(0.4);
    expect(registry.get("foo")?.toString()).to.equal(
      "foo [10.000s]\n  long_running_child [10.000s]\n  child [!!! 10.000s]\n",
    );
    clock.advance(1_006);
    expect(registry.get("foo")?.toString()).to.equal(
      "foo [11.006s]\n  long_running_child [11.006s]\n  child [!!! 11.006s]\n",
    );
  });

  it("takes the slow threshold from the registry, so tests need not wait 10 s", () => {
    const clock = useManualClock();
    const registry = new Registry({ slowThresholdMs: 50 });
    void registry.register("t", "t").run(() => instrumentAwait(never(), "slow"));
    clock.advance(49);
    expect(registry.get("t")?.toString()).to.equal("t [49.000ms]\n  slow [49.000ms]\n");
    clock.advance(1);
    expect(registry.get("t")?.toString()).to.equal("t [50.000ms]\n  slow [!!! 50.000ms]\n");
  });

  it("orders children by start time, oldest first, ties in insertion order", async () => {
    const clock = useManualClock();
    const registry = new Registry();
    const root = registry.register("r", "r");
    void root.run(() => {
      instrumentAwait(never(), "a");
      instrumentAwait(never(), "b");
      clock.advance(5);
      instrumentAwait(never(), "c");
      return never();
    });
    clock.advance(1);
    expect(registry.get("r")?.toString()).to.equal("r [6.000ms]\n  a [6.000ms]\n  b [6.000ms]\n  c [1.000ms]\n");
  });

  it("escapes newlines and control characters so that one span is one line", () => {
    useManualClock();
    const registry = new Registry();
    void registry.register("k", "root\nname").run(() => instrumentAwait(never(), "a\tb\u0007c\r\nd\u2028"));
    const text = registry.get("k")?.toString() ?? "";
    expect(text).to.equal("root\\nname [0.000ns]\n  a\\tb\\u0007c\\r\\nd\\u2028 [0.000ns]\n");
    expect(text.split("\n")).to.have.length(3);
  });

  it("cuts huge labels at maxLabelLength with a marker giving the full length", () => {
    useManualClock();
    const registry = new Registry({ maxLabelLength: 20 });
    const huge = "x".repeat(1_000_000);
    void registry.register("k", "k").run(() => instrumentAwait(never(), huge));
    expect(registry.get("k")?.toString()).to.equal(`k [0.000ns]\n  ${"x".repeat(20)}…(1000000 chars) [0.000ns]\n`);
  });

  it("adds source locations only when asked, and only where known", async () => {
    useManualClock();
    const registry = new Registry();
    void registry.register("k", "k").run(() => instrumentAwait(never(), "w"));
    expect(registry.get("k")?.toString({ locations: true })).to.equal("k [0.000ns]\n  w [0.000ns]\n");
    expect(() => registry.get("k")?.toString(null as never)).to.throw(TypeError, /options must be an object/);
  });

  it("prints collectAll as [<key>] headers, anonymous keys as Anonymous #n", () => {
    useManualClock();
    const registry = new Registry();
    void registry.register(7, "seven").run(() => never());
    void registry.registerAnonymous("anon").run(() => never());
    expect(registry.toString()).to.equal("[7]\nseven [0.000ns]\n\n[Anonymous #0]\nanon [0.000ns]\n\n");
  });
});
