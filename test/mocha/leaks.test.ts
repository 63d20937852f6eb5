import { join } from "node:path";
import { expect } from "chai";
import { failures, fixtures, type MochaRun, normalize, runFixtures, runMocha } from "./support.js";

const HINT = "  (leak mode: AWAIT_TREE_LEAKS or awaitTree.leaks in the mocha config = off | warn | fail)\n";

/** What each leaking test of js/leak.test.js left: the leftover tree, as printed. */
const LEFTOVERS: Array<[string, string]> = [
  ["forgets an await", "forgets an await [<t>]\n  Repo.save({…}) [<t>]\n    db.query(insert user) [<t>]\n"],
  ["races a slow save", "races a slow save [<t>]\n  Repo.save({…}) [<t>]\n    db.query(insert user) [<t>]\n"],
  [
    "gives up on a save inside traced code",
    "gives up on a save inside traced code [<t>]\n[Detached <id>]\n  Repo.save({…}) [<t>]\n    db.query(insert user) [<t>]\n",
  ],
];
const indent = (text: string, prefix: string): string => text.replace(/^(?=.)/gm, prefix);

const warnings = (): string =>
  LEFTOVERS.map(
    ([title, tree]) =>
      `await-tree: the test [Leaks ${title}] passed but left traced work pending that it started and did not await (2 spans):\n` +
      indent(tree, "  ") +
      HINT,
  ).join("");

const leakFailures = (): string[] =>
  LEFTOVERS.map(
    ([title, tree], i) =>
      `  ${i + 1}) Leaks\n       ${title}:\n` +
      `     AwaitTreeLeakError: the test [Leaks ${title}] left traced work pending that it started and did not await (2 spans):\n` +
      indent(tree, "       "),
  );

function expectFailMode(r: MochaRun): void {
  expect(r.code).to.equal(3);
  expect(failures(r.stdout)).to.deep.equal(leakFailures());
  expect(r.stdout).to.include("✔ awaits everything");
  expect(r.stderr).to.equal("");
}

describe("mocha integration: work a passing test left pending", function () {
  this.timeout(60_000);

  it("warns by default: one report per leaking test on stderr, the tests still pass", async () => {
    const r = await runFixtures(["js/leak.test.js"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/ {2}4 passing/);
    expect(normalize(r.stderr)).to.equal(warnings());
  });

  it("fails the leaking tests with AWAIT_TREE_LEAKS=fail, naming each test and its leftovers", async () => {
    expectFailMode(await runFixtures(["js/leak.test.js"], { env: { AWAIT_TREE_LEAKS: "fail" } }));
  });

  it("takes the mode from configure() in a setup file", async () => {
    const setup = join(fixtures, "js", "setup-fail.cjs");
    expectFailMode(await runFixtures(["js/leak.test.js"], { args: ["--require", setup] }));
  });

  it("says nothing with AWAIT_TREE_LEAKS=off", async () => {
    const r = await runFixtures(["js/leak.test.js"], { env: { AWAIT_TREE_LEAKS: "off" } });
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal("");
  });

  it("stops the run before any test on a mistyped mode, naming the variable", async () => {
    const r = await runFixtures(["js/leak.test.js"], { env: { AWAIT_TREE_LEAKS: "fial" } });
    expect(r.code).to.equal(1);
    expect(r.stdout).to.not.include("Leaks");
    expect(r.stderr).to.include(
      'TypeError: @await-tree/runtime/mocha: AWAIT_TREE_LEAKS must be "off", "warn" or "fail", got "fial"',
    );
  });

  describe("done() called by traced code that is still running (a handler, a supertest callback)", () => {
    const FILE = "js/done-from-traced.test.js";
    const LEFT =
      "still reports work left behind by the traced code that calls done [<t>]\n" +
      "  callback [<t>]  <== current\n" +
      "    background [<t>]\n";

    it("does not count the frames running the done() call as left behind, and still reports what they started", async () => {
      const r = await runFixtures([FILE]);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.match(/ {2}5 passing/);
      expect(normalize(r.stderr)).to.equal(
        "await-tree: the test [Done from traced code still reports work left behind by the traced code that calls done] " +
          "passed but left traced work pending that it started and did not await (2 spans):\n" +
          indent(LEFT, "  ") +
          HINT,
      );
    });

    it("fails only the test that left work behind with AWAIT_TREE_LEAKS=fail", async () => {
      const r = await runFixtures([FILE], { env: { AWAIT_TREE_LEAKS: "fail" } });
      expect(r.code).to.equal(1);
      expect(r.stdout).to.match(/ {2}4 passing/);
      expect(failures(r.stdout)).to.deep.equal([
        "  1) Done from traced code\n       still reports work left behind by the traced code that calls done:\n" +
          "     AwaitTreeLeakError: the test [Done from traced code still reports work left behind by the traced code that calls done] " +
          "left traced work pending that it started and did not await (2 spans):\n" +
          indent(LEFT, "       "),
      ]);
    });
  });

  describe("the mode in the mocha config: awaitTree: { leaks }", () => {
    const dir = (name: string): string => join(fixtures, "config", name);

    it("reads .mocharc.cjs found from the working directory, in parallel workers too", async () => {
      expectFailMode(await runMocha([], { cwd: dir("cjs") }));
    });

    it("reads a YAML config", async () => {
      expectFailMode(await runMocha(["--config", ".mocharc.yml"], { cwd: dir("yaml") }));
    });

    it("reads a JSON config with comments", async () => {
      const r = await runMocha(["--config", ".mocharc.jsonc"], { cwd: dir("jsonc") });
      expect(r.code).to.equal(0);
      expect(r.stderr).to.equal("");
    });

    it('reads the "mocha" property of package.json', async () => {
      expectFailMode(await runMocha(["--no-config"], { cwd: dir("pkg") }));
    });

    it("hands an explicit --config to parallel workers, which do not see the command line", async () => {
      expectFailMode(await runMocha(["--config", "custom.mocharc.cjs"], { cwd: dir("explicit") }));
    });

    it("lets the environment variable override the config", async () => {
      const r = await runMocha([], { cwd: dir("cjs"), env: { AWAIT_TREE_LEAKS: "warn" } });
      expect(r.code).to.equal(0);
      expect(normalize(r.stderr)).to.include("await-tree: the test [Leaks forgets an await] passed but left");
    });

    it("rejects a wrong value, naming the file", async () => {
      const r = await runMocha(["--config", ".mocharc.json"], { cwd: dir("invalid") });
      expect(r.code).to.equal(1);
      expect(normalize(r.stderr)).to.include(
        "@await-tree/runtime/mocha: awaitTree in <repo>/test/mocha/fixtures/config/invalid/.mocharc.json: " +
          'leaks must be "off", "warn" or "fail", got "sometimes"',
      );
    });
  });
});
