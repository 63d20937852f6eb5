// What the vitest, jest and node:test integrations cost a passing suite. Runs the suite of
// bench/runners/suite.ts (300 tests of 23 traced calls each, the repository instrumented by
// @await-tree/transformer, queries answered in a microtask: the await-heavy worst case) in child
// processes, alternately with and without the integration, and prints medians of the process wall
// time and of the runner's own figure where it reports one (vitest's and jest's test durations,
// node:test's duration_ms). The runners' start-up (seconds) is in the wall time of both.
// Without the integration traced calls outside any task are not recorded: the figures include
// what tracing costs. Build first (npm run build).
// `--db timers` answers each query after a 1 ms timer instead (I/O-like).
// Usage: node bench/runners-overhead.mjs [--runs 5] [--tests 300] [--db memory|timers] [--only vitest|jest|node-test]
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "bench", "runners");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg("runs", "5"));
const tests = Number(arg("tests", "300"));
const only = arg("only", undefined);
const db = arg("db", "memory");

const runners = {
  vitest: (withIt) => ({
    args: [
      join(root, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "--reporter=json",
      "--config",
      "vitest.config.mjs",
    ],
    env: { AWAIT_TREE_BENCH_WITH: withIt ? "1" : "0" },
    // Sum of the tests' own durations, from vitest's JSON report.
    own: (out) => sum(JSON.parse(out.stdout).testResults.flatMap((f) => f.assertionResults.map((t) => t.duration))),
    passed: (out) => JSON.parse(out.stdout).numPassedTests === tests,
  }),
  jest: (withIt) => ({
    args: [join(root, "node_modules", "jest", "bin", "jest.js"), "--json", "--config", "jest.config.cjs", "--ci"],
    env: { AWAIT_TREE_BENCH_WITH: withIt ? "1" : "0" },
    own: (out) => sum(JSON.parse(out.stdout).testResults.flatMap((f) => f.assertionResults.map((t) => t.duration))),
    passed: (out) => JSON.parse(out.stdout).numPassedTests === tests,
  }),
  "node-test": (withIt) => ({
    args: [
      "--test",
      "--test-reporter=tap",
      "--import",
      "@await-tree/transformer/register",
      ...(withIt ? ["--import", "@await-tree/runtime/node-test"] : []),
      "node-test.bench.test.ts",
    ],
    env: {},
    own: (out) => Number(/# duration_ms (\S+)/.exec(out.stdout)?.[1]),
    passed: (out) => new RegExp(`# pass ${tests}\\n`).test(out.stdout),
  }),
};

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function once(name, withIt) {
  const r = runners[name](withIt);
  const env = { ...process.env, ...r.env, AWAIT_TREE_FIXTURE_TESTS: String(tests), AWAIT_TREE_FIXTURE_DB: db };
  for (const k of Object.keys(env)) {
    if (k.startsWith("AWAIT_TREE_") && !k.startsWith("AWAIT_TREE_FIXTURE") && k !== "AWAIT_TREE_BENCH_WITH")
      delete env[k];
  }
  delete env.NODE_TEST_CONTEXT;
  const t0 = performance.now();
  const out = spawnSync(process.execPath, r.args, { cwd: dir, env, encoding: "utf8", maxBuffer: 1 << 28 });
  const wall = performance.now() - t0;
  if (!r.passed(out))
    throw new Error(`${name} did not pass (${out.status}):\n${out.stdout.slice(-2000)}\n${out.stderr.slice(-2000)}`);
  if (out.stderr.includes("await-tree")) throw new Error(`${name} printed a report:\n${out.stderr}`);
  return { wall, own: r.own(out) };
}

const fmt = (x) => x.toFixed(0);
console.log(`runner      ${tests} tests, db ${db}, ${runs} runs each: with / without (median)`);
for (const name of Object.keys(runners)) {
  if (only !== undefined && only !== name) continue;
  once(name, false); // warm caches (jest's transform cache, the OS's file cache)
  once(name, true);
  const ratios = { wall: [], own: [] };
  const abs = { with: { wall: [], own: [] }, without: { wall: [], own: [] } };
  for (let i = 0; i < runs; i++) {
    const a = once(name, true);
    const b = once(name, false);
    for (const k of ["wall", "own"]) {
      ratios[k].push(a[k] / b[k]);
      abs.with[k].push(a[k]);
      abs.without[k].push(b[k]);
    }
  }
  console.log(
    `${name.padEnd(10)}  runner's own: ${fmt(median(abs.with.own))} / ${fmt(median(abs.without.own))} ms = x${median(ratios.own).toFixed(3)}` +
      `   process wall: ${fmt(median(abs.with.wall))} / ${fmt(median(abs.without.wall))} ms = x${median(ratios.wall).toFixed(3)}`,
  );
}
