// The release procedure's dry run (docs/releasing.md): `npm publish --dry-run --workspaces` from the
// repository root publishes every package of packages/, publicly, at its version, and nothing else.
import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { registryEnv } from "../support/registry-env.js";
import { repoRoot } from "../transformer/helpers.js";
import { packages } from "./support.js";

describe("packaging: npm publish --dry-run --workspaces", function () {
  this.timeout(120_000);

  it("publishes every package at its version, with public access, and nothing else", () => {
    const r = spawnSync("npm", ["publish", "--dry-run", "--workspaces"], {
      cwd: repoRoot,
      encoding: "utf8",
      env: registryEnv({ npm_config_update_notifier: "false" }),
    });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).to.equal(0);
    const published = [...r.stdout.matchAll(/^\+ (.+)$/gm)].map((m) => m[1]).sort();
    expect(published).to.deep.equal(
      packages()
        .map((p) => `${p.json.name}@${p.json.version}`)
        .sort(),
    );
    const access = [...out.matchAll(/Publishing to \S+ with tag (\S+) and (\S+) access \(dry-run\)/g)];
    expect(access, out).to.not.have.length(0);
    for (const m of access) expect(`${m[1]} ${m[2]}`).to.equal("latest public");
  });
});
