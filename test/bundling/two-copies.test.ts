// Issue 12 point 3 and issue 14 point 4: two copies of @await-tree/runtime in one process (two
// versions in node_modules, the ES module build next to the CommonJS one, a bundle plus a
// dependency that loads the runtime) share one state when compatible, and otherwise say so once
// and keep working apart. Real copies of the built package in a node_modules tree, real processes.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runNode } from "../support/run-node.js";
import { bundle, compileTraced, maskTimes, workDir, writeFiles } from "./support.js";

const RUNTIME = join(repoRoot, "packages", "runtime");

/** Replace `from` by `to` in a file, exactly once (a build that changed shape fails loudly here). */
function patch(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, "utf8");
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`${file}: expected "${from}" once, found ${parts.length - 1} times`);
  writeFileSync(file, parts.join(to));
}

/** A copy of the built runtime package at `dir`, as another version (and contract) would be. */
function installRuntime(
  dir: string,
  options: { version?: string; contract?: number; extraExport?: string } = {},
): void {
  cpSync(join(RUNTIME, "package.json"), join(dir, "package.json"));
  cpSync(join(RUNTIME, "dist"), join(dir, "dist"), { recursive: true });
  const { version, contract, extraExport } = options;
  if (version !== undefined) {
    patch(join(dir, "package.json"), '"version": "0.1.0"', `"version": "${version}"`);
    patch(join(dir, "dist", "cjs", "entry", "copy.js"), 'version: "0.1.0"', `version: "${version}"`);
    patch(join(dir, "dist", "esm", "runtime.mjs"), 'version: "0.1.0"', `version: "${version}"`);
  }
  if (contract !== undefined) {
    // The copy's contract is the instrument contract (`RUNTIME_CONTRACT = <INSTRUMENT_CONTRACT>`).
    patch(
      join(dir, "dist", "cjs", "process-global.js"),
      /RUNTIME_CONTRACT = (?:contract_1\.)?INSTRUMENT_CONTRACT;/,
      `RUNTIME_CONTRACT = ${contract};`,
    );
    patch(
      join(dir, "dist", "esm", "runtime.mjs"),
      /RUNTIME_CONTRACT = (?:contract_1\.)?INSTRUMENT_CONTRACT;/,
      `RUNTIME_CONTRACT = ${contract};`,
    );
  }
  if (extraExport !== undefined) {
    // A newer minor version: one more export in its main entry point.
    patch(join(dir, "dist", "cjs", "entry", "copy.js"), '"TreeRoot"]', `"TreeRoot","${extraExport}"]`);
    patch(join(dir, "dist", "esm", "runtime.mjs"), '"TreeRoot"]', `"TreeRoot", "${extraExport}"]`);
  }
}

/** A dependency with traced code of its own (CommonJS, compiled by the transformer). */
const DEP = `import { globalRegistry, Registry, traced } from "@await-tree/runtime";

export class Dep {
  @traced()
  async work(): Promise<void> {
    await new Promise<void>(() => {});
  }
}
export { globalRegistry, Registry };
`;

/** The application: registers a task and runs the dependency's traced method in it. */
function app(format: "esm" | "cjs"): string {
  const load =
    format === "esm"
      ? `import * as rt from "@await-tree/runtime";\nimport * as instrument from "@await-tree/runtime/instrument";\nimport dep from "dep";\n`
      : `const rt = require("@await-tree/runtime");\nconst instrument = require("@await-tree/runtime/instrument");\nconst dep = require("dep");\n`;
  return `${load}
rt.initGlobalRegistry();
rt.register("task", "app task").run(() => new dep.Dep().work());
setImmediate(() => {
  console.log("one global registry:", dep.globalRegistry() === rt.globalRegistry());
  console.log("one Registry class:", dep.Registry === rt.Registry, rt.globalRegistry() instanceof dep.Registry);
  console.log("one instrument module:", dep.instrument.enter === instrument.enter);
  process.stdout.write(rt.globalRegistry().toString());
});
`;
}

const SHARED = [
  "one global registry: true",
  "one Registry class: true true",
  "one instrument module: true",
  "[task]",
  "app task [t]",
  "  Dep.work() [t]",
  "    new Promise(() => {}) [t]",
  "",
  "",
].join("\n");

const SEPARATE = [
  "one global registry: false",
  "one Registry class: false false",
  "one instrument module: false",
  "[task]",
  "app task [t]",
  "",
  "",
].join("\n");

let depSource: string | undefined;
/** DEP compiled once per run. */
function depModule(): string {
  depSource ??= `${compileTraced(DEP, join(repoRoot, "src", "dep.ts"), "cjs")}
exports.instrument = require("@await-tree/runtime/instrument");
`;
  return depSource;
}

/** node_modules with the app's runtime (0.1.0 unless told) and `dep`, which has a copy of its own. */
function project(
  name: string,
  dep: Parameters<typeof installRuntime>[1],
  own: Parameters<typeof installRuntime>[1] = {},
): string {
  const dir = workDir(name);
  installRuntime(join(dir, "node_modules", "@await-tree", "runtime"), own);
  installRuntime(join(dir, "node_modules", "dep", "node_modules", "@await-tree", "runtime"), dep);
  writeFiles(dir, {
    "node_modules/dep/package.json": '{ "name": "dep", "version": "1.0.0", "main": "index.js" }\n',
    // The module emitted code imports (its own copy's, or the one that copy shares).
    "node_modules/dep/index.js": depModule(),
    "app.cjs": app("cjs"),
    "app.mjs": app("esm"),
  });
  return dir;
}

function run(file: string): { stdout: string; stderr: string; warnings: string[] } {
  const r = runNode([file]);
  const warnings = r.stderr.split("\n").filter((l) => l.includes("AwaitTreeWarning"));
  return { stdout: maskTimes(r.stdout), stderr: r.stderr, warnings };
}

describe("bundling: two copies of the runtime in one process", () => {
  it("two versions in node_modules with one contract share one state (CommonJS and ES module apps)", () => {
    const dir = project("copies-compatible", { version: "0.2.0" });
    for (const file of ["app.cjs", "app.mjs"]) {
      const r = run(join(dir, file));
      expect(r.stderr, file).to.equal("");
      expect(r.stdout, file).to.equal(SHARED);
    }
  });

  it("an older copy loaded after a newer one shares the newer one's state", () => {
    const dir = project("copies-older-later", { version: "0.1.0" }, { version: "0.2.0", extraExport: "newInTwo" });
    const r = run(join(dir, "app.cjs"));
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal(SHARED);
  });

  it("a newer copy with exports the first lacks keeps its own state and says so once", () => {
    const dir = project("copies-newer-later", { version: "0.2.0", extraExport: "newInTwo" });
    const r = run(join(dir, "app.cjs"));
    expect(r.stdout).to.equal(SEPARATE);
    expect(r.warnings).to.have.length(1);
    expect(r.warnings[0]).to.include(`the first copy's "." lacks newInTwo`);
  });

  it("a stateless subpath the first copy lacks is not compared: the copies share, each loads its own", () => {
    // The first copy predates `./internal/stack`: no entry file, not in its exports.
    const dir = project("copies-stateless-later", { version: "0.2.0" });
    const first = join(dir, "node_modules", "@await-tree", "runtime");
    rmSync(join(first, "dist", "cjs", "entry", "internal-stack.js"));
    const compared = /^ {2}exports: (.*),$/m.exec(readFileSync(join(first, "dist", "cjs", "entry", "copy.js"), "utf8"));
    expect(compared?.[1]).to.include('"./instrument"');
    expect(compared?.[1]).to.not.include('"./internal/stack"');
    expect(compared?.[1]).to.not.include('"./contract"');
    writeFiles(dir, {
      "stack.cjs": `${app("cjs")}
const stack = require("./node_modules/dep/node_modules/@await-tree/runtime/dist/cjs/entry/internal-stack.js");
console.log("stack helper:", typeof stack.formatFrames);
`,
    });
    const r = run(join(dir, "stack.cjs"));
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal(`stack helper: function\n${SHARED}`);
  });

  it("copies of different contracts keep separate states, and the second says so once, naming both", () => {
    const dir = project("copies-incompatible", { version: "0.2.0", contract: 2 });
    for (const file of ["app.cjs", "app.mjs"]) {
      const r = run(join(dir, file));
      expect(r.stdout, file).to.equal(SEPARATE);
      // The dependency loaded two entry points of its copy: still one warning.
      expect(r.warnings, file).to.have.length(1);
      const w = r.warnings[0] as string;
      expect(w).to.include("contract 1 against contract 2");
      expect(w).to.include(
        `@await-tree/runtime 0.1.0 (contract 1, commonjs) at ${join(dir, "node_modules", "@await-tree", "runtime")}`,
      );
      expect(w).to.include(
        `@await-tree/runtime 0.2.0 (contract 2, commonjs) at ${join(dir, "node_modules", "dep", "node_modules", "@await-tree", "runtime")}`,
      );
    }
  });

  it("a bundle that includes the runtime shares it with a dependency that loads its own copy", async () => {
    const dir = project("copies-bundle", {});
    for (const format of ["esm", "cjs"] as const) {
      const out = join(dir, `bundle.${format === "esm" ? "mjs" : "cjs"}`);
      await bundle("esbuild", format, join(dir, `app.${format === "esm" ? "mjs" : "cjs"}`), out, ["dep"]);
      expect(readFileSync(out, "utf8")).to.include("resolveRuntime");
      const r = run(out);
      expect(r.stderr, format).to.equal("");
      expect(r.stdout, format).to.equal(SHARED);
    }
  });

  it("something else under the key: the runtime says so, keeps its own state and works", () => {
    const dir = workDir("copies-hostile");
    const program = (setup: string) => `${setup}
const rt = require("@await-tree/runtime");
rt.initGlobalRegistry();
rt.register("task", "t").run(() => rt.instrumentAwait(new Promise(() => {}), "pending"));
setImmediate(() => process.stdout.write(rt.globalRegistry().toString()));
`;
    writeFiles(dir, {
      "number.cjs": program('globalThis[Symbol.for("await-tree.runtime")] = 42;'),
      "throwing.cjs": program(
        'Object.defineProperty(globalThis, Symbol.for("await-tree.runtime"), { get() { throw new Error("no"); } });',
      ),
      "sealed.cjs": program("Object.preventExtensions(globalThis);"),
    });
    const expected = "[task]\nt [t]\n  pending [t]\n\n";
    const cases = {
      "number.cjs": "is not an await-tree runtime (a number)",
      "throwing.cjs": "is not an await-tree runtime (reading it threw Error: no)",
      "sealed.cjs": "could not publish itself",
    };
    for (const [file, message] of Object.entries(cases)) {
      const r = run(join(dir, file));
      expect(r.stdout, file).to.equal(expected);
      expect(r.warnings, file).to.have.length(1);
      expect(r.warnings[0], file).to.include(message);
    }
  });

  it("publishes the agreed process-wide object, with the dump of the copy in use", () => {
    const dir = workDir("copies-object");
    writeFiles(dir, {
      "main.cjs": `const rt = require("@await-tree/runtime");
const o = globalThis[Symbol.for("await-tree.runtime")];
const d = Object.getOwnPropertyDescriptor(globalThis, Symbol.for("await-tree.runtime"));
console.log(o.version, o.contract, o.dump === rt.dump, Object.isFrozen(o), d.writable, d.configurable, d.enumerable);
rt.initGlobalRegistry();
rt.register("k", "root").run(() => rt.instrumentAwait(new Promise(() => {}), "w"));
console.log(JSON.parse(o.dump({ json: true })).tasks.map((t) => t.key).join());
`,
    });
    const r = run(join(dir, "main.cjs"));
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("0.1.0 1 true true false false false\nk\n");
  });

  it("each worker thread has a runtime of its own (its own globalThis)", () => {
    const dir = workDir("copies-worker");
    writeFiles(dir, {
      "main.cjs": `const { Worker } = require("node:worker_threads");
const rt = require("@await-tree/runtime");
rt.initGlobalRegistry();
rt.register("main task", "main").run(() => rt.instrumentAwait(new Promise(() => {}), "main wait"));
const w = new Worker(\`
  const rt = require("@await-tree/runtime");
  rt.initGlobalRegistry();
  rt.register("worker task", "worker").run(() => rt.instrumentAwait(new Promise(() => {}), "worker wait"));
  require("node:worker_threads").parentPort.postMessage(globalThis[Symbol.for("await-tree.runtime")].dump());
\`, { eval: true });
w.once("message", (text) => {
  process.stdout.write(text + globalThis[Symbol.for("await-tree.runtime")].dump());
  w.terminate();
});
`,
    });
    const r = run(join(dir, "main.cjs"));
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal(
      "[worker task]\nworker [t]\n  worker wait [t]\n\n[main task]\nmain [t]\n  main wait [t]\n\n",
    );
  });
});
