// Issue 9 defect 1 with default options: a nested function declaration (not an arrow) inside a @traced
// method awaits `flag ? load(ID) : cached()` with ID a module `const` in its temporal dead zone.
import { traced } from "@await-tree/runtime";

const flag = false as boolean;
async function load(id: number): Promise<string> {
  await null;
  return `loaded ${id}`;
}
async function cached(): Promise<string> {
  await null;
  return "cached";
}

class Service {
  @traced
  async get(): Promise<string> {
    async function inner(): Promise<string> {
      return await (flag ? load(ID) : cached());
    }
    return `get: ${await inner()}`;
  }
}

const log: string[] = [];
new Service().get().then(
  (v) => log.push(v),
  (e: Error) => log.push(`rejected: ${e.name}: ${e.message}`),
);
const ID = 7;
setTimeout(() => console.log([...log, `ID ${ID}`].join("\n")), 5);
