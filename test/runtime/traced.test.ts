import { instrumentAwait, Registry, span, traced } from "@await-tree/runtime";
import { expect } from "chai";
import { never, tick } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";

class Db {
  query(_sql: string): Promise<never> {
    return never();
  }
}

class Users {
  readonly db = new Db();
  calls = 0;

  @traced
  async load(id: number): Promise<void> {
    this.calls++;
    await instrumentAwait(this.db.query(`select ${id}`), "db.query");
  }

  @traced("enrich ${row} for ${who}")
  async enrich(row: string, who: string): Promise<string> {
    // Pending when the test dumps: a promise that settled before the call returned has no frame.
    await null;
    return `${row}/${who}`;
  }

  @traced({ name: span("poll").longRunning(), verbose: false })
  async poll(): Promise<void> {
    await instrumentAwait(never(), "tick");
  }

  @traced()
  static async create(name: string): Promise<string> {
    return name;
  }
}

describe("runtime: traced", () => {
  beforeEach(() => useManualClock());
  afterEach(restoreClock);

  it("decorates async methods (standard decorators): Class.method(args) frames, this and values kept", async () => {
    const users = new Users();
    const registry = new Registry({ slowThresholdMs: 0 });
    void registry.register("req 42", "req 42").run(() => users.load(42));
    void registry.register("poll", "poll").run(() => users.poll());
    await tick();
    expect(users.calls).to.equal(1);
    expect(registry.get("req 42")?.toString()).to.equal(
      "req 42 [0.000ns]\n  Users.load(42) [!!! 0.000ns]\n    db.query [!!! 0.000ns]\n",
    );
    expect(registry.get("poll")?.toString()).to.equal("poll [0.000ns]\n  poll [0.000ns]\n    tick [!!! 0.000ns]\n");
    expect(await users.enrich("r", "me")).to.equal("r/me");
    expect(await Users.create("x")).to.equal("x");
    expect(Users.prototype.load.name).to.equal("load");
    expect(Users.prototype.load.length).to.equal(1);
  });

  it("fills ${param} templates with argument values at dump time", async () => {
    const users = new Users();
    const registry = new Registry();
    let text = "";
    await registry.register("k", "k").run(() => {
      const p = users.enrich("row1", "ann");
      text = registry.get("k")?.toString() ?? "";
      return p;
    });
    expect(text).to.equal("k [0.000ns]\n  enrich row1 for ann [0.000ns]\n");
  });

  it("fills a template naming a rest parameter with every argument it holds", async () => {
    const registry = new Registry();
    const send = traced("send ${subject} to ${recipients}", async (subject: string, ...recipients: unknown[]) => {
      await instrumentAwait(never(), "smtp");
      return [subject, recipients];
    });
    void registry.register("many", "k").run(() => send("hi", "ann", { b: 1 }));
    void registry.register("none", "k").run(() => send("bye"));
    expect(registry.get("many")?.toString()).to.equal(
      "k [0.000ns]\n  send hi to ann,[object Object] [0.000ns]\n    smtp [0.000ns]\n",
    );
    expect(registry.get("none")?.toString()).to.equal("k [0.000ns]\n  send bye to  [0.000ns]\n    smtp [0.000ns]\n");
    registry.clear();
  });

  it("wraps plain functions: traced(fn) and traced(spanOrOptions, fn), keeping this, arguments and results", async () => {
    const registry = new Registry();
    const plain = traced(async function fetchUser(this: { tag: string } | undefined, id: number, ...rest: number[]) {
      // biome-ignore lint/complexity/noArguments: the wrapper must keep `arguments` intact
      const n = arguments.length;
      await null; // pending when the test dumps (a settled call has no frame)
      return { tag: this?.tag, id, rest, n };
    });
    const named = traced({ name: "named ${b}" }, async (_a: number, b: string) => {
      await instrumentAwait(never(), `inner ${b.length}`);
    });
    const obj = { tag: "T", plain };
    expect(await obj.plain(1, 2, 3)).to.deep.equal({ tag: "T", id: 1, rest: [2, 3], n: 3 });
    void registry.register("k", "k").run(() => named(1, "bee"));
    void registry.register("j", "j").run(() => plain.call(undefined, 7));
    expect(registry.get("k")?.toString()).to.equal("k [0.000ns]\n  named bee [0.000ns]\n    inner 3 [0.000ns]\n");
    expect(registry.get("j")?.toString()).to.equal("j [0.000ns]\n  fetchUser(7) [0.000ns]\n");
  });

  it("propagates exceptions and rejections unchanged", async () => {
    const err = new TypeError("nope");
    const syncThrow = traced("s", () => {
      throw err;
    });
    const asyncThrow = traced("a", async () => {
      throw err;
    });
    const registry = new Registry();
    expect(() => registry.register("k", "k").run(() => syncThrow())).to.throw(err);
    let caught: unknown;
    await registry
      .register("k2", "k")
      .run(() => asyncThrow())
      .catch((e: unknown) => {
        caught = e;
      });
    expect(caught).to.equal(err);
    await tick();
    expect(registry.collectAll()).to.deep.equal([]);
  });

  it("rejects misuse with errors that name the problem", () => {
    expect(() => traced({ nam: "x" } as never)).to.throw(TypeError, /unknown option "nam"/);
    expect(() => traced({ verbose: 1 } as never)).to.throw(TypeError, /"verbose" must be a boolean/);
    expect(() => traced(42 as never)).to.throw(TypeError, /expected a span name or options object/);
    expect(() => traced("load ${idd}", async (_id: number) => undefined)).to.throw(
      TypeError,
      /names \$\{idd\}, but the parameters are \(_id\)/,
    );
    const loose = traced as unknown as (...args: unknown[]) => unknown;
    expect(() => loose("x", 1, 2)).to.throw(TypeError, /expected \(fn\)/);
    const fieldDecorator = traced() as unknown as (v: undefined, ctx: { kind: string; name: string }) => unknown;
    expect(() => fieldDecorator(undefined, { kind: "field", name: "count" })).to.throw(
      TypeError,
      /decorates methods only; count is a field/,
    );
    const legacy = traced() as unknown as (t: object, k: string, d?: PropertyDescriptor) => unknown;
    expect(() => legacy({}, "prop")).to.throw(TypeError, /decorates methods only/);
    expect(() => legacy({}, "getter", { get: () => 1 })).to.throw(TypeError, /not a field, getter or setter/);
  });

  it("passes through when called outside a task and while a dump formats labels", async () => {
    const f = traced(async (x: number) => x * 2);
    expect(await f(21)).to.equal(42);
  });
});
