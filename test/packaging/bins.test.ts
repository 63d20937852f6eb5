// Installing the transformer leaves the project's own `tsc` alone. The transformer compiles with a
// TypeScript of its own (an npm alias of `typescript`); as a plain dependency npm hoisted it and
// linked its `tsc` over the project's, so `npx tsc` in a project on TypeScript 7 ran 5.9 after
// `npm i -D @await-tree/transformer`. It now ships as a bundled dependency, nested.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { expect } from "chai";
import { scratchDir } from "../transformer/helpers.js";
import { npmInstall, packed } from "./support.js";

const TYPESCRIPT_7 = "7.0.2";

function tscVersion(dir: string): string {
  const r = spawnSync(join(dir, "node_modules", ".bin", "tsc"), ["--version"], { cwd: dir, encoding: "utf8" });
  return `${r.stdout}${r.stderr}`.trim();
}

describe("packaging: installing the transformer keeps the project's tsc", function () {
  this.timeout(300_000);

  it("a project on TypeScript 7 still runs its own tsc after `npm i -D @await-tree/transformer`, and the transformer its own compiler", () => {
    const dir = join(scratchDir(), "bins-ts7");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "bins-ts7", private: true }, null, 2)}\n`);
    npmInstall(dir, [`typescript@${TYPESCRIPT_7}`], ["--save-dev"]);
    expect(tscVersion(dir)).to.equal(`Version ${TYPESCRIPT_7}`);

    // Added afterwards, as a user adds it to a project that has TypeScript already.
    const tarballs = packed();
    npmInstall(
      dir,
      ["@await-tree/runtime", "@await-tree/transformer"].map((n) => tarballs.get(n) as string),
      ["--save-dev"],
    );
    expect(tscVersion(dir), "node_modules/.bin/tsc after the install").to.equal(`Version ${TYPESCRIPT_7}`);
    const link = realpathSync(join(dir, "node_modules", ".bin", "tsc"));
    expect(link.startsWith(join(realpathSync(dir), "node_modules", "typescript") + sep), link).to.equal(true);

    // The transformer still finds its own compiler, nested in its folder, and works.
    const script = [
      'const { transformSource } = require("@await-tree/transformer");',
      'const r = transformSource("export async function f(p: Promise<number>) { return await p; }", "f.ts", { traceAll: true });',
      "const compiler = Object.keys(require.cache).find((k) => /typescript-for-transform/.test(k));",
      "console.log(JSON.stringify({ status: r.status, compiler }));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    expect(r.status, `${r.stdout}${r.stderr}`).to.equal(0);
    const out = JSON.parse(r.stdout) as { status: string; compiler: string };
    expect(out.status).to.equal("transformed");
    const nested = join("node_modules", "@await-tree", "transformer", "node_modules", "typescript-for-transform");
    expect(out.compiler, "the transformer's compiler is its bundled copy").to.include(nested);
    const version = JSON.parse(readFileSync(join(dir, nested, "package.json"), "utf8")).version;
    expect(version).to.match(/^5\./);
  });
});
