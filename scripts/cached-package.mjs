// Packages from the npm registry that the tests and benchmarks need but the project must not
// install in node_modules (an official Node build; TypeScript 7, whose `tsc` binary would shadow
// TypeScript 5's): installed on first use into .cache/packages/<name>@<version> of the
// repository, and reused after.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import registryCa from "./registry-ca.cjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The directory of package `name` at `version` (exact or a range npm resolves): `{ dir }`, or
 * `{ skip }` saying why it cannot be had (the registry refused). Prints one line when it installs.
 */
export function cachedPackage(name, version, { cacheDir = join(root, ".cache", "packages") } = {}) {
  const prefix = join(cacheDir, `${name.replace("/", "+")}@${version}`);
  const dir = join(prefix, "node_modules", name);
  if (existsSync(join(dir, "package.json"))) return { dir };
  // Installed into a folder of its own, then renamed into place: an install that was interrupted
  // leaves no half-installed package that a later run would take for a whole one, and two
  // processes asking for the same package at once (a test run and a benchmark) do not install
  // into one folder; the first rename wins.
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(`${prefix}.installing-`);
  process.stderr.write(`installing ${name}@${version} into .cache/packages ...\n`);
  const r = spawnSync(
    "npm",
    ["install", "--prefix", staging, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `${name}@${version}`],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: registryCa.registryEnv(process.env) },
  );
  if (r.status !== 0 || !existsSync(join(staging, "node_modules", name, "package.json"))) {
    rmSync(staging, { recursive: true, force: true });
    const why = (r.stderr || r.error?.message || "nothing installed").trim().split("\n")[0];
    return { skip: `the install of ${name}@${version} from the npm registry failed (${why})` };
  }
  try {
    renameSync(staging, prefix);
  } catch {
    if (!existsSync(join(dir, "package.json"))) {
      // Not another process's whole install: what an interrupted install of the older layout
      // (installed in place) left behind. Replaced.
      try {
        rmSync(prefix, { recursive: true, force: true });
        renameSync(staging, prefix);
        return { dir };
      } catch (again) {
        rmSync(staging, { recursive: true, force: true });
        return { skip: `the install of ${name}@${version} could not be moved into place (${again.message})` };
      }
    }
    // Another process installed it first: theirs is used.
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir };
}
