// examples/vitest prints the failure its README shows.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/run-node.js";
import { normalize, run, vitestBin } from "./support.js";

const example = join(repoRoot, "examples", "vitest");

describe("vitest integration: examples/vitest", function () {
  this.timeout(120_000);

  it("prints the failure its README shows (plugin + transformer, the example's vitest.config.ts)", async () => {
    const readme = readFileSync(join(example, "README.md"), "utf8");
    const shown = /<!-- output:[^>]*-->\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown, "README.md has an output block").to.be.a("string");
    const r = await run([vitestBin, "run"], { cwd: example });
    expect(r.code).to.equal(1);
    const text = normalize(r.stderr);
    const at = text.indexOf(" FAIL  ");
    const end = text.indexOf("\n", text.indexOf(" ❯ ", at));
    expect(text.slice(at, end + 1)).to.equal(normalize(shown as string));
    expect(r.stdout).to.include("✓ loads the profile of a known user");
  });
});
