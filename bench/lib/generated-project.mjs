// The generated project of the cost benchmarks: `files` TypeScript modules (async functions,
// @traced classes, joins, loops, try/catch, async generators), each importing the next, so that
// loading m0 loads them all; and the temporary project around them (bench/compile-cost.mjs,
// bench/register-start.mjs).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

/** One generated module: a mix of what the transformer rewrites, and plain code it leaves alone. */
export function moduleSource(i, files) {
  const dep = `./m${(i + 1) % files}.js`;
  return `import { traced } from "@await-tree/runtime";
import { helper${(i + 1) % files} as next } from "${dep}";

export interface Row${i} { id: number; name: string; tags: string[] }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function helper${i}(x: number): number {
  let acc = 0;
  for (let k = 0; k < x; k++) acc += k % 7;
  return acc;
}

export async function fetchRow${i}(id: number): Promise<Row${i}> {
  await sleep(id % 3);
  return { id, name: \`row \${id}\`, tags: ["a", "b"] };
}

export async function fetchMany${i}(ids: number[]): Promise<Row${i}[]> {
  const rows = await Promise.all(ids.map((id) => fetchRow${i}(id)));
  try {
    await sleep(1);
  } catch (e) {
    console.error(e);
  } finally {
    await sleep(0);
  }
  return rows.filter((r) => r.id > next(2));
}

export async function* stream${i}(n: number): AsyncGenerator<Row${i}> {
  for (let k = 0; k < n; k++) yield await fetchRow${i}(k);
}

export class Service${i} {
  private cache = new Map<number, Row${i}>();

  @traced
  async load(id: number): Promise<Row${i}> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = await fetchRow${i}(id);
    this.cache.set(id, row);
    return row;
  }

  @traced("refresh \${id}")
  async refresh(id: number, force = false): Promise<void> {
    const [a, b] = await Promise.all([this.load(id), fetchMany${i}([id, id + 1])]);
    if (force || a.id !== b.length) await sleep(1);
    for await (const r of stream${i}(2)) this.cache.set(r.id, r);
  }

  size(): number {
    return this.cache.size;
  }
}
`;
}

/** Writes `files` modules into `dir`/src. */
export function writeModules(dir, files) {
  mkdirSync(join(dir, "src"), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(dir, "src", `m${i}.ts`), moduleSource(i, files));
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Prints a process's CPU milliseconds at exit (all threads) on stderr. Loaded through
 * NODE_OPTIONS, so that the processes a command starts (tsx runs the program in a child of its
 * own) count too: `timedNode` adds up every line.
 */
const CPU_AT_EXIT =
  "process.on('exit', () => { const u = process.cpuUsage(); " +
  "process.stderr.write('cpu-ms ' + (u.user + u.system) / 1000 + '\\n'); });\n";

/**
 * A temporary CommonJS project of `files` generated modules in src/, with this repository's
 * @await-tree/runtime and @await-tree/transformer linked into its node_modules (and, with
 * `compiler`, typescript and @types/node). `remove()` deletes it.
 */
export function generatedProject({ files, compiler = false, prefix = "await-tree-generated-" }) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeModules(dir, files);
  const nm = join(dir, "node_modules");
  mkdirSync(join(nm, "@await-tree"), { recursive: true });
  symlinkSync(join(root, "packages", "runtime"), join(nm, "@await-tree", "runtime"), "junction");
  symlinkSync(join(root, "packages", "transformer"), join(nm, "@await-tree", "transformer"), "junction");
  if (compiler) {
    mkdirSync(join(nm, "@types"), { recursive: true });
    symlinkSync(join(root, "node_modules", "typescript"), join(nm, "typescript"), "junction");
    symlinkSync(join(root, "node_modules", "@types", "node"), join(nm, "@types", "node"), "junction");
  }
  writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "commonjs" }\n');
  writeFileSync(join(dir, "cpu-at-exit.mjs"), CPU_AT_EXIT);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Run `node args` in the generated project `cwd` and time it: `{ wall, cpu }` in milliseconds
 * (cpu: user + system of the process and of the Node processes it starts, every thread; the
 * figure least disturbed by other load). Throws if it fails.
 */
export function timedNode(args, { cwd, env = process.env, node = process.execPath, what = "node" }) {
  const hook = `--import=${pathToFileURL(join(cwd, "cpu-at-exit.mjs")).href}`;
  const options = `${env.NODE_OPTIONS ?? ""} ${hook}`.trim();
  const t0 = performance.now();
  const r = spawnSync(node, args, { cwd, env: { ...env, NODE_OPTIONS: options }, encoding: "utf8" });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${what} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const cpu = [...r.stderr.matchAll(/^cpu-ms (\S+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  return { wall, cpu };
}
