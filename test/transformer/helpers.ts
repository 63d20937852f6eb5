// Test helpers: temporary projects whose node_modules link to this repository's packages and
// compilers, and child processes that really run tspc, tsc, ts-node and node.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tspcArgs } from "../support/live-tspc.js";
import { tempFolder } from "../support/scratch.js";

/** build/test/transformer -> the repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const fixtures = join(repoRoot, "test", "transformer", "fixtures");
const modules = join(repoRoot, "node_modules");

/** The TypeScript versions the plugin claims: the oldest 5.x, the default, and the newest JS-based release. */
export const TYPESCRIPT = {
  "5.0": join(modules, "typescript-5.0"),
  "5.9": join(modules, "typescript"),
  "6.0": join(modules, "typescript-6.0"),
} as const;
export type TsVersion = keyof typeof TYPESCRIPT;

export const TSPC = join(modules, "ts-patch", "bin", "tspc.js");
export const TS_PATCH = join(modules, "ts-patch", "bin", "ts-patch.js");

let scratch: string | undefined;

/** One scratch directory per test process, removed when the process exits. */
export function scratchDir(): string {
  scratch ??= tempFolder(tmpdir(), "await-tree-transformer-");
  return scratch;
}

/** ts-patch caches patched compilers; shared across runs, outside the repository. */
export const TSP_CACHE_DIR = join(tmpdir(), "await-tree-transformer-tsp-cache");

function link(target: string, at: string): void {
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, "junction");
}

export interface ProjectSpec {
  /** Copied into the project (a directory under test/transformer/fixtures, or absolute). */
  from: string;
  ts?: TsVersion;
  /** A TypeScript package directory to use instead of `ts` (a patched copy). */
  tsPath?: string;
  /** package.json "type" of the project. */
  type?: "module" | "commonjs";
  compilerOptions: Record<string, unknown>;
  /** The plugin entry's options; `false` for no plugin entry at all. */
  plugin?: Record<string, unknown> | false;
  include?: string[];
  files?: string[];
  /** Extra tsconfig keys (e.g. "ts-node"). */
  extra?: Record<string, unknown>;
}

/** A fresh copy of a fixture with its own tsconfig.json and node_modules links. */
export function makeProject(name: string, spec: ProjectSpec): string {
  const dir = join(scratchDir(), name);
  rmSync(dir, { recursive: true, force: true });
  const from = resolve(fixtures, spec.from);
  cpSync(from, dir, { recursive: true });
  const nm = join(dir, "node_modules");
  link(spec.tsPath ?? TYPESCRIPT[spec.ts ?? "5.9"], join(nm, "typescript"));
  link(join(modules, "ts-patch"), join(nm, "ts-patch"));
  link(join(modules, "ts-node"), join(nm, "ts-node"));
  link(join(modules, "@types", "node"), join(nm, "@types", "node"));
  link(join(repoRoot, "packages", "runtime"), join(nm, "@await-tree", "runtime"));
  link(join(repoRoot, "packages", "transformer"), join(nm, "@await-tree", "transformer"));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ private: true, type: spec.type ?? "commonjs" })}\n`);
  const plugins = spec.plugin === false ? [] : [{ transform: "@await-tree/transformer", ...(spec.plugin ?? {}) }];
  const tsconfig: Record<string, unknown> = {
    compilerOptions: { ...spec.compilerOptions, plugins },
    ...(spec.files !== undefined ? { files: spec.files } : { include: spec.include ?? ["src"] }),
    ...(spec.extra ?? {}),
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  return dir;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command to completion; never rejects (the exit code is part of the result). */
export function run(
  file: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((res) => {
    execFile(
      file,
      args,
      {
        cwd: opts.cwd,
        env: { ...process.env, TSP_CACHE_DIR, ...opts.env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: opts.timeoutMs ?? 170_000,
        encoding: "utf8",
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
        res({ code, stdout, stderr });
      },
    );
  });
}

/** Compile with ts-patch's live compiler, using the project's own TypeScript. */
export function tspc(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const tspEnv = { TSP_COMPILER_TS_PATH: join(dir, "node_modules", "typescript"), ...env };
  // `node tspc.js` with ts-patch's start-up done once per test process (see support/live-tspc.ts).
  return run(process.execPath, [...tspcArgs({ ...process.env, ...tspEnv }), "-p", dir, ...args], {
    cwd: dir,
    env: tspEnv,
  });
}

/** Compile with the project's unpatched `tsc` (plugins are silently ignored). */
export function tsc(dir: string, args: string[] = []): Promise<Run> {
  return run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", dir, ...args], {
    cwd: dir,
  });
}

export function node(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<Run> {
  return run(process.execPath, args, opts);
}

/** Elapsed times and detached ids vary from run to run: masked before comparing. */
export function mask(s: string): string {
  return s.replace(/\[(?:!!! )?\d+\.\d{3}(?:ns|µs|ms|s)\]/g, "[T]").replace(/\[Detached \d+\]/g, "[Detached #]");
}

/** `=== name` sections of a scenario run. */
export function sections(out: string): Map<string, string> {
  const m = new Map<string, string>();
  const parts = out.split(/^=== (\S+)\n/m);
  for (let i = 1; i < parts.length; i += 2) m.set(parts[i] as string, parts[i + 1] ?? "");
  return m;
}

/** Run `jobs` with at most `n` at a time (two cores here: compiles are CPU-bound). */
export async function limited(n: number, jobs: Array<() => Promise<unknown>>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++] as () => Promise<unknown>;
      await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
}

export function readText(path: string): string {
  return readFileSync(path, "utf8");
}

export function exists(path: string): boolean {
  return existsSync(path);
}

/** Include the process output in assertion messages. */
export function explain(r: Run): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
