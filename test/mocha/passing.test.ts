import { expect } from "chai";
import { normalize, runFixtures } from "./support.js";

/** Mocha marks tests slower than 75 ms with their duration: timing, not content. */
const content = (stdout: string): string => normalize(stdout).replace(/ \(<d>\)/g, "");

describe("mocha integration: no noise (passing suites, ordinary failures, code under test)", function () {
  this.timeout(60_000);

  it("prints exactly what it prints without the integration, and nothing on stderr", async () => {
    const withIt = await runFixtures(["js/pass.test.js"]);
    const without = await runFixtures(["js/pass.test.js"], { integration: false });
    expect(without.code).to.equal(0);
    expect(withIt.code).to.equal(0);
    expect(content(withIt.stdout)).to.equal(content(without.stdout));
    expect(withIt.stdout).to.match(/ {2}13 passing .*\n {2}2 pending\n/);
    expect(withIt.stderr).to.equal("");
  });

  it("is as quiet in parallel mode", async () => {
    const files = ["js/pass.test.js", "js/untraced.test.js"];
    const args = ["--parallel", "--jobs", "2", "--grep", "Passing suite"];
    const withIt = await runFixtures(files, { args });
    const without = await runFixtures(files, { args, integration: false });
    expect(withIt.code).to.equal(0);
    expect(withIt.stderr).to.equal("");
    expect(content(withIt.stdout)).to.equal(content(without.stdout));
  });

  it("prints ordinary failures as without the integration: its own frames are kept out of stacks", async () => {
    const withIt = await runFixtures(["js/fail.test.js"]);
    const without = await runFixtures(["js/fail.test.js"], { integration: false });
    expect(withIt.code).to.equal(4);
    // Without the integration the stack has the runtime's pass-through wrapper; with it, no frame
    // of the runtime at all.
    // (Its baseline records the fixture's traced calls in a global registry created on first use,
    // docs/zero-setup.md, whose AsyncLocalStorage adds async hooks' `callbackTrampoline` frame.)
    const noRuntime = (t: string): string =>
      t.replace(/^ +at .*packages\/runtime\/dist\/.*\n/gm, "").replace(/^ +at .*callbackTrampoline.*\n/gm, "");
    expect(content(withIt.stdout)).to.equal(noRuntime(content(without.stdout)));
    expect(withIt.stdout).to.include("at Context.<anonymous> (test/mocha/fixtures/js/fail.test.js:");
  });

  it("keeps its own frames out of stacks with source maps on too (they then name the runtime's sources)", async () => {
    const env = { NODE_OPTIONS: "--enable-source-maps" };
    const withIt = await runFixtures(["js/fail.test.js"], { env });
    const without = await runFixtures(["js/fail.test.js"], { integration: false, env });
    expect(withIt.code).to.equal(4);
    const noRuntime = (t: string): string =>
      t.replace(/^ +at .*packages\/runtime\/(dist|src)\/.*\n/gm, "").replace(/^ +at .*callbackTrampoline.*\n/gm, "");
    expect(content(withIt.stdout)).to.not.match(/packages\/runtime\/(dist|src)\//);
    expect(content(withIt.stdout)).to.equal(noRuntime(content(without.stdout)));
  });

  it("changes nothing for code under test but where its traced calls land", async () => {
    const r = await runFixtures(["js/registry.test.js"]);
    expect(r.stdout).to.match(/ {2}3 passing/);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal("");
  });
});
