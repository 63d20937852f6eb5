// `npm test`'s test step: the whole suite, on both of CI's cores.
//
// The run is bound by CPU (about 1,000 s for the rest of the suite, 570 s for the differential
// corpus, 150 s for Node 26's smoke set, measured on a two-core machine on 2026-12-06), and the
// rest of the suite alone uses only about 1.2 cores: it waits on child processes, servers, timers
// and hung programs. Two lanes:
// - lane A, niceness 0, printed as it goes: first the test files whose assertions depend on
//   timing (the CLI's dumps, the runtime's clock and timers, the mocha and runner integrations'
//   timeouts) in one mocha process, then the shared pool from its front: the files whose work is
//   compiling, bundling and packing (transformer, bundlers, packaging, register, docs), a few files
//   to a mocha process.
// - lane B, reports kept and printed whole after lane A's: the corpus at niceness 10 (every process
//   it starts inherits it), which takes what lane A leaves idle, so that the timing tests keep the
//   CPU they ask for and see the machine they see alone (two workers at one priority, mocha's
//   `--parallel`, made the clock's timing tests fail); then, once lane A's timing files are done
//   too, Node 26's smoke set (scripts/test-node-versions.mjs) and the pool from its end, at
//   niceness 0 beside lane A's pool files, which are not timing-dependent. (The pool and the smoke
//   set at a low niceness beside the corpus waited so long for the CPU on a loaded machine that
//   tests passed mocha's 20 s timeout.)
//
// Each mocha process prints mocha's own "N passing" / "N failing" lines, which .ci/run adds up.
// When a part failed, its failures are printed once more at the very end: a CI log is often read
// from its tail. The step fails when any part fails. `AWAIT_TREE_TEST_SERIAL=1` runs everything
// one after the other at one priority (for a machine with one core, or for timing a part alone).
//
// `npx mocha` alone (.mocharc.cjs) still runs every test file in one process.
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { globSync } from "tinyglobby";
import mochaOptions from "./mocha-options.cjs";
import registryCa from "./registry-ca.cjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mocha = join(root, "node_modules", "mocha", "bin", "mocha.js");

/** Every compiled test file; the rest of the suite is these without the corpus's. */
const ALL = "build/test/**/*.test.js";
/** The corpus's test files (compiled): the differential corpus and its generated programs. */
const CORPUS = "build/test/transformer-corpus/**/*.test.js";
/**
 * Areas (folders of build/test) whose files go to the shared pool: their time is compiles,
 * bundles, installs and program runs, and none of their assertions depends on how fast the
 * machine is. Every other area runs in lane A.
 */
const POOL_AREAS = ["transformer", "bundlers", "packaging", "register", "docs"];
/** Test files per mocha process in the pool: small enough to share the tail between the lanes. */
const FILES_PER_JOB = 3;
const NICENESS = { laneA: 0, pool: 0, corpus: 10 };

/**
 * `--rest <glob> --corpus <glob>` replace the two sets (test/support/test-suite.test.ts runs the
 * script on fixtures); a file of the rest that the corpus's glob matches is left out of the rest.
 * `--pool <glob>` says which files of the rest go to the shared pool (default: POOL_AREAS).
 */
function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i === -1) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith("--")) {
    console.error(`test-suite: ${name} needs a glob of test files`);
    process.exit(2);
  }
  return value;
}
const restSpec = option("--rest", ALL);
const corpusSpec = option("--corpus", CORPUS);
const poolSpec = option("--pool", undefined);

/** The files a glob names, sorted, as paths relative to the repository when they are inside it. */
function filesOf(spec) {
  return globSync([spec], { cwd: root, absolute: true })
    .map((f) => (f.startsWith(root + sep) ? relative(root, f) : f))
    .sort();
}

const corpusFiles = filesOf(corpusSpec);
const restFiles = filesOf(restSpec).filter((f) => !corpusFiles.includes(f));
const inPool = (() => {
  if (poolSpec !== undefined) {
    const pool = new Set(filesOf(poolSpec));
    return (f) => pool.has(f);
  }
  return (f) => POOL_AREAS.some((area) => f.startsWith(`build/test/${area}/`));
})();
const laneAFiles = restFiles.filter((f) => !inPool(f));
const poolFiles = restFiles.filter(inPool);
/** A set that names no file fails the step, as mocha fails on a glob that matches nothing. */
const empty = [...(restFiles.length === 0 ? [restSpec] : []), ...(corpusFiles.length === 0 ? [corpusSpec] : [])];
for (const spec of empty) console.error(`test-suite: no test file matches ${spec}`);

/**
 * A unit of work: a command, a title for its report, the niceness it runs at, and whether its
 * failures count as the rest's (repeated at the end) or are its own report's (the corpus).
 */
function mochaJob(title, files, niceness, env = process.env) {
  return { title, args: [mocha, ...mochaOptions.MOCHA_ARGS, ...files], niceness, env };
}

function nodeVersionsJob(niceness) {
  return {
    title: "Node versions (scripts/test-node-versions.mjs)",
    args: [join(root, "scripts", "test-node-versions.mjs")],
    niceness,
    env: process.env,
  };
}

/**
 * Runs a job. `output: "inherit"` prints as it goes; "keep" collects stdout and stderr in order;
 * "tee" does both (printed as it goes, and kept).
 */
function run(job, output) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, job.args, {
      cwd: root,
      stdio: output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
      env: job.env,
    });
    if (job.niceness !== 0 && child.pid !== undefined) {
      try {
        // Before the job has loaded anything: every process it starts inherits the niceness.
        setPriority(child.pid, job.niceness);
      } catch (e) {
        console.error(
          `test-suite: could not lower the priority of ${job.title} (${e.message}); it runs at normal priority`,
        );
      }
    }
    const kept = [];
    if (output !== "inherit") {
      child.stdout.on("data", (b) => {
        kept.push(b);
        if (output === "tee") process.stdout.write(b);
      });
      child.stderr.on("data", (b) => {
        kept.push(b);
        if (output === "tee") process.stderr.write(b);
      });
    }
    child.on("error", (e) => {
      // Not started: no "close" follows.
      console.error(`test-suite: ${job.title} did not start: ${e.message}`);
      resolve({ job, code: 1, signal: null, text: Buffer.concat(kept).toString("utf8") });
    });
    child.on("close", (code, signal) =>
      resolve({ job, code: code ?? 1, signal, text: Buffer.concat(kept).toString("utf8") }),
    );
  });
}

const ESC = String.fromCharCode(27);

/**
 * The failures of a mocha report: what follows its "N failing" line (that line itself is left out,
 * so that .ci/run, which adds up every "N failing", counts them once). A report with no such line
 * (mocha itself failed) gives its last 40 lines.
 */
function failuresOf(text) {
  const lines = text.split("\n");
  // Mocha may colour the summary line: its colour codes (ESC, "[", digits, "m") come before its spaces.
  const uncoloured = (l) => l.replaceAll(ESC, "").replace(/^(?:\[[0-9;]*m)+/, "");
  const at = lines.findIndex((l) => /^\s+[0-9]+ failing/.test(uncoloured(l)));
  const shown = at === -1 ? lines.slice(-40) : lines.slice(at + 1);
  return shown.join("\n").trimEnd();
}

function printKept(result, why) {
  process.stdout.write(`\n== ${result.job.title} (${why}, report kept until now)\n${result.text}`);
  if (result.signal !== null) console.log(`${result.job.title} ended by ${result.signal}`);
}

/** The pool's jobs: its files a few at a time, in order, then Node 26's smoke set. */
function poolJobs(niceness) {
  const jobs = [];
  for (let i = 0; i < poolFiles.length; i += FILES_PER_JOB) {
    const files = poolFiles.slice(i, i + FILES_PER_JOB);
    const names = files.map((f) => (f.startsWith("build/test/") ? f.slice("build/test/".length) : f));
    jobs.push(mochaJob(`test files ${names.join(", ")}`, files, niceness));
  }
  return jobs;
}

// As .mocharc.cjs does, also for the runs without it (scripts/registry-ca.cjs).
registryCa.setAsideRegistryCa(process.env);

const CORPUS_TITLE = "the differential corpus";
const results = [];
if (process.env.AWAIT_TREE_TEST_SERIAL === "1") {
  const jobs = [
    mochaJob("the rest of the suite", [...laneAFiles, ...poolFiles], 0),
    mochaJob(CORPUS_TITLE, corpusFiles, 0),
    nodeVersionsJob(0),
  ];
  for (const job of jobs) {
    if (job.args.length === 1 + mochaOptions.MOCHA_ARGS.length) continue; // a set with no file: said above
    results.push(await run(job, "inherit"));
  }
} else {
  const corpus =
    corpusFiles.length === 0 ? undefined : run(mochaJob(CORPUS_TITLE, corpusFiles, NICENESS.corpus), "keep");
  const pool = poolJobs(NICENESS.pool);
  let ownFilesDone = Promise.resolve();
  const laneA = (async () => {
    const done = [];
    if (laneAFiles.length > 0) {
      const own = run(mochaJob("the rest of the suite", laneAFiles, NICENESS.laneA), "tee");
      ownFilesDone = own.then(() => undefined);
      done.push(await own);
    }
    // Then the pool, from the front.
    for (let job = pool.shift(); job !== undefined; job = pool.shift()) done.push(await run(job, "tee"));
    return done;
  })();
  // Lane B: the corpus; when it is done and lane A's own files too, Node 26's smoke set (one long
  // job, better started first), then the pool from the end.
  const laneB = (async () => {
    const done = [];
    if (corpus !== undefined) done.push(await corpus);
    await ownFilesDone;
    done.push(await run(nodeVersionsJob(NICENESS.pool), "keep"));
    for (let job = pool.pop(); job !== undefined; job = pool.pop()) done.push(await run(job, "keep"));
    return done;
  })();
  results.push(...(await laneA));
  for (const r of await laneB) {
    printKept(r, r.job.title === CORPUS_TITLE ? "run alongside the rest" : "run beside the rest");
    results.push(r);
  }
  const failed = results.filter((r) => r.code !== 0);
  for (const r of failed) {
    process.stdout.write(
      `\n== ${r.job.title} failed; its failures again (its whole report is above):\n${failuresOf(r.text)}\n`,
    );
  }
}
// Not process.exit(): stdout is a pipe under CI (`npm test | tee`), and a write the reader has not
// taken yet is dropped by an exit (the corpus's report, over 100 KB, was cut at 64 KB and the
// rest's repeated failures lost). Ending with the exit code set lets every write drain first.
process.exitCode = empty.length > 0 || results.some((r) => r.code !== 0) ? 1 : 0;
