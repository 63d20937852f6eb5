// Issue 9 defect 4 with an async generator: its source text run in a new context.
import { runInNewContext } from "node:vm";

async function* count(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    await null;
    yield i;
  }
}

const driver = `(async () => { const g = (${count})(3); const out = []; for await (const v of g) out.push(v); return out.join("-"); })()`;

async function main(): Promise<void> {
  try {
    console.log("generator in vm", await runInNewContext(driver, {}));
  } catch (e) {
    console.log("generator threw", (e as Error).name, (e as Error).message);
  }
}
main();
