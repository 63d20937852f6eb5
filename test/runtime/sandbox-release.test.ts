import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runScript } from "../support/run-node.js";

/**
 * What a test file's sandbox lets go when it ends (integrations/core/sandbox.ts): the coarse
 * clock's thread stops for good and quietly, readings come from the precise clock, and nothing is
 * released outside a sandbox. The test runners' side: test/runners/sandbox.test.ts.
 */
const dist = join(repoRoot, "packages", "runtime", "dist", "cjs");
const clockJs = JSON.stringify(join(dist, "core", "clock.js"));
const sandboxJs = JSON.stringify(join(dist, "integrations", "core", "sandbox.js"));
const realmJs = JSON.stringify(join(dist, "realm.js"));

/** Poll (without reading the clock, which would keep its worker awake) until `state()` is `want`. */
const UNTIL = `
const pause = new Int32Array(new SharedArrayBuffer(4));
function until(want) {
  const deadline = Date.now() + 30000;
  while (clock.coarseClockState() !== want && Date.now() < deadline) Atomics.wait(pause, 0, 0, 1);
  return clock.coarseClockState();
}
const threads = () => require("node:fs").readdirSync("/proc/self/task").length;
`;

describe("runtime: releasing a test file's sandbox", () => {
  it("stopCoarseClock ends the thread, quietly, for good: readings come from the precise clock", () => {
    const r = runScript(
      `const clock = require(${clockJs});
       ${UNTIL}
       const before = threads();
       clock.now();
       const started = until("stamping");
       const running = threads();
       clock.stopCoarseClock("its test file's sandbox ended");
       // The thread ends asynchronously: wait for it (10 s at most, for a loaded machine).
       const deadline = Date.now() + 10000;
       const wait = () => (threads() < running || Date.now() > deadline ? check() : setTimeout(wait, 20));
       setTimeout(wait, 20);
       function check() {
         const after = threads();
         const t = clock.now();
         const lag = Math.abs(performance.now() - t);
         clock.setClock("coarse"); // does not start it again
         clock.now();
         setTimeout(() => {
           console.log(JSON.stringify({ started, before, running, after, again: threads(), lag, state: clock.coarseClockState() }));
         }, 100);
       }`,
      ".cjs",
    );
    expect(r.stderr, "no warning: this is no failure").to.equal("");
    expect(r.status).to.equal(0);
    const out = JSON.parse(r.stdout.trim()) as Record<string, number | string>;
    expect(out.started).to.equal("stamping");
    expect(out.running as number, r.stdout).to.be.above(out.before as number);
    expect(out.after as number, r.stdout).to.be.below(out.running as number);
    expect(out.again, r.stdout).to.equal(out.after);
    expect(out.lag as number, "a precise reading, not a stamp nor Date.now()").to.be.below(1);
    expect(out.state).to.equal("unavailable: its test file's sandbox ended");
  });

  it("releaseSandbox does nothing in Node's main realm; inSandbox tells a vm context from it", () => {
    const r = runScript(
      `const clock = require(${clockJs});
       const sandbox = require(${sandboxJs});
       ${UNTIL}
       clock.now();
       until("stamping");
       const main = sandbox.inSandbox();
       sandbox.releaseSandbox();
       const after = clock.coarseClockState();
       // The module that tells (realm.ts) compiled in a vm context (as jest and vitest's vm pools load it).
       const vm = require("node:vm");
       const source = require("node:fs").readFileSync(${realmJs}, "utf8");
       const context = vm.createContext({ process });
       const fn = vm.compileFunction(source, ["exports", "require", "module"], { parsingContext: context });
       const mod = { exports: {} };
       fn(mod.exports, require("node:module").createRequire(${realmJs}), mod);
       console.log(JSON.stringify({ main, after, inContext: mod.exports.inSandbox() }));`,
      ".cjs",
    );
    expect(r.stderr).to.equal("");
    expect(JSON.parse(r.stdout.trim())).to.deep.equal({ main: false, after: "stamping", inContext: true });
  });
});
