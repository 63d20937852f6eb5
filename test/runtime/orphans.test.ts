// Work still pending in a task that ended (a traced call nobody awaited, started by a function
// that then returned) is listed by the process-wide dump after the tasks, as `[Orphaned <id>]`.
// Before, it was shown nowhere: a process kept busy (or alive) by such work dumped empty, and the
// exit report said nothing of it. Each case runs in a process of its own: this suite's own process
// holds other files' leftovers.
import { expect } from "chai";
import { cleanEnv, runScript } from "../support/run-node.js";

/** Runs `body` (CommonJS, `rt` the built runtime, `sleep(ms)`) and returns its stdout. */
function run(body: string, env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; status: number | null } {
  const source = `const rt = require("@await-tree/runtime");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const never = new Promise(() => {});
${body}`;
  return runScript(source, ".cjs", cleanEnv(env));
}

/** Durations masked: `[T]`. */
const mask = (s: string): string => s.replace(/\[\d+\.\d{3}m?s\]|\[\d+\.\d{3}[nµ]s\]/g, "[T]");

describe("runtime: orphaned work in the process-wide dump", function () {
  this.timeout(60_000);

  it("a traced call a returned automatic root did not await: listed after the tasks, until it ends", () => {
    const r = run(`const g = rt.initGlobalRegistry();
const poll = rt.traced("pollForever", async function pollForever() {
  for (let i = 0; i < 3; i++) await rt.instrumentAwait(sleep(150), "sleep(150)");
});
const start = rt.traced("start", async function start() { void poll(); await sleep(5); });
(async () => {
  void g.register("busy", "a task").run(() => rt.instrumentAwait(never, "never"));
  await start();
  await sleep(50);
  console.log(rt.dump());
  console.log("---");
  console.log(rt.dump({ json: true }));
  console.log("---");
  await sleep(600);
  console.log(rt.dump());
  process.exit(0);
})();`);
    expect(r.status, r.stderr).to.equal(0);
    const [text, json, after] = r.stdout.split("---\n") as [string, string, string];
    expect(mask(text)).to.match(
      /^\[busy\]\na task \[T\]\n {2}never \[T\]\n\n\[Orphaned \d+\]\npollForever \[T\]\n {2}sleep\(150\) \[T\]\n/,
    );
    const j = JSON.parse(json) as { tasks: Array<{ key: string; orphaned?: true; tree: { span: { name: string } } }> };
    expect(j.tasks.map((t) => [t.key.replace(/\d+$/, "N"), t.orphaned ?? false, t.tree.span.name])).to.deep.equal([
      ["busy", false, "a task"],
      ["Orphaned N", true, "pollForever"],
    ]);
    // Ended: no longer listed.
    expect(after).to.not.contain("Orphaned");
  });

  it("what a registered task left pending when it ended; a key selects one; a live task's spans are not orphans", () => {
    const r = run(`const g = rt.initGlobalRegistry();
(async () => {
  await g.register("short", "short task").run(async () => { void rt.instrumentAwait(never, "left behind"); });
  void g.register("long", "long task").run(async () => {
    void rt.instrumentAwait(never, "not awaited");
    await rt.instrumentAwait(never, "awaited");
  });
  await sleep(50);
  const text = rt.dump();
  console.log(text);
  console.log("---");
  const key = /\\[(Orphaned \\d+)\\]/.exec(text)[1];
  console.log(rt.dump({ key }));
  process.exit(0);
})();`);
    expect(r.status, r.stderr).to.equal(0);
    const [text, one] = r.stdout.split("---\n") as [string, string];
    expect(mask(text), JSON.stringify(text)).to.match(
      /^\[long\]\nlong task \[T\]\n {2}not awaited \[T\]\n {2}awaited \[T\]\n\n\[Orphaned \d+\]\nleft behind \[T\]\n\n\n$/,
    );
    expect(mask(one)).to.match(/^\[Orphaned \d+\]\nleft behind \[T\]\n\n\n$/);
  });

  it("lists the oldest 100 and counts the rest; a key still selects any one", () => {
    // A server leaking a never-settling call per request keeps up to 10,000: the signal, exit and
    // watchdog reports have no output limit.
    const r = run(`const g = rt.initGlobalRegistry();
(async () => {
  for (let i = 0; i < 150; i++) await g.register("t" + i, "t").run(async () => { void rt.instrumentAwait(never, "leak " + i); });
  const text = rt.dump();
  console.log(text);
  console.log("---");
  const j = JSON.parse(rt.dump({ json: true }));
  console.log(JSON.stringify({ n: j.tasks.length, first: j.tasks[0].tree.span.name, last: j.tasks[99].tree.span.name, more: j.orphansNotListed }));
  console.log("---");
  console.log(rt.dump({ key: "Orphaned " + j.tasks[0].key.slice(9) }).split("\\n")[1]);
  process.exit(0);
})();`);
    expect(r.status, r.stderr).to.equal(0);
    const [text, json, one] = r.stdout.split("---\n") as [string, string, string];
    expect(text.match(/^\[Orphaned \d+\]$/gm)).to.have.length(100);
    expect(mask(text)).to.match(/\nleak 0 \[T\]\n/);
    expect(text).to.not.contain("leak 100 ");
    expect(text).to.match(/\n\[50 more orphaned subtrees not listed: a dump lists the oldest 100\]\n\n$/);
    expect(JSON.parse(json)).to.deep.equal({ n: 100, first: "leak 0", last: "leak 99", more: 50 });
    expect(mask(one)).to.equal("leak 0 [T]\n");
  });

  it("the exit report counts orphaned work, and prints it, when no task is pending", () => {
    const r = run(
      `rt.initGlobalRegistry().register("t", "t").run(async () => { void rt.instrumentAwait(never, "forgotten"); });`,
      { AWAIT_TREE_EXIT_REPORT: "1" },
    );
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stderr).to.contain("0 tasks and 1 orphaned subtree still pending");
    expect(mask(r.stderr)).to.match(/\[Orphaned \d+\]\nforgotten \[T\]/);
  });
});
