// V8 names an anonymous function after the names around it when an object literal's property
// follows it in the expression: `lib.map(async () => ..., { concurrency: 2 })` runs as
// `lib.map.concurrency` in a stack trace. The hook call the plugin wraps around an awaited, returned
// or yielded expression joined that name (`$at_1.suspend.lib.map.concurrency`, and
// `$at_1.resume.$at_1.suspend.` for a yield: found by the streams audit, 2026-12-05). Such calls are
// now made through a detached callee, `(0, $at_1.suspend)(...)`. The stack frames of the
// program's callbacks read as in the plain build. Real compiles (the plugin in process, default
// options and traceAll), real processes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, node } from "./helpers.js";
import { emit, project, withPlugin } from "./in-process.js";

const PROGRAM = `const lib = {
  async map(fn: () => Promise<void>, _o: { concurrency: number }): Promise<void> {
    await fn();
  },
  all<T>(ps: Promise<T>[]): Promise<T[]> {
    return Promise.all(ps);
  },
};
function frameOf(e: unknown): string {
  const line = String((e as Error).stack).split("\\n")[1] ?? "";
  return line.trim().replace(/ \\(.*\\)$/, "").replace(/:\\d+:\\d+$/, "");
}
async function viaAwait(): Promise<void> {
  await lib.map(async () => {
    throw new Error("await");
  }, { concurrency: 2 });
}
async function viaReturn(): Promise<void> {
  return lib.map(async () => {
    throw new Error("return");
  }, { concurrency: 2 });
}
async function* viaYield(): AsyncGenerator<void> {
  yield lib.map(async () => {
    throw new Error("yield");
  }, { concurrency: 2 });
}
async function viaJoin(): Promise<void> {
  await Promise.all([lib.map(async () => {
    throw new Error("join");
  }, { concurrency: 2 })]);
}
async function main(): Promise<void> {
  for (const f of [viaAwait, viaReturn, viaJoin]) await f().catch((e) => console.log((e as Error).message, frameOf(e)));
  try {
    for await (const _ of viaYield()) {
    }
  } catch (e) {
    console.log((e as Error).message, frameOf(e));
  }
}
void main();
`;

async function runBuilt(plugin: Record<string, unknown> | undefined): Promise<string> {
  const dir = project({ "src/main.ts": PROGRAM });
  const e = emit(dir, ["src/main.ts"], plugin === undefined ? undefined : withPlugin(plugin));
  const js = e.files.get("src/main.js") as string;
  expect(js, "no output").to.be.a("string");
  writeFileSync(join(dir, "main.js"), js);
  const r = await node([join(dir, "main.js")], { cwd: dir, env: { AWAIT_TREE_AUTO_INIT: "0" } });
  expect(r.code, explain(r)).to.equal(0);
  return r.stdout;
}

describe("transformer: V8's inferred names of the program's callbacks", function () {
  this.timeout(120_000);

  it("read as in the plain build where an object literal follows the callback (await, return, yield, a join)", async () => {
    const plain = await runBuilt(undefined);
    // What V8 itself names them: the premise of the test.
    expect(plain).to.include("await at lib.map.concurrency\n");
    for (const options of [{}, { traceAll: true }]) {
      const traced = await runBuilt(options);
      expect(traced, JSON.stringify(options)).to.equal(plain);
      expect(traced).to.not.include("$at");
    }
  });
});
