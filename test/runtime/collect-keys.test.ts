import { Registry } from "@await-tree/runtime";
import { expect } from "chai";
import { never } from "../support/async.js";

/** A Proxy whose every trap counts its calls and throws (as a broken or hostile Proxy may). */
function hostileProxy(calls: string[]): object {
  return new Proxy(
    {},
    {
      getPrototypeOf() {
        calls.push("getPrototypeOf");
        throw new Error("getPrototypeOf trap");
      },
      get(_t, k) {
        calls.push(`get ${String(k)}`);
        throw new Error("get trap");
      },
      has() {
        calls.push("has");
        throw new Error("has trap");
      },
    },
  );
}

describe("runtime: collecting tasks never runs a key's code and never throws on a key", () => {
  class Job {}
  class Special {
    readonly kind = "special";
    static [Symbol.hasInstance](): boolean {
      throw new Error("hasInstance");
    }
  }

  function registryWithHostileKeys(calls: string[]) {
    const registry = new Registry();
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const hostile = hostileProxy(calls);
    const job = new Job();
    const inheritsProxy = Object.create(hostile) as object;
    const keys: unknown[] = [revocable.proxy, hostile, job, inheritsProxy, "name"];
    for (const k of keys) void registry.register(k, "task").run(() => never());
    return { registry, revoked: revocable.proxy, hostile, job, inheritsProxy };
  }

  it("matches a class filter without instanceof: Proxy keys (revoked, throwing) belong to no class", () => {
    const calls: string[] = [];
    const { registry, job } = registryWithHostileKeys(calls);
    expect(registry.collect(Job).map(([k]) => k)).to.deep.equal([job]);
    expect(registry.collect(Object).map(([k]) => k)).to.deep.equal([job]);
    expect(calls).to.deep.equal([]);
  });

  it("lists Proxy keys under the 'object' filter, with no filter, in collectAll, and not as anonymous", () => {
    const calls: string[] = [];
    const { registry, revoked, hostile, job, inheritsProxy } = registryWithHostileKeys(calls);
    const keyed = [revoked, hostile, job, inheritsProxy];
    expect(registry.collect("object").map(([k]) => k)).to.deep.equal(keyed);
    expect(registry.collect().map(([k]) => k)).to.deep.equal([...keyed, "name"]);
    expect(registry.collectAll().map(([k]) => k)).to.deep.equal([...keyed, "name"]);
    expect(registry.collectAnonymous()).to.deep.equal([]);
    expect(calls).to.deep.equal([]);
  });

  it("shows a Proxy key (or one inheriting from a Proxy) as Proxy in dumps and JSON, running no trap", () => {
    const calls: string[] = [];
    const { registry, hostile, revoked } = registryWithHostileKeys(calls);
    const headers = registry
      .toString()
      .split("\n")
      .filter((l) => l.startsWith("["));
    expect(headers).to.deep.equal(["[Proxy]", "[Proxy]", "[[object Object]]", "[Proxy]", "[name]"]);
    expect(registry.get(hostile)?.toJSON().key).to.equal("Proxy");
    expect(registry.get(revoked)?.toJSON().key).to.equal("Proxy");
    expect(calls).to.deep.equal([]);
  });

  it("does not consult a filter's Symbol.hasInstance, and rejects a filter without a prototype", () => {
    const registry = new Registry();
    const special = new Special();
    void registry.register(special, "task").run(() => never());
    expect(registry.collect(Special).map(([k]) => k)).to.deep.equal([special]);
    const arrow = (() => undefined) as unknown as typeof Job;
    expect(() => registry.collect(arrow)).to.throw(TypeError, /prototype/);
  });
});
