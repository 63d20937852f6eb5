import { expect } from "chai";
import { failures, type MochaRun, normalize, runFixtures } from "./support.js";

describe("mocha integration: --parallel (root hooks run in each worker)", function () {
  this.timeout(60_000);
  const files = ["js/hang.test.js", "js/leak.test.js", "js/hooks.test.js"];
  let serial: MochaRun;
  let parallel: MochaRun;

  before(async () => {
    serial = await runFixtures(files);
    parallel = await runFixtures(files, { args: ["--parallel", "--jobs", "2"] });
  });

  it("prints the same timeout trees as a serial run", () => {
    // Workers finish in any order: compare the failures as sets, without their numbers.
    const unnumbered = (r: MochaRun): string[] =>
      failures(r.stdout)
        .map((f) => f.replace(/^ {2}\d+\) /, ""))
        .sort();
    expect(failures(parallel.stdout)).to.have.length(5);
    expect(unnumbered(parallel)).to.deep.equal(unnumbered(serial));
    expect(parallel.stdout).to.include(">> db.query(select user) [");
    expect(parallel.code).to.equal(5);
  });

  it("reports leaks from the workers on stderr", () => {
    const reports = (r: MochaRun): string[] =>
      normalize(r.stderr)
        .split(/(?=^await-tree: )/m)
        .sort();
    expect(reports(parallel)).to.have.length(3);
    expect(reports(parallel)).to.deep.equal(reports(serial));
  });
});
