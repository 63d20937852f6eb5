/**
 * ts-patch's `tspc` for tests that start it many times (the differential corpus, the transformer's
 * projects), with its start-up done once per test process instead of once per compile.
 *
 * Every `tspc` start loads ts-patch's installer (and with it all of TypeScript's `typescript.js`) to
 * find its patched copy of `tsc.js`, then compiles that 9 MB script from scratch: about a second of
 * CPU before the compile begins. Here the test process asks ts-patch for the same patched source
 * (`getLiveModule`, which checks ts-patch's own cache as `tspc` does), writes it to this run's
 * temporary folder, and each child runs it exactly as `ts-patch/compiler/tsc.js` does (same wrapper
 * function, same `require` base, same `__filename`), with V8's code cache of the first child's
 * compile. Nothing is kept across runs: the folder is removed when the test process exits.
 *
 * `tspcArgs(env)` gives the `node` arguments that stand for `node tspc.js`; the child's environment
 * must carry the same TSP_COMPILER_TS_PATH (the TypeScript that ts-patch patches) as `env`.
 */
import { createHash } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tempFolder } from "./scratch.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** The file whose `require` the patched compiler gets in a real `tspc` run. */
const TS_PATCH_COMPILER = join(repoRoot, "node_modules", "ts-patch", "compiler", "tsc.js");
const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), "live-tspc-child.js");

interface TsPatch {
  getLiveModule(name: "tsc.js"): { js: string; tsModule: { modulePath: string } };
}

let folder: string | undefined;

function runFolder(): string {
  folder ??= tempFolder(tmpdir(), "await-tree-live-tspc-");
  return folder;
}

/** The patched compilers this process has read, by TypeScript path ("" for the default one). */
const patched = new Map<string, { js: string; modulePath: string }>();

/**
 * ts-patch guards its reads of TypeScript's files with a lock file, and gives up after 2 s of
 * waiting ("Could not acquire lock to write file"): test processes that run side by side on a busy
 * machine (the corpus and the rest of the suite) can hold it longer. So each TypeScript is read
 * once per process, and a read that found the lock taken is tried again, for up to a minute.
 */
function patchedCompiler(tsPath: string | undefined): { js: string; modulePath: string } {
  const key = tsPath ?? "";
  let p = patched.get(key);
  if (p === undefined) {
    p = readPatchedCompiler(tsPath, 30);
    patched.set(key, p);
  }
  return p;
}

function readPatchedCompiler(tsPath: string | undefined, attempts: number): { js: string; modulePath: string } {
  for (let i = 1; ; i++) {
    try {
      return readPatchedCompilerOnce(tsPath);
    } catch (e) {
      if (i >= attempts || !(e instanceof Error) || !e.message.includes("Could not acquire lock")) throw e;
    }
  }
}

/** ts-patch's patched `tsc.js` for the TypeScript at `tsPath` (the default one when undefined). */
function readPatchedCompilerOnce(tsPath: string | undefined): { js: string; modulePath: string } {
  const saved = process.env.TSP_COMPILER_TS_PATH;
  if (tsPath === undefined) delete process.env.TSP_COMPILER_TS_PATH;
  else process.env.TSP_COMPILER_TS_PATH = tsPath;
  try {
    const tsPatch = createRequire(TS_PATCH_COMPILER)("../") as TsPatch;
    const { js, tsModule } = tsPatch.getLiveModule("tsc.js");
    return { js, modulePath: tsModule.modulePath };
  } finally {
    if (saved === undefined) delete process.env.TSP_COMPILER_TS_PATH;
    else process.env.TSP_COMPILER_TS_PATH = saved;
  }
}

/** `node` arguments that run ts-patch's live compiler as `node tspc.js` would, for the child's `env`. */
export function tspcArgs(env: Record<string, string | undefined> = {}): string[] {
  const { js, modulePath } = patchedCompiler(env.TSP_COMPILER_TS_PATH);
  // By content: projects that link the same TypeScript share one copy and one code cache; the
  // path the compiler believes it runs from (where it finds its lib files) is an argument.
  const key = createHash("sha256").update(js).digest("hex").slice(0, 32);
  const source = join(runFolder(), `${key}.js`);
  if (!existsSync(source)) {
    const partial = `${source}.${process.pid}.tmp`;
    writeFileSync(partial, js);
    renameSync(partial, source);
  }
  return [LAUNCHER, source, join(runFolder(), `${key}.v8`), modulePath, TS_PATCH_COMPILER];
}
