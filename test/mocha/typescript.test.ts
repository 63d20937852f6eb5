import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";
import { failures, fixtures, INTEGRATION, normalize, runMocha } from "./support.js";

const tsFixtures = join(fixtures, "ts");
const out = join(repoRoot, "build", "mocha-fixtures");

const TIMEOUT = (where: string): string =>
  '     Error: Timeout of 200ms exceeded. For async tests and hooks, ensure "done()" is called; ' +
  `if returning a Promise, ensure it resolves. (<repo>/${where})\n`;

/** With only the decorator, the tree stops at the traced method: one span per call. */
const functionLevel = (where: string): string =>
  "  1) Users\n" +
  "       loads a user:\n" +
  TIMEOUT(where) +
  "\n" +
  "     await-tree: stuck at:\n" +
  "       >> Repo.find(42) [<t>]\n" +
  "       (a traced call; to see the await inside it, compile with @await-tree/transformer)\n" +
  "     pending in [Users loads a user] at the timeout:\n" +
  "     loads a user [<t>]\n" +
  "       Repo.find(42) [<t>]\n";

/** With the transformer: the awaited expression, its source location, and the method's own. */
const awaitLevel = (where: string): string =>
  "  1) Users\n" +
  "       loads a user:\n" +
  TIMEOUT(where) +
  "\n" +
  "     await-tree: stuck at:\n" +
  '       >> db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18, in Repo.find(42)\n' +
  "     pending in [Users loads a user] at the timeout:\n" +
  "     loads a user [<t>]\n" +
  "       Repo.find(42) [<t>] at repo.ts:25:9\n" +
  '         db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n';

function compile(bin: string, project: string): void {
  execFileSync(process.execPath, [join(repoRoot, "node_modules", bin), "-p", join(tsFixtures, project)], {
    cwd: repoRoot,
    stdio: "pipe",
  });
}

describe("mocha integration: TypeScript (tsc, the transformer, ts-node)", function () {
  this.timeout(120_000);

  before(() => {
    mkdirSync(out, { recursive: true });
    // build/ is an ES module scope; the compiled fixtures are CommonJS.
    writeFileSync(join(out, "package.json"), '{ "type": "commonjs" }\n');
    compile(join("typescript", "bin", "tsc"), "tsconfig.json");
    compile(join("ts-patch", "bin", "tspc.js"), "tsconfig.transformer.json");
  });

  const mocha = (files: string[], env: NodeJS.ProcessEnv = {}, extra: string[] = []) =>
    runMocha(["--no-config", "--no-package", "--reporter", "spec", ...extra, "--require", INTEGRATION, ...files], {
      env,
    });

  it("compiled by plain tsc (decorator only): the message shows the traced frames", async () => {
    const r = await mocha([join(out, "tsc", "hang.test.js")]);
    expect(failures(r.stdout)).to.deep.equal([functionLevel("build/mocha-fixtures/tsc/hang.test.js")]);
    expect(r.stdout).to.include("✔ loads users in parallel");
  });

  it("compiled by tspc with the transformer: the test, Repo.find, the awaited db.query(...) and its location", async () => {
    const r = await mocha([join(out, "transformed", "hang.test.js")]);
    expect(failures(r.stdout)).to.deep.equal([awaitLevel("build/mocha-fixtures/transformed/hang.test.js")]);
    expect(r.stdout).to.include("✔ loads users in parallel");
    expect(r.stderr).to.equal("");
  });

  it("one repository: the fixture's repo.ts is test/runners/fixtures/repo.ts, byte for byte", () => {
    // Two files, one source (test/runners/fixtures/repo.ts: edit it and copy it here), because each
    // fixture tree must hold its own: this one is CommonJS (`"type": "commonjs"`), compiled in place
    // by tsc with `rootDir: "."` (here and in bench/mocha-overhead.mjs: a file outside is an error)
    // and loaded by ts-node, which refuses (ERR_REQUIRE_ESM) a .ts file under the runners'
    // `"type": "module"`, where vitest, jest and node:test load theirs. Equal bytes also keep the
    // trees' locations (repo.ts:27:18) the same in both areas' expectations.
    const source = readFileSync(join(repoRoot, "test", "runners", "fixtures", "repo.ts"), "utf8");
    expect(readFileSync(join(tsFixtures, "repo.ts"), "utf8")).to.equal(source);
  });

  const tsNode = ["--require", "ts-node/register", "--extension", "ts"];
  const source = join(tsFixtures, "hang.test.ts");

  it("run by ts-node (decorator only)", async () => {
    const env = { TS_NODE_PROJECT: join(tsFixtures, "tsconfig.json"), TS_NODE_TRANSPILE_ONLY: "true" };
    const r = await mocha([source], env, tsNode);
    expect(failures(r.stdout)).to.deep.equal([functionLevel("test/mocha/fixtures/ts/hang.test.ts")]);
  });

  it("run by ts-node with the transformer (ts-patch compiler)", async () => {
    const env = {
      TS_NODE_PROJECT: join(tsFixtures, "tsconfig.transformer.json"),
      TS_NODE_COMPILER: "ts-patch/compiler",
      TS_NODE_TRANSPILE_ONLY: "true",
    };
    const r = await mocha([source], env, tsNode);
    expect(failures(r.stdout)).to.deep.equal([awaitLevel("test/mocha/fixtures/ts/hang.test.ts")]);
  });
  describe("test bodies resumed after an await (asyncContext)", () => {
    const file = join(out, "transformed", "context.test.js");
    const counter = ["--require", join(fixtures, "js", "count-context.cjs")];
    /** On Node 24 and later `auto` uses AsyncLocalStorage: it costs nothing measurable there. */
    const cheap = Number(process.versions.node.split(".")[0]) >= 24;
    const hung =
      "     pending in [Context hangs after an await the transformer does not see] at the timeout:\n" +
      "     hangs after an await the transformer does not see [<t>]\n" +
      "       Repo.find(7) [<t>] at repo.ts:25:9\n" +
      '         db.query("select * from users where id = ?", [id]) [<t>] at repo.ts:27:18\n';
    const lateLeak = "[Context is running when that timer fires] passed but left traced work pending";

    it("auto: the hung test's tree, with no AsyncLocalStorage where it would slow every promise", async () => {
      const r = await mocha([file], {}, counter);
      const [first] = failures(r.stdout);
      expect(first).to.include(hung);
      expect(r.stdout).to.include("2 passing").and.include("1 failing");
      expect(r.stderr).to.include(`AsyncLocalStorage instances: ${cheap ? 1 : 0}\n`);
      // The test's root, registered when its first traced call needed it, still starts with the test.
      const ms = (label: string) => Number(new RegExp(`\\n {5,}${label} \\[([\\d.]+)ms\\]`).exec(r.stdout)?.[1]);
      expect(ms("hangs after an await the transformer does not see")).to.be.at.least(200);
      expect(ms("hangs after an await the transformer does not see") - ms("Repo\\.find\\(7\\)")).to.be.at.least(4);
      // The known price (docs/mocha.md): a timer that outlives its test is counted in the test
      // running when it fires, which nothing but AsyncLocalStorage can tell apart.
      if (cheap) expect(r.stderr).not.to.include(lateLeak);
      else expect(normalize(r.stderr)).to.include(`${lateLeak} that it started and did not await (2 spans):\n`);
    });

    it("always: AsyncLocalStorage ties the late timer to its own, finished test: no report", async () => {
      const r = await mocha([file], { AWAIT_TREE_ASYNC_CONTEXT: "always" }, counter);
      const [first] = failures(r.stdout);
      expect(first).to.include(hung);
      expect(r.stdout).to.include("2 passing").and.include("1 failing");
      expect(r.stderr).to.equal("AsyncLocalStorage instances: 1\n");
    });
  });
});
