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
import { writeModules } from "./lib/generated-project.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tspc = join(root, "node_modules", "ts-patch", "bin", "tspc.js");
const cpuAtExit =
  "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();" +
  "process.stderr.write('cpu-ms '+(u.user+u.system)/1000+'\\n')})";

function generate(dir, files) {
  writeModules(dir, files);
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
