/**
 * The oldest version of each bundler the plugin works with, and the error that says so.
 *
 * The package's peer ranges for the bundlers are `*` (as unplugin's): an optional peer that is
 * installed at a version outside its range makes npm refuse the whole install (ERESOLVE), and a
 * project pinned to Vite 5 or Rollup 3 could not install the transformer at all, even for its Node
 * hooks or its jest entry. So the versions are checked here instead, when the bundler first shows
 * its version to the plugin, and only those known not to work are refused, with a message that
 * names the bundler, its version and what is supported (docs/bundlers.md, "Versions"):
 *
 * - Vite before 3.1 and Rollup before 2.78 call every plugin hook as a function; the plugin's
 *   `transform` is an object hook (`{ filter, handler }`, for the native filters of Vite 8 and
 *   Rolldown), so the build failed at the first file with `fn.call is not a function` (Vite) or
 *   `expected a function hook` (Rollup).
 * - webpack 5 before 5.74 does not walk class static blocks: an import used only in one (the
 *   plugin compiles at ES2022 at least, where TypeScript lowers standard decorators into static
 *   blocks) is left unbound, and the bundle threw `ReferenceError: traced is not defined` when it
 *   ran: a silent malfunction of the build. webpack 4 has no `compiler.webpack` and is refused too.
 *
 * esbuild (0.13 to 0.28 tried), Rolldown and rspack have no known bad version: not checked.
 */
import { PLUGIN_NAME } from "./plugin-name";

export type CheckedHost = "vite" | "rollup" | "webpack";

interface Floor {
  /** The oldest version that works. */
  oldest: string;
  /** What goes wrong with older ones. */
  why: string;
}

export const OLDEST_SUPPORTED: Readonly<Record<CheckedHost, Floor>> = {
  vite: { oldest: "3.1.0", why: "older Vites cannot call the plugin's transform hook, an object hook" },
  rollup: { oldest: "2.78.0", why: "older Rollups cannot call the plugin's transform hook, an object hook" },
  webpack: {
    oldest: "5.74.0",
    why: "older webpacks leave the imports used in class static blocks unbound, which the plugin's output has",
  },
};

/** A bundler the plugin does not work with: the build stops with this before any file. */
export class UnsupportedBundlerError extends Error {
  constructor(
    readonly bundler: CheckedHost,
    /** The version seen, or a description of it when the bundler reports none (`older than 3.1.0`). */
    readonly version: string,
  ) {
    const floor = OLDEST_SUPPORTED[bundler];
    super(
      `${PLUGIN_NAME}: ${bundler} ${version} is not supported by the bundler plugin (${floor.why}); ` +
        `it needs ${bundler} ${floor.oldest} or later. The Node hooks (--import @await-tree/transformer/register) ` +
        "and the jest entry do not depend on the bundler's version.",
    );
    this.name = "UnsupportedBundlerError";
  }
}

/** `[major, minor, patch]` of `1.2.3`, `1.2.3-beta.4`; undefined for anything else. */
function parse(version: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Whether `version` is at least `oldest` (a prerelease counts as its release: not refused on that alone). */
export function atLeast(version: string, oldest: string): boolean {
  const v = parse(version);
  const o = parse(oldest) as [number, number, number];
  if (v === undefined) return true; // not a version we can read: not refused on a guess
  for (let i = 0; i < 3; i++) {
    if ((v[i] as number) !== o[i]) return (v[i] as number) > o[i];
  }
  return true;
}

/**
 * Throws when `version` of `bundler` is known not to work. `undefined`: the bundler reports no
 * version, which only versions older than the floor do (Rollup without `this.meta.rollupVersion`,
 * webpack 4 without `compiler.webpack`).
 */
export function checkBundlerVersion(bundler: CheckedHost, version: string | undefined): void {
  const floor = OLDEST_SUPPORTED[bundler];
  if (version === undefined) throw new UnsupportedBundlerError(bundler, `older than ${floor.oldest}`);
  if (!atLeast(version, floor.oldest)) throw new UnsupportedBundlerError(bundler, version);
}
