// What the mocha integration costs a passing suite. Runs the passing fixture suite
// (test/mocha/fixtures/js/pass.test.js: traced repository calls in every test) in child processes,
// alternately with and without `--require @await-tree/runtime/mocha`, and reports medians of
// mocha's own run time (stats.duration of the JSON reporter), the process wall time and the
// process CPU time (user + system; the least sensitive to other load on the machine).
// Build first (npm run build). Usage: node bench/mocha-overhead.mjs [--runs 10] [--tests 300]
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mocha = join(root, "node_modules", "mocha", "bin", "mocha.js");
const fixture = join(root, "test", "mocha", "fixtures", "js", "pass.test.js");
const cpuAtExit =
  "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();" +
  "process.stderr.write('cpu-ms '+(u.user+u.system)/1000+'\\n')})";

function once(withIntegration, tests, db) {
  const args = ["--import", cpuAtExit, mocha, "--no-config", "--no-package", "--reporter", "json"];
  if (withIntegration) args.push("--require", "@await-tree/runtime/mocha");
  args.push(fixture);
  const env = { ...process.env, AWAIT_TREE_FIXTURE_TESTS: String(tests), AWAIT_TREE_FIXTURE_DB: db };
  delete env.AWAIT_TREE_LEAKS;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8" });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`mocha exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  const stats = JSON.parse(r.stdout).stats;
  if (stats.failures !== 0 || stats.passes !== tests + 3) {
    throw new Error(`unexpected result: ${JSON.stringify(stats)}`);
  }
  const cpu = Number(/cpu-ms (\S+)/.exec(r.stderr)?.[1]);
  return { suite: stats.duration, wall, cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * `db`: "timers" (each query answers after a 1 ms timer, like I/O) or "memory" (in a microtask:
 * the await-heavy worst case). Returns medians in ms; `ratio` (mocha's run time, the figure the
 * issue asks for), `wallRatio` and `cpuRatio` are medians of the per-pair ratios with / without.
 */
export async function run({ runs = 10, tests = 300, db = "memory" } = {}) {
  once(true, tests, db); // warm the file system cache and the compile cache
  once(false, tests, db);
  const withRuns = [];
  const withoutRuns = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first so that drift on the machine hits both equally.
    if (i % 2 === 0) {
      withRuns.push(once(true, tests, db));
      withoutRuns.push(once(false, tests, db));
    } else {
      withoutRuns.push(once(false, tests, db));
      withRuns.push(once(true, tests, db));
    }
  }
  const ratioOf = (k) => round(median(withRuns.map((w, i) => w[k] / withoutRuns[i][k])), 3);
  const medianOf = (rs, k) => round(median(rs.map((r) => r[k])));
  return {
    db,
    tests: tests + 3,
    runs,
    withMs: medianOf(withRuns, "suite"),
    withoutMs: medianOf(withoutRuns, "suite"),
    ratio: ratioOf("suite"),
    wallWithMs: medianOf(withRuns, "wall"),
    wallWithoutMs: medianOf(withoutRuns, "wall"),
    wallRatio: ratioOf("wall"),
    cpuWithMs: medianOf(withRuns, "cpu"),
    cpuWithoutMs: medianOf(withoutRuns, "cpu"),
    cpuRatio: ratioOf("cpu"),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, d) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  const runs = arg("runs", 10);
  const tests = arg("tests", 300);
  console.log(`mocha integration overhead: passing suite, ${runs} alternating runs (node ${process.version})`);
  console.log("  with / without; ratios are medians of per-run ratios");
  for (const db of ["memory", "timers"]) {
    const r = await run({ runs, tests: db === "timers" ? Math.min(tests, 100) : tests, db });
    console.log(
      `  ${db.padEnd(6)} ${String(r.tests).padStart(4)} tests: suite ${r.withMs} / ${r.withoutMs} ms = x${r.ratio.toFixed(3)}; ` +
        `wall ${r.wallWithMs} / ${r.wallWithoutMs} ms = x${r.wallRatio.toFixed(3)}; ` +
        `CPU ${r.cpuWithMs} / ${r.cpuWithoutMs} ms = x${r.cpuRatio.toFixed(3)}`,
    );
  }
}
