import { expect } from "chai";
import { failures, type MochaRun, normalize, runFixtures } from "./support.js";

const TIMEOUT = (ms: number, file?: string): string =>
  `     Error: Timeout of ${ms}ms exceeded. For async tests and hooks, ensure "done()" is called; ` +
  `if returning a Promise, ensure it resolves.${file === undefined ? "" : ` (<repo>/test/mocha/fixtures/${file})`}\n`;

describe("mocha integration: hooks run as tasks too", function () {
  this.timeout(60_000);
  let hooks: MochaRun;

  before(async () => {
    hooks = await runFixtures(["js/hooks.test.js"]);
  });

  it("prints the tree of a before hook that hangs", () => {
    expect(failures(hooks.stdout)[0]).to.equal(
      "  1) Before all\n" +
        '       "before all" hook: connect for "never runs":\n' +
        TIMEOUT(200, "js/hooks.test.js") +
        "\n" +
        "     await-tree: stuck at:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(7)\n" +
        '     pending in [Before all "before all" hook: connect for "never runs"] at the timeout:\n' +
        '     "before all" hook: connect for "never runs" [<t>]\n' +
        "       Repo.find(7) [<t>]\n" +
        "         db.query(select user) [<t>]\n",
    );
  });

  it("prints the tree of a beforeEach hook that hangs", () => {
    expect(failures(hooks.stdout)[1]).to.equal(
      "  2) Before each\n" +
        '       "before each" hook for "never runs either":\n' +
        TIMEOUT(200, "js/hooks.test.js") +
        "\n" +
        "     await-tree: stuck at 2 places:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(8)\n" +
        "       >> db.query(select user) [<t>], in Repo.find(9)\n" +
        '     pending in [Before each "before each" hook for "never runs either"] at the timeout:\n' +
        '     "before each" hook for "never runs either" [<t>]\n' +
        "       Repo.findMany(Array(2)) [<t>]\n" +
        "         Repo.find(8) [<t>]\n" +
        "           db.query(select user) [<t>]\n" +
        "         Repo.find(9) [<t>]\n" +
        "           db.query(select user) [<t>]\n",
    );
  });

  it("prints the tree of an afterEach hook with a done callback that hangs; its test passed", () => {
    expect(hooks.stdout).to.include("✔ runs and passes");
    expect(failures(hooks.stdout)[2]).to.equal(
      "  3) After each\n" +
        '       "after each" hook: cleanup for "runs and passes":\n' +
        TIMEOUT(200, "js/hooks.test.js") +
        "\n" +
        "     await-tree: stuck at:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(10)\n" +
        '     pending in [After each "after each" hook: cleanup for "runs and passes"] at the timeout:\n' +
        '     "after each" hook: cleanup for "runs and passes" [<t>]\n' +
        "       Repo.find(10) [<t>]\n" +
        "         db.query(select user) [<t>]\n",
    );
    expect(failures(hooks.stdout)).to.have.length(3);
    expect(hooks.stderr).to.equal("");
  });

  it("in --parallel, prints the tree on stderr when a file's root-level after() hangs and another file follows in the worker", async () => {
    // Mocha's default job count (the cores less one) gives this 2-core machine one worker, which
    // runs both files (`--jobs 1` would run serially). With more workers each file has its own,
    // and the tree comes at that worker's exit instead: the same output.
    const r = await runFixtures(["js/root-after.test.js", "js/next-file.test.js"], { args: ["--parallel"] });
    expect(r.code).to.equal(1);
    expect(normalize(r.stderr)).to.contain(
      'await-tree: ["after all" hook: close for "passes"] timed out (tree shown here after the reporter printed its failure):\n',
    );
    expect(normalize(r.stderr)).to.contain("    Repo.find(99) [<t>]\n      db.query(select user) [<t>]\n");
  });

  it("prints the tree on stderr when the last hook of the run hangs (nothing of ours runs after it)", async () => {
    const r = await runFixtures(["js/root-after.test.js"]);
    expect(r.code).to.equal(1);
    expect(failures(r.stdout)).to.deep.equal([`  1) "after all" hook: close for "passes":\n${TIMEOUT(150)}`]);
    expect(normalize(r.stderr)).to.equal(
      'await-tree: ["after all" hook: close for "passes"] timed out ' +
        "(tree shown here after the reporter printed its failure):\n" +
        "\n" +
        "  await-tree: stuck at:\n" +
        "    >> db.query(select user) [<t>], in Repo.find(99)\n" +
        '  pending in ["after all" hook: close for "passes"] at the timeout:\n' +
        '  "after all" hook: close for "passes" [<t>]\n' +
        "    Repo.find(99) [<t>]\n" +
        "      db.query(select user) [<t>]\n",
    );
  });
});
