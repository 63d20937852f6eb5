// A traced call entered so close to the stack limit that setting its frame up runs out of stack (a
// program that recurses until RangeError and catches it, as a parser with a depth guard does): the
// half-made frame goes back to the arena, counted as lost, and keeps none of the call's arguments.
// It stayed live, unlinked and uncounted, holding them for good (41 MB of 1 MB buffers in an
// audit's run). Probed at many depths near the limit and with stack frames of many sizes, so that
// the overflow falls inside the frame's set-up in some of them.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runNode } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";

/** The program, TypeScript compiled by the transformer (traceAll): the calls run inside a task. */
const SOURCE = `
import { initGlobalRegistry, spanStats } from "@await-tree/runtime";
initGlobalRegistry();
async function size(buf: Uint8Array): Promise<number> {
  return buf.length;
}
let calls = 0, deepest = -1, off = 0, padK = 0;
const pads: Array<(f: (d: number) => void, d: number) => void> = [];
for (let k = 0; k < 24; k++) {
  const vars = Array.from({ length: k }, (_, i) => "let v" + i + " = d + " + i + ";").join(" ");
  const use = Array.from({ length: k }, (_, i) => "v" + i).join(" + ") || "0";
  pads.push(new Function("f", "d", vars + " f(d); return " + use + ";") as never);
}
function op(_d: number): void {
  calls++;
  try { size(new Uint8Array(1 << 20)).then(() => {}, () => {}); } catch {}
}
function rec(d: number): void {
  try { rec(d + 1); } catch { if (deepest < 0) deepest = d; }
  if (d === deepest - off) pads[padK](op, d);
}
async function main(): Promise<void> {
  for (let i = 0; i < 3; i++) { op(1); for (const p of pads) p(() => {}, 1); }
  for (let round = 0; round < 2; round++) {
    for (let o = 0; o < 30 * 24; o++) { padK = o % 24; off = Math.floor(o / 24); deepest = -1; rec(0); }
    await new Promise((r) => setTimeout(r, 20));
  }
  await size(new Uint8Array(8)); // a shallow traced call: the values of the last turn are let go
  await new Promise((r) => setTimeout(r, 20));
  (globalThis as { gc?: () => void }).gc?.();
  const held = Math.round(process.memoryUsage().arrayBuffers / 2 ** 20);
  console.log(JSON.stringify({ calls, held, live: spanStats().live }));
}
main();
`;

const PROGRAM = `
const { transformSource } = require("@await-tree/transformer");
const out = transformSource(${JSON.stringify(SOURCE)}, __dirname + "/probe.ts", { traceAll: true, format: "commonjs" });
if (out.status !== "transformed") throw new Error(out.reason);
const m = new module.constructor(__dirname + "/probe.js", module);
m.paths = module.paths;
m._compile(out.code, __dirname + "/probe.js");
`;

describe("runtime: a traced call entered at the stack limit", () => {
  it("a frame that cannot be set up goes back to the arena and keeps none of the call's arguments", function () {
    this.timeout(60_000);
    const file = join(tempFolder(join(repoRoot, "build"), "tmp-"), "stack-limit.cjs");
    writeFileSync(file, PROGRAM);
    const r = runNode(["--expose-gc", file]);
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { calls: number; held: number; live: number };
    expect(out.calls).to.be.greaterThan(1000);
    // Every 1 MB buffer is garbage once its call returned, as without the runtime (the code before
    // the fix held 1,100 MB here, in 1,682 half-made frames).
    expect(out.held, r.stdout).to.be.below(64);
  });
});
