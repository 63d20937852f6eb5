// Zero set-up (docs/zero-setup.md): a program that never calls initGlobalRegistry() gets a global
// registry on the first traced call outside any task or the first register(), and one notice on
// stderr saying so and what to add; AWAIT_TREE_AUTO_INIT=0 turns it off. Each case is its own
// process: the behaviour is about what happens first in a process.
import { join } from "node:path";
import { expect } from "chai";
import { writeProject } from "../register/support.js";
import { explain, mask, node, type Run, repoRoot } from "../transformer/helpers.js";

const RUNTIME = JSON.stringify(join(repoRoot, "packages", "runtime"));
const NOTICE = /^await-tree: initGlobalRegistry\(\) was not called; a global registry was created on first use/;

function runScript(code: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  return node(["-e", `const at = require(${RUNTIME});\n${code}`], { env });
}

const noticeLines = (r: Run): string[] => r.stderr.split("\n").filter((l) => l.startsWith("await-tree:"));

describe("runtime: zero set-up, without initGlobalRegistry()", function () {
  this.timeout(60_000);

  // The loads end once the dump has printed them: timers of 50 ms of their own, set before the
  // dump's 10 ms one, fire first when a loaded machine lets 40 ms pass between the two.
  const TRACED_TWICE = `
    const gates = [];
    const load = at.traced(async function load(id) { await new Promise((r) => gates.push(r)); });
    load(1); load(2);
    setTimeout(() => {
      process.stdout.write(String(at.globalRegistry()?.toString()));
      for (const open of gates) open();
    }, 10);`;

  it("the first traced call outside any task creates the global registry: its trees are there, one notice says what to add", async () => {
    const r = await runScript(TRACED_TWICE);
    expect(r.code, explain(r)).to.equal(0);
    // Plain JavaScript, no transformer: the dump ends with the frames-only note.
    expect(mask(r.stdout)).to.equal(
      "[Anonymous #0]\nload(1) [T]\n\n[Anonymous #1]\nload(2) [T]\n\n[Frames only: 2 traced calls ran without @await-tree/transformer, so the awaits inside are not shown; for await-level trees compile or run the code with the transformer (see its README)]\n",
    );
    const lines = noticeLines(r);
    expect(lines, explain(r)).to.have.length(1);
    expect(lines[0]).to.match(NOTICE);
    expect(lines[0]).to.include("globalRegistry()?.toString()");
    expect(lines[0]).to.include("call initGlobalRegistry() at start");
    expect(lines[0]).to.include("AWAIT_TREE_AUTO_INIT=0");
  });

  // Found auditing piscina: each worker thread's runtime creates its own global registry, and each
  // printed the notice (134 lines in its traced suite).
  it("one notice per process, however many worker threads record traced calls outside any task", async () => {
    const r = await runScript(`
      const { Worker } = require("node:worker_threads");
      const inWorker = \`const at = require(\${JSON.stringify(${RUNTIME})});
        at.traced(async function work() {})().then(() => process.exit(0));\`;
      let left = 3;
      for (let i = 0; i < 3; i++) {
        new Worker(inWorker, { eval: true }).on("exit", () => {
          if (--left === 0) at.traced(async function last() {})();
        });
      }`);
    expect(r.code, explain(r)).to.equal(0);
    const lines = noticeLines(r);
    expect(lines, r.stderr).to.have.length(1);
    expect(lines[0]).to.match(NOTICE);
  });

  for (const value of ["0", "off", "false", " OFF "]) {
    it(`AWAIT_TREE_AUTO_INIT=${JSON.stringify(value)}: nothing recorded, no notice, register() says what is missing`, async () => {
      const r = await runScript(
        `${TRACED_TWICE}
        setTimeout(() => { try { at.register("k", "task"); } catch (e) { process.stdout.write("\\n" + e.message); } }, 20);`,
        { AWAIT_TREE_AUTO_INIT: value },
      );
      expect(r.code, explain(r)).to.equal(0);
      expect(r.stderr, explain(r)).to.equal("");
      expect(r.stdout).to.equal(
        `undefined\nNo await-tree registry: call initGlobalRegistry() or run inside a registered task (AWAIT_TREE_AUTO_INIT=${JSON.stringify(value)} turned off creating it on first use)`,
      );
    });
  }

  it("an AWAIT_TREE_AUTO_INIT value it does not know is named in the notice (and ignored)", async () => {
    const r = await runScript(TRACED_TWICE, { AWAIT_TREE_AUTO_INIT: "nope" });
    expect(r.code, explain(r)).to.equal(0);
    expect(noticeLines(r)[0], explain(r)).to.include(
      '(AWAIT_TREE_AUTO_INIT="nope" is not 0, off, false, 1, on or true: ignored)',
    );
    expect(mask(r.stdout)).to.include("load(1) [T]");
  });

  it("register() first: the registry is created, and a later initGlobalRegistry(config) adopts it with its config", async () => {
    const r = await runScript(`
      const root = at.register("req 1", "request number one");
      const created = at.globalRegistry();
      const adopted = at.initGlobalRegistry({ maxLabelLength: 8 });
      let again;
      try { at.initGlobalRegistry(); } catch (e) { again = e.message; }
      process.stdout.write(JSON.stringify({ same: created === adopted, live: root.isLive, again }) + "\\n");
      process.stdout.write(adopted.toString());`);
    expect(r.code, explain(r)).to.equal(0);
    const [first, ...rest] = r.stdout.split("\n");
    expect(JSON.parse(first as string)).to.deep.equal({
      same: true,
      live: true,
      again: "initGlobalRegistry: the global registry is already initialised",
    });
    // maxLabelLength: 8 applied to the adopted registry: the root's label is cut.
    expect(mask(rest.join("\n"))).to.not.include("request number one");
    expect(mask(rest.join("\n"))).to.match(/^\[req 1\]\nrequest/);
    expect(noticeLines(r), explain(r)).to.have.length(1);
  });

  // Found auditing HTTP clients (undici, axios, got, pino) under traceAll: \`async function main() {
  // initGlobalRegistry(); ... } main();\` is traced, so the call of main() came before the first
  // line of its body and printed "initGlobalRegistry() was not called" to a program that calls it.
  it("a traced call whose body calls initGlobalRegistry() at once (traceAll's main()): adopted, no notice", async () => {
    const r = await runScript(`
      const main = at.traced(async function main() {
        const registry = at.initGlobalRegistry();
        await null;
        process.stdout.write(at.globalRegistry() === registry ? registry.toString() : "another registry");
      });
      main();`);
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stderr, explain(r)).to.equal("");
    expect(mask(r.stdout)).to.match(/^\[Anonymous #0\]\nmain\(\) \[T\]/);
  });

  it("a traced call whose body calls initGlobalRegistry() only after an await: the notice, once", async () => {
    const r = await runScript(`
      const main = at.traced(async function main() {
        await null;
        at.initGlobalRegistry();
      });
      main();`);
    expect(r.code, explain(r)).to.equal(0);
    expect(noticeLines(r), explain(r)).to.have.length(1);
  });

  // Found auditing pino under traceAll: a transport of the program's own runs in thread-stream's
  // worker, whose traced calls created that thread's registry and printed the notice to a program
  // whose main thread had called initGlobalRegistry().
  it("initGlobalRegistry() called in the thread that starts a worker: the worker's traced calls print no notice", async () => {
    const r = await runScript(`
      const { Worker } = require("node:worker_threads");
      at.initGlobalRegistry();
      const inWorker = \`const at = require(\${JSON.stringify(${RUNTIME})});
        at.traced(async function work() {})().then(() => {
          console.log("worker registry: " + (at.globalRegistry() !== undefined));
        });\`;
      new Worker(inWorker, { eval: true }).on("exit", () => console.log("worker done"));`);
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stdout, explain(r)).to.equal("worker registry: true\nworker done\n");
    expect(r.stderr, explain(r)).to.equal("");
  });

  it("initGlobalRegistry() called first: no notice, and the usual error on a second call", async () => {
    const r = await runScript(`
      at.initGlobalRegistry();
      const load = at.traced(async function load() {});
      load();
      try { at.initGlobalRegistry(); } catch (e) { process.stdout.write(e.message); }`);
    expect(r.stderr, explain(r)).to.equal("");
    expect(r.stdout).to.equal("initGlobalRegistry: the global registry is already initialised");
  });

  it("resetGlobalRegistry() brings the first-use creation back (tests, hot reload), without a second notice", async () => {
    const r = await runScript(`
      at.register("a", "a");
      at.resetGlobalRegistry();
      process.stdout.write(String(at.globalRegistry()) + "\\n");
      at.register("b", "b");
      process.stdout.write(at.globalRegistry().toString());`);
    expect(r.code, explain(r)).to.equal(0);
    expect(mask(r.stdout)).to.equal("undefined\n[b]\nb [T]\n\n");
    expect(noticeLines(r), explain(r)).to.have.length(1);
  });

  it("the mocha integration turns it off: a traced call outside any test records nothing and prints nothing", async () => {
    const mocha = JSON.stringify(
      join(repoRoot, "packages", "runtime", "dist", "cjs", "integrations", "mocha", "index.js"),
    );
    const r = await runScript(`
      require(${mocha}).mochaHooks();
      ${TRACED_TWICE}
      setTimeout(() => { try { at.register("k", "task"); } catch (e) { process.stdout.write("\\n" + e.message); } }, 20);`);
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stderr, explain(r)).to.equal("");
    expect(r.stdout).to.equal(
      "undefined\nNo await-tree registry: call initGlobalRegistry() or run inside a registered task (the mocha integration is loaded)",
    );
  });

  it("a program that only adds @traced and the transformer (module hooks) is told on stderr what to add", async () => {
    const dir = writeProject("zero-setup", {
      type: "module",
      tsconfig: {
        compilerOptions: { target: "ES2022", module: "nodenext", strict: true, types: [] },
      },
      files: {
        "src/main.ts": `import { traced } from "@await-tree/runtime";

class Jobs {
  @traced()
  async run(id: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 10));
    return id;
  }
}

console.log("done", await new Jobs().run(7));
`,
      },
    });
    const r = await node(["--import", "@await-tree/transformer/register", "src/main.ts"], {
      cwd: dir,
      env: { AWAIT_TREE_CACHE: "0" },
    });
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stdout).to.equal("done 7\n");
    expect(noticeLines(r), explain(r)).to.have.length(1);
    expect(noticeLines(r)[0]).to.match(NOTICE);
  });
});
