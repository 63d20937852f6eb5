// The jest adapter on real jest 30, in its worker processes (a fresh cache: jest has no timings
// and runs the files in workers). Fixture runs are shared between tests.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";
import { freshCache, jestBin, normalize, type Run, run } from "./support.js";

const jest = (config: string, files: string[], env?: NodeJS.ProcessEnv): Promise<Run> =>
  run([jestBin, "--config", join("jest", config), "--cacheDirectory", freshCache(), "--maxWorkers=2", ...files], {
    env,
  });

const TIMEOUT = (what: string): string =>
  `    thrown: "Exceeded timeout of <d> for a ${what}.\n` +
  '    Add a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."\n';

/** jest on the `*.test.cjs` files of `dir`, with `config` as its configuration. */
function jestIn(dir: string, config: Record<string, unknown>, ...args: string[]): Promise<Run> {
  const file = join(dir, "jest.config.cjs");
  const all = { rootDir: dir, testMatch: ["<rootDir>/*.test.cjs"], ...config };
  writeFileSync(file, `module.exports = ${JSON.stringify(all)};\n`);
  return run([jestBin, "--config", file, "--cacheDirectory", freshCache(), ...args]);
}

/** The failure jest prints for `title` (`Suite › test`), up to its code frame. */
function failure(stderr: string, title: string): string {
  const text = normalize(stderr);
  const at = text.indexOf(`  ● ${title}\n`);
  if (at < 0) return `(no failure "${title}" in:\n${text})`;
  const frame = /\n {6,}\d+ \|/.exec(text.slice(at));
  return text.slice(at, frame === null ? undefined : at + frame.index + 1);
}

describe("jest integration (jest 30, worker processes)", function () {
  this.timeout(120_000);
  let frames: Run;
  let transformed: Run;
  let baseline: Run;

  before(async () => {
    // Three jest runs in all: frames-only trees (with the passing and ordinarily failing files of
    // the no-noise check), await-level trees with leak mode `fail`, and the baseline without it.
    [frames, transformed, baseline] = await Promise.all([
      jest("jest.config.cjs", ["hang", "hooks", "leak", "pass", "fail"]),
      jest("jest.transform.config.cjs", ["hang", "leak"], { AWAIT_TREE_LEAKS: "fail" }),
      jest("jest.baseline.config.cjs", ["pass", "fail"]),
    ]);
  });

  it("a timed-out test's failure names the test and the traced call it is stuck in", () => {
    expect(failure(frames.stderr, "Repo › finds a user")).to.equal(
      "  ● Repo › finds a user\n\n" +
        TIMEOUT("test") +
        "\n" +
        "    await-tree: stuck at:\n" +
        "      >> Repo.find(42) [<t>]\n" +
        "      (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        "    pending in [Repo finds a user] at the timeout:\n" +
        "    finds a user [<t>]\n" +
        "      Repo.find(42) [<t>]\n" +
        "\n",
    );
    expect(frames.stderr).to.include("● Repo › finds a user");
    expect(frames.stderr).not.to.include("● Repo › passes after the hang");
  });

  it("hooks are tasks of their own; a beforeAll timeout is reported on the tests it failed", () => {
    expect(failure(frames.stderr, "Before all › never runs")).to.equal(
      "  ● Before all › never runs\n\n" +
        TIMEOUT("hook") +
        "\n" +
        "    await-tree: stuck at:\n" +
        "      >> Repo.find(7) [<t>]\n" +
        "      (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        '    pending in [Before all "beforeAll" hook] at the timeout:\n' +
        '    "beforeAll" hook [<t>]\n' +
        "      Repo.find(7) [<t>]\n" +
        "\n",
    );
    expect(failure(frames.stderr, "Before each › fails in its hook")).to.equal(
      "  ● Before each › fails in its hook\n\n" +
        TIMEOUT("hook") +
        "\n" +
        "    await-tree: stuck at 2 places:\n" +
        "      >> Repo.find(8) [<t>], in Repo.findAll(Array(2))\n" +
        "      >> Repo.find(9) [<t>], in Repo.findAll(Array(2))\n" +
        "      (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
        '    pending in [Before each "beforeEach" hook for "fails in its hook"] at the timeout:\n' +
        '    "beforeEach" hook [<t>]\n' +
        "      Repo.findAll(Array(2)) [<t>]\n" +
        "        Repo.find(8) [<t>]\n" +
        "        Repo.find(9) [<t>]\n" +
        "\n",
    );
  });

  it("warns about work a passing test left pending (leak mode warn), only for that test", () => {
    expect(frames.stderr.match(/passed but left/g)).to.have.length(1);
    expect(normalize(frames.stderr)).to.include(
      "await-tree: the test [Leaks forgets an await] passed but left traced work pending that it started and did not await (1 span):\n" +
        "  forgets an await [<t>]\n" +
        "    Repo.save({…}) [<t>]\n" +
        "  (leak mode: AWAIT_TREE_LEAKS or configure({ leaks }) from @await-tree/runtime/jest = off | warn | fail)\n",
    );
    expect(frames.stderr).to.include("PASS suites/leak.test.ts");
  });

  it("acceptance: the test, Repo.find, the awaited db.query(...) and its location (transformer)", () => {
    expect(failure(transformed.stderr, "Repo › finds a user")).to.equal(
      "  ● Repo › finds a user\n\n" +
        TIMEOUT("test") +
        "\n" +
        "    await-tree: stuck at:\n" +
        '      >> db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18, in Repo.find(42)\n' +
        "    pending in [Repo finds a user] at the timeout:\n" +
        "    finds a user [<t>]\n" +
        "      Repo.find(42) [<t>] at repo.ts:25:9\n" +
        '        db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n' +
        "\n",
    );
  });

  it("fails a leaking test in leak mode fail, with the leftovers and their locations", () => {
    const text = normalize(transformed.stderr);
    expect(text).to.include(
      "  ● Leaks › forgets an await\n\n" +
        "    AwaitTreeLeakError: the test [Leaks forgets an await] left traced work pending that it started and did not await (2 spans):\n" +
        "      forgets an await [<t>]\n" +
        "        Repo.save({…}) [<t>] at repo.ts:37:9\n" +
        "          new Promise((resolve) => setTimeout(resolve, 300)) [<t>] at repo.ts:38:5\n",
    );
    expect(text).to.include("Tests:       2 failed, 2 passed, 4 total");
    expect(text).not.to.include("passed but left");
  });

  it("no noise: a passing suite and ordinary failures print exactly what they print without it", () => {
    // Jest maps the runtime's own frame (the @traced wrapper, also shown without the integration)
    // through the runtime's source map in some runs and not in others, with or without it.
    const block = (stderr: string, file: string): string => {
      const text = normalize(stderr)
        // The leak report of leak.test.ts (checked above) comes from another worker, at any place.
        .replace(/^await-tree: the test \[[\s\S]*?\(leak mode: .*\n/gm, "")
        .replace(/packages\/runtime\/(src|dist\/cjs)\/api\/traced\.(ts|js):\d+:\d+/g, "<the runtime's traced wrapper>")
        // On a loaded machine jest adds a slow file's duration, and may say that it had to force a
        // worker to exit: timing, in runs with and without the integration alike.
        .replace(/^((PASS|FAIL) \S+) \(<d>\)$/gm, "$1")
        .replace(/^A worker process has failed to exit gracefully.*\n/gm, "");
      const at = text.search(new RegExp(`^(PASS|FAIL) suites/${file}`, "m"));
      const next = text.slice(at + 1).search(/^(PASS|FAIL) |^Test Suites:/m);
      return at < 0 ? `(no ${file})` : text.slice(at, next < 0 ? undefined : at + 1 + next).trimEnd();
    };
    for (const file of ["pass.test.ts", "fail.test.ts"]) {
      expect(block(frames.stderr, file)).to.equal(block(baseline.stderr, file));
    }
    expect(block(frames.stderr, "fail.test.ts")).to.include("sync boom");
    expect(block(frames.stderr, "pass.test.ts")).to.match(/^PASS suites\/pass\.test\.ts/);
    expect(baseline.stdout).to.equal("");
    expect(frames.stdout).to.equal("");
  });

  it("jest's own fake timers (`fakeTimers.enableGlobally`), installed before the integration loads: the test's timers stay its own", async () => {
    // The runtime's flush used the global `setImmediate` it found, which was jest's fake one: each
    // traced call added a timer that `jest.getTimerCount()` counted and `advanceTimersToNextTimer`
    // ran in place of the test's own.
    const dir = tempFolder(join(repoRoot, "build"), "jest-fake-timers-");
    writeFileSync(
      join(dir, "fake.test.cjs"),
      `const { traced, instrumentAwait } = require("@await-tree/runtime");
const quick = traced(async function quick(id) { await instrumentAwait(Promise.resolve(1), \`db \${id}\`); return { id }; });
test("advanceTimersToNextTimer runs the test's timer", async () => {
  await quick({ id: 1 });
  let fired = false;
  setTimeout(() => { fired = true; }, 1000);
  jest.advanceTimersToNextTimer();
  expect(fired).toBe(true);
});
test("no timer but the test's", async () => {
  await quick({ id: 2 });
  await quick({ id: 3 });
  expect(jest.getTimerCount()).toBe(0);
});
`,
    );
    for (const setup of [[], ["@await-tree/runtime/jest"]]) {
      const r = await jestIn(dir, { setupFilesAfterEnv: setup, fakeTimers: { enableGlobally: true } }, "--ci");
      expect(r.code, `${setup.length > 0 ? "with" : "without"} the integration:\n${r.stderr}`).to.equal(0);
      expect(r.stderr).to.match(/Tests: {7}2 passed, 2 total/);
    }
  });

  it("listed in setupFiles (before jest's test framework): one message naming setupFilesAfterEnv, not one per file", async () => {
    const dir = tempFolder(join(repoRoot, "build"), "jest-setup-files-");
    for (const name of ["a", "b", "c"]) writeFileSync(join(dir, `${name}.test.cjs`), 'test("passes", () => {});\n');
    const r = await jestIn(dir, { setupFiles: ["@await-tree/runtime/jest"] }, "--runInBand");
    expect(r.code, r.stderr).to.equal(0);
    const said = r.stderr.split("\n").filter((l) => l.startsWith("@await-tree/runtime/jest:"));
    expect(said).to.deep.equal([
      '@await-tree/runtime/jest: loaded before jest\'s test framework (listed in "setupFiles"?): list @await-tree/runtime/jest in "setupFilesAfterEnv" instead; until then hung tests will not be explained.',
    ]);
  });
});
