/**
 * Reads the `awaitTree` key of the user's mocha configuration. Mocha accepts unknown keys in its
 * config but hands them to no plugin, so we find the file the way mocha does (`--config`,
 * `--no-config`, `--package`, `--no-package`, else the first `.mocharc.*` found walking up from the
 * working directory, then `package.json`'s "mocha" property) and read only our key.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import type { ConfigValue } from "../core/options";

/** Mocha's own search order (lib/cli/config.cjs, documented in mocha's "configuring" page). */
const CONFIG_FILES = [
  ".mocharc.cjs",
  ".mocharc.js",
  ".mocharc.mjs",
  ".mocharc.yaml",
  ".mocharc.yml",
  ".mocharc.jsonc",
  ".mocharc.json",
];

/**
 * Mocha's parallel workers do not see the command line: the main process passes an explicit
 * `--config <path>` (or `--no-config`, as an empty value) to them through this variable. Only a
 * worker (mocha sets `MOCHA_WORKER_ID` in each) reads it, so a mocha run spawned by a test does
 * not inherit its parent's choice.
 */
export const CONFIG_ENV = "AWAIT_TREE_MOCHA_CONFIG";
/** The same for `--package <path>` (or `--no-package`, as an empty value). */
export const PACKAGE_ENV = "AWAIT_TREE_MOCHA_PACKAGE";
const WORKER_ENV = "MOCHA_WORKER_ID";

export type { ConfigValue } from "../core/options";

interface Flags {
  config: string | false | undefined;
  pkg: string | false | undefined;
}

function flagValue(argv: readonly string[], name: string): string | false | undefined {
  let found: string | false | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") break;
    if (a === `--no-${name}`) found = false;
    else if (a === `--${name}`) {
      const v = argv[i + 1];
      if (v !== undefined && !v.startsWith("-")) found = v;
    } else if (a.startsWith(`--${name}=`)) found = a.slice(name.length + 3);
  }
  return found;
}

export function parseFlags(argv: readonly string[]): Flags {
  return { config: flagValue(argv, "config"), pkg: flagValue(argv, "package") };
}

function findUp(names: readonly string[], cwd: string): string | undefined {
  for (const name of names) {
    let dir = resolve(cwd);
    for (;;) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

/** JSON with `//` and `/* *\/` comments, as mocha accepts in `.mocharc.json(c)`. */
export function parseJsonc(text: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return JSON.parse(out);
}

function yamlScalar(raw: string): string {
  let v = raw.replace(/\s+#.*$/, "").trim();
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
  return v;
}

/**
 * The `awaitTree` mapping of a YAML config, in the two shapes people write (`awaitTree:` with
 * indented `key: value` lines, or a flow mapping `awaitTree: { leaks: fail }`). Mocha's YAML parser
 * is its own dependency; a full parser is not worth a dependency for one key.
 */
export function yamlAwaitTree(text: string): unknown {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^awaitTree\s*:/.test(l));
  if (at < 0) return undefined;
  const rest = (lines[at] as string).replace(/^awaitTree\s*:/, "").trim();
  const out: Record<string, string> = {};
  const pair = (s: string): void => {
    const m = /^\s*([A-Za-z_$][\w$-]*)\s*:\s*(.*)$/.exec(s);
    if (m) out[m[1] as string] = yamlScalar(m[2] as string);
  };
  if (rest.startsWith("{")) {
    for (const p of rest.replace(/^\{|\}\s*(#.*)?$/g, "").split(",")) if (p.trim() !== "") pair(p);
    return out;
  }
  if (rest !== "" && !rest.startsWith("#")) return yamlScalar(rest);
  for (let i = at + 1; i < lines.length; i++) {
    const l = lines[i] as string;
    if (/^\s*(#.*)?$/.test(l)) continue;
    if (!/^\s/.test(l)) break;
    pair(l);
  }
  return out;
}

function loadFile(file: string): unknown {
  const ext = extname(file);
  if (ext === ".yaml" || ext === ".yml") return { awaitTree: yamlAwaitTree(readFileSync(file, "utf8")) };
  if (ext === ".js" || ext === ".cjs" || ext === ".mjs") {
    // Mocha has usually loaded this file already: require returns its cached exports.
    // createRequire, not `require`: the ES module build has no `require`. Taken through
    // getBuiltinModule, not imported: a bundler that sees `createRequire(x)` tries to resolve `x`
    // at build time, and webpack warns on every build that includes the runtime.
    const { createRequire } = process.getBuiltinModule("node:module") as typeof import("node:module");
    const m = createRequire(file)(file) as { default?: unknown };
    return m !== null && typeof m === "object" && m.default !== undefined ? m.default : m;
  }
  return parseJsonc(readFileSync(file, "utf8"));
}

function keyOf(config: unknown, key: string): unknown {
  return config !== null && typeof config === "object" ? (config as Record<string, unknown>)[key] : undefined;
}

/**
 * The `awaitTree` value from the config file mocha uses, else from package.json's "mocha".
 * A file that cannot be read is skipped: mocha itself reports broken config files.
 */
export function readAwaitTreeConfig(
  argv: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): ConfigValue | undefined {
  const flags = parseFlags(argv);
  const worker = env[WORKER_ENV] !== undefined;
  const inherited = worker ? env[CONFIG_ENV] : undefined;
  if (flags.config === undefined && inherited !== undefined) flags.config = inherited === "" ? false : inherited;
  const inheritedPkg = worker ? env[PACKAGE_ENV] : undefined;
  if (flags.pkg === undefined && inheritedPkg !== undefined) flags.pkg = inheritedPkg === "" ? false : inheritedPkg;
  if (flags.config !== false) {
    const file = flags.config !== undefined ? resolve(cwd, flags.config) : findUp(CONFIG_FILES, cwd);
    if (file !== undefined) {
      try {
        const value = keyOf(loadFile(file), "awaitTree");
        if (value !== undefined) return { value, file };
      } catch {
        // Mocha reports unreadable config files itself.
      }
    }
  }
  if (flags.pkg !== false) {
    const file = flags.pkg !== undefined ? resolve(cwd, flags.pkg) : findUp(["package.json"], cwd);
    if (file !== undefined) {
      try {
        const value = keyOf(keyOf(JSON.parse(readFileSync(file, "utf8")), "mocha"), "awaitTree");
        if (value !== undefined) return { value, file: `${file} ("mocha" property)` };
      } catch {
        // Same as above.
      }
    }
  }
  return undefined;
}

/** What to hand to parallel workers in `CONFIG_ENV`: an explicit choice of this process, if any. */
export function configForWorkers(argv: readonly string[], cwd: string): string | undefined {
  return forWorkers(parseFlags(argv).config, cwd);
}

/** What to hand to parallel workers in `PACKAGE_ENV`: an explicit `--package`/`--no-package`, if any. */
export function packageForWorkers(argv: readonly string[], cwd: string): string | undefined {
  return forWorkers(parseFlags(argv).pkg, cwd);
}

function forWorkers(flag: string | false | undefined, cwd: string): string | undefined {
  if (flag === false) return "";
  return flag === undefined || flag === "" ? undefined : resolve(cwd, flag);
}
