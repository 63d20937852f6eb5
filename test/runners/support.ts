/** Running real vitest, jest and node:test on the fixture suites in child processes. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { maskTimes } from "../support/async.js";
import { type ChildRun, repoRoot, runChild } from "../support/run-node.js";
import { tempFolder } from "../support/scratch.js";

export const fixtures = join(repoRoot, "test", "runners", "fixtures");
export const bin = (name: string): string => join(repoRoot, "node_modules", ".bin", name);
export const vitestBin = join(repoRoot, "node_modules", "vitest", "vitest.mjs");
export const jestBin = join(repoRoot, "node_modules", "jest", "bin", "jest.js");

export type Run = ChildRun;

/** `node [args]` (by default this machine's node) in `cwd` (the fixtures), colours off. */
export function run(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; node?: string } = {},
): Promise<Run> {
  return runChild(args, { cwd: options.cwd ?? fixtures, env: { NO_COLOR: "1", ...options.env }, node: options.node });
}

/**
 * A fresh jest cache: no recorded timings, so jest runs the files in its worker processes. Removed
 * when the test process exits (test/support/scratch.ts).
 */
export function freshCache(): string {
  return tempFolder(join(repoRoot, "build"), "jest-cache-");
}

/**
 * Await-tree's elapsed times, the runners' durations and clock readings masked. The zero set-up
 * notice (docs/zero-setup.md) is removed: a suite run without an integration prints it when traced
 * code runs outside any task, and every integration turns zero set-up off (its tests are the tasks).
 */
export function normalize(text: string): string {
  return (
    maskTimes(text)
      .replace(/^await-tree: initGlobalRegistry\(\) was not called;.*\n/gm, "")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes
      .replace(/\u001b\[[0-9;]*m/g, "")
      .replace(/\b\d+(\.\d+)?\s?(ms|s)\b/g, "<d>")
      .replace(/Start at .*\n/g, "Start at <time>\n")
      .replace(/Duration .*\n/g, "Duration <d>\n")
      .split(repoRoot)
      .join("<repo>/")
  );
}

type CachedPackage = (name: string, version: string) => { dir?: string; skip?: string };
type OfficialNode = (major: string) => { bin?: string; skip?: string };

/** An official Node build and a package from the npm registry, or why they cannot be had here. */
export async function fromRegistry(
  major: string,
  name: string,
  version: string,
): Promise<{ node: string; dir: string } | { skip: string }> {
  const scripts = join(repoRoot, "scripts");
  const { cachedPackage } = (await import(pathToFileURL(join(scripts, "cached-package.mjs")).href)) as {
    cachedPackage: CachedPackage;
  };
  const { officialNode } = (await import(pathToFileURL(join(scripts, "official-node.mjs")).href)) as {
    officialNode: OfficialNode;
  };
  const node = officialNode(major);
  if (node.bin === undefined) return { skip: node.skip ?? `no Node ${major}` };
  const pkg = cachedPackage(name, version);
  if (pkg.dir === undefined) return { skip: pkg.skip ?? `no ${name}@${version}` };
  return { node: node.bin, dir: pkg.dir };
}
