// Issue 9 defect 4: an async arrow serialised with its source text and run in a fresh context
// (`vm.runInNewContext(`(${fn})()`)`), as test tools and sandboxes do: it must not refer to names that
// exist only in the module it was written in.
import { runInNewContext } from "node:vm";

const compute = async (): Promise<number> => {
  let total = 0;
  for (let i = 1; i <= 4; i++) total += await Promise.resolve(i);
  return total;
};

async function main(): Promise<void> {
  try {
    const r = await runInNewContext(`(${compute})()`, {});
    console.log("vm result", r);
  } catch (e) {
    console.log("vm threw", (e as Error).name, (e as Error).message);
  }
}
main();
