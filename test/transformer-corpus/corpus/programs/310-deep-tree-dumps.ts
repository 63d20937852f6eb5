// Deep trees: recursions 20,000 levels deep (plain async functions, which only the plugin traces, and
// traced(fn) calls, traced in both builds), every level suspended first, dumped at the bottom in every
// form. Dumps must finish, stay small (the middle of a long chain is elided) and never throw; only
// those facts are printed (a tree's text differs with and without the plugin by design).
import { collectAll, currentTree, globalRegistry, initGlobalRegistry, traced } from "@await-tree/runtime";

const registry = globalRegistry() ?? initGlobalRegistry();
const DEPTH = 20_000;

/** Deepest nesting of a JSON value, walked without recursion. */
function nesting(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== "object") continue;
    deepest = Math.max(deepest, d);
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return deepest;
}

function dump(where: string): void {
  const facts: string[] = [];
  try {
    const text = registry.toString();
    const widest = Math.max(...text.split("\n").map((l) => l.length - l.trimStart().length));
    facts.push(`text ok, under 200 KB: ${text.length < 200_000}, indentation under 2 * 103: ${widest < 206}`);
    let jsonOk = true;
    for (const [, tree] of collectAll()) {
      const parsed: unknown = JSON.parse(JSON.stringify(tree));
      if (nesting(parsed) > 2 * 102 + 10) jsonOk = false;
    }
    facts.push(`json ok, nesting bounded: ${jsonOk}`);
    const here = currentTree()?.toString() ?? "";
    facts.push(`current tree under 200 KB: ${here.length < 200_000}`);
  } catch (e) {
    facts.push(`dump threw ${(e as Error).name}`);
  }
  console.log(`${where}: ${facts.join("; ")}`);
}

async function down(n: number): Promise<number> {
  await null;
  if (n === 0) {
    dump("plain recursion, bottom");
    return 0;
  }
  return 1 + (await down(n - 1));
}

const tracedDown: (n: number) => Promise<number> = traced("tracedDown", async (n: number): Promise<number> => {
  await null;
  if (n === 0) {
    dump("traced recursion, bottom");
    return 0;
  }
  return 1 + (await tracedDown(n - 1));
});

async function main(): Promise<void> {
  console.log("plain depth", await down(DEPTH));
  console.log("traced depth", await tracedDown(DEPTH));
  dump("after both");
}

main();
