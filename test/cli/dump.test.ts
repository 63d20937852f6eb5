// `await-tree dump <pid>` against a real server: hung requests in transformed code, a worker
// thread, a main thread spinning in a synchronous loop. One server process for every case.
import { join } from "node:path";
import { expect } from "chai";
import { REGISTER } from "../register/support.js";
import { writeServerProject } from "./server-project.js";
import { cli, get, LIGHT_TARGET, listeningPorts, sleep, start, type Target, until } from "./support.js";

describe("await-tree dump <pid> (a server with hung requests)", () => {
  let server: Target;
  let port: number;

  before(async () => {
    const dir = writeServerProject();
    // --inspect-port=0: SIGUSR1 opens the inspector on a free port (9229 may be taken on a shared machine).
    server = start(["--inspect-port=0", "--import", REGISTER, join("src", "server.ts")], {
      cwd: dir,
      env: { AWAIT_TREE_CACHE: join(dir, ".cache") },
    });
    port = Number((await server.line(/listening (\d+)/))[1]);
    // The body never ends; the headers go out once the handler registered the request's task and
    // its call reached the hung query (a fixed wait of 300 ms assumed how soon that is).
    await Promise.all([1, 2].map((id) => fetch(`http://127.0.0.1:${port}/hang?id=${id}`)));
  });

  after(async () => {
    await server?.stop();
  });

  it("prints every task's tree with locations, the worker's under its own heading", async () => {
    const r = await cli(["dump", String(server.pid), "--locations"]);
    expect(r.stderr).to.equal("");
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^== main thread \(pid \d+\) ==\n/);
    expect(r.stdout).to.match(
      /\[req 1\]\nGET \/hang 1 \[[^\]]+\]\n {2}Users\.load\(1\) \[[^\]]+\] at src\/server\.ts:10:\d+\n/,
    );
    expect(r.stdout).to.match(/ {4}this\.db\.query\("select", 1\) \[[^\]]+\] at src\/server\.ts:11:\d+/);
    expect(r.stdout).to.contain("[req 2]\nGET /hang 2");
    expect(r.stdout).to.match(
      /\n== worker thread \d+ ==\n\[worker job\]\npoll the queue \[[^\]]+\]\n {2}Jobs\.poll\("emails"\)/,
    );
    expect(r.stdout).not.to.contain("Event loop blocked");
    // One blank line between threads, as docs/cli.md shows (a registry's text ends with its own).
    expect(r.stdout).to.match(/[^\n]\n\n== worker thread/);
    expect(r.stdout).not.to.match(/\n\n\n/);
  });

  it("leaves no inspector port open and the server still serves", async () => {
    await cli(["dump", String(server.pid)]);
    // The inspector's thread closes its port a moment after the close (the CLI waits up to 3 s).
    await until(() => listeningPorts(server.pid).length === 1);
    expect(listeningPorts(server.pid)).to.deep.equal([port]);
    expect(await get(port, "/ok")).to.equal("ok\n");
  });

  it("--json prints the JSON format per thread", async () => {
    const r = await cli(["dump", String(server.pid), "--json"]);
    expect(r.code).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j.pid).to.equal(server.pid);
    expect(j.threads[0].thread).to.equal("main");
    expect(j.threads[0].blocked).to.equal(null);
    const keys = j.threads[0].dump.tasks.map((t: { key: string }) => t.key);
    expect(keys).to.include.members(["req 1", "req 2"]);
    const req1 = j.threads[0].dump.tasks.find((t: { key: string }) => t.key === "req 1");
    expect(req1.tree.children[0].span.name).to.equal("Users.load(1)");
    expect(req1.tree.children[0].location.file).to.equal("src/server.ts");
    expect(j.threads[1].thread, JSON.stringify(j.threads[1]).slice(0, 600)).to.equal("worker");
    expect(j.threads[1].dump.tasks, JSON.stringify(j.threads[1]).slice(0, 600)).to.have.length(1);
    expect(j.threads[1].dump.tasks[0].key).to.equal("worker job");
  });

  it("--key prints one task", async () => {
    const r = await cli(["dump", String(server.pid), "--key", "req 2"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("[req 2]");
    expect(r.stdout).not.to.contain("[req 1]");
  });

  it("--key of no task says so; --key matches a key as the CLI printed it (control characters escaped)", async () => {
    const none = await cli(["dump", String(server.pid), "--key", "nope"]);
    expect(none.code).to.equal(0);
    expect(none.stdout).to.contain('(no task with key "nope")');
    const program = `${LIGHT_TARGET}
rt.globalRegistry().register("evil\\u001b[31m\\ttab", "hostile").run(() => rt.instrumentAwait(new Promise(() => {}), "held"));`;
    const t = start(["--inspect-port=0", "-e", program]);
    try {
      await t.line(/ready/);
      const all = await cli(["dump", String(t.pid)]);
      const printed = /^\[(evil[^\]]*)\]$/m.exec(all.stdout)?.[1] as string;
      expect(printed, all.stdout).to.equal("evil\\u001b[31m\\ttab");
      const one = await cli(["dump", String(t.pid), "--key", printed]);
      expect(one.code, one.stderr).to.equal(0);
      expect(one.stdout).to.match(/^\[evil\\u001b\[31m\\ttab\]\nhostile \[/);
      expect(one.stdout).to.not.contain("[light]");
    } finally {
      await t.stop();
    }
  });

  it("--inspect-port uses an inspector already open and leaves it open", async () => {
    const t = start(["--inspect=127.0.0.1:0", "-e", LIGHT_TARGET]);
    try {
      await t.line(/ready/);
      const inspector = listeningPorts(t.pid)[0] as number;
      const r = await cli(["dump", String(t.pid), "--inspect-port", String(inspector)]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^\[light\]\nlight task \[[^\]]+\]\n {2}never \[/);
      expect(listeningPorts(t.pid)).to.deep.equal([inspector]);
      const wrong = await cli(["dump", String(t.pid), "--inspect-port", String(inspector === 1 ? 2 : 1)]);
      expect(wrong.code).to.equal(1);
      expect(wrong.stderr).to.match(/does not listen on port \d+: give the port of its own inspector/);
    } finally {
      await t.stop();
    }
  });

  it("finds an inspector opened at start on a port the system chose (--inspect=127.0.0.1:0), and leaves it open", async () => {
    // The target also serves HTTP on a port of its own: only the inspector answers as one.
    const program = `${LIGHT_TARGET}
require("node:http").createServer((req, res) => res.end("app")).listen(0, "127.0.0.1");`;
    const t = start(["--inspect=127.0.0.1:0", "-e", program]);
    try {
      await t.line(/ready/);
      await until(() => listeningPorts(t.pid).length === 2);
      const before = listeningPorts(t.pid);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^\[light\]\nlight task \[[^\]]+\]\n {2}never \[/);
      expect(listeningPorts(t.pid)).to.deep.equal(before);
    } finally {
      await t.stop();
    }
  });

  it("leaves the program's Error.prepareStackTrace and Error.stackTraceLimit as they were", async () => {
    const program = `${LIGHT_TARGET}
const mine = (e, frames) => "mine:" + frames.length;
Error.prepareStackTrace = mine;
Error.stackTraceLimit = 7;
setInterval(() => {
  if (Error.prepareStackTrace !== mine || Error.stackTraceLimit !== 7 || new Error().stack.indexOf("mine:") !== 0) {
    console.log("changed");
  }
}, 5);`;
    const t = start(["--inspect-port=0", "-e", program]);
    try {
      await t.line(/ready/);
      const r = await cli(["dump", String(t.pid)]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.contain("[light]");
      await sleep(50);
      expect(t.stdout()).to.equal("ready\n");
    } finally {
      await t.stop();
    }
  });

  it("a blocked loop: the dump arrives with the blocked time and the loop's stack, then the server serves again", async () => {
    // The loop spins until the dump is over (30 s at most): a spin of 2.5 s had to outlast the CLI's
    // start and connection, which a loaded machine can make longer.
    const spun = get(port, "/spin?ms=30000");
    await server.line(/spinning/);
    // Soon after the spin began, before the loop stamp's timer is late: the CLI looks again once it
    // should have run (docs/cli.md, "Blocked, busy or idle?"), and says blocked.
    await sleep(200);
    const r = await cli(["dump", String(server.pid), "--locations"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(
      /Event loop blocked: no timer has run for \d+\.\d{3}m?s: the main thread was running JavaScript/,
    );
    // The stack through the register hook's source map: the TypeScript file's lines.
    expect(r.stdout).to.match(/\n {4}at spinFor \([^\n]*src\/server\.ts:18:\d+\)\n/);
    expect(r.stdout).to.contain("[req 1]");
    // The worker's trees arrive too: the main thread serves the NodeWorker messages while it spins.
    expect(r.stdout).to.match(/\n== worker thread \d+ ==\n\[worker job\]\n/);
    expect(await spun).to.equal("spun\n");
    expect(await get(port, "/ok")).to.equal("ok\n");
    // The start Node.js queued when SIGUSR1 came during the block reopens the inspector once the
    // loop turns, and the CLI's queued closes close it: a fixed 100 ms assumed how soon.
    await until(() => listeningPorts(server.pid).length === 1);
    expect(listeningPorts(server.pid)).to.deep.equal([port]);
  });
});
