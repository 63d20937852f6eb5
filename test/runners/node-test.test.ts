// The node:test adapter on this Node's node:test, one process per file (`node --test`). TypeScript
// fixtures get await-level trees from @await-tree/transformer/register; frames.test.mjs is plain
// JavaScript with `traced()` by hand (frames only).
import { expect } from "chai";
import { normalize, type Run, run } from "./support.js";

const REGISTER = "@await-tree/transformer/register";
const INTEGRATION = "@await-tree/runtime/node-test";
const nodeTest = (imports: string[], files: string[], env?: NodeJS.ProcessEnv): Promise<Run> =>
  run(["--test", "--test-reporter=spec", ...imports.flatMap((i) => ["--import", i]), ...files], { env });

/** A test's lines in the spec reporter's run output (before its "failing tests" summary). */
function reportOf(stdout: string, title: string): string {
  const text = normalize(stdout);
  const body = text.slice(0, text.indexOf("✖ failing tests:") >>> 0);
  const found = body.indexOf(`✖ ${title} (<d>)\n`);
  if (found < 0) return `(no "${title}" in:\n${text})`;
  const lines = body.slice(body.lastIndexOf("\n", found) + 1).split("\n");
  const out = [lines[0]];
  for (const l of lines.slice(1)) {
    if (/^\s*(✖|✔|▶)|^ℹ tests \d/.test(l)) break;
    out.push(l);
  }
  return `${out.join("\n").trimEnd()}\n`;
}

describe("node:test integration (node --test, one process per file)", function () {
  this.timeout(120_000);
  let transformed: Run;
  let frames: Run;

  before(async () => {
    [transformed, frames] = await Promise.all([
      nodeTest(
        [REGISTER, INTEGRATION],
        ["node-test/hang.test.ts", "node-test/pure-hang.test.ts", "node-test/leak.test.ts"],
      ),
      nodeTest([INTEGRATION], ["node-test/frames.test.mjs", "node-test/hooks.test.mjs"], { AWAIT_TREE_LEAKS: "fail" }),
    ]);
  });

  it("acceptance: a timed-out test's report names the test, Repo.find, the awaited db.query(...) and its location", () => {
    expect(reportOf(transformed.stdout, "finds a user")).to.equal(
      "  ✖ finds a user (<d>)\n" +
        "    'test timed out after <d>'\n" +
        "\n" +
        "  ℹ await-tree: stuck at:\n" +
        '  ℹ   >> db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18, in Repo.find(42)\n' +
        "  ℹ pending in [Repo > finds a user] when node:test gave up on it:\n" +
        "  ℹ finds a user [<t>]\n" +
        "  ℹ   Repo.find(42) [<t>] at repo.ts:25:9\n" +
        '  ℹ     db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n',
    );
    expect(transformed.stdout).to.include("✔ passes after the hang");
  });

  it("prints the pending tree of a pure promise hang (the event loop emptied)", () => {
    expect(reportOf(transformed.stdout, "waits on a query nobody answers")).to.equal(
      "✖ waits on a query nobody answers (<d>)\n" +
        "  'Promise resolution is still pending but the event loop has already resolved'\n" +
        "\n" +
        "ℹ await-tree: stuck at 2 places:\n" +
        'ℹ   >> db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18, in Repo.find(3)\n' +
        'ℹ   >> db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18, in Repo.find(4)\n' +
        "ℹ pending in [waits on a query nobody answers] when node:test gave up on it:\n" +
        "ℹ waits on a query nobody answers [<t>]\n" +
        "ℹ   Repo.findAll(Array(2)) [<t>] at repo.ts:32:9\n" +
        "ℹ     Promise.all(ids.map((id) => this.find(id))) [<t>] at repo.ts:33:12\n" +
        "ℹ       Repo.find(3) [<t>] at repo.ts:25:9\n" +
        'ℹ         db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n' +
        "ℹ       Repo.find(4) [<t>] at repo.ts:25:9\n" +
        'ℹ         db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n',
    );
  });

  it("warns about work a passing test left pending (leak mode warn), only for that test", () => {
    const text = normalize(transformed.stdout + transformed.stderr);
    expect(text.match(/passed but left/g)).to.have.length(1);
    expect(text).to.include(
      "await-tree: the test [Leaks > forgets an await] passed but left traced work pending that it started and did not await (2 spans):\n" +
        "  forgets an await [<t>]\n" +
        "    Repo.save({…}) [<t>] at repo.ts:37:9\n" +
        "      new Promise((resolve) => setTimeout(resolve, 300)) [<t>] at repo.ts:38:5\n" +
        "  (leak mode: AWAIT_TREE_LEAKS or configure({ leaks }) from @await-tree/runtime/node-test = off | warn | fail)\n",
    );
    expect(transformed.stdout).to.include("✔ forgets an await");
  });

  it("frames only (no transformer): the traced call a test hangs in; leak mode fail fails the leaking test", () => {
    expect(reportOf(frames.stdout, "hangs in a traced call")).to.equal(
      "  ✖ hangs in a traced call (<d>)\n" +
        "    'test timed out after <d>'\n" +
        "\n" +
        "  ℹ await-tree: stuck at:\n" +
        "  ℹ   >> find(5) [<t>]\n" +
        "  ℹ   (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "  ℹ pending in [Frames > hangs in a traced call] when node:test gave up on it:\n" +
        "  ℹ hangs in a traced call [<t>]\n" +
        "  ℹ   find(5) [<t>]\n",
    );
    // After a subtest, the parent is the running test again (its later work went nowhere).
    expect(reportOf(frames.stdout, "hangs after a subtest")).to.equal(
      "  ✖ hangs after a subtest (<d>)\n" +
        "\n" + // the spec reporter's blank line after a test with subtests
        "    'test timed out after <d>'\n" +
        "\n" +
        "  ℹ await-tree: stuck at:\n" +
        "  ℹ   >> find(7) [<t>]\n" +
        "  ℹ   (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "  ℹ pending in [Frames > hangs after a subtest] when node:test gave up on it:\n" +
        "  ℹ hangs after a subtest [<t>]\n" +
        "  ℹ   find(7) [<t>]\n",
    );
    expect(reportOf(frames.stdout, "leaves a save pending")).to.equal(
      "  ✖ leaves a save pending (<d>)\n" +
        "    [Error [AwaitTreeLeakError]: the test [Frames > leaves a save pending] left traced work pending that it started and did not await (1 span):\n" +
        "      leaves a save pending [<t>]\n" +
        "        save({…}) [<t>]]\n",
    );
  });

  it("a hook that times out is explained in the report of the test it ran for (never taken for a leak)", () => {
    expect(reportOf(frames.stdout, "needs a connection")).to.equal(
      "  ✖ needs a connection (<d>)\n" +
        "    'test timed out after <d>'\n" +
        "\n" +
        "  ℹ await-tree: stuck at:\n" +
        '  ℹ   >> connect("db.local") [<t>]\n' +
        "  ℹ   (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "  ℹ pending in [Hooks > needs a connection] when node:test gave up on it:\n" +
        "  ℹ needs a connection [<t>]\n" +
        '  ℹ   connect("db.local") [<t>]\n',
    );
    expect(frames.stdout + frames.stderr).not.to.include("passed but left");
  });

  it("no noise: a passing suite and ordinary failures print what they print without it", async () => {
    const files = ["node-test/pass.test.ts", "node-test/fail.test.ts"];
    const [withIt, without] = await Promise.all([
      nodeTest([REGISTER, INTEGRATION], files),
      nodeTest([REGISTER], files),
    ]);
    // Node's own frames under the user's differ: with a root beforeEach hook, node:test runs the
    // test after awaiting its hooks (any root hook does this).
    const strip = (s: string): string =>
      normalize(s)
        .replace(/^ *at .*\((node:[^)]*|index \d+)\)\n/gm, "")
        .replace(/duration_ms .*/g, "duration_ms <d>");
    expect(withIt.code).to.equal(1);
    expect(strip(withIt.stdout)).to.equal(strip(without.stdout));
    expect(withIt.stderr).to.equal(without.stderr);
    expect(withIt.stdout).to.include("sync boom");
  });

  it("a wrong option value stops the file before any test, naming the variable and the value", async () => {
    const r = await nodeTest([INTEGRATION], ["node-test/frames.test.mjs"], { AWAIT_TREE_LEAKS: "fial" });
    expect(r.code).to.equal(1);
    expect(r.stdout + r.stderr).to.include(
      'TypeError: @await-tree/runtime/node-test: AWAIT_TREE_LEAKS must be "off", "warn" or "fail", got "fial"',
    );
    expect(r.stdout).not.to.include("hangs in a traced call");
  });
});
