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

interface Reading {
  below: number;
  stalledMs?: number;
  overdueMs?: number;
}
interface Busy {
  BLOCKED_OVERDUE_MS: number;
  BLOCKED_RUN_MS: number;
  firstLook(r: Reading): "idle" | "busy" | "blocked" | undefined;
  lookAgainInMs(r: Reading): number;
  secondLook(r: Reading | undefined): "idle" | "busy" | "blocked";
  threadState(
    first: Reading,
    again: () => Promise<Reading | undefined>,
    deadline: number,
  ): Promise<{ state: string; stalledMs: number | undefined; overdueMs: number | undefined }>;
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

  it("a loop stopped just before the dump (its stamp's timer not yet due): looked at again, blocked, with its stack", async () => {
    // The stamp ticks every 500 ms while the loop works; the spin starts right after a tick, and
    // the dump's first look comes before the timer is due, when a busy loop and a young block read
    // the same.
    const program = `const rt = require(${RT});
rt.initGlobalRegistry().register("young", "server").run(() => rt.instrumentAwait(new Promise(() => {}), "wait"));
const spin = (ms) => { const end = Date.now() + ms; while (Date.now() < end); };
// The runtime's published stamp says when its timer is due: stop right after a tick.
const stamp = globalThis[Symbol.for("await-tree.loop-stamp")];
let n = 0;
const work = () => { spin(5); if (++n < 100 || stamp.overdueMs() > -450) setImmediate(work); else { console.log("stuck"); stuckNow(); } };
function stuckNow() { spin(60000); }
setTimeout(work, 600);
console.log("ready");`;
    const t = start(["--inspect-port=0", "-e", program]);
    try {
      await t.line(/stuck/);
      const r = await cli(["dump", String(t.pid), "--timeout", "30000"], { AWAIT_TREE_CLI_TRACE: "1" });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.match(/state: blocked/);
      expect(r.stdout).to.match(
        /^Event loop blocked: no timer has run for \d+\.\d{3}m?s: the main thread was running JavaScript when the dump arrived\. Stack:\n {4}at spin /,
      );
      expect(r.stdout).to.match(/\n {4}at stuckNow /);
      expect(r.stdout).to.contain("[young]");
    } finally {
      await t.stop();
    }
  });

  it("decides from the stamp's two readings, looks again when they cannot tell yet, and says blocked without them", () => {
    const busy = createRequire(import.meta.url)(join(repoRoot, "packages", "cli", "dist", "busy.js")) as Busy;
    const { firstLook, lookAgainInMs, secondLook, BLOCKED_OVERDUE_MS, BLOCKED_RUN_MS } = busy;
    expect(firstLook({ below: 0, stalledMs: 5000, overdueMs: 4500 })).to.equal("idle");
    expect(firstLook({ below: -1 })).to.equal("idle");
    expect(firstLook({ below: 3, stalledMs: 600, overdueMs: BLOCKED_OVERDUE_MS })).to.equal("blocked");
    expect(firstLook({ below: 3, stalledMs: BLOCKED_RUN_MS, overdueMs: -3000 })).to.equal("blocked");
    // Not yet due (due in 200 ms): undecided; looked at again once the timer would be 100 ms late.
    expect(firstLook({ below: 3, stalledMs: 300, overdueMs: -200 })).to.equal(undefined);
    expect(lookAgainInMs({ below: 3, stalledMs: 300, overdueMs: -200 })).to.be.within(300, 340);
    // A stretched stamp (due in 5 s): at most until the loop would have run a second.
    expect(lookAgainInMs({ below: 3, stalledMs: 700, overdueMs: -5000 })).to.be.within(300, 340);
    // The second look: the loop ran the timer (readings start again) or went idle: busy.
    expect(secondLook({ below: 2, stalledMs: 40, overdueMs: -460 })).to.equal("busy");
    expect(secondLook({ below: 0, stalledMs: 40, overdueMs: -460 })).to.equal("busy");
    expect(secondLook({ below: 2, stalledMs: 620, overdueMs: 120 })).to.equal("blocked");
    expect(secondLook(undefined)).to.equal("blocked");
    // The whole decision: an undecided first answer is followed by one second look, after the wait.
    const looks: number[] = [];
    const started = Date.now();
    const undecided = { below: 3, stalledMs: 420, overdueMs: -80 };
    const later = busy
      .threadState(
        undecided,
        async () => {
          looks.push(Date.now() - started);
          return { below: 3, stalledMs: 620, overdueMs: 120 };
        },
        Date.now() + 10_000,
      )
      .then((seen) => {
        expect(seen).to.deep.equal({ state: "blocked", stalledMs: 620, overdueMs: 120 });
        expect(looks).to.have.length(1);
        expect(looks[0]).to.be.at.least(180);
      });
    // An older runtime (no `overdueMs`), no loop stamp, or a thread without the runtime: as before.
    expect(firstLook({ below: 3, stalledMs: 10 })).to.equal("blocked");
    expect(firstLook({ below: 3 })).to.equal("blocked");
    return later;
  });
});
