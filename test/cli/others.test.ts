// What is not the CLI's to touch: another process that took the target's inspector port, a
// developer's debugger session holding the target paused, a worker that cannot answer. Every
// party is a real process.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, scratchDir } from "../transformer/helpers.js";
import { CLI, cli, freePort, LIGHT_TARGET, listeningPorts, sleep, start, type Target, until } from "./support.js";

/** chrome-remote-interface as the CLI resolves it: the debugger client of the "developer" below. */
const CRI = createRequire(join(repoRoot, "packages", "cli", "package.json")).resolve("chrome-remote-interface");

/**
 * A runtime stand-in whose dump takes 6 s in the target: time for other CLIs to start (a second
 * or two each on a loaded machine) while it runs. It sleeps (Atomics.wait), not spins: the suite
 * is bound by CPU.
 */
const SLOW_DUMP_TARGET = `globalThis[Symbol.for("await-tree.runtime")] = { version: "0", contract: 1,
  dump: () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 6000); return "[slow]\\n"; } };
  setInterval(() => {}, 1 << 30); console.log("ready");`;

/** The state letter of /proc/<pid>/stat ("T" when stopped). */
function stateOf(pid: number): string {
  try {
    return (/\) (\w) /.exec(readFileSync(`/proc/${pid}/stat`, "utf8")) ?? [])[1] ?? "";
  } catch {
    return "";
  }
}

describe("await-tree dump: leaves alone what is not the target's", () => {
  it("the target exits while its inspector opens and another process takes the port: nothing is done there", async function () {
    // Each attempt takes about a second; the CLI wins the race in some (up to 5 in a row were
    // seen on a loaded machine, 2026-12-05): enough attempts that a lost streak is not a failure.
    this.timeout(120_000);
    // The target stops itself the instant its inspector opens (the CLI then sees the port; its
    // GET waits), the test kills it and starts a bystander with its own inspector on the same
    // port. The CLI must evaluate nothing there: neither the dump nor the close.
    const bystanderCode = `globalThis[Symbol.for("await-tree.runtime")] = { version: "by", contract: 1,
      dump: () => { console.log("dump ran in the bystander"); return "[b]\\n"; } };
      setInterval(() => {}, 1 << 30); console.log("ready " + require("node:inspector").url());`;
    const stopper = `${LIGHT_TARGET}; const iv = setInterval(() => { if (require("node:inspector").url() !== undefined) { clearInterval(iv); process.kill(process.pid, "SIGSTOP"); } }, 1);`;
    // The CLI may win the race to the target's inspector (then the bystander is never reached and
    // the case proves nothing): tried until the CLI did connect to the bystander.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const t = start([`--inspect-port=${port}`, "-e", stopper]);
      let by: Target | undefined;
      try {
        await t.line(/ready/);
        const run = cli(["dump", String(t.pid), "--timeout", "20000"], { AWAIT_TREE_CLI_TRACE: "1" });
        await until(() => stateOf(t.pid) === "T");
        expect(stateOf(t.pid), "the target stopped itself").to.equal("T");
        await t.stop();
        by = start([`--inspect=127.0.0.1:${port}`, "-e", bystanderCode]);
        const url = (await by.line(/ready (\S+)/))[1] as string;
        const r = await run;
        if (!r.stderr.includes(`connecting to ${url}`) && attempt < 20) continue;
        expect(r.stderr, "the CLI reached the bystander").to.contain(`connecting to ${url}`);
        await sleep(300);
        expect(by.stdout()).not.to.contain("dump ran in the bystander");
        expect(listeningPorts(by.pid), "the bystander's inspector is still open").to.include(port);
        expect(r.code).to.equal(1);
        expect(r.stderr).to.contain(
          `await-tree: pid ${t.pid} exited while its inspector was opening, and port ${port} was then taken by pid ${by.pid}: await-tree did nothing in pid ${by.pid}`,
        );
        return;
      } finally {
        await t.stop();
        await by?.stop();
      }
    }
  });

  it("a target a developer's debugger holds paused at a breakpoint is reported as such and left paused", async () => {
    const program = `${LIGHT_TARGET}
setInterval(function atBreakpoint() { if (globalThis.go === true) { globalThis.go = false; debugger; console.log("resumed past breakpoint"); } }, 20);`;
    const t = start(["--inspect=127.0.0.1:0", "-e", program]);
    // The developer's session: enables the debugger, arms the breakpoint, stays attached.
    const holderCode = `const CDP = require(${JSON.stringify(CRI)});
      (async () => { const c = await CDP({ port: Number(process.argv[1]), local: true });
        c.on("Debugger.paused", (p) => console.log("holder: paused at " + p.callFrames[0].functionName));
        c.on("Debugger.resumed", () => console.log("holder: resumed"));
        await c.send("Debugger.enable");
        await c.send("Runtime.evaluate", { expression: "globalThis.go = true" }); })();`;
    let holder: Target | undefined;
    try {
      await t.line(/ready/);
      await until(() => listeningPorts(t.pid).length === 1);
      const [port] = listeningPorts(t.pid);
      holder = start(["-e", holderCode, String(port)]);
      await holder.line(/holder: paused at atBreakpoint/);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(
        /^The main thread is paused in a debugger at atBreakpoint \([^\n]*:\d+:\d+\): another debugger session holds it there; await-tree left it paused\. Stack:\n {4}at atBreakpoint /,
      );
      expect(r.stdout).to.contain("[light]\nlight task");
      const json = JSON.parse((await cli(["dump", String(t.pid), "--json"])).stdout);
      expect(json.threads[0].blocked.pausedInDebugger).to.equal(true);
      expect(json.threads[0].blocked.stack[0].functionName).to.equal("atBreakpoint");
      await sleep(500);
      expect(t.stdout()).not.to.contain("resumed past breakpoint");
      expect(holder.stdout()).not.to.contain("holder: resumed");
    } finally {
      await holder?.stop();
      await t.stop();
    }
  });

  it("a worker blocked in native code is listed with the reason it was not dumped (text and JSON)", async () => {
    const rt = JSON.stringify(join(repoRoot, "packages", "runtime"));
    // Reading a FIFO nobody writes blocks in open(2): no JavaScript runs, no interrupt is served.
    // (Atomics.wait would not do: V8 serves interrupts while it waits.)
    const fifo = join(scratchDir(), `cli-fifo-${process.pid}`);
    rmSync(fifo, { force: true });
    execFileSync("mkfifo", [fifo]);
    const worker = `const { parentPort, workerData } = require("node:worker_threads");
const rt = require(${rt});
rt.initGlobalRegistry().register(workerData, "job").run(() => rt.instrumentAwait(new Promise(() => {}), "wait"));
parentPort.postMessage("up");
if (workerData === "stuck") setTimeout(() => require("node:fs").readFileSync(${JSON.stringify(fifo)}), 50);
else setInterval(() => {}, 1 << 30);`;
    const program = `${LIGHT_TARGET}
let n = 0;
for (const name of ["stuck", "fine"]) {
  new (require("node:worker_threads").Worker)(${JSON.stringify(worker)}, { eval: true, workerData: name, name })
    .on("message", () => { if (++n === 2) console.log("workers up"); });
}`;
    const t = start(["--inspect-port=0", "-e", program]);
    try {
      await t.line(/workers up/);
      await sleep(200);
      const r = await cli(["dump", String(t.pid), "--timeout", "20000"]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/\n== worker thread \d+: fine ==\n\[fine\]\n/);
      expect(r.stdout).to.match(
        /\n== worker thread \d+: stuck ==\n\(not dumped: the worker did not answer within \d+ ms \(it may be blocked in native code/,
      );
      const j = JSON.parse((await cli(["dump", String(t.pid), "--json", "--timeout", "20000"])).stdout);
      const stuck = j.threads.find((th: { title?: string }) => th.title?.endsWith("stuck"));
      expect(stuck?.thread, JSON.stringify(j).slice(0, 800)).to.equal("worker");
      expect(stuck.threadId).to.be.a("number");
      expect(stuck.dump.tasks).to.deep.equal([]);
      expect(stuck.dump.errors[0]).to.match(/^not dumped: the worker did not answer within \d+ ms/);
    } finally {
      await t.stop();
    }
  });

  it("a main thread without the runtime and its only runtime worker not answering: the worker is listed, no 'does not load' error", async () => {
    // A worker pool whose task files alone are traced (piscina's, the main thread untraced): a dump
    // while the pool was destroyed, or while its one traced worker was blocked in native code, said
    // "pid N does not load @await-tree/runtime ... install @await-tree/runtime", though the workers
    // that could not be asked load it. Such a worker is listed with why it was not dumped.
    const rt = JSON.stringify(join(repoRoot, "packages", "runtime"));
    const fifo = join(scratchDir(), `cli-fifo-main-${process.pid}`);
    rmSync(fifo, { force: true });
    execFileSync("mkfifo", [fifo]);
    const worker = `const rt = require(${rt});
rt.initGlobalRegistry().register("job", "job").run(() => rt.instrumentAwait(new Promise(() => {}), "wait"));
require("node:worker_threads").parentPort.postMessage("up");
setTimeout(() => require("node:fs").readFileSync(${JSON.stringify(fifo)}), 50);`;
    const program = `new (require("node:worker_threads").Worker)(${JSON.stringify(worker)}, { eval: true, name: "stuck" })
  .on("message", () => console.log("worker up"));
setInterval(() => {}, 1 << 30);`;
    const t = start(["--inspect-port=0", "-e", program]);
    try {
      await t.line(/worker up/);
      await sleep(200);
      const r = await cli(["dump", String(t.pid), "--timeout", "20000"]);
      expect(r.stderr).to.not.match(/does not load @await-tree\/runtime/);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^== main thread \(pid \d+\) ==\n\(this thread does not load @await-tree\/runtime\)\n/);
      expect(r.stdout).to.match(
        /\n== worker thread \d+: stuck ==\n\(not dumped: the worker did not answer within \d+ ms/,
      );
      const j = JSON.parse((await cli(["dump", String(t.pid), "--json", "--timeout", "20000"])).stdout);
      const stuck = j.threads.find((th: { title?: string }) => th.title?.endsWith("stuck"));
      expect(stuck?.dump.errors[0]).to.match(/^not dumped: the worker did not answer within \d+ ms/);
      await sleep(300);
      expect(listeningPorts(t.pid)).to.deep.equal([]);
    } finally {
      await t.stop();
      rmSync(fifo, { force: true });
    }
  });

  it("dumps of one process at once: each prints its trees, and the inspector is closed when the last ends", async function () {
    // Dumps of one process take turns (dump-lock.ts): twelve in a row.
    this.timeout(60_000);
    // Each CLI that sent SIGUSR1 closed the inspector when it was done, under the others'
    // connections; one that came as it was being closed counted its port as already there, waited
    // in vain for a new one ("did not open its inspector after SIGUSR1") and left it open. Rounds of
    // three CLIs at once, on a port of the test's own (the target's debug port).
    const port = await freePort();
    const t = start([`--inspect-port=${port}`, "-e", LIGHT_TARGET]);
    try {
      await t.line(/ready/);
      for (let round = 1; round <= 4; round++) {
        const runs = await Promise.all([1, 2, 3].map(() => cli(["dump", String(t.pid), "--timeout", "20000"])));
        for (const r of runs) {
          expect(r.stderr, `round ${round}; the target said: ${t.stderr()}`).to.equal("");
          expect(r.code, `round ${round}: ${r.stderr}`).to.equal(0);
          expect(
            r.stdout,
            `round ${round}: exit ${r.code}, stdout ${JSON.stringify(r.stdout)}, ${r.stderr}`,
          ).to.contain("[light]");
        }
        expect(
          t.child.exitCode ?? t.child.signalCode,
          `round ${round}: the target ended (${t.child.exitCode}, ${t.child.signalCode}); it said: ${JSON.stringify(t.stderr())}`,
        ).to.equal(null);
        await until(() => !listeningPorts(t.pid).includes(port), 5000);
        expect(listeningPorts(t.pid), `round ${round}: the inspector left open`).not.to.include(port);
      }
    } finally {
      await t.stop();
    }
  });

  it("one dump of a process at a time: a second waits for the first, and says who held it when --timeout comes", async function () {
    this.timeout(60_000);
    // Dumps that overlapped killed Node 20 targets (SIGSEGV in the inspector's I/O thread when the
    // close met another session: dump-lock.ts). Here the first dump takes 6 s in the target; the
    // second gives up at its --timeout without having touched the target, naming the first CLI.
    const t = start([`--inspect-port=${await freePort()}`, "-e", SLOW_DUMP_TARGET]);
    const clis: Target[] = [];
    try {
      await t.line(/ready/);
      const first = start([CLI, "dump", String(t.pid), "--timeout", "20000"], { env: { AWAIT_TREE_CLI_TRACE: "1" } });
      clis.push(first);
      await until(() => first.stderr().includes("] connected\n"));
      const second = await cli(["dump", String(t.pid), "--timeout", "1000"], { AWAIT_TREE_CLI_TRACE: "1" });
      expect(second.code, second.stderr).to.equal(1);
      expect(second.stderr).to.contain(
        `await-tree: another await-tree dump of pid ${t.pid} (await-tree pid ${first.pid}) was still in progress at --timeout`,
      );
      expect(second.stderr, "the second sent nothing to the target").not.to.contain("SIGUSR1");
      await until(() => first.child.exitCode !== null || first.child.signalCode !== null);
      expect(first.child.exitCode, first.stderr()).to.equal(0);
      expect(first.stdout()).to.contain("[slow]");
      // Released at the first's end: the next dump starts at once.
      const third = await cli(["dump", String(t.pid), "--timeout", "20000"], { AWAIT_TREE_CLI_TRACE: "1" });
      expect(third.code, third.stderr).to.equal(0);
      expect(third.stderr).not.to.contain("in progress");
    } finally {
      for (const c of clis) await c.stop();
      await t.stop();
    }
  });

  it("a dump waiting for another: Ctrl-C ends it at once (nothing sent); a holder killed with SIGKILL frees the process", async function () {
    this.timeout(60_000);
    const t = start([`--inspect-port=${await freePort()}`, "-e", SLOW_DUMP_TARGET]);
    const clis: Target[] = [];
    const dump = (): Target => {
      const c = start([CLI, "dump", String(t.pid), "--timeout", "20000"], { env: { AWAIT_TREE_CLI_TRACE: "1" } });
      clis.push(c);
      return c;
    };
    try {
      await t.line(/ready/);
      const first = dump();
      await until(() => first.stderr().includes("] connected\n"));
      const waiting = dump();
      await until(() => waiting.stderr().includes("waiting for it"));
      waiting.child.kill("SIGINT");
      await until(() => waiting.child.exitCode !== null || waiting.child.signalCode !== null);
      expect(waiting.child.exitCode, waiting.stderr()).to.equal(130);
      expect(waiting.stderr()).to.contain("await-tree: interrupted (SIGINT)");
      expect(waiting.stderr()).not.to.contain("SIGUSR1");
      // No lock outlives its CLI, however it ends (the kernel frees the name).
      const next = dump();
      await until(() => next.stderr().includes("waiting for it"));
      await first.stop();
      await until(() => next.child.exitCode !== null || next.child.signalCode !== null);
      expect(next.child.exitCode, next.stderr()).to.equal(0);
      expect(next.stdout()).to.contain("[slow]");
    } finally {
      for (const c of clis) await c.stop();
      await t.stop();
    }
  });
});
