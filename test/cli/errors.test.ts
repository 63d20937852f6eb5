// The errors a user meets with `await-tree dump`, each naming its cause and the way out. Every
// target is a small real process; they run side by side.

import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { repoRoot } from "../transformer/helpers.js";
import { CLI, cli, LIGHT_TARGET, listeningPorts, sleep, start, type Target, until } from "./support.js";

const { checkTarget } = createRequire(import.meta.url)(join(repoRoot, "packages", "cli", "dist", "proc.js")) as {
  checkTarget: (pid: number, selfUid?: number) => void;
};

const IDLE = "setInterval(() => {}, 1 << 30); console.log('ready');";

describe("await-tree dump: errors", () => {
  it("no such process", async () => {
    const gone = start(["-e", ""]);
    await gone.stop();
    await sleep(50);
    const r = await cli(["dump", String(gone.pid)]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^await-tree: no process with pid \d+ \(it may have exited; find the pid with `ps`/);
  });

  it("a process of another user is refused (real process run as nobody; and the uid comparison on a real /proc entry)", async function () {
    // The comparison itself, on this process's own /proc entry.
    const uid = process.getuid?.() as number;
    expect(() => checkTarget(process.pid, uid + 1)).to.throw(/belongs to user id \d+, not to you \(user id \d+\)/);
    expect(() => checkTarget(process.pid, uid)).not.to.throw();
    if (uid !== 0) this.skip(); // only root can start a process as another user here
    const t = start(["-e", IDLE], { uid: 65534, gid: 65534, cwd: "/" });
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain(`pid ${t.pid} belongs to user id 65534, not to you (user id 0)`);
      expect(r.stderr).to.contain("run it as that user");
      expect(listeningPorts(t.pid)).to.deep.equal([]); // no signal was sent
    } finally {
      await t.stop();
    }
  });

  it("a process without the runtime: says so, and closes the inspector it opened", async () => {
    const t = start(["--inspect-port=0", "-e", IDLE]);
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/pid \d+ does not load @await-tree\/runtime .*install @await-tree\/runtime/);
      expect(listeningPorts(t.pid)).to.deep.equal([]);
    } finally {
      await t.stop();
    }
  });

  it("a process that is not Node.js but catches SIGUSR1 is not sent it (bash with a trap)", async () => {
    // Catching SIGUSR1 (SigCgt) says nothing of what it does there: Apache restarts, dd prints
    // statistics, a script runs its trap. Only Node.js is sent it.
    const t = start(["-c", 'trap "echo got USR1" USR1; echo ready; while true; do sleep 0.05; done'], { bin: "bash" });
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(
        /pid \d+ runs \S*bash, which is not Node\.js: await-tree sends SIGUSR1 only to Node\.js/,
      );
      await sleep(300);
      expect(t.stdout()).to.not.include("got USR1");
    } finally {
      await t.stop();
    }
  });

  it("the inspector cannot open: a program that handles SIGUSR1 itself", async () => {
    const t = start(["-e", `process.on("SIGUSR1", () => console.log("user handler ran")); ${IDLE}`]);
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/did not open its inspector after SIGUSR1: the program handles SIGUSR1 itself/);
      expect(r.stderr).to.contain("--inspect-port");
    } finally {
      await t.stop();
    }
  });

  it("the inspector cannot open: --disable-sigusr1 (and no signal is sent, which would kill it)", async function () {
    // The flag exists from Node.js 22.14 on: run the target on Node 24 when this node lacks it.
    let bin = process.execPath;
    if (!process.allowedNodeEnvironmentFlags.has("--disable-sigusr1")) {
      const { officialNode } = (await import(pathToFileURL(join(repoRoot, "scripts", "official-node.mjs")).href)) as {
        officialNode: (major: string) => { bin?: string; skip?: string };
      };
      const n24 = officialNode("24");
      if (n24.bin === undefined) {
        console.log(`    not run: ${n24.skip}`);
        this.skip();
      }
      bin = n24.bin as string;
    }
    const t = start(["--disable-sigusr1", "-e", IDLE], { bin });
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/was started with --disable-sigusr1: its inspector cannot be opened from outside/);
      expect(t.child.exitCode).to.equal(null);
      expect(t.child.signalCode).to.equal(null);
    } finally {
      await t.stop();
    }
  });

  it("port taken: the target's inspector port is another process's", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const taken = (blocker.address() as { port: number }).port;
    const t = start([`--inspect-port=${taken}`, "-e", LIGHT_TARGET]);
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain(
        `port ${taken}, where pid ${t.pid} would open its inspector, is taken by another process`,
      );
      expect(r.stderr).to.contain("--inspect-port=0");
    } finally {
      blocker.close();
      await t.stop();
    }
  });

  it("the target exits during the dump", async () => {
    const t = start([
      "--inspect-port=0",
      "-e",
      `${LIGHT_TARGET}; setInterval(() => { if (require("node:inspector").url() !== undefined) process.exit(0); }, 1);`,
    ]);
    await t.line(/ready/);
    const r = await cli(["dump", String(t.pid)]);
    await t.stop();
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(
      /pid \d+ exited (during the dump|while its inspector was opening|while await-tree was connecting)/,
    );
  });

  it("a target that starts exiting while the dump waits for it: reported at once, not after --timeout, and let go", async () => {
    // Blocked in a system call when the dump arrives, then `process.exit`: Node.js holds an exiting
    // process until the debuggers attached to it disconnect, and so this CLI must notice.
    const t = start([
      "--inspect=127.0.0.1:0",
      "-e",
      `${LIGHT_TARGET}; setTimeout(() => { console.log("blocking"); require("node:child_process").execSync("sleep 2"); process.exit(0); }, 300);`,
    ]);
    await t.line(/blocking/);
    const began = Date.now();
    const r = await cli(["dump", String(t.pid), "--timeout", "60000"]);
    const took = Date.now() - began;
    await until(() => t.child.exitCode !== null, 20_000); // let go by the CLI, it ends
    const code = t.child.exitCode;
    await t.stop();
    // Its trees when the main thread answered before it began to exit (it does once the system
    // call returns), else the exit; either way soon, and the target is let go.
    if (r.code === 0) {
      expect(r.stdout).to.match(/^\[light\]\nlight task/);
      expect(r.stderr).to.match(/began exiting during the dump: its main thread's trees are shown/);
    } else {
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.match(/pid \d+ exited during the dump/);
    }
    expect(took, "the CLI gave up after its --timeout instead").to.be.below(30_000);
    expect(code, "the target's own exit").to.equal(0);
  });

  /** A target whose published runtime has `dump` as given (a runtime that misbehaves). */
  async function oddRuntime(dump: string, check: (t: Target) => Promise<void>): Promise<void> {
    const t = start([
      "--inspect-port=0",
      "-e",
      `globalThis[Symbol.for("await-tree.runtime")] = { version: "odd", contract: 1, dump: ${dump} };\n${IDLE}`,
    ]);
    try {
      await t.line(/ready/);
      await check(t);
    } finally {
      await t.stop();
    }
  }

  it("a runtime whose dump is not text is reported as such (text and JSON)", async () => {
    await oddRuntime("() => 42", async (t) => {
      const text = await cli(["dump", String(t.pid)]);
      expect(text.code, text.stderr).to.equal(0);
      expect(text.stdout).to.equal("(the runtime of this thread returned a dump that is not text: number)\n");
      const json = await cli(["dump", String(t.pid), "--json"]);
      expect(JSON.parse(json.stdout).threads[0].dump.errors[0]).to.match(/not text: number/);
    });
  });

  it("a runtime whose dump throws is reported with what it threw (text and JSON)", async () => {
    await oddRuntime('() => { throw new RangeError("broken \\u001b dump"); }', async (t) => {
      const text = await cli(["dump", String(t.pid)]);
      expect(text.code, text.stderr).to.equal(0);
      expect(text.stdout).to.equal(
        "(the runtime of this thread threw from its dump: RangeError: broken \\u001b dump)\n",
      );
      const json = await cli(["dump", String(t.pid), "--json"]);
      expect(JSON.parse(json.stdout).threads[0].dump.errors).to.deep.equal([
        "the target's dump threw: RangeError: broken \\u001b dump",
      ]);
    });
  });

  it("the target's output is data: control characters escaped, size bounded", async () => {
    const hostile = `globalThis[Symbol.for("await-tree.runtime")] = { version: "\\u001b[31m", contract: 1,
      dump: () => "\\u001b[2J\\u0007[evil]\\n" + "A".repeat(5e6) };
      ${IDLE}`;
    const t = start(["--inspect-port=0", "-e", hostile]);
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid), "--max-output", "1000"]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^\\u001b\[2J\\u0007\[evil\]\n/);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal
      expect(r.stdout).not.to.match(/[\u0000-\u0009\u000b-\u001f]/);
      expect(r.stdout.length).to.be.below(1200);
      expect(r.stdout).to.match(
        /\[Output cut at 1000 characters by await-tree --max-output; the target sent 5000012\]\n$/,
      );
    } finally {
      await t.stop();
    }
  });

  it("a target whose dump never returns cannot hang the CLI: --timeout, and a warning that its inspector is still open", async () => {
    const stuck = `globalThis[Symbol.for("await-tree.runtime")] = { version: "0", contract: 1, dump: () => { for (;;) {} } };
      ${IDLE}`;
    const t = start(["--inspect-port=0", "-e", stuck]);
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid), "--timeout", "1500"]);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/\nawait-tree: pid \d+ did not answer within 1500 ms: its main thread may be blocked/);
      // The inspector serves one message at a time: the close waits behind the dump that never returns.
      const [open] = listeningPorts(t.pid);
      expect(r.stderr).to.match(
        new RegExp(
          `^await-tree: warning: the inspector of pid ${t.pid} on 127\\.0\\.0\\.1:${open} is still open \\(the target did not serve the close`,
        ),
      );
    } finally {
      await t.stop();
    }
  });

  it("usage errors name the problem", async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no command: the command is "dump"/],
      [["frob"], /unknown command "frob"/],
      [["dump"], /dump needs the pid/],
      [["dump", "abc"], /the pid expects a whole number/],
      [["dump", "1", "--inspect-port", "0"], /--inspect-port expects a whole number from 1 to 65535, got "0"/],
      [["dump", "1", "--nope"], /Unknown option '--nope'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    runs.forEach((r, i) => {
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match((cases[i] as [string[], RegExp])[1]);
      expect(r.stderr).to.contain("Usage: await-tree dump <pid>");
    });
    const help = await cli(["--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.contain("--inspect-port");
  });

  it("Node.js too old: the CLI says so before anything else; a target on an old Node.js is named", async function () {
    const { officialNode } = (await import(pathToFileURL(join(repoRoot, "scripts", "official-node.mjs")).href)) as {
      officialNode: (major: string) => { bin?: string; skip?: string };
    };
    const old = officialNode("18");
    if (old.bin === undefined) {
      console.log(`    not run: ${old.skip}`);
      this.skip();
    }
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      void import("node:child_process").then(({ execFile }) =>
        execFile(old.bin as string, [CLI, "dump", "1"], (err, _out, stderr) =>
          resolve({ code: typeof err?.code === "number" ? err.code : 0, stderr }),
        ),
      );
    });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^await-tree: Node\.js 18\.\d+\.\d+ is too old: the CLI needs Node\.js 20\.19 or newer/);
    // A target on Node.js 18: named, and the inspector opened there is closed again.
    const t = start(["--inspect-port=0", "-e", IDLE], { bin: old.bin as string });
    try {
      await t.line(/ready/);
      const d = await cli(["dump", String(t.pid)]);
      expect(d.code).to.equal(1);
      expect(d.stderr).to.match(
        /^await-tree: pid \d+ runs Node\.js 18\.\d+\.\d+, older than @await-tree\/runtime supports \(20\.19 or newer\)/,
      );
      expect(listeningPorts(t.pid)).to.deep.equal([]);
    } finally {
      await t.stop();
    }
  });
});
