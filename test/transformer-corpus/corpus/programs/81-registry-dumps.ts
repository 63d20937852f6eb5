// Tasks of the runtime's registry (spawn, register(...).run) and tree dumps taken while work is pending: a dump must
// run no user code it was not asked to (getters, Proxy traps, toString of label values) and must not change the
// program. Only counters and values are printed (a tree's text differs with and without the plugin by design).
import { collectAll, currentTree, globalRegistry, initGlobalRegistry, register, span, spawn } from "@await-tree/runtime";

const registry = globalRegistry() ?? initGlobalRegistry();
const calls: Record<string, number> = {};
const hit = (k: string): void => {
  calls[k] = (calls[k] ?? 0) + 1;
};

class Arg {
  get value(): number {
    hit("Arg getter");
    return 1;
  }
  toString(): string {
    hit("Arg.toString");
    return "Arg";
  }
}
const proxy = new Proxy(
  {},
  {
    get(_t, k) {
      hit(`proxy get ${String(k)}`);
      return undefined;
    },
    getPrototypeOf() {
      hit("proxy getPrototypeOf");
      return Object.prototype;
    },
    ownKeys() {
      hit("proxy ownKeys");
      return [];
    },
  },
);
const templated = { toString: () => (hit("template value toString"), "templated") };

async function load(a: unknown, b: unknown): Promise<string> {
  await null;
  return `${typeof a}/${typeof b}`;
}

/** Every kind of dump; what they return is not printed (it depends on what is traced). */
function dumpAll(): void {
  registry.toString();
  registry.toString({ locations: true });
  for (const [, tree] of collectAll()) {
    tree.toString();
    JSON.stringify(tree.toJSON());
  }
  currentTree()?.toString();
}

async function work(id: number): Promise<string> {
  const arg = new Arg();
  const pending = Promise.all([load(arg, proxy), load(proxy, id)]);
  dumpAll();
  const r = await pending;
  await null;
  dumpAll();
  return `${id}: ${r.join(" ")}`;
}

async function main(): Promise<void> {
  const a = spawn("task-a", span`task ${templated}`, () => work(1));
  const b = register("task-b", "task b").run(() => work(2));
  const c = work(3);
  dumpAll();
  console.log(await a);
  console.log(await b);
  console.log(await c);
  dumpAll();
  console.log(
    Object.entries(calls)
      .map(([k, n]) => `${k}=${n}`)
      .join(", ") || "no user code ran",
  );
}

main();
