// The contract between the transformer's emitter and the runtime's instrument entry (issue 10,
// point 1): renaming a hook or a site field in the runtime alone fails the build (a patched copy of
// both packages is built with `tsc -b`, as `npm run build` does), and a runtime that cannot honour
// the contract version recorded in emitted code says so once and runs the program untraced.
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, scratchDir } from "./helpers.js";

const TSC = join(repoRoot, "node_modules", "typescript", "bin", "tsc");

/** A copy of both packages (sources, configs, and their build, so that `tsc -b` is incremental). */
function copyPackages(dir: string): void {
  for (const pkg of ["runtime", "transformer"]) {
    const from = join(repoRoot, "packages", pkg);
    for (const item of ["src", "dist", "package.json", "tsconfig.json"]) {
      cpSync(join(from, item), join(dir, "packages", pkg, item), { recursive: true });
    }
  }
  cpSync(join(repoRoot, "tsconfig.base.json"), join(dir, "tsconfig.base.json"));
  // The repository's dependencies, with @await-tree/runtime being the patched copy.
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@await-tree"), { recursive: true });
  for (const name of readdirSync(join(repoRoot, "node_modules"))) {
    if (name !== "@await-tree" && !name.startsWith("."))
      symlinkSync(join(repoRoot, "node_modules", name), join(modules, name));
  }
  symlinkSync(join(dir, "packages", "runtime"), join(modules, "@await-tree", "runtime"), "dir");
  const own = join(repoRoot, "packages", "transformer", "node_modules");
  cpSync(own, join(dir, "packages", "transformer", "node_modules"), { recursive: true, verbatimSymlinks: true });
}

function patch(file: string, from: string, to: string): void {
  const text = readFileSync(file, "utf8");
  expect(text, `${file} contains ${from}`).to.include(from);
  writeFileSync(file, text.replace(from, to));
}

/** `tsc -b` of both packages, as `npm run build` runs it: exit code and output. */
function build(dir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSC, "-b", "packages/runtime", "packages/transformer"],
      { cwd: dir, encoding: "utf8" },
      (err, stdout, stderr) => resolve({ code: err === null ? 0 : Number(err.code ?? 1), out: stdout + stderr }),
    );
  });
}

describe("transformer-runtime contract", function () {
  // One `tsc -b` of both packages: about 8 s of CPU, far more wall time on a loaded machine.
  this.timeout(600_000);

  it("fails the build when the runtime alone renames a hook, a site field or the contract version", async () => {
    // One build for the three changes (a build takes most of this test's time); each must be
    // reported in the transformer, and the runtime itself must still build.
    const dir = join(scratchDir(), "contract-build");
    copyPackages(dir);
    const runtime = join(dir, "packages", "runtime", "src");
    patch(
      join(runtime, "instrument", "index.ts"),
      "export const resume: typeof H.resume",
      "export const resumeAfter: typeof H.resume",
    );
    patch(join(runtime, "instrument", "contract.ts"), "  longRunning?: boolean;", "  long?: boolean;");
    patch(join(runtime, "core", "site.ts"), "init.longRunning", "init.long");
    patch(
      join(runtime, "instrument", "contract.ts"),
      "INSTRUMENT_CONTRACT = 1 as const",
      "INSTRUMENT_CONTRACT = 2 as const",
    );
    const r = await build(dir);
    expect(r.code, r.out).to.not.equal(0);
    expect(r.out).to.not.match(/packages\/runtime\/src/);
    const errors = r.out
      .split("\n")
      .filter((l) => /packages\/transformer\/src\/[\w/-]+\.ts\(\d+,\d+\): error TS\d+/.test(l));
    expect(errors.some((l) => l.includes('"resume"'))).to.equal(true, r.out);
    expect(errors.some((l) => /sites\.ts.*longRunning/.test(l))).to.equal(true, r.out);
    expect(errors.some((l) => /sites\.ts.*'1'.*'2'/.test(l))).to.equal(true, r.out);
  });
});

describe("contract version recorded by emitted code", () => {
  /** Runs code shaped like emitted code against the built runtime; returns its stdout. */
  function run(body: string): string {
    const file = join(scratchDir(), `contract-${Math.random().toString(36).slice(2)}.cjs`);
    writeFileSync(
      file,
      `const req = require("node:module").createRequire(${JSON.stringify(join(repoRoot, "package.json"))});\n` +
        `const $at = req("@await-tree/runtime/instrument");\nconst { Registry } = req("@await-tree/runtime");\n${body}`,
    );
    return execFileSync(process.execPath, [file], { cwd: repoRoot, encoding: "utf8" });
  }

  const traced = `
    function emitted($s0, $s1) {
      return async function work(p) {
        const $f = $at.enter($s0, p);
        try {
          return $at.resume($f, await $at.suspend($f, $s1, $at.mark($f), p, p)) + 1;
        } finally {
          $at.exit($f);
        }
      };
    }`;

  it("a runtime that cannot honour the version says so once and runs the program untraced", () => {
    // Two files emitted for a newer contract, one for the current one.
    const stdout = run(`${traced}
      process.stderr.write = (s) => { (globalThis.err ??= []).push(String(s)); return true; };
      const newer = emitted($at.site({ parts: ["work(", ")"], file: "src/a.ts", line: 1, column: 1 }, 99), $at.site({ parts: ["p"] }, 99));
      const other = emitted($at.site({ parts: ["other(", ")"], file: "src/b.ts", line: 1, column: 1 }, 99), $at.site({ parts: ["p"] }, 99));
      const current = emitted($at.site({ parts: ["current"], file: "src/c.ts", line: 1, column: 1 }, 1), $at.site({ parts: ["q"] }, 1));
      const r = new Registry();
      const root = r.register("task", "task");
      let out = [];
      root.run(async () => {
        out.push(await newer(Promise.resolve(1)), await other(Promise.resolve(2)));
        const pending = current(new Promise(() => {}));
        await null;
        console.log(JSON.stringify({ out, errors: globalThis.err ?? [], tree: r.toString() }));
      });`);
    const { out, errors, tree } = JSON.parse(stdout) as { out: number[]; errors: string[]; tree: string };
    expect(out).to.deep.equal([2, 3]); // the program's own results
    expect(errors).to.have.length(1); // once, however many files
    expect(errors[0]).to.include("src/a.ts");
    expect(errors[0]).to.include("instrument contract 99");
    expect(errors[0]).to.match(/@await-tree\/runtime \d+\.\d+\.\d+ honours contract 1 only/);
    expect(errors[0]).to.include("npm install @await-tree/runtime@latest");
    expect(tree).to.match(/current .*\n.*q /); // code emitted for the current contract is traced
    expect(tree).to.not.include("work(");
  });

  it("code emitted for a contract older than the runtime honours is told to rebuild", () => {
    const stdout = run(`
      let err = "";
      process.stderr.write = (s) => { err += s; return true; };
      const s = $at.site({ parts: ["x"], file: "src/old.ts" }, 0);
      console.log(JSON.stringify({ site: s === undefined, err }));`);
    const r = JSON.parse(stdout) as { site: boolean; err: string };
    expect(r.site).to.equal(true);
    expect(r.err).to.include("src/old.ts was instrumented by @await-tree/transformer for instrument contract 0");
    expect(r.err).to.include("rebuild that code with the @await-tree/transformer release");
  });
});
