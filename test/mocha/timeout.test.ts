import { expect } from "chai";
import { failures, type MochaRun, runFixtures } from "./support.js";

const TIMEOUT = (ms: number, file: string): string =>
  `     Error: Timeout of ${ms}ms exceeded. For async tests and hooks, ensure "done()" is called; ` +
  `if returning a Promise, ensure it resolves. (<repo>/test/mocha/fixtures/${file})\n`;

describe("mocha integration: a test that times out prints its await tree", function () {
  this.timeout(60_000);
  let hang: MochaRun;

  before(async () => {
    hang = await runFixtures(["js/hang.test.js"]);
  });

  it("names the test, the stuck await with its traced caller, and the whole tree with elapsed times", () => {
    expect(hang.code).to.equal(2);
    expect(failures(hang.stdout)[0]).to.equal(
      "  1) Repo\n" +
        "       finds a user:\n" +
        TIMEOUT(200, "js/hang.test.js") +
        "\n" +
        "     await-tree: stuck at:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(42)\n" +
        "     pending in [Repo finds a user] at the timeout:\n" +
        "     finds a user [<t>]\n" +
        "       Repo.find(42) [<t>]\n" +
        "         db.query(select user) [<t>]\n",
    );
  });

  it("prints real elapsed times in await-tree's format", () => {
    const times = hang.stdout.match(/\[\d+\.\d{3}(ns|µs|ms|s)\]/g) ?? [];
    expect(times.length).to.equal(12);
  });

  it("keeps done-callback tests working, and lists every branch a Promise.all is stuck on", () => {
    expect(failures(hang.stdout)[1]).to.equal(
      "  2) Repo\n" +
        "       finds users with a callback:\n" +
        TIMEOUT(200, "js/hang.test.js") +
        "\n" +
        "     await-tree: stuck at 2 places:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(1)\n" +
        "       >> db.query(select user) [<t>], in Repo.find(2)\n" +
        "     pending in [Repo finds users with a callback] at the timeout:\n" +
        "     finds users with a callback [<t>]\n" +
        "       Repo.findMany(Array(2)) [<t>]\n" +
        "         Repo.find(1) [<t>]\n" +
        "           db.query(select user) [<t>]\n" +
        "         Repo.find(2) [<t>]\n" +
        "           db.query(select user) [<t>]\n",
    );
  });

  it("leaves the rest of the run as it was: the next test passes, nothing on stderr", () => {
    // Mocha adds the duration of a test slower than half its "slow" (75 ms): a loaded machine's doing.
    expect(hang.stdout).to.match(/✔ passes after the hangs( \(\d+ms\))?\n/);
    expect(hang.stdout).to.match(/ {2}1 passing .*\n {2}2 failing\n/);
    expect(hang.stderr).to.equal("");
  });

  it("follows a timeout the test raised itself, and retries (each attempt is a clone of the test)", async () => {
    const r = await runFixtures(["js/retries.test.js"]);
    expect(r.stdout).to.include("✔ passes on the third attempt");
    // An attempt that timed out and is retried prints nothing; the last attempt's failure has the tree.
    expect(r.stdout).to.match(/✔ hangs once, then passes/);
    expect(failures(r.stdout)).to.deep.equal([
      "  1) Own timeout\n" +
        "       hangs after raising its timeout:\n" +
        TIMEOUT(300, "js/retries.test.js") +
        "\n" +
        "     await-tree: stuck at:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(3)\n" +
        "     pending in [Own timeout hangs after raising its timeout] at the timeout:\n" +
        "     hangs after raising its timeout [<t>]\n" +
        "       Repo.find(3) [<t>]\n" +
        "         db.query(select user) [<t>]\n",
      "  2) Flaky hang\n" +
        "       hangs on every attempt:\n" +
        TIMEOUT(200, "js/retries.test.js") +
        "\n" +
        "     await-tree: stuck at:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(5)\n" +
        "     pending in [Flaky hang hangs on every attempt] at the timeout:\n" +
        "     hangs on every attempt [<t>]\n" +
        "       Repo.find(5) [<t>]\n" +
        "         db.query(select user) [<t>]\n",
    ]);
    expect(r.stderr).to.equal("");
  });

  it("works for ES module test files importing the runtime's ES module entry", async () => {
    const r = await runFixtures(["js/esm.test.mjs"]);
    expect(failures(r.stdout)).to.deep.equal([
      "  1) ESM\n" +
        "       hangs on a fetch:\n" +
        TIMEOUT(200, "js/esm.test.mjs") +
        "\n" +
        "     await-tree: stuck at:\n" +
        "       >> http GET /users/5 [<t>], in fetchUser(5)\n" +
        "     pending in [ESM hangs on a fetch] at the timeout:\n" +
        "     hangs on a fetch [<t>]\n" +
        "       fetchUser(5) [<t>]\n" +
        "         http GET /users/5 [<t>]\n",
    ]);
  });

  it("covers tests added while the run goes on (after the integration walked the suites)", async () => {
    const r = await runFixtures(["js/dynamic.test.js"]);
    expect(failures(r.stdout)).to.deep.equal([
      "  1) Dynamic\n" +
        "       was added by a hook:\n" +
        '     Error: Timeout of 200ms exceeded. For async tests and hooks, ensure "done()" is called; ' +
        "if returning a Promise, ensure it resolves.\n" +
        "\n" +
        "     await-tree: stuck at:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(5)\n" +
        "     pending in [Dynamic was added by a hook] at the timeout:\n" +
        "     was added by a hook [<t>]\n" +
        "       Repo.find(5) [<t>]\n" +
        "         db.query(select user) [<t>]\n",
    ]);
  });

  it("listens to mocha 6-8 suites without their DeprecationWarning, and still covers added tests", async () => {
    // Those versions warn when a listener is added for the events that announce added tests,
    // suites and hooks (seen running RxJS 7's suite, on mocha 8: seven warnings in every run).
    const r = await runFixtures(["js/suite-events-warn.test.js"]);
    expect(failures(r.stdout)).to.deep.equal([
      "  1) Mocha 8 suites\n" +
        "       was added by a hook:\n" +
        '     Error: Timeout of 200ms exceeded. For async tests and hooks, ensure "done()" is called; ' +
        "if returning a Promise, ensure it resolves.\n" +
        "\n" +
        "     await-tree: stuck at:\n" +
        "       >> db.query(select user) [<t>], in Repo.find(5)\n" +
        "     pending in [Mocha 8 suites was added by a hook] at the timeout:\n" +
        "     was added by a hook [<t>]\n" +
        "       Repo.find(5) [<t>]\n" +
        "         db.query(select user) [<t>]\n",
    ]);
    // The user's own listener, added by the test, is still warned about; ours are not.
    const warnings = r.stderr.split("\n").filter((l) => l.includes("DeprecationWarning"));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('Event "suite" is deprecated');
  });

  it("says so when nothing traced is pending (the test waits on untraced code)", async () => {
    const r = await runFixtures(["js/untraced.test.js"]);
    expect(failures(r.stdout)).to.deep.equal([
      "  1) Untraced\n" +
        "       waits on a bare promise:\n" +
        TIMEOUT(200, "js/untraced.test.js") +
        "\n" +
        "     await-tree: nothing traced was pending in [Untraced waits on a bare promise]: it waits on code that is not traced.\n" +
        "     Trace what it calls (@traced, traced(fn)) or compile it with @await-tree/transformer.\n",
    ]);
  });

  it("prints mocha's plain timeout message without the integration (the baseline)", async () => {
    const r = await runFixtures(["js/hang.test.js"], { integration: false });
    expect(failures(r.stdout)[0]).to.equal(`  1) Repo\n       finds a user:\n${TIMEOUT(200, "js/hang.test.js")}`);
  });
});
