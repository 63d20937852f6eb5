/**
 * The memory a dump takes in the process it dumps (docs/cli.md, "Memory of a dump"), in real child
 * processes under a small heap: 100,000 pending tasks (1,100,000 spans) of transformed code, dumped
 * at the CLI's default `--max-output` (16 MiB). Before the dump was taken a tree at a time, this ran
 * a 256 MB heap out of memory in text and JSON alike. Heap sizes are limits given to Node.js,
 * never measured times.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runNode } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";
import { transpile } from "../transformer/in-process.js";

const TASKS = 100_000;
const CLI_DEFAULT = 16 * 1024 * 1024;

const program = `
// A promise of its own per call, which nothing else holds: the pending functions are collected, their
// spans stay (the arena's typed arrays), so the heap the dump has to itself is the heap's limit minus
// about 70 MB.
const never = (): Promise<void> => new Promise<void>(() => {});
async function query(_id: number): Promise<void> { await never(); }
async function load(id: number): Promise<void> { await query(id); }
async function handle(id: number): Promise<void> { await Promise.all([load(id), load(id + 1)]); }
export function start(registry: { register(key: string, root: string): { run(fn: () => unknown): unknown } }, n: number): void {
  for (let i = 0; i < n; i++) void registry.register("task " + i, "request " + i).run(() => handle(i));
}
`;

/** Starts the tasks, dumps once as the CLI asks (its options), prints the dump's size and ends. */
const driver = `
const rt = require("@await-tree/runtime");
const registry = rt.initGlobalRegistry();
require("./traced.js").start(registry, ${TASKS});
global.gc();
const json = process.argv[2] === "json";
const out =
  process.argv[2] === "registry"
    ? registry.toString({ maxLength: ${CLI_DEFAULT} })
    : rt.dump({ json, maxLength: ${CLI_DEFAULT}, limitName: "--max-output" });
const summary = { length: out.length, tail: out.slice(-200) };
if (json) {
  const d = JSON.parse(out);
  Object.assign(summary, { tasks: d.tasks.length, omittedTasks: d.omittedTasks, last: d.errors[d.errors.length - 1] });
}
console.log(JSON.stringify(summary));
`;

describe("runtime: a dump's own memory (child processes)", function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = tempFolder(join(repoRoot, "build"), "tmp-dump-memory-");
    writeFileSync(join(dir, "package.json"), '{ "type": "commonjs", "private": true }\n');
    writeFileSync(join(dir, "traced.js"), transpile(dir, "program.ts", program, { traceAll: true }));
    writeFileSync(join(dir, "driver.cjs"), driver);
  });

  /** The driver under a 180 MB heap (the program's own tasks take about 70 MB of it). */
  function dumpOf(format: "text" | "json" | "registry"): Record<string, unknown> {
    const r = runNode(["--expose-gc", "--max-old-space-size=180", join(dir, "driver.cjs"), format], { cwd: dir });
    expect(r.status, `${format} exited ${r.status}: ${r.stderr.slice(-400)}`).to.equal(0);
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as Record<string, unknown>;
  }

  it("text: 100,000 tasks dumped at the CLI's limit within a 180 MB heap, cut with the count of what was left out", () => {
    const r = dumpOf("text");
    expect(r.length).to.be.at.most(CLI_DEFAULT + 100);
    expect(r.tail).to.match(/\n\[Omitted \d+ spans: output limit reached\]\n$/);
  });

  it("Registry#toString: the same tasks, the same limit and heap", () => {
    const r = dumpOf("registry");
    expect(r.length).to.be.at.most(CLI_DEFAULT + 100);
    expect(r.tail).to.match(/\n\[Omitted \d+ spans: output limit reached\]\n$/);
  });

  it("JSON: the whole tasks that fit the CLI's limit, within a 180 MB heap, and how many were left out", () => {
    const r = dumpOf("json");
    expect(r.length).to.be.at.most(CLI_DEFAULT);
    expect(r.tasks).to.be.above(1000);
    expect((r.tasks as number) + (r.omittedTasks as number)).to.equal(TASKS);
    expect(r.last).to.match(
      new RegExp(
        `^${r.omittedTasks} of ${TASKS} tasks left out: the dump \\(\\d+ characters\\) exceeds --max-output ${CLI_DEFAULT}$`,
      ),
    );
  });
});
