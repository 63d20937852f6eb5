// Deep trees with branches in the middle and wide trees: a recursion 10,000 levels deep where every level
// also waits for a side call, and a task with 20,000 pending siblings. A dump shows or counts every span:
// the spans shown in the JSON plus those counted by its elision nodes are exactly the snapshot's spans.
// Only such facts are printed (the trees themselves differ with and without the plugin by design).
import { globalRegistry, initGlobalRegistry, register, type SpanJSON, type SpanNode, type Tree } from "@await-tree/runtime";

const registry = globalRegistry() ?? initGlobalRegistry();

function countSpans(root: SpanNode, detached: readonly SpanNode[]): number {
  const stack = [root, ...detached];
  let n = 0;
  while (stack.length > 0) {
    const x = stack.pop() as SpanNode;
    n++;
    for (const c of x.children) stack.push(c);
  }
  return n;
}

/** Spans shown plus spans counted by elision nodes, and the deepest nesting, without recursion. */
function accounted(tops: SpanJSON[]): { spans: number; levels: number } {
  let spans = 0;
  let levels = 0;
  const stack: Array<[SpanJSON, number]> = tops.map((t) => [t, 1]);
  while (stack.length > 0) {
    const [n, d] = stack.pop() as [SpanJSON, number];
    levels = Math.max(levels, d);
    spans += n.kind === "elided" ? (n.elided?.spans ?? 0) : 1;
    for (const c of n.children) stack.push([c, d + 1]);
  }
  return { spans, levels };
}

function check(where: string, tree: Tree | undefined): void {
  if (tree === undefined) {
    console.log(`${where}: no tree`);
    return;
  }
  try {
    const json = tree.toJSON();
    const a = accounted([json.tree, ...json.detached]);
    const all = countSpans(tree.root, tree.detached);
    const text = tree.toString();
    const lines = text.split("\n").length - 1;
    console.log(
      `${where}: every span shown or counted ${a.spans === all}, json levels bounded ${a.levels <= 101}, ` +
        `text lines at most spans + 2 ${lines <= all + 2}, serialisable ${JSON.stringify(tree).length > 0}`,
    );
  } catch (e) {
    console.log(`${where}: threw ${(e as Error).name}`);
  }
}

const pending: Array<() => void> = [];
const side = (): Promise<void> => new Promise<void>((resolve) => pending.push(resolve));

async function level(n: number, bottom: () => void): Promise<number> {
  await null;
  if (n === 0) {
    bottom();
    return 0;
  }
  const [below] = await Promise.all([level(n - 1, bottom), side()]);
  return below + 1;
}

async function main(): Promise<void> {
  const deep = register("deep", "deep");
  const depth = await deep.run(() =>
    level(10_000, () => {
      check("deep with branches", registry.get("deep"));
      for (const resolve of pending.splice(0)) resolve();
    }),
  );
  console.log("depth", depth);

  const wide = register("wide", "wide");
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const done = wide.run(async () => {
    const calls: Array<Promise<number>> = [];
    for (let i = 0; i < 20_000; i++) calls.push(level(0, () => {}).then(() => gate.then(() => i)));
    check("wide", registry.get("wide"));
    release();
    return (await Promise.all(calls)).length;
  });
  console.log("wide calls", await done);
}

main();
