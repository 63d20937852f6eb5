// Generates, after `tsc -b`, the glue of @await-tree/runtime's two builds (docs/bundling.md):
//
// - dist/cjs/entry/<name>.js: the CommonJS entry points. Each hands out the exports of the copy of
//   the runtime in use in this realm (src/process-global.ts): this copy's tsc output, loaded on
//   first use, or the exports of a compatible copy loaded earlier. Next to each, a .d.ts that
//   re-exports its module's declarations.
// - dist/esm/runtime.mjs: the ES module build, one esbuild bundle of the sources whose Node
//   built-ins are static imports (no `require` at run time: an ES module bundle that includes it
//   starts), and dist/esm/<name>.mjs + .d.mts, its entry points. Its modules are evaluated lazily
//   (esbuild wraps the modules the glue `require`s): only when this copy is the one in use, and an
//   entry point with side effects (one that installs something when imported) only when imported.
//
// - dist/node/<name>.mjs: Node's `import` of the package: the CommonJS glue re-exported (the ES
//   module build is for bundlers, which take the "module" condition; see below why).
//
// Every subpath of the package's `exports` map needs a line in MODULES (checked) and the layout
// module -> ./dist/esm/<name>.mjs, import -> ./dist/node/<name>.mjs, require ->
// ./dist/cjs/entry/<name>.js.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

/** The module (under src/, no extension) that implements each subpath. */
const MODULES = {
  ".": "index",
  "./instrument": "instrument/index",
  "./contract": "instrument/contract",
  // Internal (docs/packaging.md): the source-mapped stack of @await-tree/cli and the watchdog.
  "./internal/stack": "integrations/stack",
  "./mocha": "integrations/mocha/index",
  "./signal": "integrations/signal-entry",
  "./exit-report": "integrations/exit-report-entry",
  "./watchdog": "integrations/watchdog-entry",
  "./vitest": "integrations/vitest/index",
  "./jest": "integrations/jest/enable",
  "./node-test": "integrations/node-test/enable",
};

/**
 * Entry points that install something when loaded (in a test runner): their exports are read from
 * the module they re-export, which has no side effect.
 */
const EXPORTS_OF = {
  "./jest": "integrations/jest/index",
  "./node-test": "integrations/node-test/index",
};

/**
 * Code appended to an ES module entry point, where `api` holds its exports. The vitest entry is
 * also a vitest setup file: in a worker it imports vitest (ES modules only, so not from the
 * CommonJS build) and hands it to the adapter.
 */
const TAILS = {
  "./vitest":
    "if (api.inVitestWorker()) {\n" +
    '  const vitest = await import("vitest");\n' +
    "  // Not a literal: Vite resolves literal imports as it transforms this file, and vitest 5 has no\n" +
    "  // `vitest/suite` (only vitest before 4.1 takes this branch).\n" +
    '  const suite = "vitest/suite";\n' +
    "  const runner = vitest.TestRunner?.getSuiteHooks\n" +
    "    ? vitest.TestRunner\n" +
    "    : await import(/* @vite-ignore */ suite).then((s) => ({ getSuiteHooks: s.getHooks, getCurrentTest: s.getCurrentTest }));\n" +
    "  api.installVitest(vitest, { getSuiteHooks: runner.getSuiteHooks, getCurrentTest: runner.getCurrentTest });\n" +
    "}\n",
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "runtime");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** [{ subpath, name, module }] for every subpath of the exports map. */
function entryPoints() {
  const out = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (subpath === "./package.json") continue;
    const name = /^\.\/dist\/esm\/([\w-]+)\.mjs$/.exec(target?.module?.default ?? "")?.[1];
    const module = MODULES[subpath];
    const keys = typeof target === "object" && target !== null ? Object.keys(target).join() : "";
    const ok =
      name !== undefined &&
      keys === "module,import,require" &&
      target.import.default === `./dist/node/${name}.mjs` &&
      target.require.default === `./dist/cjs/entry/${name}.js` &&
      module !== undefined;
    if (!ok) {
      throw new Error(
        `packages/runtime/package.json exports["${subpath}"]: a subpath needs, in this order, ` +
          `{ "module": { "types": ..., "default": "./dist/esm/<name>.mjs" }, "import": { "types": ..., ` +
          `"default": "./dist/node/<name>.mjs" }, "require": { "types": ..., "default": ` +
          `"./dist/cjs/entry/<name>.js" } } and its module in MODULES of scripts/post-build.mjs ` +
          `(which generates the three entry files)`,
      );
    }
    out.push({ subpath, name, module });
  }
  return out;
}

const entries = entryPoints();
// Export names of each entry point, from the CommonJS build (both builds compile the same
// sources), read in a child process: some entry points start something when loaded (a watchdog).
const exportNames = JSON.parse(
  execFileSync(
    process.execPath,
    [
      "-e",
      `const out = {};
for (const [subpath, file] of ${JSON.stringify(entries.map((e) => [e.subpath, join(root, "dist", "cjs", `${EXPORTS_OF[e.subpath] ?? e.module}.js`)]))})
  out[subpath] = Object.keys(require(file)).filter((k) => k !== "__esModule" && k !== "default");
process.stdout.write(JSON.stringify(out));
process.exit(0);`,
    ],
    {
      encoding: "utf8",
      env: { ...process.env, AWAIT_TREE_SIGNAL: "", AWAIT_TREE_EXIT_REPORT: "", AWAIT_TREE_WATCHDOG: "" },
    },
  ),
);
/**
 * Subpaths that hold no state (constants and pure functions): their CommonJS entry loads the module
 * itself, without choosing or publishing the process's runtime. The transformer reads the contract
 * at compile time, in a loader's thread too (Node's module hooks), where no runtime must appear;
 * @await-tree/cli maps the stacks it receives, in its own process, which is not traced.
 */
const STATELESS = new Set(["./contract", "./internal/stack"]);
// What copies of the runtime compare to share one state (process-global.ts): the stateful entry
// points only. A stateless one is loaded as it is from any copy, so an older copy that lacks a newer
// stateless subpath can still serve a newer one.
const sharedExportNames = Object.fromEntries(
  Object.entries(exportNames).filter(([subpath]) => !STATELESS.has(subpath)),
);
const header = "// Generated by scripts/post-build.mjs (see docs/bundling.md).\n";
const loadCases = (indent, wrap) =>
  entries.map((e) => `${indent}case ${JSON.stringify(e.subpath)}: return ${wrap(e.module)};`).join("\n");

// CommonJS glue. No Node built-in is required here: a bundler may put this code in an ES module.
mkdirSync(join(root, "dist", "cjs", "entry"), { recursive: true });
writeFileSync(
  join(root, "dist", "cjs", "entry", "copy.js"),
  `${header}"use strict";
const { resolveRuntime } = require("../process-global.js");
module.exports = resolveRuntime({
  version: ${JSON.stringify(pkg.version)},
  format: "commonjs",
  location: typeof __dirname === "string" ? __dirname.replace(/[\\\\/]dist[\\\\/]cjs[\\\\/]entry$/, "") : "a bundle",
  exports: ${JSON.stringify(sharedExportNames)},
  load(entry) {
    switch (entry) {
${loadCases("      ", (m) => `require("../${m}.js")`)}
    }
    throw new Error("@await-tree/runtime has no entry point " + String(entry));
  },
  services: () => require("../process-services.js").services,
});
`,
);
for (const e of entries) {
  const file = join(root, "dist", "cjs", "entry", e.name);
  const body = STATELESS.has(e.subpath)
    ? `require("../${e.module}.js")`
    : `require("./copy.js").entry(${JSON.stringify(e.subpath)})`;
  writeFileSync(`${file}.js`, `${header}"use strict";\nmodule.exports = ${body};\n`);
  writeFileSync(`${file}.d.ts`, `${header}export * from "../${e.module}";\n`);
}

// ES module build. The glue's `require`s are resolved by esbuild at build time (lazy module
// wrappers); none is left at run time. Exports are spread into plain objects: esbuild's module
// objects are getters, and a getter makes `$at.suspend` a dictionary lookup in emitted code.
const esmDir = join(root, "dist", "esm");
rmSync(esmDir, { recursive: true, force: true });
mkdirSync(esmDir, { recursive: true });
const glue = `import { fileURLToPath } from "node:url";
import { builtLocation } from "./built-location";
import { resolveRuntime } from "./process-global";
const url = typeof import.meta.url === "string" ? import.meta.url : undefined;
const unbundled = url !== undefined && url.startsWith("file:") && url.endsWith("/dist/esm/runtime.mjs");
if (unbundled) builtLocation.esmDist = fileURLToPath(new URL("..", url));
const loaded = new Map();
function loadOnce(entry) {
  switch (entry) {
${loadCases("    ", (m) => `{ ...require("./${m}") }`)}
  }
  throw new Error("@await-tree/runtime has no entry point " + String(entry));
}
export const runtime = resolveRuntime({
  version: ${JSON.stringify(pkg.version)},
  format: "module",
  location: unbundled ? fileURLToPath(new URL("../..", url)).replace(/[\\\\/]$/, "") : (url ?? "a bundle"),
  exports: ${JSON.stringify(sharedExportNames)},
  load(entry) {
    if (!loaded.has(entry)) loaded.set(entry, loadOnce(entry));
    return loaded.get(entry);
  },
  services: () => require("./process-services").services,
});
`;
buildSync({
  stdin: { contents: glue, resolveDir: join(root, "src"), loader: "ts", sourcefile: "esm-glue.ts" },
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outfile: join(esmDir, "runtime.mjs"),
  // Names of functions and classes stay those of the sources (esbuild renames on collisions).
  keepNames: true,
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
});
const built = readFileSync(join(esmDir, "runtime.mjs"), "utf8");
if (/\b__require\b/.test(built)) throw new Error("dist/esm/runtime.mjs: a require is left for run time");
// Node's own `import`: the CommonJS glue, re-exported. Node never takes the "module" condition,
// bundlers do (esbuild, Rollup, webpack, Vite). Unbundled, the hot path is then the CommonJS
// build's: measured with callgrind, the traced await of bench P1 costs about 1,250 instructions
// through it and about 1,600 through the esbuild bundle (docs/bundling.md, "Cost").
const nodeDir = join(root, "dist", "node");
rmSync(nodeDir, { recursive: true, force: true });
mkdirSync(nodeDir, { recursive: true });
for (const e of entries) {
  const names = exportNames[e.subpath];
  writeFileSync(
    join(nodeDir, `${e.name}.mjs`),
    `${header}import api from "../cjs/entry/${e.name}.js";\n` +
      (names.length > 0 ? `export const { ${names.join(", ")} } = api;\n` : "") +
      (TAILS[e.subpath] ?? ""),
  );
}
for (const e of entries) {
  const names = exportNames[e.subpath];
  const entry = `runtime.entry(${JSON.stringify(e.subpath)})`;
  writeFileSync(
    join(esmDir, `${e.name}.mjs`),
    `${header}import { runtime } from "./runtime.mjs";\nconst api = ${entry};\n` +
      (names.length > 0 ? `export const { ${names.join(", ")} } = api;\n` : "") +
      (TAILS[e.subpath] ?? ""),
  );
  writeFileSync(join(esmDir, `${e.name}.d.mts`), `${header}export * from "../cjs/${e.module}.js";\n`);
}
