// The vitest adapter on real vitest: vitest 4 (the previous major) on this Node, vitest 5 (the
// current one, Node 22.12+) on an official Node 24 build. Fixture runs are shared between tests.
import { cpSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, scratchDir } from "../transformer/helpers.js";
import { fixtures, fromRegistry, normalize, type Run, run, vitestBin } from "./support.js";

const dir = join(fixtures, "vitest");
const vitest = (args: string[], env?: NodeJS.ProcessEnv): Promise<Run> =>
  run([vitestBin, "run", ...args], { cwd: dir, env });

const TEST_TIMEOUT =
  "Error: Test timed out in <d>.\n" +
  'If this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".\n';
const HOOK_TIMEOUT =
  "Error: Hook timed out in <d>.\n" +
  'If this is a long-running hook, pass a timeout value as the last argument or configure it globally with "hookTimeout".\n';

/** The failure block vitest prints (on stderr) for `name`, from its FAIL line to the code frame. */
function failure(stderr: string, name: string): string {
  const text = normalize(stderr);
  const at = text.indexOf(` FAIL  ${name}\n`);
  if (at < 0) return `(no failure "${name}" in:\n${text})`;
  const ends = [text.indexOf(" ❯ ", at), text.indexOf("⎯⎯", at)].filter((i) => i >= 0);
  return text.slice(at, ends.length > 0 ? Math.min(...ends) : undefined);
}

describe("vitest integration (vitest 4, this Node)", function () {
  this.timeout(120_000);
  let frames: Run;
  let transformed: Run;

  before(async () => {
    // Frames-only trees (no transformer) in the threads pool; await-level trees in the forks pool
    // with leak mode `fail` from the plugin's options. Both at once: independent processes.
    [frames, transformed] = await Promise.all([
      vitest([
        "--config",
        "vitest.config.mjs",
        "--pool",
        "threads",
        "hang.test.ts",
        "hooks.test.ts",
        "leak.test.ts",
        "skip.test.ts",
        "cleanup.test.ts",
        "settled-after.test.ts",
      ]),
      vitest(["--config", "vitest.transform.config.mjs", "--pool", "forks", "hang.test.ts", "leak.test.ts"]),
    ]);
  });

  it("a timed-out test's error names the test and the traced call it is stuck in (threads pool)", () => {
    expect(failure(frames.stderr, "hang.test.ts > Repo > finds a user")).to.equal(
      " FAIL  hang.test.ts > Repo > finds a user\n" +
        TEST_TIMEOUT +
        "\n" +
        "await-tree: stuck at:\n" +
        "  >> Repo.find(42) [<t>]\n" +
        "  (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "pending in [Repo > finds a user] at the timeout:\n" +
        "finds a user [<t>]\n" +
        "  Repo.find(42) [<t>]\n",
    );
    expect(frames.stdout).to.match(/✓ passes after the hang/);
  });

  it("a retried test: each attempt's timeout error carries that attempt's tree, and only it", async () => {
    // vitest keeps every attempt's errors in the test's result; the first timeout error found got
    // every attempt's tree.
    const r = await vitest(["--config", "vitest.config.mjs", "retry.test.ts"]);
    expect(r.code).to.equal(1);
    const blocks = normalize(r.stderr).split(" FAIL  retry.test.ts > Retried > hangs each time\n").slice(1);
    expect(blocks, r.stderr).to.have.length(2);
    for (const block of blocks) {
      expect(block.split("pending in [Retried > hangs each time] at the timeout:").length - 1, block).to.equal(1);
    }
    // The first attempt timed out in find(8); the second threw with find(9) pending: that tree is
    // no timeout's, and the first attempt's error kept its own tree only.
    const other = normalize(r.stderr).split(" FAIL  retry.test.ts > Retried > hangs, then throws\n").slice(1);
    expect(other, r.stderr).to.have.length(2);
    const [timedOut, threw] = other as [string, string];
    expect(timedOut.split("pending in [Retried > hangs, then throws] at the timeout:").length - 1, timedOut).to.equal(
      1,
    );
    expect(timedOut).to.include("Repo.find(8)");
    expect(timedOut).to.not.include("Repo.find(9)");
    expect(threw).to.include("the second attempt fails otherwise");
    expect(threw).to.not.include("pending in");
  });

  it("hooks are tasks of their own, keyed by suite and kind", () => {
    expect(failure(frames.stderr, "hooks.test.ts > Before all")).to.equal(
      " FAIL  hooks.test.ts > Before all\n" +
        HOOK_TIMEOUT +
        "\n" +
        "await-tree: stuck at:\n" +
        "  >> Repo.find(7) [<t>]\n" +
        "  (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "pending in [Before all > beforeAll hook] at the timeout:\n" +
        "beforeAll hook [<t>]\n" +
        "  Repo.find(7) [<t>]\n",
    );
    expect(failure(frames.stderr, "hooks.test.ts > Before each > fails in its hook")).to.equal(
      " FAIL  hooks.test.ts > Before each > fails in its hook\n" +
        HOOK_TIMEOUT +
        "\n" +
        "await-tree: stuck at 2 places:\n" +
        "  >> Repo.find(8) [<t>], in Repo.findAll(Array(2))\n" +
        "  >> Repo.find(9) [<t>], in Repo.findAll(Array(2))\n" +
        "  (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        'pending in [Before each > beforeEach hook for "fails in its hook"] at the timeout:\n' +
        "beforeEach hook [<t>]\n" +
        "  Repo.findAll(Array(2)) [<t>]\n" +
        "    Repo.find(8) [<t>]\n" +
        "    Repo.find(9) [<t>]\n",
    );
  });

  it("a cleanup function a beforeEach returned that times out: its error carries the test's tree", () => {
    // vitest runs the cleanup after the test, under the hook's timeout, outside the wrapped hook.
    expect(failure(frames.stderr, "cleanup.test.ts > Cleanup > passes, then its cleanup hangs")).to.equal(
      " FAIL  cleanup.test.ts > Cleanup > passes, then its cleanup hangs\n" +
        HOOK_TIMEOUT +
        "\n" +
        "await-tree: stuck at:\n" +
        "  >> Repo.find(11) [<t>]\n" +
        "  (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "pending in [Cleanup > passes, then its cleanup hangs] at the timeout:\n" +
        "passes, then its cleanup hangs [<t>]\n" +
        "  Repo.find(11) [<t>]\n",
    );
    // The beforeEach hooks' own timeouts got their hook's tree, and only it (hooks.test.ts).
    expect(frames.stderr.split("pending in [Before each").length - 1).to.equal(1);
  });

  it("a timed-out test whose afterEach settles what it waits on: the tree is taken before that hook", () => {
    // Found running @tanstack/query-core's suite: its afterEach calls queryClient.clear(), which
    // cancels the hung fetch; the tree taken at the test's end said nothing traced was pending.
    expect(
      failure(frames.stderr, "settled-after.test.ts > Settled after > hangs until its afterEach answers"),
    ).to.equal(
      " FAIL  settled-after.test.ts > Settled after > hangs until its afterEach answers\n" +
        TEST_TIMEOUT +
        "\n" +
        "await-tree: stuck at:\n" +
        "  >> Repo.find(13) [<t>]\n" +
        "  (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "pending in [Settled after > hangs until its afterEach answers] at the timeout:\n" +
        "hangs until its afterEach answers [<t>]\n" +
        "  Repo.find(13) [<t>]\n",
    );
  });

  it("warns about work a passing test left pending (leak mode warn), only for that test", () => {
    // One: not for the test that skipped itself after starting a save (skip.test.ts).
    expect(frames.stderr.match(/passed but left/g)).to.have.length(1);
    expect(frames.stdout).to.match(/skip\.test\.ts \(1 test \| 1 skipped\)/);
    expect(normalize(frames.stderr)).to.match(/^await-tree: the test/);
    expect(normalize(frames.stderr)).to.include(
      "await-tree: the test [Leaks > forgets an await] passed but left traced work pending that it started and did not await (1 span):\n" +
        "  forgets an await [<t>]\n" +
        "    Repo.save({…}) [<t>]\n" +
        "  (leak mode: AWAIT_TREE_LEAKS or awaitTree({ leaks }) in the vitest config = off | warn | fail)\n",
    );
    expect(frames.stdout).to.match(/✓ leak\.test\.ts \(2 tests\)/);
  });

  it("acceptance: the test, Repo.find, the awaited db.query(...) and its location (transformer, forks pool)", () => {
    expect(failure(transformed.stderr, "hang.test.ts > Repo > finds a user")).to.equal(
      " FAIL  hang.test.ts > Repo > finds a user\n" +
        TEST_TIMEOUT +
        "\n" +
        "await-tree: stuck at:\n" +
        '  >> db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18, in Repo.find(42)\n' +
        "pending in [Repo > finds a user] at the timeout:\n" +
        "finds a user [<t>]\n" +
        "  Repo.find(42) [<t>] at repo.ts:25:9\n" +
        '    db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n',
    );
  });

  it("fails a leaking test in leak mode fail, with the leftovers and their locations", () => {
    expect(failure(transformed.stderr, "leak.test.ts > Leaks > forgets an await")).to.equal(
      " FAIL  leak.test.ts > Leaks > forgets an await\n" +
        "AwaitTreeLeakError: the test [Leaks > forgets an await] left traced work pending that it started and did not await (2 spans):\n" +
        "  forgets an await [<t>]\n" +
        "    Repo.save({…}) [<t>] at repo.ts:37:9\n" +
        "      new Promise((resolve) => setTimeout(resolve, 300)) [<t>] at repo.ts:38:5\n",
    );
    expect(transformed.stdout).to.match(/Tests {2}2 failed \| 2 passed \(4\)/);
    expect(transformed.stderr).not.to.include("passed but left");
  });

  it("no noise: a passing suite and ordinary failures print exactly what they print without it", async () => {
    const files = ["pass.test.ts", "fail.test.ts"];
    const [withIt, without] = await Promise.all([
      vitest(["--config", "vitest.config.mjs", ...files]),
      vitest(["--config", "vitest.baseline.config.mjs", ...files]),
    ]);
    expect(withIt.code).to.equal(1);
    // Vitest lists a passing test on its own line only when it was slow, which a loaded machine
    // decides, with or without the integration.
    const comparable = (text: string): string => normalize(text).replace(/^ +✓ .*\n/gm, "");
    expect(comparable(withIt.stdout)).to.equal(comparable(without.stdout));
    expect(comparable(withIt.stderr)).to.equal(comparable(without.stderr));
    expect(withIt.stderr).to.include("sync boom");
  });
});

/**
 * The fixtures as a project of their own whose `vitest` is `vitestDir` and whose runtime is a copy
 * of the package (as an install puts it), so that the runtime's own `import("vitest")`, by Node or
 * by Vite, finds that vitest and not the repository's (which the fixtures' folder would find).
 */
function projectWith(vitestDir: string): string {
  const d = join(scratchDir(), "vitest-project");
  rmSync(d, { recursive: true, force: true });
  cpSync(fixtures, d, { recursive: true, filter: (src) => !src.includes("node_modules") });
  const modules = join(d, "node_modules");
  mkdirSync(join(modules, "@await-tree", "runtime"), { recursive: true });
  symlinkSync(vitestDir, join(modules, "vitest"), "junction");
  const runtime = join(repoRoot, "packages", "runtime");
  for (const part of ["package.json", "dist"])
    cpSync(join(runtime, part), join(modules, "@await-tree", "runtime", part), { recursive: true });
  symlinkSync(join(repoRoot, "packages", "transformer"), join(modules, "@await-tree", "transformer"), "junction");
  return d;
}

describe("vitest integration (vitest 5, Node 24)", function () {
  this.timeout(300_000);

  it("acceptance and leak mode fail (the plugin's option) with the current major", async function () {
    const got = await fromRegistry("24", "vitest", "5.1.2");
    if ("skip" in got) {
      console.log(`    not run: ${got.skip}`);
      this.skip();
    }
    const r = await run(
      [
        join(got.dir, "vitest.mjs"),
        "run",
        "--config",
        "vitest.transform.config.mjs",
        "hang.test.ts",
        "leak.test.ts",
        "cleanup.test.ts",
      ],
      { cwd: join(projectWith(got.dir), "vitest"), node: got.node },
    );
    expect(r.stdout).to.include(" RUN  v5.");
    expect(failure(r.stderr, "hang.test.ts > Repo > finds a user")).to.equal(
      " FAIL  hang.test.ts > Repo > finds a user\n" +
        TEST_TIMEOUT.replace(/^Error/, "TestTimeoutError") +
        "\n" +
        "await-tree: stuck at:\n" +
        '  >> db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18, in Repo.find(42)\n' +
        "pending in [Repo > finds a user] at the timeout:\n" +
        "finds a user [<t>]\n" +
        "  Repo.find(42) [<t>] at repo.ts:25:9\n" +
        '    db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n',
    );
    expect(failure(r.stderr, "leak.test.ts > Leaks > forgets an await")).to.equal(
      " FAIL  leak.test.ts > Leaks > forgets an await\n" +
        "AwaitTreeLeakError: the test [Leaks > forgets an await] left traced work pending that it started and did not await (2 spans):\n" +
        "  forgets an await [<t>]\n" +
        "    Repo.save({…}) [<t>] at repo.ts:37:9\n" +
        "      new Promise((resolve) => setTimeout(resolve, 300)) [<t>] at repo.ts:38:5\n",
    );
    expect(failure(r.stderr, "cleanup.test.ts > Cleanup > passes, then its cleanup hangs")).to.include(
      "pending in [Cleanup > passes, then its cleanup hangs] at the timeout:\n" +
        "passes, then its cleanup hangs [<t>]\n" +
        "  Repo.find(11) [<t>] at repo.ts:25:9\n" +
        '    db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n',
    );
  });
});
