// What Node's module hooks (`--import @await-tree/transformer/register`) cost a start: the
// generated 320-file project of the compile benchmark, loaded in full by a small entry, started
// (a) under tsx alone, (b) under tsx with the hooks and no cache (cold: every file compiled),
// (c) under tsx with the hooks and a warm cache. Rounds alternate (ABCCBA...) and each ratio is
// the median of per-round ratios, with its spread (min-max); CPU time (user + system of the
// child) is reported beside wall time, being the figure least disturbed by other load.
// Build first (npm run build). Usage: node bench/register-start.mjs [--runs 7] [--files 320]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { writeModules } from "./lib/generated-project.mjs";
import { median, round } from "./lib/measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const cpuAtExit =
  "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();" +
  "process.stderr.write('cpu-ms '+(u.user+u.system)/1000+'\\n')})";

function generate(dir, files) {
  writeModules(dir, files);
  const nm = join(dir, "node_modules", "@await-tree");
  mkdirSync(nm, { recursive: true });
  symlinkSync(join(root, "packages", "runtime"), join(nm, "runtime"), "junction");
  symlinkSync(join(root, "packages", "transformer"), join(nm, "transformer"), "junction");
  writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "commonjs" }\n');
  const compilerOptions = { target: "ES2022", module: "commonjs", strict: true, lib: ["ES2022"] };
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, plugins: [{ transform: "@await-tree/transformer" }] } }),
  );
  writeFileSync(join(dir, "main.cjs"), 'require("./src/m0.ts");\n');
}

function start(dir, variant, cache) {
  const args = ["--import", cpuAtExit, tsx];
  if (variant !== "tsx") args.push("--import", "@await-tree/transformer/register");
  args.push("main.cjs");
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, AWAIT_TREE_CACHE: variant === "cold" ? "0" : cache },
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${variant} start exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { wall, cpu: Number(/cpu-ms (\S+)/.exec(r.stderr)?.[1]) };
}

const spread = (xs) => `${round(Math.min(...xs), 2)}-${round(Math.max(...xs), 2)}`;

export async function run({ runs = 7, files = 320 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "await-tree-register-start-"));
  const cache = join(dir, ".cache");
  try {
    generate(dir, files);
    for (const v of ["tsx", "cold", "warm"]) start(dir, v, cache); // warm-up; fills the cache
    const t = { tsx: [], cold: [], warm: [] };
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? ["tsx", "cold", "warm"] : ["warm", "cold", "tsx"];
      for (const v of order) t[v].push(start(dir, v, cache));
    }
    const ratios = (v, k) => t[v].map((x, i) => x[k] / t.tsx[i][k]);
    const out = { files, runs };
    for (const v of ["tsx", "cold", "warm"]) {
      out[`${v}WallMs`] = Math.round(median(t[v].map((x) => x.wall)));
      out[`${v}CpuMs`] = Math.round(median(t[v].map((x) => x.cpu)));
    }
    for (const v of ["cold", "warm"]) {
      out[`${v}Ratio`] = round(median(ratios(v, "wall")));
      out[`${v}RatioSpread`] = spread(ratios(v, "wall"));
      out[`${v}CpuRatio`] = round(median(ratios(v, "cpu")));
      out[`${v}CpuRatioSpread`] = spread(ratios(v, "cpu"));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, d) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? d : Number(process.argv[i + 1]);
  };
  console.log(JSON.stringify(await run({ runs: arg("--runs", 7), files: arg("--files", 320) }), null, 2));
}
