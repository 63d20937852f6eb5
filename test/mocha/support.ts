/** Running real mocha on the fixture suites in child processes, and reading what it printed. */
import { join } from "node:path";
import { maskTimes } from "../support/async.js";
import { type ChildRun, repoRoot, runChild } from "../support/run-node.js";

export const mochaBin = join(repoRoot, "node_modules", "mocha", "bin", "mocha.js");
export const fixtures = join(repoRoot, "test", "mocha", "fixtures");
export const INTEGRATION = "@await-tree/runtime/mocha";

export type MochaRun = ChildRun;

/** Run `node mocha.js ...args` (no config file unless the args or cwd bring one). */
export function runMocha(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<MochaRun> {
  return runChild([mochaBin, ...args], { cwd: options.cwd ?? repoRoot, env: options.env });
}

/** Mocha on fixture files (paths relative to the fixtures folder), spec reporter, no config file. */
export function runFixtures(
  files: string[],
  options: { integration?: boolean; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<MochaRun> {
  const args = ["--no-config", "--no-package", "--reporter", "spec"];
  if (options.integration !== false) args.push("--require", INTEGRATION);
  args.push(...(options.args ?? []), ...files.map((f) => join(fixtures, f)));
  return runMocha(args, { env: options.env });
}

/** Elapsed times, mocha's durations, span ids and machine paths masked, so that outputs compare. */
export function normalize(text: string): string {
  return maskTimes(text)
    .replace(/ \(\d+(ms|s)\)/g, " (<d>)")
    .replace(/\[Detached \d+\]/g, "[Detached <id>]")
    .split(repoRoot)
    .join("<repo>/");
}

/**
 * The failures mocha lists after the summary, each from "N) " to the next one, normalised and
 * without the stack frames of mocha's timer (they depend on the Node version).
 */
export function failures(stdout: string): string[] {
  const at = stdout.search(/^ {2}\d+ failing/m);
  if (at < 0) return [];
  const text = normalize(stdout.slice(at)).replace(/^ {6}at .*\n/gm, "");
  return text
    .split(/\n(?= {2}\d+\) )/)
    .slice(1)
    .map((b) => `${b.trimEnd()}\n`);
}
