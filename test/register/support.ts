// Temporary projects for the module-hook tests: sources written by the test, node_modules linked
// to this repository's packages, run with `node --import @await-tree/transformer/register`.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { mask, node, type Run, repoRoot, scratchDir } from "../transformer/helpers.js";

export const REGISTER = "@await-tree/transformer/register";
export const TSX_CLI = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");

export interface HookProject {
  type: "module" | "commonjs";
  /** tsconfig.json content, or undefined for none. */
  tsconfig?: unknown;
  files: Record<string, string>;
}

export function writeProject(name: string, spec: HookProject): string {
  const dir = join(scratchDir(), name);
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(spec.files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const nm = join(dir, "node_modules", "@await-tree");
  mkdirSync(nm, { recursive: true });
  symlinkSync(join(repoRoot, "packages", "runtime"), join(nm, "runtime"), "junction");
  symlinkSync(join(repoRoot, "packages", "transformer"), join(nm, "transformer"), "junction");
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ private: true, type: spec.type })}\n`);
  if (spec.tsconfig !== undefined)
    writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(spec.tsconfig, null, 2)}\n`);
  return dir;
}

/** An official Node build of `major` from the npm registry (scripts/official-node.mjs), or why not. */
export async function officialNodeBin(major: string): Promise<{ bin?: string; skip?: string }> {
  const url = pathToFileURL(join(repoRoot, "scripts", "official-node.mjs")).href;
  const { officialNode } = (await import(url)) as { officialNode: (m: string) => { bin?: string; skip?: string } };
  return officialNode(major);
}

/** `node [--import register] entry`, with the cache in the project unless `env` says otherwise. */
export function runHooked(dir: string, entry: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  return node(["--import", REGISTER, entry], { cwd: dir, env: { AWAIT_TREE_CACHE: join(dir, ".cache"), ...env } });
}

export function runTsx(dir: string, entry: string): Promise<Run> {
  return node([TSX_CLI, "--import", REGISTER, entry], { cwd: dir, env: { AWAIT_TREE_CACHE: join(dir, ".cache") } });
}

/** Tree lines with times masked. */
export const masked = (r: Run): string => mask(r.stdout);

/** A repository whose `load` awaits a query that never settles, dumped from a timer. */
export function usersProgram(opts: { imports: string; decorators: "standard" | "legacy" }): Record<string, string> {
  return {
    "src/db.ts": `export class Db {
  query(sql: string, args: unknown[]): Promise<string> {
    return new Promise(() => {}); // never settles: the hang the tree explains
  }
}
`,
    "src/main.ts": `import { initGlobalRegistry, traced } from "@await-tree/runtime";
import { Db } from "${opts.imports}";

class Users {
  constructor(private readonly db: Db) {}

  @traced()
  async load(id: number): Promise<string> {
    const row = await this.db.query("select * from users where id = ?", [id]);
    return row;
  }
}

const registry = initGlobalRegistry();
const users = new Users(new Db());
void registry.register("req 42", "req 42").run(() => users.load(42));
setTimeout(() => {
  console.log(registry.get("req 42")?.toString({ locations: true }));
}, 20);
`,
  };
}

export const USERS_TREE = `req 42 [T]
  Users.load(42) [T] at src/main.ts:8:9
    this.db.query("select * from users where id = ?", [id]) [T] at src/main.ts:9:17

`;
