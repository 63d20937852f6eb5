// Packages from the npm registry that the tests and benchmarks need but the project must not
// install in node_modules (an official Node build; TypeScript 7, whose `tsc` binary would shadow
// TypeScript 5's): installed on first use into .cache/packages/<name>@<version> of the
// repository, and reused after.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The directory of package `name` at `version` (exact or a range npm resolves): `{ dir }`, or
 * `{ skip }` saying why it cannot be had (the registry refused). Prints one line when it installs.
 */
export function cachedPackage(name, version, { cacheDir = join(root, ".cache", "packages") } = {}) {
  const prefix = join(cacheDir, `${name.replace("/", "+")}@${version}`);
  const dir = join(prefix, "node_modules", name);
  if (existsSync(join(dir, "package.json"))) return { dir };
  mkdirSync(prefix, { recursive: true });
  process.stderr.write(`installing ${name}@${version} into .cache/packages ...\n`);
  const r = spawnSync(
    "npm",
    ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `${name}@${version}`],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (r.status !== 0 || !existsSync(join(dir, "package.json"))) {
    const why = (r.stderr || r.error?.message || "nothing installed").trim().split("\n")[0];
    return { skip: `the install of ${name}@${version} from the npm registry failed (${why})` };
  }
  return { dir };
}
