// Labels never show a value written while the awaited expression ran: a direct `eval` inside the
// expression writes a parameter and a local. A dump taken while the call is pending must not show
// the written values as the call's arguments (it would misreport what was passed). Without a
// registry (or without the plugin) there is no such label: nothing extra is printed either way.
import { globalRegistry } from "@await-tree/runtime";

let release!: () => void;
const gate = new Promise<void>((r) => (release = r));
async function use(a: unknown, b: unknown, _c: unknown): Promise<string> {
  await gate;
  return `${String(a)} ${String(b)}`;
}

async function withEval(param: number): Promise<string> {
  let local = 10;
  return await use(param, local, eval("param = 99; local = 77"));
}

async function main(): Promise<void> {
  const p = withEval(1);
  await null;
  const dump = globalRegistry()?.toString() ?? "";
  if (/use\(99|use\(1, 77/.test(dump)) console.log("a label shows a value written during the expression");
  release();
  console.log(await p);
}

main();
