// Blocked, busy or idle: a dump that lands on a thread's running JavaScript while its event loop
// turns (a server busy half the time) says "busy, not blocked" and takes no stack; a loop stopped
// in one turn is still "blocked", also when the loop stamp had stretched its period while the
// process was idle. Before, every dump that landed on running JavaScript said "Event loop blocked"
// and paused the program for its stack (docs/cli.md, "Blocked, busy or idle?").
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../transformer/helpers.js";
import { cli, sleep, start } from "./support.js";

const RT = JSON.stringify(join(repoRoot, "packages", "runtime"));

/** A thread whose every turn runs 20 ms of JavaScript and then yields to the loop. */
const TURNING = `const spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end); };
const turn = () => { spin(20); setImmediate(turn); };
turn();`;

const BUSY_PROGRAM = `const rt = require(${RT});
rt.initGlobalRegistry().register("served", "server").run(() => rt.instrumentAwait(new Promise(() => {}), "wait for a request"));
const { Worker } = require("node:worker_threads");
new Worker(${JSON.stringify(`const rt = require(${RT});
rt.initGlobalRegistry().register("worker job", "job").run(() => rt.instrumentAwait(new Promise(() => {}), "work"));
${TURNING}
require("node:worker_threads").parentPort.postMessage("turning");`)}, { eval: true, name: "turning" })
  .on("message", () => console.log("worker turning"));
${TURNING}`;

interface Thread {
  thread: string;
  title?: string;
  blocked: unknown;
  busy?: { stalledMs: number | null; overdueMs: number | null };
}

interface Busy {
  BLOCKED_OVERDUE_MS: number;
  BLOCKED_RUN_MS: number;
  threadState(r: { below: number; stalledMs?: number; overdueMs?: number }): "idle" | "busy" | "blocked";
}

describe("await-tree dump: blocked, busy or idle", function () {
  this.timeout(120_000);

  it("a main thread and a worker busy in JavaScript while their loops turn: busy, not blocked, no stack", async () => {
    const t = start(["--inspect-port=0", "-e", BUSY_PROGRAM]);
    try {
      await t.line(/worker turning/);
      await sleep(500);
      let busyMain = 0;
      for (let i = 0; i < 4; i++) {
        const r = await cli(["dump", String(t.pid), "--timeout", "30000"]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout).not.to.contain("Event loop blocked");
        expect(r.stdout).not.to.contain("Stack:");
        const main = r.stdout.slice(0, r.stdout.indexOf("\n== worker"));
        // The dump lands between two turns now and then (the loop's poll serves the inspector).
        expect(main).to.match(
          /^== main thread \(pid \d+\) ==\n(?:The main thread was running JavaScript when the dump arrived, and its event loop is turning \(no timer overdue\): busy, not blocked; no stack taken\.\n)?\[served\]\n/,
        );
        if (main.includes("busy, not blocked")) busyMain++;
        expect(r.stdout).to.match(
          /\n== worker thread \d+: turning ==\n(?:The worker was running JavaScript when the dump arrived, and its event loop is turning \(no timer overdue\): busy, not blocked; no stack taken\.\n)?\[worker job\]\n/,
        );
      }
      // A loop that runs JavaScript nearly all the time: most dumps land on it.
      expect(busyMain, "dumps that landed on the main thread's JavaScript").to.be.greaterThan(0);

      const j = JSON.parse((await cli(["dump", String(t.pid), "--json", "--timeout", "30000"])).stdout) as {
        threads: Thread[];
      };
      for (const th of j.threads) {
        expect(th.blocked, JSON.stringify(th)).to.equal(null);
        if (th.busy !== undefined) {
          expect(th.busy.overdueMs).to.be.a("number").lessThan(100);
          expect(th.busy.stalledMs).to.be.a("number").lessThan(1000);
        }
      }
      // The program ran on throughout.
      expect(t.stderr()).not.to.match(/Error|paused/i);
    } finally {
      await t.stop();
    }
  });

  it("a quiet process whose loop then stops: blocked, with its stack, though the stamp had stretched its period", async () => {
    // Idle for 4 s, the loop stamp's period stretches (500 ms, then 1, 2 and 4 s): its timer is not
    // overdue for seconds after the block starts. The time the loop has run since its last tick
    // (over a second) says blocked all the same.
    const program = `const rt = require(${RT});
rt.initGlobalRegistry().register("quiet", "server").run(() => rt.instrumentAwait(new Promise(() => {}), "wait"));
setTimeout(function stuckAfterQuiet() { console.log("blocking"); const end = Date.now() + 60000; while (Date.now() < end); }, 4000);
console.log("ready");`;
    const t = start(["--inspect-port=0", "-e", program]);
    try {
      await t.line(/blocking/);
      await sleep(1200);
      const r = await cli(["dump", String(t.pid), "--json", "--timeout", "30000"]);
      expect(r.code, r.stderr).to.equal(0);
      const main = (
        JSON.parse(r.stdout) as {
          threads: Array<Thread & { blocked: { stalledMs: number; stack: Array<{ functionName: string }> } }>;
        }
      ).threads[0];
      expect(main?.blocked?.stalledMs).to.be.a("number").at.least(1000);
      expect(main?.blocked?.stack[0]?.functionName).to.equal("stuckAfterQuiet");
      expect(main?.busy).to.equal(undefined);
    } finally {
      await t.stop();
    }
  });

  it("decides from the stamp's two readings, and says blocked when the target's runtime gives only one", () => {
    const busy = createRequire(import.meta.url)(join(repoRoot, "packages", "cli", "dist", "busy.js")) as Busy;
    const { threadState, BLOCKED_OVERDUE_MS, BLOCKED_RUN_MS } = busy;
    expect(threadState({ below: 0, stalledMs: 5000, overdueMs: 4500 })).to.equal("idle");
    expect(threadState({ below: -1 })).to.equal("idle");
    expect(threadState({ below: 3, stalledMs: 300, overdueMs: 0 })).to.equal("busy");
    expect(threadState({ below: 3, stalledMs: 580, overdueMs: BLOCKED_OVERDUE_MS - 1 })).to.equal("busy");
    expect(threadState({ below: 3, stalledMs: 600, overdueMs: BLOCKED_OVERDUE_MS })).to.equal("blocked");
    expect(threadState({ below: 3, stalledMs: BLOCKED_RUN_MS, overdueMs: 0 })).to.equal("blocked");
    // An older runtime (no `overdueMs`), no loop stamp, or a thread without the runtime: as before.
    expect(threadState({ below: 3, stalledMs: 10 })).to.equal("blocked");
    expect(threadState({ below: 3 })).to.equal("blocked");
  });
});
