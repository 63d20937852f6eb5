/**
 * bench/lib/callgrind-functions.mjs (`bench/instructions.mjs --by-function`): costs per function
 * read from callgrind's per-instruction output, code without a name given to V8's code map.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";

interface CallgrindFunctions {
  readPerfMap(file: string): [number, number, string][];
  functionKey(name: string, root: string): string;
  costsByFunction(text: string, perfMap: [number, number, string][], event: string, root: string): Map<string, number>;
}

async function lib(): Promise<CallgrindFunctions> {
  return (await import(
    pathToFileURL(join(repoRoot, "bench", "lib", "callgrind-functions.mjs")).href
  )) as CallgrindFunctions;
}

// Two events, positions "instr line" as `--dump-instr=yes` writes them: a native function with a
// name, JIT code callgrind cannot name (two code objects of V8's map, one of them reached by
// relative positions), and a call whose inclusive cost is not the caller's own.
const OUTPUT = `# callgrind format
version: 1
pid: 4242
positions: instr line
events: Ir I1mr
summary: 1000 30

fn=(1) v8::internal::Heap::Scavenge()
0x1000 0 100 5
+4 0 50 1
cfn=(2) 0x0000000000005000
calls=1 0x5000 0
* 0 400 10
fn=(2) 0x0000000000005000
0x5000 0 7 1
+16 0 3 0
0x6008 0 20 2
fn=(3) ???
0x9000 0 11 0
`;

const MAP = ["5000 100 JS:*handle /repo/src/handler.js:3:1", "6000 40 Builtin:PromiseAll", ""].join("\n");

describe("bench: costs per function from callgrind", () => {
  it("names native code by its symbol and JIT code through V8's map, without counting calls twice", async () => {
    const { costsByFunction, readPerfMap } = await lib();
    const dir = mkdtempSync(join(tmpdir(), "await-tree-callgrind-functions-"));
    try {
      writeFileSync(join(dir, "perf.map"), MAP);
      const map = readPerfMap(join(dir, "perf.map"));
      expect(map).to.deep.equal([
        [0x5000, 0x5100, "JS:*handle /repo/src/handler.js:3:1"],
        [0x6000, 0x6040, "Builtin:PromiseAll"],
      ]);
      const ir = costsByFunction(OUTPUT, map, "Ir", "/repo");
      expect(Object.fromEntries(ir)).to.deep.equal({
        "v8::internal::Heap::Scavenge()": 150,
        "JS handle src/handler.js:3:1": 10,
        Builtins_PromiseAll: 20,
        "???": 11,
      });
      const misses = costsByFunction(OUTPUT, map, "I1mr", "/repo");
      expect(misses.get("v8::internal::Heap::Scavenge()")).to.equal(6);
      expect(misses.get("Builtins_PromiseAll")).to.equal(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names a function that callgrind first named as a callee", async () => {
    // Callgrind compresses names: the first mention, in a `cfn=` line, gives the name with its
    // number, and the function's own block later gives the number alone.
    const { costsByFunction } = await lib();
    const text = [
      "events: Ir",
      "fn=(1) caller()",
      "0x1000 0 5",
      "cfn=(2) v8::internal::Heap::Scavenge()",
      "calls=1 0x2000 0",
      "* 0 70",
      "fn=(2)",
      "0x2000 0 70",
      "",
    ].join("\n");
    expect(Object.fromEntries(costsByFunction(text, [], "Ir", "/repo"))).to.deep.equal({
      "caller()": 5,
      "v8::internal::Heap::Scavenge()": 70,
    });
  });

  it("gives one name to a builtin, a JS function's tiers and a recursive call", async () => {
    const { functionKey } = await lib();
    expect(functionKey("Builtin:PromiseAll", "/r")).to.equal("Builtins_PromiseAll");
    expect(functionKey("JS:~load /r/a.js:1:2", "/r")).to.equal("JS load a.js:1:2");
    expect(functionKey("JS:*load /r/a.js:1:2", "/r")).to.equal("JS load a.js:1:2");
    expect(functionKey("v8::internal::Invoke(x)'2", "/r")).to.equal("v8::internal::Invoke(x)");
  });

  it("names an event the output does not have", async () => {
    const { costsByFunction } = await lib();
    expect(() => costsByFunction(OUTPUT, [], "D1mr", "/repo")).to.throw("no D1mr column in the callgrind output");
  });
});
