/**
 * A cache of compiled files on disk, so that a second start of the same program compiles nothing.
 * Keyed by everything the output depends on: the file's path and text, the options, the compiler
 * options, and the versions of this package and of its TypeScript. One small file per entry,
 * written atomically (a crash or a concurrent writer leaves either no entry or a whole one).
 *
 * Where: `AWAIT_TREE_CACHE` (a directory, or `0`/`false` to turn it off), else
 * `node_modules/.cache/@await-tree/transformer` of the working directory when `node_modules`
 * exists there (the convention of Babel and webpack loaders), else a directory under the
 * system's temporary directory.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import * as path from "node:path";

export const CACHE_ENV = "AWAIT_TREE_CACHE";

/**
 * What a file loads as: compiled code, or, for a file the core parsed and left as it is, why (so
 * that a warm start neither parses it again nor loses the warning a cold start printed).
 */
export type CachedOutput =
  | {
      code: string;
      format: "module" | "commonjs";
      /** What the compile said of the file (diagnostics, why it was not instrumented): said again on every start. */
      warnings: string[];
    }
  | { unchanged: string };

function isCachedOutput(v: unknown): v is CachedOutput {
  if (typeof v !== "object" || v === null) return false;
  const o = v as { code?: unknown; format?: unknown; unchanged?: unknown; warnings?: unknown };
  if (typeof o.unchanged === "string") return true;
  return (
    typeof o.code === "string" &&
    (o.format === "module" || o.format === "commonjs") &&
    Array.isArray(o.warnings) &&
    o.warnings.every((w) => typeof w === "string")
  );
}

function defaultDir(cwd: string): string {
  const nm = path.join(cwd, "node_modules");
  if (existsSync(nm)) return path.join(nm, ".cache", "@await-tree", "transformer");
  let user = "user";
  try {
    user = String(userInfo().uid);
  } catch {
    // No user database (some containers): one shared directory.
  }
  return path.join(tmpdir(), `await-tree-transformer-${user}`);
}

/** The cache's directory (see above), or undefined when `AWAIT_TREE_CACHE` turns it off. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const v = env[CACHE_ENV];
  if (v === "0" || v === "false") return undefined;
  return v !== undefined && v !== "" ? path.resolve(cwd, v) : defaultDir(cwd);
}

export class CompileCache {
  private readonly dir: string | undefined;
  private ready = false;

  constructor(
    /** What every key includes besides the file: versions and options. */
    private readonly salt: string,
    env: NodeJS.ProcessEnv = process.env,
    cwd = process.cwd(),
  ) {
    this.dir = cacheDirectory(env, cwd);
  }

  private key(file: string, text: string): string {
    return createHash("sha256").update(this.salt).update("\0").update(file).update("\0").update(text).digest("hex");
  }

  /** Any JSON value stored under `name` + `text` (the resolved tsconfig, for example). */
  getValue<T>(name: string, text: string): T | undefined {
    if (this.dir === undefined) return undefined;
    try {
      return JSON.parse(readFileSync(this.path(this.key(name, text)), "utf8")) as T;
    } catch {
      return undefined;
    }
  }

  setValue(name: string, text: string, value: unknown): void {
    this.write(this.key(name, text), value);
  }

  private path(k: string): string {
    return path.join(this.dir as string, k.slice(0, 2), `${k}.json`);
  }

  get(file: string, text: string): CachedOutput | undefined {
    if (this.dir === undefined) return undefined;
    const k = this.key(file, text);
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.path(k), "utf8"));
      return isCachedOutput(parsed) ? parsed : undefined;
    } catch {
      return undefined; // No entry, or an unreadable one: compiled again.
    }
  }

  set(file: string, text: string, out: CachedOutput): void {
    this.write(this.key(file, text), out);
  }

  private write(k: string, value: unknown): void {
    if (this.dir === undefined) return;
    const sub = path.join(this.dir, k.slice(0, 2));
    try {
      if (!this.ready) {
        mkdirSync(this.dir, { recursive: true });
        this.ready = true;
      }
      mkdirSync(sub, { recursive: true });
      const tmp = path.join(sub, `${k}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, path.join(sub, `${k}.json`));
    } catch {
      // A read-only or full disk: the program runs, the next start compiles again.
    }
  }
}
