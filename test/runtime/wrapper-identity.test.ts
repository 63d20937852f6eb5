// The `@traced` wrapper (issue 9, low items): the class in a label is the class that owns the
// method, whatever the first receiver was; the wrapper looks like the async function it replaces.
import { types } from "node:util";
import { Registry, traced } from "@await-tree/runtime";
import { expect } from "chai";

class Base {
  @traced
  async load(id: number): Promise<number> {
    await null;
    return id;
  }
  @traced
  static async make(): Promise<number> {
    await null;
    return 1;
  }
}
class Sub extends Base {}

async function labelOf(call: () => Promise<unknown>): Promise<string> {
  const registry = new Registry();
  const root = registry.register(Symbol("t"), "t");
  let tree = "";
  await root.run(() => {
    const p = call();
    tree = root.tree()?.toString({ locations: false }) ?? "";
    return p;
  });
  return (
    tree
      .split("\n")[1]
      ?.trim()
      .replace(/ \[.*$/, "") ?? ""
  );
}

describe("@traced wrapper: owner class and identity", () => {
  it("names the class that owns the method, not the first receiver's", async () => {
    // A null-prototype receiver first: nothing can be learnt, nothing is cached.
    expect(await labelOf(() => Base.prototype.load.call(Object.create(null), 0))).to.equal("load(0)");
    expect(await labelOf(() => new Sub().load(1))).to.equal("Base.load(1)");
    expect(await labelOf(() => new Base().load(2))).to.equal("Base.load(2)");
    expect(await labelOf(() => Sub.make())).to.equal("Base.make()");
  });

  it("never runs a Proxy trap to find the class", async () => {
    let traps = 0;
    const proxy = new Proxy(new Base(), {
      get(t, k, r) {
        if (k !== "load") traps++;
        return Reflect.get(t, k, r);
      },
      getPrototypeOf(t) {
        traps++;
        return Reflect.getPrototypeOf(t);
      },
      getOwnPropertyDescriptor(t, k) {
        traps++;
        return Reflect.getOwnPropertyDescriptor(t, k);
      },
    });
    class Fresh {
      @traced
      async run(): Promise<void> {}
    }
    const fresh = new Proxy(new Fresh(), {
      getPrototypeOf(t) {
        traps++;
        return Reflect.getPrototypeOf(t);
      },
      getOwnPropertyDescriptor(t, k) {
        traps++;
        return Reflect.getOwnPropertyDescriptor(t, k);
      },
    });
    await labelOf(() => proxy.load(3));
    await labelOf(() => fresh.run());
    expect(traps).to.equal(0);
  });

  it("looks like an async function: AsyncFunction prototype, no `prototype`, `new` throws", () => {
    const m = Base.prototype.load;
    expect(Object.getPrototypeOf(m)).to.equal(Object.getPrototypeOf(async () => {}));
    expect(m.constructor.name).to.equal("AsyncFunction");
    expect(Object.hasOwn(m, "prototype")).to.equal(false);
    expect(() => new (m as unknown as new () => unknown)()).to.throw(TypeError);
    expect(m.name).to.equal("load");
    expect(m.length).to.equal(1);
    const f = traced(async function named(a: number, b: number) {
      return a + b;
    });
    expect(f.constructor.name).to.equal("AsyncFunction");
    expect(f.name).to.equal("named");
    // What cannot be matched (documented): the wrapper is not itself an async function.
    expect(types.isAsyncFunction(f)).to.equal(false);
  });

  // The introspecting libraries audit (2026-12-05): awilix in CLASSIC mode, AngularJS-style
  // injectors and get-parameter-names read parameter names from `fn.toString()`. The wrapper's own
  // text (`traced(...args) { ... }`) made awilix look for a dependency named `traced` and fail with
  // "Could not resolve 'traced'" for `asFunction(traced(async function report(mailer, queue) {}))`.
  it("reads as the function it wraps: toString(), String() and `${fn}` give its source", () => {
    const original = async function report(mailer: string, queueName: string) {
      return `${mailer} ${queueName}`;
    };
    const f = traced(original);
    const source = Function.prototype.toString.call(original);
    expect(f.toString()).to.equal(source);
    expect(String(f)).to.equal(source);
    expect(`${f}`).to.equal(source);
    // What awilix's parser and get-parameter-names read: the parameter list.
    expect(/\(([^)]*)\)/.exec(f.toString())?.[1]).to.equal("mailer, queueName");
    expect(traced(f).toString()).to.equal(source);
    expect(Base.prototype.load.toString()).to.match(/^async load\(id\)/);
    expect(Base.make.toString()).to.match(/^static async make\(\)|^async make\(\)/);
    // Not enumerable, and it reads other functions as Function.prototype.toString does.
    expect(Object.keys(f)).to.deep.equal([]);
    expect(f.toString.call(original)).to.equal(source);
    expect(f.toString.name).to.equal("toString");
    expect(f.toString.length).to.equal(0);
  });
});
