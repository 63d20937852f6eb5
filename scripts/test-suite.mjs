// `npm test`'s mocha step: the whole suite, in two mocha processes at once.
//
// The differential corpus (test/transformer-corpus) is CPU-bound: its compiles and runs keep both
// of CI's cores busy. The rest of the suite is not: it waits on child processes, servers, timers
// and hung programs, and used about 1.3 of the two cores over its run (measured with
// /usr/bin/time: 377 s of wall time, 487 s of CPU). Run one after the other, the two took about
// 12 minutes here; run together, the corpus takes the CPU the rest leaves idle. The corpus runs at
// a lower priority (nice 10, which its compilers and programs inherit), so that the rest keeps the
// CPU it asks for: its timeouts and waits see the machine they saw alone.
//
// The rest's report is printed as it goes; the corpus's report is kept and printed whole when the
// rest is done (two reports interleaved line by line would be unreadable), or as soon as it ends
// after that. When the rest failed, its failures are printed once more at the very end: a CI log
// is often read from its tail, and the corpus's long report would otherwise bury them. Each prints mocha's own "N passing" / "N failing" lines, which .ci/run adds up. The
// step fails when either fails. `AWAIT_TREE_TEST_SERIAL=1` runs the two one after the other, for a
// machine with one core or for timing either alone.
//
// `npx mocha` alone (.mocharc.cjs) still runs every test file in one process.
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import mochaOptions from "./mocha-options.cjs";
import registryCa from "./registry-ca.cjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mocha = join(root, "node_modules", "mocha", "bin", "mocha.js");

/** Every compiled test file; the rest of the suite is these without the corpus's. */
const ALL = "build/test/**/*.test.js";
/** The corpus's test files (compiled): the differential corpus and its generated programs. */
const CORPUS = "build/test/transformer-corpus/**/*.test.js";
/** Niceness of the corpus's process tree: below the rest of the suite, above nothing else. */
const CORPUS_NICENESS = 10;

/**
 * `--rest <glob> --corpus <glob>` replace the two sets (test/support/test-suite.test.ts runs the
 * script on fixtures); a glob of the rest that the corpus's matches is left out of the rest.
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

/**
 * Runs mocha with `args`. `output: "inherit"` prints as it goes; "keep" collects stdout and stderr
 * in order; "tee" does both (printed as it goes, and kept).
 */
function runMocha(args, output, niceness = 0) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mocha, ...args], {
      cwd: root,
      stdio: output === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    if (niceness !== 0 && child.pid !== undefined) {
      try {
        // Before mocha has loaded anything: every process it starts inherits the niceness.
        setPriority(child.pid, niceness);
      } catch (e) {
        console.error(`test-suite: could not lower the corpus's priority (${e.message}); it runs at normal priority`);
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
      console.error(`test-suite: mocha did not start: ${e.message}`);
      resolve({ code: 1, signal: null, text: Buffer.concat(kept).toString("utf8") });
    });
    child.on("close", (code, signal) =>
      resolve({ code: code ?? 1, signal, text: Buffer.concat(kept).toString("utf8") }),
    );
  });
}

function printCorpus(result) {
  process.stdout.write(`\n== the differential corpus (run alongside the rest, report kept until now)\n${result.text}`);
  if (result.signal !== null) console.log(`the corpus's mocha ended by ${result.signal}`);
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

function printRestFailures(result) {
  process.stdout.write(
    `\n== the rest of the suite failed; its failures again (its whole report is above the corpus's):\n${failuresOf(result.text)}\n`,
  );
}

const rest = [...mochaOptions.MOCHA_ARGS, "--ignore", corpusSpec, restSpec];
const corpus = [...mochaOptions.MOCHA_ARGS, corpusSpec];

// As .mocharc.cjs does, also for the corpus's run without it (scripts/registry-ca.cjs).
registryCa.setAsideRegistryCa(process.env);

let failed = false;
if (process.env.AWAIT_TREE_TEST_SERIAL === "1") {
  failed = (await runMocha(rest, "inherit")).code !== 0;
  const c = await runMocha(corpus, "inherit");
  failed ||= c.code !== 0;
} else {
  const corpusRun = runMocha(corpus, "keep", CORPUS_NICENESS);
  const r = await runMocha(rest, "tee");
  const c = await corpusRun;
  printCorpus(c);
  if (r.code !== 0) printRestFailures(r);
  failed = r.code !== 0 || c.code !== 0;
}
// Not process.exit(): stdout is a pipe under CI (`npm test | tee`), and a write the reader has not
// taken yet is dropped by an exit (the corpus's report, over 100 KB, was cut at 64 KB and the
// rest's repeated failures lost). Ending with the exit code set lets every write drain first.
process.exitCode = failed ? 1 : 0;
