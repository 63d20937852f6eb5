// What the packaging tests share: the packages of the repository (every folder of packages/), their
// tarballs packed once per run, and one temporary consumer project with all of them installed from
// those tarballs. Installs use the local npm cache first (--prefer-offline).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { registryEnv } from "../support/registry-env.js";
import { repoRoot, scratchDir } from "../transformer/helpers.js";

/** The project's URL, used by every package's metadata and README. */
export const PROJECT_URL = "https://github.com/await-tree/await-tree-ts";

export interface PackageInfo {
  /** Folder name under packages/. */
  folder: string;
  dir: string;
  json: Record<string, unknown> & { name: string; version: string };
}

/** Every package of the repository that is published (packages/*, not private). */
export function packages(): PackageInfo[] {
  const root = join(repoRoot, "packages");
  return readdirSync(root)
    .filter((f) => existsSync(join(root, f, "package.json")))
    .map((folder) => {
      const dir = join(root, folder);
      return { folder, dir, json: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) };
    })
    .filter((p) => p.json.private !== true);
}

let tarballs: Map<string, string> | undefined;

/** `npm pack` of every package, once per run: package name -> tarball path. */
export function packed(): Map<string, string> {
  if (tarballs !== undefined) return tarballs;
  const dir = join(scratchDir(), "packs");
  mkdirSync(dir, { recursive: true });
  const out = new Map<string, string>();
  for (const p of packages()) {
    const json = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
      cwd: p.dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [info] = JSON.parse(json) as Array<{ filename: string }>;
    out.set(p.json.name, join(dir, (info as { filename: string }).filename));
  }
  tarballs = out;
  return out;
}

/** `npm install` in `dir`, quietly, from the cache first; throws with npm's output on failure. */
export function npmInstall(dir: string, specs: string[], extra: string[] = []): void {
  const r = spawnSync(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...extra, ...specs],
    { cwd: dir, encoding: "utf8", timeout: 240_000, env: registryEnv() },
  );
  if (r.status !== 0) throw new Error(`npm install ${specs.join(" ")} failed:\n${r.stdout}${r.stderr}`);
}

let consumer: string | undefined;

/**
 * One temporary project with every package installed from its tarball (and nothing else: no
 * @types/node, no typescript). Shared by the tests that only read it; a test that installs more
 * makes its own.
 */
export function consumerProject(): string {
  if (consumer !== undefined) return consumer;
  const dir = join(scratchDir(), "consumer");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true }, null, 2)}\n`);
  npmInstall(dir, [...packed().values()]);
  consumer = dir;
  return dir;
}
