/** Running real Node processes from tests. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
  const dir = mkdtempSync(join(repoRoot, "build", "tmp-"));
  const file = join(dir, `script${ext}`);
  writeFileSync(file, source);
  return runNode([file], { env });
}

export const scratchDir = (): string => mkdtempSync(join(tmpdir(), "await-tree-"));
