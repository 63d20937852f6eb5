import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";
import { normalize, runMocha } from "./support.js";

const example = join(repoRoot, "examples", "mocha");

/** What a reader compares: no elapsed times, no machine paths, no Node-internal stack frames. */
const comparable = (text: string): string =>
  normalize(text)
    // Mocha adds a test's duration when it was slow, which a loaded machine decides.
    .replace(/ \(<d>\)/g, "")
    .replace(/\(\S*\/examples\/mocha\//g, "(…/examples/mocha/")
    .replace(/^ +at .*\n/gm, "")
    .trim();

describe("mocha integration: examples/mocha", function () {
  this.timeout(60_000);

  it("prints the output its README shows (ts-node + transformer, the .mocharc.cjs of the example)", async () => {
    const readme = readFileSync(join(example, "README.md"), "utf8");
    const shown = /<!-- output:[^>]*-->\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown, "README.md has an output block").to.be.a("string");
    const r = await runMocha([], { cwd: example });
    expect(r.code).to.equal(1);
    expect(comparable(r.stdout)).to.equal(comparable(shown as string));
    expect(r.stdout).to.include(">> this.pool.acquire() [");
  });
});
