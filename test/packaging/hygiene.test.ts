// Package hygiene of every package under packages/, checked on the tarballs `npm pack` makes (the
// bytes a user installs): publint and Are the Types Wrong report nothing, the files are those of an
// allow-list, and the metadata an npm page and a package manager need is there.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import ts from "typescript";
import { repoRoot } from "../transformer/helpers.js";
import { PROJECT_URL, packages, packed } from "./support.js";

const j = (p: { json: unknown }): Record<string, unknown> => p.json as Record<string, unknown>;
const bin = (name: string): string => join(repoRoot, "node_modules", ".bin", name);

/** Files a package may ship: its manifest and docs, compiled output, declarations, sources (for source maps). */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/.+\.(?:c|m)?js(?:\.map)?$/,
  /^dist\/.+\.d\.(?:c|m)?ts$/,
  /^src\/.+\.(?:c|m)?ts$/,
  /^bin\/[^/]+\.(?:c|m)?js$/,
];
/** Never shipped, even where a pattern above would allow it. */
const FORBIDDEN = [/tsbuildinfo/, /(^|\/)(test|tests|__tests__|fixtures)\//, /\.test\.[cm]?[jt]s$/, /\.spec\./];

describe("packaging: every package's tarball", function () {
  this.timeout(120_000);
  const license = readFileSync(join(repoRoot, "LICENSE"), "utf8");

  it("the repository's LICENSE is the Apache License 2.0, full text", () => {
    expect(license).to.match(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).to.include("END OF TERMS AND CONDITIONS");
    expect(license).to.include("APPENDIX: How to apply the Apache License to your work.");
  });

  for (const p of packages()) {
    describe(p.json.name, () => {
      it("publint reports nothing", () => {
        const tgz = packed().get(p.json.name) as string;
        const r = spawnSync(bin("publint"), ["run", tgz, "--strict"], { encoding: "utf8" });
        const out = `${r.stdout}${r.stderr}`;
        expect(r.status, out).to.equal(0);
        expect(out, out).to.include("All good!");
      });

      it("Are the Types Wrong (attw) reports nothing: every subpath typed in node10, node16 (CJS and ESM), bundler", () => {
        const tgz = packed().get(p.json.name) as string;
        const r = spawnSync(bin("attw"), [tgz, "--format", "ascii"], { encoding: "utf8" });
        const out = `${r.stdout}${r.stderr}`;
        expect(r.status, out).to.equal(0);
        expect(out, out).to.include("No problems found");
      });

      it("ships only allow-listed files (no build info, no tests), with README, LICENSE and CHANGELOG", () => {
        const tgz = packed().get(p.json.name) as string;
        const files = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" })
          .split("\n")
          .filter((f) => f !== "" && !f.endsWith("/"))
          .map((f) => f.replace(/^package\//, ""));
        // A bundled dependency ships whole, as npm installed it (the transformer's own TypeScript).
        const bundled = ((p.json.bundleDependencies as string[] | undefined) ?? []).map((n) => `node_modules/${n}/`);
        const own = files.filter((f) => !bundled.some((b) => f.startsWith(b)));
        for (const b of bundled)
          expect(
            files.some((f) => f === `${b}package.json`),
            `${b} is bundled`,
          ).to.equal(true);
        const unexpected = own.filter((f) => !ALLOWED.some((re) => re.test(f)) || FORBIDDEN.some((re) => re.test(f)));
        expect(unexpected, `files outside the allow-list of test/packaging/hygiene.test.ts`).to.deep.equal([]);
        for (const required of ["package.json", "README.md", "LICENSE", "CHANGELOG.md"]) {
          expect(files, `${p.json.name} ships ${required}`).to.include(required);
        }
        const shipped = execFileSync("tar", ["-xzOf", tgz, "package/LICENSE"], { encoding: "utf8" });
        expect(shipped === license, `${p.json.name}: LICENSE is the repository's Apache-2.0 text`).to.equal(true);
      });

      it("ships only the declarations its exports name (and what they import): no internal module", () => {
        const tgz = packed().get(p.json.name) as string;
        const files = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" })
          .split("\n")
          .map((f) => f.replace(/^package\//, ""));
        // Declarations of the build (src/ may hold hand-written ones, shipped as sources for maps).
        const declarations = files.filter((f) => f.startsWith("dist/") && /\.d\.[cm]?ts$/.test(f));
        const targets = JSON.stringify(p.json.exports ?? {})
          .match(/"\.\/[^"]+\.d\.[cm]?ts"/g)
          ?.map((t) => t.slice(3, -1));
        const reached = new Set<string>();
        const queue = [...new Set(targets ?? [])];
        const allowed = new Set([
          ...Object.keys((p.json.peerDependencies as object | undefined) ?? {}),
          ...Object.keys((p.json.dependencies as object | undefined) ?? {}),
        ]);
        while (queue.length > 0) {
          const file = queue.pop() as string;
          if (reached.has(file)) continue;
          reached.add(file);
          const text = execFileSync("tar", ["-xzOf", tgz, `package/${file}`], { encoding: "utf8" });
          for (const spec of ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)) {
            if (spec.startsWith(".")) {
              const base = join(file, "..", spec).replace(/\\/g, "/");
              queue.push(
                base
                  .replace(/\.mjs$/, ".d.mts")
                  .replace(/\.cjs$/, ".d.cts")
                  .replace(/\.js$/, ".d.ts"),
              );
            } else {
              const name = spec.startsWith("@")
                ? spec.split("/").slice(0, 2).join("/")
                : (spec.split("/")[0] as string);
              expect(allowed.has(name), `${file} imports "${spec}", which is not a dependency`).to.equal(true);
            }
          }
          expect(text, `${file}: a reference to Node's types`).to.not.match(/reference types="node"/);
        }
        expect(declarations.sort()).to.deep.equal([...reached].sort());
      });

      it("names its license, repository, homepage and bugs page (the project's URL)", () => {
        const j = p.json as Record<string, unknown>;
        expect(j.license).to.equal("Apache-2.0");
        expect(j.repository, "repository").to.deep.equal({
          type: "git",
          url: `git+${PROJECT_URL}.git`,
          directory: `packages/${p.folder}`,
        });
        expect(j.homepage, "homepage").to.equal(`${PROJECT_URL}/tree/main/packages/${p.folder}#readme`);
        expect(j.bugs, "bugs").to.deep.equal({ url: `${PROJECT_URL}/issues` });
        expect(j.engines, "engines").to.have.property("node");
      });

      it("its README links only absolutely (it is read on npm, outside the repository)", () => {
        const readme = readFileSync(join(p.dir, "README.md"), "utf8");
        const relative = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
          .map((m) => m[1] as string)
          .filter((href) => !/^(https?:|mailto:|#)/.test(href));
        expect(relative, "relative links in README.md").to.deep.equal([]);
        // Links into this project use its one URL (not a fork's, not another spelling).
        for (const m of readme.matchAll(/\]\((https?:\/\/[^)\s]*await-tree-ts[^)\s]*)\)/g)) {
          expect(m[1], "links into the project").to.match(new RegExp(`^${PROJECT_URL.replace(/[.]/g, "\\.")}([/#]|$)`));
        }
        expect(j(p).publishConfig, "published publicly (a scoped package is private by default)").to.deep.equal({
          access: "public",
        });
      });

      it("accepts compatible versions of its peers and dependencies on this repository's packages", () => {
        const ours = new Map(packages().map((q) => [q.json.name, q.json.version]));
        const ranges = {
          ...((p.json.peerDependencies as Record<string, string> | undefined) ?? {}),
          ...((p.json.dependencies as Record<string, string> | undefined) ?? {}),
        };
        for (const [name, range] of Object.entries(ranges)) {
          const version = ours.get(name);
          if (version === undefined) continue;
          // A caret range on the current version: the next compatible releases are accepted.
          expect(range, `${p.json.name} -> ${name}`).to.equal(`^${version}`);
        }
        const peers = (p.json.peerDependencies as Record<string, string> | undefined) ?? {};
        for (const [name, range] of Object.entries(peers)) {
          expect(range, `peer ${name} is a range, not one exact version`).to.not.match(/^\d+\.\d+\.\d+$/);
        }
      });
    });
  }
});
