// A function read through a property is stringified where the transformer cannot see it: the
// `@await-tree-ignore` comment leaves it as written.
import * as vm from "node:vm";

const jobs = {
  // @await-tree-ignore
  first: async () => {
    await null;
    return "first";
  },
  /* @await-tree-ignore */ second: async (n: number) => {
    await Promise.resolve();
    return n * 2;
  },
};

// @await-tree-ignore
async function declared() {
  await null;
  return "declared";
}

const table: Record<string, unknown> = { declared };

async function main() {
  console.log(await vm.runInNewContext(`(${jobs.first})()`));
  console.log(await vm.runInNewContext(`(${jobs.second})(21)`));
  console.log(await vm.runInNewContext(`(${table.declared})()`));
}
main().then(
  () => console.log("done"),
  (e) => console.log("failed", String(e)),
);
