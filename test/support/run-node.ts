/** Running real Node processes from tests. */
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempFolder } from "./scratch.js";

/** The repository root (tests run from build/test/...). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface NodeResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): NodeResult {
  const r = spawnSync(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Write `source` to a temp file with the given extension inside the repo's build folder and run it. */
export function runScript(source: string, ext: ".mjs" | ".cjs", env?: NodeJS.ProcessEnv): NodeResult {
  const dir = tempFolder(join(repoRoot, "build"), "tmp-");
  const file = join(dir, `script${ext}`);
  writeFileSync(file, source);
  return runNode([file], { env });
}

/**
 * Our environment minus what would change a child test runner's behaviour or output: our own
 * run's integration settings, colours, CI detection, and what a parent runner hands its children
 * (mocha's worker id, node:test's context, vitest's, jest's and ts-node's settings).
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("AWAIT_TREE_") || k.startsWith("VITEST") || k.startsWith("JEST_") || k.startsWith("TS_NODE_")) {
      continue;
    }
    // Mocha colours its output when CI is set (and when FORCE_COLOR is, whatever its value), as
    // do the other runners: the tests compare plain text.
    if (k === "FORCE_COLOR" || k === "MOCHA_COLORS" || k === "NODE_OPTIONS" || k === "CI" || k === "GITHUB_ACTIONS") {
      continue;
    }
    if (k === "MOCHA_WORKER_ID" || k === "NODE_TEST_CONTEXT") continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node [args]` (by default this machine's node) in `cwd`, to completion (two minutes at most),
 * with `cleanEnv(env)`: a child test runner whose output a test reads. Rejects only when the
 * process cannot be started; its exit code is part of the result.
 */
export function runChild(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; node?: string },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, args, {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      timeout: 120_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A new folder in the temp folder, removed when the test process exits. */
export const scratchDir = (): string => tempFolder(tmpdir(), "await-tree-");
