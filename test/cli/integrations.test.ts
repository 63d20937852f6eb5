// The in-process integrations, no inspector: the exit report, the dump on a signal, the stall
// watchdog. Real child processes, each opting in the way a user would (environment variable or
// `--import @await-tree/runtime/...`).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { tempFolder } from "../support/scratch.js";
import { mask, node, repoRoot, run } from "../transformer/helpers.js";
import { start, until } from "./support.js";

const RUNTIME = JSON.stringify(join(repoRoot, "packages", "runtime"));

/** A task whose last await never settles: Node exits with code 0 and, without the report, no word. */
const HANG = `
const rt = require(${RUNTIME});
const registry = rt.initGlobalRegistry();
const fetchUser = rt.traced(async function fetchUser(id) {
  await rt.instrumentAwait(new Promise(() => {}), rt.span\`wait for user \${id}\`);
});
registry.register("request 7", "GET /users/7").run(() => fetchUser(7));
`;

/**
 * HANG with a task key that counts its readings (`keyReads`): a dump reads it for the task's
 * heading. The watchdog takes its report's dump on the main thread while it holds that thread
 * paused in the stall, so a stall spinning until `keyReads` changes (30 s at most) lasts until its
 * report was taken. Stalls of a fixed length had to outlast the start of the watchdog's thread and
 * its capture, which a loaded machine can delay past them.
 */
const COUNTED_HANG = HANG.replace(
  'registry.register("request 7",',
  `let keyReads = 0;
const key = { toString() { keyReads++; return "request 7"; } };
registry.register(key,`,
);

describe("in-process integrations", () => {
  it("opt-in: without the variables none of their code loads, no handler is installed", async () => {
    const program = `require(${RUNTIME});
const loaded = Object.keys(require.cache).filter((f) => /integrations[\\\\/](signal|exit-report|watchdog)/.test(f));
console.log(JSON.stringify({ loaded: loaded.length, usr2: process.listenerCount("SIGUSR2"), beforeExit: process.listenerCount("beforeExit") }));`;
    const env = { AWAIT_TREE_SIGNAL: undefined, AWAIT_TREE_EXIT_REPORT: undefined, AWAIT_TREE_WATCHDOG: undefined };
    const [off, on] = await Promise.all([
      node(["-e", program], { env }),
      node(["-e", program], {
        env: { AWAIT_TREE_SIGNAL: "SIGUSR2", AWAIT_TREE_EXIT_REPORT: "1", AWAIT_TREE_WATCHDOG: "1s" },
      }),
    ]);
    expect(JSON.parse(off.stdout)).to.deep.equal({ loaded: 0, usr2: 0, beforeExit: 0 });
    expect(JSON.parse(on.stdout)).to.deep.equal({ loaded: 3, usr2: 1, beforeExit: 1 });
  });

  it("exit report (AWAIT_TREE_EXIT_REPORT=1): the silent promise hang exits printing what was pending", async () => {
    const [on, viaImport, off, nothing] = await Promise.all([
      node(["-e", HANG], { env: { AWAIT_TREE_EXIT_REPORT: "1" } }),
      node(["--import", "@await-tree/runtime/exit-report", "-e", HANG], { env: { AWAIT_TREE_EXIT_REPORT: undefined } }),
      node(["-e", HANG], { env: { AWAIT_TREE_EXIT_REPORT: undefined } }),
      node(["-e", `require(${RUNTIME}).initGlobalRegistry();`], { env: { AWAIT_TREE_EXIT_REPORT: "1" } }),
    ]);
    for (const r of [on, viaImport]) {
      expect(r.code).to.equal(0);
      expect(mask(r.stderr)).to.match(
        /^await-tree exit report \(the event loop is empty: nothing can settle what is pending; 1 task still pending\): pid \d+, \S+\n\[request 7\]\nGET \/users\/7 \[T\]\n {2}fetchUser\(7\) \[T\]\n {4}wait for user 7 \[T\]\n\n\[Frames only: \d+ traced calls? ran without @await-tree\/transformer[^\n]*\]\n$/,
      );
    }
    expect(off.stderr).to.equal("");
    expect(nothing.stderr).to.equal(""); // nothing pending: nothing printed
  });

  it("exit report: AWAIT_TREE_EXIT_REPORT is on/off as AWAIT_TREE_AUTO_INIT is; another value is named and ignored", async () => {
    const runs = await Promise.all(
      ["off", "OFF", "false", "on", "true", "yes"].map((v) =>
        node(["-e", HANG], { env: { AWAIT_TREE_EXIT_REPORT: v } }).then((r) => ({ v, r })),
      ),
    );
    for (const { v, r } of runs) {
      expect(r.code, v).to.equal(0);
      const reported = r.stderr.includes("await-tree exit report");
      expect(reported, `${v}: ${r.stderr}`).to.equal(v === "on" || v === "true");
    }
    const yes = runs.find((x) => x.v === "yes")?.r.stderr ?? "";
    expect(yes).to.include('AWAIT_TREE_EXIT_REPORT="yes" is not 0, off, false, 1, on or true: ignored');
  });

  it("exit report: a program's own beforeExit listener may still settle the work; the report waits for exit", async () => {
    const settles = `${HANG.replace("new Promise(() => {})", "new Promise((r) => { globalThis.release = r; })")}; process.on("beforeExit", () => globalThis.release?.());`;
    const [settled, idle] = await Promise.all([
      node(["-e", settles], { env: { AWAIT_TREE_EXIT_REPORT: "1" } }),
      node(["-e", `${HANG}; process.on("beforeExit", () => {});`], { env: { AWAIT_TREE_EXIT_REPORT: "1" } }),
    ]);
    expect(settled.code).to.equal(0);
    expect(settled.stderr, "settled by the program's listener: nothing pending at exit").to.equal("");
    expect(idle.code).to.equal(0);
    expect(idle.stderr).to.match(
      /^await-tree exit report \(the process is exiting with code 0; 1 task still pending\)/,
    );
    expect(idle.stderr).to.not.include("nothing can settle");
  });

  it("exit report of an ES module whose top-level await never settles: no exit code claimed before Node sets 13", async () => {
    // Node sets exit code 13 after `beforeExit`, when it finds the top-level await unsettled.
    const program = `import { createRequire } from "node:module";\n${HANG.replace(
      "const rt",
      "const require = createRequire(import.meta.url);\nconst rt",
    )}\nawait new Promise(() => {});\n`;
    const r = await node(["--input-type=module", "-e", program], { env: { AWAIT_TREE_EXIT_REPORT: "1" } });
    expect(r.code).to.equal(13);
    expect(r.stderr).to.match(
      /^await-tree exit report \(the event loop is empty: nothing can settle what is pending; 1 task still pending\)/,
    );
    expect(r.stderr).to.not.match(/exit code 0/);
    expect(r.stderr).to.contain("wait for user 7");
  });

  it("exit report on process.exit() while work is pending", async () => {
    const r = await node(["-e", `${HANG}; setTimeout(() => process.exit(3), 10);`], {
      env: { AWAIT_TREE_EXIT_REPORT: "1" },
    });
    expect(r.code).to.equal(3);
    expect(r.stderr).to.match(/^await-tree exit report \(the process is exiting with code 3; 1 task still pending\)/);
    expect(r.stderr).to.contain("wait for user 7");
  });

  it("AWAIT_TREE_SIGNAL=SIGUSR2 writes the dump to stderr, or to a file in AWAIT_TREE_DUMP_DIR", async () => {
    const dir = tempFolder(tmpdir(), "await-tree-dumps-");
    const keep = `${HANG}; setInterval(() => {}, 1 << 30); console.log("ready");`;
    const toStderr = start(["-e", keep], { env: { AWAIT_TREE_SIGNAL: "SIGUSR2" } });
    const toFile = start(["--import", "@await-tree/runtime/signal", "-e", keep], { env: { AWAIT_TREE_DUMP_DIR: dir } });
    try {
      await Promise.all([toStderr.line(/ready/), toFile.line(/ready/)]);
      const dumped =
        /^await-tree dump \(SIGUSR2\): pid \d+, \S+\n\[request 7\]\nGET \/users\/7 \[T\]\n {2}fetchUser\(7\) \[T\]\n {4}wait for user 7 \[T\]\n/;
      const dumps = (): number => toStderr.stderr().split("await-tree dump (SIGUSR2)").length - 1;
      toStderr.child.kill("SIGUSR2");
      toFile.child.kill("SIGUSR2");
      // Until both wrote their report (a fixed wait of 300 ms assumed how soon a loaded machine does).
      await until(() => dumped.test(mask(toStderr.stderr())) && toFile.stderr().includes("signal report written to"));
      expect(mask(toStderr.stderr())).to.match(dumped);
      const files = readdirSync(dir);
      expect(files).to.have.length(1);
      expect(files[0]).to.match(new RegExp(`^await-tree-${toFile.pid}-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z-signal\\.txt$`));
      expect(readFileSync(join(dir, files[0] as string), "utf8")).to.contain("[request 7]");
      expect(toFile.stderr()).to.contain(`signal report written to ${join(dir, files[0] as string)}`);
      // Still running: the signal no longer terminates it, and the next one dumps again.
      expect(dumps()).to.equal(1);
      toStderr.child.kill("SIGUSR2");
      await until(() => dumps() === 2);
      expect(dumps(), toStderr.stderr()).to.equal(2);
      expect(toStderr.child.exitCode).to.equal(null);
    } finally {
      await Promise.all([toStderr.stop(), toFile.stop()]);
    }
  });

  it("AWAIT_TREE_SIGNAL=SIGTERM (or SIGINT): the dump is written, then the signal still ends the process", async () => {
    // Listening alone kept the process running and changed its exit code (0 for 143).
    const keep = `${HANG}; setInterval(() => {}, 1 << 30); console.log("ready");`;
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const target = start(["-e", keep], { env: { AWAIT_TREE_SIGNAL: signal } });
      try {
        await target.line(/ready/);
        const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
          target.child.once("exit", (code, sig) => r({ code, signal: sig })),
        );
        target.child.kill(signal);
        const how = await ended;
        expect(how, signal).to.deep.equal({ code: null, signal });
        expect(mask(target.stderr())).to.match(
          new RegExp(`^await-tree dump \\(${signal}\\): pid \\d+, \\S+\\n\\[request 7\\]`),
        );
      } finally {
        await target.stop();
      }
    }
  });

  it("AWAIT_TREE_SIGNAL=SIGTERM (or SIGINT) beside signal-exit (execa, ora): the process still ends as it would without us", async () => {
    // signal-exit ends the process itself only when all of a signal's listeners are its own: ours
    // made it give way, and ours gave way to it, so an execa CLI no longer ended on SIGTERM or
    // Ctrl-C (audit of execa 9, listr2 and commander). signal-exit 4 is the repository's (jest's
    // dependency); its version 3 protocol (`process.__signal_exit_emitter__`) is written out here.
    const onExit = `require("signal-exit").onExit((code, sig) => { console.log("cleanup " + sig); });`;
    const v3 = `process.__signal_exit_emitter__ = { count: 1 };
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => {
  if (process.listeners(s).length === process.__signal_exit_emitter__.count) { console.log("v3 cleanup " + s); process.removeAllListeners(s); process.kill(process.pid, s); }
});`;
    const keep = `setInterval(() => {}, 1 << 30); console.log("ready");`;
    const cases: Array<[string, string, string | undefined]> = [
      ["signal-exit after the runtime", `${HANG}; ${onExit} ${keep}`, "cleanup"],
      ["signal-exit before the runtime", `${onExit} ${HANG}; ${keep}`, "cleanup"],
      ["signal-exit 3's protocol", `${HANG}; ${v3} ${keep}`, "v3 cleanup"],
      // A listener of the program's own decides, as it does without us: here it keeps running.
      [
        "the program's own listener too",
        `${HANG}; ${onExit} process.on("SIGTERM", () => console.log("own")); process.on("SIGINT", () => console.log("own")); ${keep}`,
        undefined,
      ],
    ];
    for (const [name, program, cleanup] of cases) {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        const target = start(["-e", program], { env: { AWAIT_TREE_SIGNAL: signal } });
        try {
          await target.line(/ready/);
          const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
            target.child.once("exit", (code, sig) => r({ code, signal: sig })),
          );
          target.child.kill(signal);
          if (cleanup === undefined) {
            await target.line(/own/);
            await new Promise((r) => setTimeout(r, 300));
            expect(target.child.exitCode, `${name}, ${signal}: still running`).to.equal(null);
            expect(target.child.signalCode, `${name}, ${signal}: still running`).to.equal(null);
          } else {
            const how = await Promise.race([
              ended,
              new Promise((r) => setTimeout(() => r("still running after 5 s"), 5000)),
            ]);
            expect(how, `${name}, ${signal}`).to.deep.equal({ code: null, signal });
            expect(target.stdout(), `${name}, ${signal}`).to.include(`${cleanup} ${signal}`);
          }
          expect(mask(target.stderr()), `${name}, ${signal}`).to.match(
            new RegExp(`^await-tree dump \\(${signal}\\): pid \\d+, \\S+\\n\\[request 7\\]`),
          );
        } finally {
          await target.stop();
        }
      }
    }
  });

  it("bad settings are named on stderr and the program runs on", async () => {
    const [usr1, nonsense, threshold] = await Promise.all([
      node(["-e", `require(${RUNTIME}); console.log("ran")`], { env: { AWAIT_TREE_SIGNAL: "SIGUSR1" } }),
      node(["-e", `require(${RUNTIME}); console.log("ran")`], { env: { AWAIT_TREE_SIGNAL: "USR2" } }),
      node(["-e", `require(${RUNTIME}); console.log("ran")`], { env: { AWAIT_TREE_WATCHDOG: "soon" } }),
    ]);
    expect(usr1.stdout).to.equal("ran\n");
    expect(usr1.stderr).to.contain("AWAIT_TREE_SIGNAL: SIGUSR1 cannot be used: Node.js uses it to open the inspector");
    expect(nonsense.stderr).to.contain('AWAIT_TREE_SIGNAL: "USR2" is not a signal name (e.g. SIGUSR2)');
    expect(threshold.stdout).to.equal("ran\n");
    expect(threshold.stderr).to.contain(
      'AWAIT_TREE_WATCHDOG: "soon" is not a threshold of at least 10 ms (e.g. 200ms, 2s)',
    );
  });

  it("watchdog: a stall that the program ends by exiting still gets its report (the exit waits for it)", async () => {
    // The report is written after the main thread resumes: a program that exits right after its
    // stall ended lost it (seen as a flaky CI run: the report missing beside an exit report).
    const program = `${COUNTED_HANG}
setTimeout(() => { const seen = keyReads, giveUp = Date.now() + 30000; while (keyReads === seen && Date.now() < giveUp) {} process.exit(0); }, 200);`;
    const runs = await Promise.all(
      [1, 2, 3, 4, 5].map(() => node(["-e", program], { env: { AWAIT_TREE_WATCHDOG: "100ms" } })),
    );
    for (const r of runs) {
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr, r.stderr).to.match(/^await-tree watchdog: pid \d+/m);
      expect(r.stderr).to.not.contain("Waiting for the debugger to disconnect");
    }
  });

  it("one bad setting leaves the others on: each is started on its own", async () => {
    const loaded = `console.log(JSON.stringify({ usr2: process.listenerCount("SIGUSR2"), stamp: globalThis[Symbol.for("await-tree.loop-stamp")] !== undefined }));`;
    // One stall, spinning until the watchdog's report has read the task's key (as below).
    const stall = `${COUNTED_HANG}; ${loaded}
setTimeout(() => { const seen = keyReads, giveUp = Date.now() + 30000; while (keyReads === seen && Date.now() < giveUp) {} }, 200);`;
    const [badSignal, badWatchdog] = await Promise.all([
      // A bad signal name used to skip the exit report and the watchdog set beside it.
      node(["-e", stall], {
        env: { AWAIT_TREE_SIGNAL: "SIGUSR", AWAIT_TREE_EXIT_REPORT: "1", AWAIT_TREE_WATCHDOG: "100ms" },
      }),
      node(["-e", `${HANG}; ${loaded}`], {
        env: { AWAIT_TREE_SIGNAL: "SIGUSR2", AWAIT_TREE_EXIT_REPORT: "1", AWAIT_TREE_WATCHDOG: "soon" },
      }),
    ]);
    expect(badSignal.stderr).to.contain('AWAIT_TREE_SIGNAL: "SIGUSR" is not a signal name');
    expect(badSignal.stderr).to.contain("await-tree exit report");
    expect(badSignal.stderr).to.match(/^await-tree watchdog: pid \d+/m);
    expect(JSON.parse(badSignal.stdout)).to.deep.equal({ usr2: 0, stamp: true });
    expect(badWatchdog.stderr).to.contain('AWAIT_TREE_WATCHDOG: "soon" is not a threshold');
    expect(badWatchdog.stderr).to.contain("await-tree exit report");
    expect(JSON.parse(badWatchdog.stdout)).to.deep.equal({ usr2: 1, stamp: true });
  });

  it("AWAIT_TREE_LOOP_STAMP is on/off as the others are; another value is named and leaves it on", async () => {
    const program = `require(${RUNTIME}); console.log(globalThis[Symbol.for("await-tree.loop-stamp")] !== undefined);`;
    const runs = await Promise.all(
      ["0", "off", "FALSE", "1", "on", "", "banana"].map((v) =>
        node(["-e", program], { env: { AWAIT_TREE_LOOP_STAMP: v } }).then((r) => ({ v, r })),
      ),
    );
    for (const { v, r } of runs) {
      expect(r.stdout, v).to.equal(v === "0" || v === "off" || v === "FALSE" ? "false\n" : "true\n");
      expect(r.stderr, v).to.equal(
        v === "banana"
          ? 'await-tree: AWAIT_TREE_LOOP_STAMP="banana" is not 0, off, false, 1, on or true: ignored\n'
          : "",
      );
    }
  });

  it("watchdog (AWAIT_TREE_WATCHDOG=100ms): one report per stall, with the synchronous stack and the trees", async () => {
    // Each stall goes on for 500 ms after its report was taken, where a second report of it would
    // come; the exit leaves the watchdog a second to write the last one.
    const program = `${COUNTED_HANG}
function spinFor(ms) {
  const seen = keyReads, giveUp = Date.now() + 30000;
  while (keyReads === seen && Date.now() < giveUp) {}
  const end = Date.now() + ms;
  while (Date.now() < end) {}
}
setTimeout(function firstStall() {
  spinFor(500);
  setTimeout(function secondStall() {
    spinFor(500);
    setTimeout(() => process.exit(0), 1000);
  }, 400);
}, 200);`;
    const r = await node(["-e", program], { env: { AWAIT_TREE_WATCHDOG: "100ms" } });
    expect(r.code).to.equal(0);
    const reports = r.stderr.split(/^(?=await-tree watchdog: )/m).filter((s) => s !== "");
    expect(reports).to.have.length(2);
    for (const [i, fn] of [
      [0, "firstStall"],
      [1, "secondStall"],
    ] as const) {
      const text = reports[i] as string;
      expect(text).to.match(
        /^await-tree watchdog: pid \d+, \S+\nthe event loop has not turned for \d+ ms \(threshold 100 ms\)\nmain thread stack:\n {4}at spinFor \(\[eval\]:\d+:\d+\)\n/,
      );
      expect(text).to.contain(`    at ${fn} ([eval]:`);
      expect(mask(text)).to.contain("[request 7]\nGET /users/7 [T]\n  fetchUser(7) [T]\n    wait for user 7 [T]\n");
    }
  });

  it("watchdog: the program's preloads in NODE_OPTIONS run in the main thread only, not in the watchdog's", async () => {
    const dir = tempFolder(join(repoRoot, "build"), "preload-");
    const preload = join(dir, "preload.cjs");
    writeFileSync(
      preload,
      'process.stderr.write("preload in thread " + require("node:worker_threads").threadId + "\\n");\n',
    );
    const r = await node(["-e", `${HANG}\nsetTimeout(() => process.exit(0), 300);`], {
      env: { AWAIT_TREE_WATCHDOG: "1s", NODE_OPTIONS: `--require ${preload}` },
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr.match(/preload in thread \d+/g)).to.deep.equal(["preload in thread 0"]);
  });

  it("watchdog API: startWatchdog(threshold, { onStall }) from @await-tree/runtime/watchdog gets each report on the main thread", async () => {
    // The stall lasts until the report was taken in it (COUNTED_HANG); the process then waits for
    // onStall (and gives up after a minute).
    const program = `${COUNTED_HANG}
const { startWatchdog } = require("@await-tree/runtime/watchdog");
startWatchdog("100ms", {
  onStall(report) {
    console.log("onStall got: " + report.split("\\n").find((l) => l.startsWith("    at ")));
    process.exit(0);
  },
});
setTimeout(function stall() {
  const seen = keyReads, giveUp = Date.now() + 30000;
  while (keyReads === seen && Date.now() < giveUp) {}
}, 100);
setTimeout(() => {}, 60000);`;
    const r = await node(["-e", program], { env: { AWAIT_TREE_WATCHDOG: undefined } });
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.match(/^onStall got: {5}at stall \(\[eval\]:\d+:\d+\)\n$/);
  });

  it("watchdog API: a watchdog with onStall does not keep the process alive (its exit report still comes)", async () => {
    const program = `${HANG}
const { startWatchdog } = require("@await-tree/runtime/watchdog");
startWatchdog("100ms", { onStall: (report) => console.log("stalled") });
console.log("started");`;
    // Killed after 20 s if it never ends (as it did).
    const r = await run(process.execPath, ["-e", program], {
      env: { AWAIT_TREE_WATCHDOG: undefined, AWAIT_TREE_EXIT_REPORT: "1" },
      timeoutMs: 20_000,
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal("started\n");
    expect(r.stderr).to.match(/^await-tree exit report \(the event loop is empty/);
  });
});
