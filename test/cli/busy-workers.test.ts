// A worker busy in a task (a pool's worker stuck in a synchronous loop): `await-tree dump` shows it
// blocked as it shows a blocked main thread, with how long its loop has not turned and its stack,
// and the worker runs on once the dump is over. Before, its trees were printed as if it were idle.
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../transformer/helpers.js";
import { cli, sleep, start, until } from "./support.js";

const RT = JSON.stringify(join(repoRoot, "packages", "runtime"));

/** A worker that spins in `spinUntilReleased` once started, until the main thread sets its flag. */
function spinner(withRuntime: boolean): string {
  return `const { parentPort, workerData } = require("node:worker_threads");
const flag = new Int32Array(workerData);
${
  withRuntime
    ? `const rt = require(${RT});
rt.initGlobalRegistry().register("busy job", "job").run(() => rt.instrumentAwait(new Promise(() => {}), "wait for the answer"));`
    : ""
}
function spinUntilReleased() {
  parentPort.postMessage("spinning");
  const end = Date.now() + 60000;
  while (Atomics.load(flag, 0) === 0 && Date.now() < end) {}
  setTimeout(() => parentPort.postMessage("turned again"), 10);
}
setTimeout(spinUntilReleased, 700);`;
}

const IDLE = `const rt = require(${RT});
rt.initGlobalRegistry().register("idle job", "job").run(() => rt.instrumentAwait(new Promise(() => {}), "wait idle"));
require("node:worker_threads").parentPort.postMessage("spinning");
setInterval(() => {}, 1 << 30);`;

const PROGRAM = `const { Worker } = require("node:worker_threads");
const flag = new Int32Array(new SharedArrayBuffer(4));
let spinning = 0;
const started = (name, code, data) => new Worker(code, { eval: true, name, workerData: data })
  .on("message", (m) => {
    if (m === "spinning" && ++spinning === 3) console.log("all spinning");
    if (m === "turned again") console.log(name + " turned again");
  });
started("busy", ${JSON.stringify(spinner(true))}, flag.buffer);
started("busy-untraced", ${JSON.stringify(spinner(false))}, flag.buffer);
started("idle", ${JSON.stringify(IDLE)});
process.on("SIGUSR2", () => Atomics.store(flag, 0, 1));
setInterval(() => {}, 1 << 30);`;

interface Thread {
  title?: string;
  thread: string;
  blocked: null | { stalledMs: number | null; stack: Array<{ functionName: string }>; error?: string };
  dump: null | { tasks: Array<{ key: string }> };
}

describe("await-tree dump: a worker busy in JavaScript", function () {
  this.timeout(120_000);

  it("is shown blocked, with the time its loop has not turned and its stack, and runs on after the dump", async () => {
    const t = start(["--inspect-port=0", "-e", PROGRAM]);
    try {
      await t.line(/all spinning/);
      // Soon after the spin began: the CLI looks again once the loop stamp's timer should have run,
      // and finds the worker's loop stopped (docs/cli.md, "Blocked, busy or idle?").
      await sleep(300);
      const r = await cli(["dump", String(t.pid), "--timeout", "30000"]);
      expect(r.code, r.stderr).to.equal(0);
      const section = (name: string): string => {
        const at = r.stdout.search(new RegExp(`\\n== worker thread \\d+: ${name} ==\\n`));
        expect(at, r.stdout).to.be.greaterThan(0);
        const rest = r.stdout.slice(at + 1);
        const next = rest.indexOf("\n== ", 1);
        return next === -1 ? rest : rest.slice(0, next);
      };
      const busy = section("busy");
      expect(busy).to.match(
        /^== worker thread \d+: busy ==\nEvent loop blocked: no timer has run for \d+\.\d{3}m?s: the worker was running JavaScript when the dump arrived\. Stack:\n {4}at spinUntilReleased \(/,
      );
      expect(busy).to.contain("\n[busy job]\n");
      // A busy worker without the runtime is listed too: its stack is all it has to show.
      const untraced = section("busy-untraced");
      expect(untraced).to.match(/Stack:\n {4}at spinUntilReleased \(/);
      expect(untraced).to.contain("(this thread does not load @await-tree/runtime)");
      const idle = section("idle");
      expect(idle).to.not.contain("Event loop blocked");
      expect(idle).to.contain("[idle job]");
      expect(r.stdout.slice(0, r.stdout.indexOf("\n== worker"))).to.not.contain("Event loop blocked");

      const j = JSON.parse((await cli(["dump", String(t.pid), "--json", "--timeout", "30000"])).stdout) as {
        threads: Thread[];
      };
      const byName = (name: string): Thread => {
        const th = j.threads.find((x) => x.title?.endsWith(`] ${name}`));
        expect(th, JSON.stringify(j).slice(0, 2000)).to.not.equal(undefined);
        return th as Thread;
      };
      const busyJson = byName("busy");
      expect(busyJson.blocked?.stalledMs).to.be.a("number").greaterThan(0);
      expect(busyJson.blocked?.stack[0]?.functionName).to.equal("spinUntilReleased");
      expect(busyJson.dump?.tasks.map((x) => x.key)).to.deep.equal(["busy job"]);
      expect(byName("busy-untraced").dump).to.equal(null);
      expect(byName("idle").blocked).to.equal(null);
      expect(j.threads[0]?.blocked).to.equal(null);

      // Neither dump left a worker paused: released, each turns its loop again.
      process.kill(t.pid, "SIGUSR2");
      await until(() => /busy turned again/.test(t.stdout()) && /busy-untraced turned again/.test(t.stdout()), 20_000);
      expect(t.stdout()).to.contain("busy turned again").and.to.contain("busy-untraced turned again");
    } finally {
      await t.stop();
    }
  });
});
