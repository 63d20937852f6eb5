// Issue 9 defect 1 (default options): ready truthy: `||` never reads KEY. KEY is a `const` declared
// later in the module, so it is still in its temporal dead zone when read() runs: reading it for a
// label would throw where the program does not.
import { traced } from "@await-tree/runtime";

interface Cache {
  get(k: string): Promise<string>;
  inner: { get(k: string): Promise<string> };
  [k: string]: unknown;
}
const cache = undefined as Cache | undefined;
const flag = false as boolean;
const ready = "yes" as string;
const known = "known" as string | undefined;
const maybeFn = undefined as ((k: string) => Promise<string>) | undefined;
async function lookup(k: string): Promise<string> {
  await null;
  return `value of ${k}`;
}
async function lookupOr(v: unknown): Promise<string> {
  await null;
  return `arg ${String(v)}`;
}
async function fallback(): Promise<string> {
  await null;
  return "fallback";
}

class Store {
  @traced
  async read(): Promise<string> {
    // A nested arrow of a @traced method: traced with the plugin's default options.
    const inner = async (): Promise<string> => {
      const hit = await (ready || lookup(KEY));
      return hit === undefined ? "miss" : String(hit);
    };
    return inner();
  }
}
function read(): Promise<string> {
  return new Store().read();
}

const log: string[] = [];
read().then(
  (v) => log.push(`read: ${v}`),
  (e: Error) => log.push(`read rejected: ${e.name}: ${e.message}`),
);
const KEY = "k1";
setTimeout(() => console.log([...log, `KEY ${KEY}`].join("\n")), 5);
