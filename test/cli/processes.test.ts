// The process shapes services and tools run in: a node:cluster primary and its workers, and a
// supervisor (node --watch, nodemon, pm2's daemon) that runs the program in a child process.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { scratchDir } from "../transformer/helpers.js";
import { CLI, cli, freePort, LIGHT_TARGET, listeningPorts, sleep, start, type Target, until } from "./support.js";

/** Child pids of `pid` (from /proc, every thread's list). */
function readChildren(pid: number): number[] {
  const out: number[] = [];
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/)) {
      if (c !== "") out.push(Number(c));
    }
  }
  return out;
}

/** A cluster primary (without the runtime) with two workers that load it, each with a pending task. */
const CLUSTER = `
const cluster = require("node:cluster");
if (cluster.isPrimary) {
  let online = 0;
  for (let i = 0; i < 2; i++) cluster.fork().on("message", () => { if (++online === 2) console.log("ready"); });
} else {
${LIGHT_TARGET.replace('console.log("ready");', 'process.send("up");')}
}
`;

describe("await-tree dump: cluster primaries and supervisors", () => {
  const targets: Target[] = [];
  afterEach(async () => {
    for (const t of targets.splice(0)) {
      for (const c of t.child.exitCode === null ? readChildren(t.pid) : []) {
        try {
          process.kill(c, "SIGKILL");
        } catch {}
      }
      await t.stop();
    }
  });

  it("a cluster primary's dump leaves no worker's inspector open (Node.js sends SIGUSR1 to every worker when the primary's inspector opens)", async () => {
    const dir = scratchDir();
    const file = join(dir, `cli-cluster-${process.pid}.cjs`);
    writeFileSync(file, CLUSTER);
    // Workers get --inspect-port=<base + n> from the primary's (with 0, Node.js gives them 1, 2: they die).
    const base = await freePort();
    const t = start([`--inspect-port=${base}`, file]);
    targets.push(t);
    await t.line(/ready/);
    const workers = readChildren(t.pid);
    expect(workers).to.have.length(2);
    const before = workers.map((w) => listeningPorts(w).join(","));
    const r = await cli(["dump", String(t.pid)]);
    expect(listeningPorts(t.pid)).to.deep.equal([]);
    // Node.js opens each worker's inspector some milliseconds after the primary's: give it time.
    await sleep(1500);
    expect(workers.map((w) => listeningPorts(w).join(","))).to.deep.equal(before);
    // The primary does not load the runtime: said, and its workers named.
    expect(r.code).to.equal(1);
    for (const w of workers) expect(r.stderr).to.contain(`await-tree dump ${w}`);
    // Each worker is dumped on its own, and is left as found too.
    const w = await cli(["dump", String(workers[0])]);
    expect(w.stdout).to.contain("[light]");
    await until(() => listeningPorts(workers[0] as number).length === 0, 3000);
    expect(listeningPorts(workers[0] as number)).to.deep.equal([]);
  });

  it("a cluster primary's dump closes a worker's inspector only after a dump of that worker running meanwhile has ended", async function () {
    this.timeout(60_000);
    // Closing an inspector as another session connects to it or leaves can crash Node.js 20
    // (dump-lock.ts): the primary's CLI waits for the worker's turn. Here the primary's dump
    // takes 4 s (the worker's inspector opens meanwhile, and the worker's own dump starts on it,
    // a CLI that may take a second or two to start on a loaded machine) and the worker's 6 s.
    const slow = (ms: number, name: string): string =>
      `globalThis[Symbol.for("await-tree.runtime")] = { version: "0", contract: 1, dump: () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms}); return "[${name}]\\n"; } };`;
    const dir = scratchDir();
    const file = join(dir, `cli-cluster-turns-${process.pid}.cjs`);
    writeFileSync(
      file,
      `const cluster = require("node:cluster");
if (cluster.isPrimary) {
  ${slow(4000, "primary")}
  cluster.fork().on("message", () => console.log("ready"));
} else {
  ${slow(6000, "worker")}
  setInterval(() => {}, 1 << 30);
  process.send("up");
}`,
    );
    const base = await freePort();
    const t = start([`--inspect-port=${base}`, file]);
    targets.push(t);
    await t.line(/ready/);
    const [worker] = readChildren(t.pid) as [number];
    const before = listeningPorts(worker);
    const env = { AWAIT_TREE_CLI_TRACE: "1" };
    const primary = start([CLI, "dump", String(t.pid), "--timeout", "20000"], { env });
    targets.push(primary);
    await until(() => listeningPorts(worker).length > before.length, 5000);
    const ofWorker = start([CLI, "dump", String(worker), "--timeout", "20000"], { env });
    targets.push(ofWorker);
    await until(() => ofWorker.stderr().includes("] connected\n"));
    await until(() => primary.child.exitCode !== null && ofWorker.child.exitCode !== null, 30_000);
    expect(primary.child.exitCode, primary.stderr()).to.equal(0);
    expect(primary.stdout()).to.contain("[primary]");
    expect(ofWorker.child.exitCode, ofWorker.stderr()).to.equal(0);
    expect(ofWorker.stdout()).to.contain("[worker]");
    expect(primary.stderr()).to.contain(`another await-tree dump of pid ${worker} is in progress: waiting for it`);
    expect(primary.stderr()).not.to.contain("warning");
    await until(() => listeningPorts(worker).length === before.length, 3000);
    expect(listeningPorts(worker), "the worker's inspector closed").to.deep.equal(before);
  });

  it("node --watch's supervisor (it does not catch SIGUSR1): the message names the child that runs the program", async () => {
    const dir = scratchDir();
    const file = join(dir, `cli-watch-${process.pid}.cjs`);
    writeFileSync(file, LIGHT_TARGET);
    const t = start(["--watch", file], { env: { NODE_OPTIONS: "--inspect-port=0" } });
    targets.push(t);
    await t.line(/ready/);
    await until(() => readChildren(t.pid).length === 1, 5000);
    const [child] = readChildren(t.pid);
    const r = await cli(["dump", String(t.pid)]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`await-tree dump ${child}`);
    expect(r.stderr).not.to.contain("not a Node.js process");
    const c = await cli(["dump", String(child)]);
    expect(c.stdout).to.contain("[light]");
  });

  it("a parent that forwards SIGUSR1 to its forked child: both refusals say what to do, and the child's open inspector is named", async () => {
    const dir = scratchDir();
    const childFile = join(dir, `cli-fwd-child-${process.pid}.cjs`);
    writeFileSync(childFile, LIGHT_TARGET);
    const parentFile = join(dir, `cli-fwd-parent-${process.pid}.cjs`);
    writeFileSync(
      parentFile,
      `const child = require("node:child_process").fork(${JSON.stringify(childFile)}, { execArgv: ["--inspect-port=0"], stdio: "inherit" });
process.on("SIGUSR1", () => child.kill("SIGUSR1"));
setInterval(() => {}, 1 << 30);`,
    );
    const t = start(["--inspect-port=0", parentFile]);
    targets.push(t);
    await t.line(/ready/);
    const [child] = readChildren(t.pid);
    const parent = await cli(["dump", String(t.pid), "--timeout", "5000"]);
    expect(parent.code).to.equal(1);
    expect(parent.stderr).to.contain(`await-tree dump ${child}`);
    // The forwarded SIGUSR1 opened the child's inspector (on a port the system chose): nothing new
    // opens for the CLI's own, which used to blame a SIGUSR1 handler the child does not have.
    await until(() => listeningPorts(child as number).length === 1, 5000);
    const [port] = listeningPorts(child as number);
    const c = await cli(["dump", String(child), "--timeout", "5000"]);
    expect(c.code).to.equal(1);
    expect(c.stderr).to.contain(`its inspector was already open`);
    expect(c.stderr).to.contain(`(${port})`);
    const c2 = await cli(["dump", String(child), "--inspect-port", String(port)]);
    expect(c2.stdout).to.contain("[light]");
  });
});
