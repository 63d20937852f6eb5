// What @await-tree/transformer costs a build. Generates a project of `files` TypeScript modules
// (async functions, @traced classes, joins, loops, try/catch, async generators) in a temp
// directory, then compiles it with tspc alternately with the plugin (`traceAll: true`) and with
// the same tsconfig without it, and reports medians of the wall time and of the child's CPU time
// (user + system; the least sensitive to other load on the machine), and their ratios.
// Build first (npm run build). Usage: node bench/compile-cost.mjs [--runs 5] [--files 320]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tspc = join(root, "node_modules", "ts-patch", "bin", "tspc.js");
const cpuAtExit =
  "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();" +
  "process.stderr.write('cpu-ms '+(u.user+u.system)/1000+'\\n')})";

/** One generated module: a mix of what the transformer rewrites, and plain code it leaves alone. */
function moduleSource(i, files) {
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

function generate(dir, files) {
  mkdirSync(join(dir, "src"), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(dir, "src", `m${i}.ts`), moduleSource(i, files));
  const nm = join(dir, "node_modules");
  mkdirSync(join(nm, "@await-tree"), { recursive: true });
  mkdirSync(join(nm, "@types"), { recursive: true });
  symlinkSync(join(root, "node_modules", "typescript"), join(nm, "typescript"), "junction");
  symlinkSync(join(root, "node_modules", "@types", "node"), join(nm, "@types", "node"), "junction");
  symlinkSync(join(root, "packages", "runtime"), join(nm, "@await-tree", "runtime"), "junction");
  symlinkSync(join(root, "packages", "transformer"), join(nm, "@await-tree", "transformer"), "junction");
  writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "commonjs" }\n');
  const compilerOptions = {
    target: "ES2022",
    module: "commonjs",
    strict: true,
    skipLibCheck: true,
    types: ["node"],
    lib: ["ES2022"],
    rootDir: "src",
  };
  const config = (plugins, outDir) => ({ compilerOptions: { ...compilerOptions, outDir, plugins }, include: ["src"] });
  writeFileSync(
    join(dir, "with.json"),
    JSON.stringify(config([{ transform: "@await-tree/transformer", traceAll: true }], "out-with")),
  );
  writeFileSync(join(dir, "without.json"), JSON.stringify(config([], "out-without")));
}

function compile(dir, config) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", cpuAtExit, tspc, "-p", join(dir, config)], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, TSP_COMPILER_TS_PATH: join(dir, "node_modules", "typescript") },
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`tspc -p ${config} exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { wall, cpu: Number(/cpu-ms (\S+)/.exec(r.stderr)?.[1]) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Returns { files, withPluginMs, withoutPluginMs, ratio } (wall-time medians) and CPU medians. */
export async function run({ runs = 5, files = 320 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "await-tree-compile-cost-"));
  try {
    generate(dir, files);
    // One warm-up of each: ts-patch patches and caches the compiler on first use.
    compile(dir, "without.json");
    compile(dir, "with.json");
    const wo = [];
    const w = [];
    for (let i = 0; i < runs; i++) {
      wo.push(compile(dir, "without.json"));
      w.push(compile(dir, "with.json"));
    }
    const withPluginMs = median(w.map((r) => r.wall));
    const withoutPluginMs = median(wo.map((r) => r.wall));
    const withPluginCpuMs = median(w.map((r) => r.cpu));
    const withoutPluginCpuMs = median(wo.map((r) => r.cpu));
    return {
      files,
      runs,
      withPluginMs: Math.round(withPluginMs),
      withoutPluginMs: Math.round(withoutPluginMs),
      ratio: Math.round((withPluginMs / withoutPluginMs) * 1000) / 1000,
      withPluginCpuMs: Math.round(withPluginCpuMs),
      withoutPluginCpuMs: Math.round(withoutPluginCpuMs),
      cpuRatio: Math.round((withPluginCpuMs / withoutPluginCpuMs) * 1000) / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, d) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? d : Number(process.argv[i + 1]);
  };
  const result = await run({ runs: arg("--runs", 5), files: arg("--files", 320) });
  console.log(JSON.stringify(result, null, 2));
}
