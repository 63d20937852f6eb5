import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../transformer/helpers.js";
import { registryCa } from "./registry-env.js";
import { scratchDir } from "./run-node.js";

describe("test support: the extra CA file set aside for the suite's children", () => {
  it("moves NODE_EXTRA_CA_CERTS aside and gives it back to a registry command's environment", () => {
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: "/etc/certs.pem", OTHER: "1" };
    registryCa.setAsideRegistryCa(env);
    expect(env.NODE_EXTRA_CA_CERTS).to.equal(undefined);
    expect(env[registryCa.SET_ASIDE]).to.equal("/etc/certs.pem");
    registryCa.setAsideRegistryCa(env); // twice (test-node-versions.mjs, then .mocharc.cjs): no loss
    expect(registryCa.registryEnv(env)).to.include({ NODE_EXTRA_CA_CERTS: "/etc/certs.pem", OTHER: "1" });
    expect(env.NODE_EXTRA_CA_CERTS, "the environment given is not changed").to.equal(undefined);
    const none: NodeJS.ProcessEnv = { OTHER: "1" };
    registryCa.setAsideRegistryCa(none);
    expect(registryCa.registryEnv(none)).to.deep.equal({ OTHER: "1" });
  });

  it("is done by the repository's mocha configuration: a child of the run has none, a registry command has it", () => {
    const certs = join(scratchDir(), "certs.pem");
    // What mocha does first: load .mocharc.cjs. Then a plain child and a registry command.
    const script = [
      `require(${JSON.stringify(join(repoRoot, ".mocharc.cjs"))});`,
      'const { execFileSync } = require("node:child_process");',
      `const { registryEnv } = require(${JSON.stringify(join(repoRoot, "scripts", "registry-ca.cjs"))});`,
      'const probe = ["-p", "process.env.NODE_EXTRA_CA_CERTS"];',
      'const plain = execFileSync(process.execPath, probe, { encoding: "utf8" }).trim();',
      'const registry = execFileSync(process.execPath, probe, { encoding: "utf8", env: registryEnv() }).trim();',
      "console.log(JSON.stringify({ plain, registry }));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certs },
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.deep.equal({ plain: "undefined", registry: certs });
  });
});
