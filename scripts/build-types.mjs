// Builds the published type declarations of every package under packages/ from its exports map.
//
// `tsc` emits one .d.ts per source file next to the CommonJS output; those are not published (they
// name internal modules, and some internal declarations only type-check on recent compilers or with
// @types/node). Instead, for each subpath of `exports`, the declarations reachable from its entry
// module are bundled (rollup-plugin-dts) into the files its `types` conditions name: `.d.ts` for
// `require` and `.d.mts` for `import` (ES module types for ES module code). Declarations shared by
// several subpaths go to shared chunks, so `Registry` is one type whichever subpath it comes from.
// Members marked `@internal` are already gone (`stripInternal` in the packages' tsconfig).
//
// The entry module of a subpath is the one whose JavaScript the CommonJS condition (`require`, else
// `default`) points at: this script does not depend on how a package lays out its sources.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { rollup } from "rollup";
import { dts } from "rollup-plugin-dts";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Where the bundled declarations of a package go (relative to the package, as in its exports). */
const TYPES_DIR = "./dist/types";

/** `{ subpath, cjsEntry, typesTargets }` for each subpath of a package's exports that has types. */
export function typedEntries(pkg) {
  const out = [];
  const exportsMap = typeof pkg.exports === "object" && pkg.exports !== null ? pkg.exports : {};
  for (const [subpath, target] of Object.entries(exportsMap)) {
    if (typeof target !== "object" || target === null) continue; // "./package.json": a file
    const types = [];
    let cjs;
    const walk = (node, conditions) => {
      if (typeof node === "string") {
        if (conditions.at(-1) === "types") types.push({ file: node, conditions });
        else if (cjs === undefined && !conditions.includes("import") && /\.c?js$/.test(node)) cjs = node;
        return;
      }
      for (const [k, v] of Object.entries(node)) walk(v, [...conditions, k]);
    };
    walk(target, []);
    if (types.length === 0) continue;
    if (cjs === undefined) throw new Error(`${pkg.name} exports["${subpath}"]: no CommonJS (require/default) target`);
    out.push({ subpath, cjsEntry: cjs, typesTargets: types.map((t) => t.file) });
  }
  return out;
}

async function buildPackage(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const entries = typedEntries(pkg);
  if (entries.length === 0) return;
  // The bundles go to one folder that holds nothing else, `dist/types`, emptied first. A package
  // whose exports name tsc's own declarations elsewhere is left alone (test/packaging then says
  // what it ships); one that mixes both is an error rather than a guess.
  const targets = entries.flatMap((e) => e.typesTargets);
  const bundled = targets.filter((t) => posix.dirname(t) === TYPES_DIR);
  if (bundled.length === 0) return;
  if (bundled.length !== targets.length) {
    const other = targets.filter((t) => posix.dirname(t) !== TYPES_DIR);
    throw new Error(
      `${pkg.name}: every "types" of its exports must be a file of ${TYPES_DIR} (found ${other.join(", ")})`,
    );
  }
  // One rollup build per declaration extension, every entry of the package at once (shared chunks).
  const byExt = new Map();
  for (const e of entries) {
    const source = join(dir, e.cjsEntry.replace(/\.c?js$/, ".d.ts"));
    if (!existsSync(source)) {
      throw new Error(
        `${pkg.name} exports["${e.subpath}"]: no declarations at ${e.cjsEntry.replace(/\.c?js$/, ".d.ts")}`,
      );
    }
    for (const target of e.typesTargets) {
      const ext = /\.d\.mts$/.test(target) ? ".d.mts" : /\.d\.cts$/.test(target) ? ".d.cts" : ".d.ts";
      const group = byExt.get(ext) ?? { outDir: TYPES_DIR, inputs: {} };
      group.inputs[basename(target, ext)] = source;
      byExt.set(ext, group);
    }
  }
  const outDirs = new Set([...byExt.values()].map((g) => g.outDir));
  for (const d of outDirs) rmSync(join(dir, d), { recursive: true, force: true });
  for (const [ext, group] of byExt) {
    const warnings = [];
    const bundle = await rollup({
      input: group.inputs,
      plugins: [dts()],
      onwarn: (w) => warnings.push(w),
    });
    await bundle.write({
      dir: join(dir, group.outDir),
      format: "es",
      entryFileNames: `[name]${ext}`,
      chunkFileNames: (chunk) => `shared/${chunk.name.replace(/\.d$/, "")}${ext}`,
    });
    await bundle.close();
    // An entry whose module is `export = value` (a plugin function that `import x from` and
    // `require()` must both get) comes out of rollup as `export { value as default }`, which
    // TypeScript reads as a module whose default import is the namespace, not the function:
    // the declaration says `export =` again, as tsc wrote it.
    if (ext === ".d.ts") {
      for (const [name, source] of Object.entries(group.inputs)) {
        const assigned = /^export = (\w+);$/m.exec(readFileSync(source, "utf8"))?.[1];
        if (assigned === undefined) continue;
        const out = join(dir, group.outDir, `${name}${ext}`);
        const text = readFileSync(out, "utf8");
        const named = /^export \{ (\w+) as default \};$/m;
        if (!named.test(text)) throw new Error(`${pkg.name}: ${out}: expected one default export for \`export =\``);
        writeFileSync(out, text.replace(named, "export = $1;"));
      }
    }
    for (const w of warnings) {
      // Imports that tree-shaking dropped are warned about too: only the output decides (below).
      // Types an entry re-exports under another name (instrument's `Transformed`) are reported as
      // unnamed shared types: harmless for the declarations of emitted code, which nobody emits.
      if (w.code === "UNRESOLVED_IMPORT" || w.code === "EMPTY_BUNDLE" || /private shared type exports/.test(w.message))
        continue;
      process.stderr.write(`${pkg.name} types: ${w.message}\n`);
    }
  }
  // A bare import left in published types (a Node built-in, a package the user may not have)
  // would make the user's compile depend on it: only the package's dependencies and peers may be.
  for (const d of outDirs) {
    for (const file of listFiles(join(dir, d))) {
      // tsc writes `/// <reference types="node" />` into a file that mentions Node's types, and
      // rollup-plugin-dts keeps it even when those declarations were left out of the bundle. Drop
      // it: the types must compile without @types/node, which test/packaging checks for real.
      const text = readFileSync(file, "utf8").replace(/^\/\/\/ <reference types="node" \/>\n/gm, "");
      writeFileSync(file, text);
      const info = ts.preProcessFile(text, true, true);
      for (const spec of [...info.importedFiles, ...info.typeReferenceDirectives].map((f) => f.fileName)) {
        if (spec.startsWith(".")) continue;
        const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
        if (!isPeer(pkg, name)) {
          throw new Error(
            `${pkg.name}: published types import "${spec}" (${file.slice(dir.length + 1)}), which is not a dependency`,
          );
        }
      }
    }
  }
}

function listFiles(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(d, e.name)) : [join(d, e.name)],
  );
}

/** Packages the declarations may import: the package's (optional) peers and dependencies. */
function isPeer(pkg, name) {
  return name !== undefined && (name in (pkg.peerDependencies ?? {}) || name in (pkg.dependencies ?? {}));
}

const packagesDir = join(root, "packages");
for (const name of readdirSync(packagesDir)) {
  const dir = join(packagesDir, name);
  if (existsSync(join(dir, "package.json"))) await buildPackage(dir);
}
