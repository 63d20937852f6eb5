// Tasks registered under Proxy keys (a revoked Proxy, a Proxy whose every trap throws, an object inheriting
// from a Proxy) next to ordinary keys: collect with every kind of filter, collectAll, collectAnonymous and
// dumps must neither throw nor run a trap. Prints what each call returned (counts, key kinds) and the traps run.
import { globalRegistry, initGlobalRegistry, register, registerAnonymous } from "@await-tree/runtime";

const registry = globalRegistry() ?? initGlobalRegistry();
const traps: string[] = [];
const throwing = new Proxy(
  {},
  {
    getPrototypeOf() {
      traps.push("getPrototypeOf");
      throw new Error("getPrototypeOf");
    },
    get(_t, k) {
      traps.push(`get ${String(k)}`);
      throw new Error("get");
    },
    getOwnPropertyDescriptor() {
      traps.push("getOwnPropertyDescriptor");
      throw new Error("getOwnPropertyDescriptor");
    },
  },
);
const revocable = Proxy.revocable({}, {});
revocable.revoke();
class Job {
  constructor(readonly id: number) {}
}

function attempt(what: string, f: () => string): void {
  try {
    console.log(`${what}: ${f()}`);
  } catch (e) {
    console.log(`${what}: threw ${(e as Error).name}`);
  }
}

async function holdOn(gate: Promise<void>): Promise<void> {
  await gate;
}

async function main(): Promise<void> {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const keys: unknown[] = [throwing, revocable.proxy, Object.create(throwing), new Job(1), "name", 7];
  const runs = keys.map((k) => register(k, "task").run(() => holdOn(gate)));
  const anonymous = registerAnonymous("anonymous").run(() => holdOn(gate));
  const kind = (k: unknown): string => (k instanceof Job ? `Job ${k.id}` : typeof k);
  attempt("collect(Job)", () => registry.collect(Job).map(([k]) => kind(k)).join(", "));
  attempt("collect(Object)", () => String(registry.collect(Object).length));
  attempt("collect('object')", () => String(registry.collect("object").length));
  attempt("collect('string')", () => String(registry.collect("string").length));
  attempt("collect()", () => String(registry.collect().length));
  // Only ours: with the plugin, main() itself is an automatic (anonymous) root.
  attempt("collectAnonymous() has ours", () =>
    String(registry.collectAnonymous().filter((t) => t.root.name === "anonymous").length),
  );
  attempt("collectAll() keyed by us", () => String(registry.collectAll().filter(([k]) => keys.includes(k)).length));
  attempt("dump headers for Proxy keys", () =>
    String(
      registry
        .toString()
        .split("\n")
        .filter((l) => l === "[Proxy]").length,
    ),
  );
  attempt("JSON keys", () => String(registry.collect("object").filter(([, t]) => t.toJSON().key === "Proxy").length));
  open();
  await Promise.all([...runs, anonymous]);
  console.log(`traps run: ${traps.length === 0 ? "none" : traps.join(", ")}`);
}

main();
