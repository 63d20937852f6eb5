// A function that reads `arguments` (which, in sloppy mode, aliases its parameters) and writes
// through it while the awaited expression runs: values and labels stay right, and a pending call's
// label never shows a written value.
import { globalRegistry } from "@await-tree/runtime";

let release!: () => void;
const gate = new Promise<void>((r) => (release = r));
async function use(a: unknown, _b: unknown): Promise<string> {
  await gate;
  return String(a);
}

async function viaArguments(first: number, second: number): Promise<string> {
  const args = arguments;
  const seen = await use(first, ((args[0] = 42), second));
  return `${seen} ${first} ${args[0]} ${arguments.length}`;
}

async function main(): Promise<void> {
  const p = viaArguments(1, 2);
  await null;
  const dump = globalRegistry()?.toString() ?? "";
  if (dump.includes("use(42")) console.log("a label shows a value written through arguments");
  release();
  console.log(await p);
}

main();
