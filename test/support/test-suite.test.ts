// scripts/test-suite.mjs, `npm test`'s mocha step, run on small fixture suites: a failure of either
// half fails the step, both reports reach the output, and the corpus's half runs at a lower priority.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, scratchDir } from "./run-node.js";

const SCRIPT = join(repoRoot, "scripts", "test-suite.mjs");

const PASSING = `const os = require("node:os");
it("passes at niceness " + os.getPriority(), () => {});\n`;
const FAILING = `it("fails on purpose", () => { throw new Error("the fixture's failure"); });\n`;

/** Two fixture halves (`rest`, `corpus`), each one test file; the script's arguments to run them. */
function writeHalves(rest: string, corpus: string): string[] {
  const dir = scratchDir();
  for (const [half, text] of [
    ["rest", rest],
    ["corpus", corpus],
  ] as const) {
    mkdirSync(join(dir, half));
    writeFileSync(join(dir, half, `${half}.test.cjs`), text);
  }
  return [SCRIPT, "--rest", join(dir, "rest", "*.test.cjs"), "--corpus", join(dir, "corpus", "*.test.cjs")];
}

/** The script run on two fixture halves. */
function runSuite(rest: string, corpus: string, extra: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [...writeHalves(rest, corpus), ...extra], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 60_000,
    env,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("npm test's mocha step (scripts/test-suite.mjs): the corpus beside the rest", () => {
  it("runs both, prints the corpus's report after the rest's, the corpus at niceness 10", () => {
    const r = runSuite(PASSING, PASSING);
    expect(r.status, r.out).to.equal(0);
    const corpusHeader = r.out.indexOf("== the differential corpus");
    expect(corpusHeader, r.out).to.be.greaterThan(0);
    expect(r.out.slice(0, corpusHeader), "the rest, at its own priority").to.match(/passes at niceness 0/);
    expect(r.out.slice(corpusHeader)).to.match(/passes at niceness 10/);
    expect(r.out.match(/^\s+1 passing/gm), "mocha's two summaries, which .ci/run adds up").to.have.length(2);
  });

  it("fails when only the corpus fails, with its failure in the output", () => {
    const r = runSuite(PASSING, FAILING);
    expect(r.status, r.out).to.equal(1);
    expect(r.out).to.match(/^\s+1 failing/m);
    expect(r.out).to.include("the fixture's failure");
  });

  it("fails when only the rest fails, and repeats its failures after the corpus's report", () => {
    const r = runSuite(FAILING, PASSING);
    expect(r.status, r.out).to.equal(1);
    expect(r.out).to.match(/passes at niceness 10/);
    const corpusHeader = r.out.indexOf("== the differential corpus");
    const repeated = r.out.indexOf("== the rest of the suite failed; its failures again");
    expect(corpusHeader, r.out).to.be.greaterThan(0);
    expect(repeated, "the repeat comes last, where a log's tail shows it").to.be.greaterThan(corpusHeader);
    expect(r.out.slice(0, corpusHeader), "the rest's report as it ran").to.include("the fixture's failure");
    expect(r.out.slice(repeated)).to.include("fails on purpose").and.to.include("the fixture's failure");
    expect(r.out.match(/^\s+1 failing/gm), "one count of the failure, which .ci/run adds up").to.have.length(1);
  });

  it("prints every byte to a slow pipe when the rest fails: the corpus's long report and the repeat", () => {
    // Under CI the step writes into `npm test | tee`. A report larger than a pipe's buffer (64 KB)
    // that the reader has not taken yet was cut by the script's exit, and the repeat lost with it.
    const many = `for (let i = 0; i < 3000; i++) it("test " + i + " ${"of a long report ".repeat(6)}", () => {});\n`;
    const command = [process.execPath, ...writeHalves(FAILING, many)].map((a) => `'${a}'`).join(" ");
    // The reader starts a second late: the script has written everything and ended by then.
    const r = spawnSync("bash", ["-c", `set -o pipefail; ${command} 2>&1 | (sleep 1; cat)`], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stdout.length, "the whole report").to.be.greaterThan(300_000);
    expect(r.stdout).to.match(/^\s+3000 passing/m);
    expect(r.stdout).to.include("test 2999 ");
    expect(r.stdout.slice(r.stdout.indexOf("== the rest of the suite failed"))).to.include("the fixture's failure");
  });

  it("repeats the failures of a coloured report too, without its count", () => {
    // Mocha colours its report when the environment forces colour (FORCE_COLOR), as a CI may.
    const r = runSuite(FAILING, PASSING, [], { ...process.env, FORCE_COLOR: "1" });
    expect(r.status, r.out).to.equal(1);
    const plain = r.out.replaceAll(String.fromCharCode(27), "").replace(/\[[0-9;]*m/g, "");
    const repeated = plain.indexOf("== the rest of the suite failed; its failures again");
    expect(repeated, plain).to.be.greaterThan(plain.indexOf("== the differential corpus"));
    expect(plain.slice(repeated)).to.include("fails on purpose").and.to.include("the fixture's failure");
    expect(plain.match(/^\s+1 failing/gm), "one count of the failure, which .ci/run adds up").to.have.length(1);
  });

  it("does not repeat anything when the rest passes", () => {
    const r = runSuite(PASSING, FAILING);
    expect(r.out).not.to.include("== the rest of the suite failed");
  });

  it("runs the two one after the other with AWAIT_TREE_TEST_SERIAL=1, and still fails on either", () => {
    const dir = scratchDir();
    const file = join(dir, "serial.test.cjs");
    writeFileSync(file, FAILING);
    const r = spawnSync(process.execPath, [SCRIPT, "--rest", join(dir, "none-*.test.cjs"), "--corpus", file], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, AWAIT_TREE_TEST_SERIAL: "1" },
    });
    // The rest matches no file: mocha says so and fails; the corpus still runs and fails too.
    expect(r.status).to.equal(1);
    expect(r.stdout + r.stderr).to.include("the fixture's failure");
  });

  it("names an option given without its glob", () => {
    const r = spawnSync(process.execPath, [SCRIPT, "--rest"], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include("--rest needs a glob of test files");
  });
});
