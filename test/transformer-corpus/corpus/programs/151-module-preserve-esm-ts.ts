// corpus-configs: preserve-es2022,preserve-esnext,cjs-es2020,esm-es2022
// A .ts file under `module: preserve` (an ES module there): imports, a traced(fn) and top-level code.
import { traced } from "@await-tree/runtime";

const load = traced(async function load(id: number): Promise<string> {
  await null;
  return `item ${id}`;
});

async function main(): Promise<void> {
  console.log(await load(1), await Promise.all([load(2), load(3)]));
}
main();
