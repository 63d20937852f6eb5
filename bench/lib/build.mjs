// Compiles the benchmark sources (bench/src/*.ts) twice with ts-patch's tspc: with the
// transformer (`traceAll: true`: every async function is traced, every await is a wait) into
// bench/.cache/build/traced, and with the same tsconfig minus the plugin into
// bench/.cache/build/plain. The traced side is always the transformer's own output (`npm run bench`
// builds it first): no hand-written copy of the emitted shape to keep in step with the contract.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const cacheDir = join(root, "bench", ".cache");
const buildDir = join(cacheDir, "build");
const tspc = join(root, "node_modules", "ts-patch", "bin", "tspc.js");

/** Whether packages/transformer is more than its placeholder and is built. */
export function transformerAvailable() {
  const src = join(root, "packages", "transformer", "src");
  const dist = join(root, "packages", "transformer", "dist", "index.js");
  if (!existsSync(dist) || !existsSync(src)) return false;
  const files = readdirSync(src).filter((f) => f.endsWith(".ts"));
  const index = readFileSync(join(src, "index.ts"), "utf8");
  return files.length > 1 || index.includes("createTransformer");
}

function tsconfig(withPlugin) {
  const compilerOptions = {
    target: "ES2022",
    module: "commonjs",
    moduleResolution: "node10",
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
    rootDir: "../../src",
    outDir: withPlugin ? "traced" : "plain",
  };
  if (withPlugin) {
    compilerOptions.plugins = [{ transform: "@await-tree/transformer", traceAll: true, projectRoot: "../.." }];
  }
  return { compilerOptions, include: ["../../src/**/*.ts"] };
}

/**
 * Build both sides (once per `npm run bench`; a child reuses what the runner built).
 * Returns { plain, traced, transformer: "tspc" }.
 */
export function buildSources({ quiet = false } = {}) {
  const plain = join(buildDir, "plain");
  const traced = join(buildDir, "traced");
  if (!transformerAvailable()) {
    throw new Error(
      "bench: @await-tree/transformer is not built (packages/transformer/dist): run `npm run build` first",
    );
  }
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  // CommonJS output whatever the nearest package.json says.
  writeFileSync(join(buildDir, "package.json"), '{ "type": "commonjs", "private": true }\n');
  for (const side of ["plain", "traced"]) {
    const file = join(buildDir, `tsconfig.${side}.json`);
    writeFileSync(file, JSON.stringify(tsconfig(side === "traced"), null, 2));
    execFileSync(process.execPath, [tspc, "-p", file], { cwd: root, stdio: quiet ? "pipe" : "inherit" });
  }
  const info = { plain, traced, transformer: "tspc" };
  writeFileSync(join(buildDir, "info.json"), JSON.stringify(info));
  return info;
}

/**
 * What the runner built (a child calls this instead of building again). Built again when the
 * sources or the transformer changed since: a script run on its own (`node bench/instructions.mjs`)
 * after an edit of the transformer must count the code it emits now, not the code it emitted then.
 */
export function builtSources() {
  const file = join(buildDir, "info.json");
  if (!existsSync(file) || newestInputTime() > statSync(file).mtimeMs) return buildSources({ quiet: true });
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The latest change to what the build reads: bench/src and the transformer's compiled files. */
function newestInputTime() {
  let newest = 0;
  for (const dir of [join(root, "bench", "src"), join(root, "packages", "transformer", "dist")]) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** `require` of a compiled benchmark module: side "plain" or "traced". */
export function load(side, name) {
  const info = builtSources();
  const dir = side === "traced" ? info.traced : info.plain;
  return createRequire(join(dir, "index.js"))(`./${name}.js`);
}

/** The runtime, as the compiled modules load it (one shared state). */
export function runtime() {
  return createRequire(join(root, "bench", "index.js"))("@await-tree/runtime");
}

/**
 * The await loop of P1 and P3, both builds, with the global registry initialised (each call is an
 * automatic root) and the resolved promise they await.
 */
export function awaitLoops() {
  runtime().initGlobalRegistry();
  return { plain: load("plain", "await-loop"), traced: load("traced", "await-loop"), p: Promise.resolve(1) };
}
