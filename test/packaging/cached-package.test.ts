// scripts/cached-package.mjs: the packages the tests and benchmarks install on first use outside
// node_modules (official Node builds, TypeScript 7, ...) are installed into a folder of their own
// and renamed into place, so an interrupted or failed install never leaves a package that a later
// run would take for a whole one.

import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { repoRoot, scratchDir } from "../support/run-node.js";

type Cached = (name: string, version: string, options?: { cacheDir?: string }) => { dir?: string; skip?: string };

const load = async (): Promise<Cached> =>
  ((await import(pathToFileURL(join(repoRoot, "scripts", "cached-package.mjs")).href)) as { cachedPackage: Cached })
    .cachedPackage;

describe("packaging: packages installed on first use (scripts/cached-package.mjs)", function () {
  this.timeout(240_000);

  it("installs once into place and reuses it; no staging folder is left", async () => {
    const cachedPackage = await load();
    const cacheDir = scratchDir();
    const first = cachedPackage("is-number", "7.0.0", { cacheDir });
    expect(first.skip).to.equal(undefined);
    expect(first.dir).to.equal(join(cacheDir, "is-number@7.0.0", "node_modules", "is-number"));
    expect(existsSync(join(first.dir as string, "package.json"))).to.equal(true);
    expect(cachedPackage("is-number", "7.0.0", { cacheDir })).to.deep.equal(first);
    expect(readdirSync(cacheDir)).to.deep.equal(["is-number@7.0.0"]);
  });

  it("replaces what an interrupted install left in place (a folder without the package)", async () => {
    const cachedPackage = await load();
    const cacheDir = scratchDir();
    const stale = join(cacheDir, "is-number@7.0.0", "node_modules", "is-number");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "index.js"), "half\n");
    const r = cachedPackage("is-number", "7.0.0", { cacheDir });
    expect(r.skip).to.equal(undefined);
    expect(existsSync(join(stale, "package.json"))).to.equal(true);
    expect(readdirSync(cacheDir)).to.deep.equal(["is-number@7.0.0"]);
  });

  it("a failed install says why and leaves nothing behind", async () => {
    const cachedPackage = await load();
    const cacheDir = scratchDir();
    const r = cachedPackage("is-number", "0.0.0-no-such-version", { cacheDir });
    expect(r.dir).to.equal(undefined);
    expect(r.skip).to.match(/^the install of is-number@0\.0\.0-no-such-version from the npm registry failed \(.+\)$/);
    expect(readdirSync(cacheDir)).to.deep.equal([]);
  });
});
