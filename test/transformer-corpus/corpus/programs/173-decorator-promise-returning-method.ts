// @traced on a method that is not `async` but returns a promise (and sometimes throws synchronously):
// the synchronous throw stays synchronous, the returned promise keeps its identity.
import { traced } from "@await-tree/runtime";

const shared = Promise.resolve("shared");
class Gate {
  @traced
  open(mode: string): Promise<string> {
    if (mode === "bad") throw new TypeError("bad mode");
    if (mode === "shared") return shared;
    return Promise.resolve(`open ${mode}`);
  }
}

async function main(): Promise<void> {
  const g = new Gate();
  try {
    g.open("bad");
    console.log("no throw");
  } catch (e) {
    console.log("sync throw", (e as Error).name);
  }
  console.log("identity", g.open("shared") === shared);
  console.log(await g.open("x"));
}
main();
