// Instructions per operation of the hot paths (P1's await, P2's call), counted by valgrind's
// callgrind: a figure that does not depend on the load of the machine, for deciding between two
// versions of the runtime when wall-clock times are too noisy (docs/performance.md, "How the
// benchmarks measure"). Each case runs twice in a child process under callgrind, after the same
// warm-up, with two loop lengths; the difference of the main thread's instruction counts divided
// by the difference of the lengths is the cost of one operation (start-up, warm-up and the
// optimising compiler's work cancel out). V8 runs with --single-threaded --predictable so that its
// compilers and garbage collector work on the main thread, deterministically, and the runtime
// reads a clock without a thread (see `child`): the counts of two identical runs are the same.
// `--cache` adds valgrind's cache simulation and reports the first-level instruction-cache misses
// per operation beside the instructions: in a server, the code a request runs through costs as
// much as its instructions (docs/performance.md, P5's sixth pass). The simulated caches are
// valgrind's model of this machine's, so compare misses only between runs on one machine.
// `--by-function` also says where the difference goes: per function (V8's compiled code named
// through its `--perf-basic-prof` map), the transformed variant's cost per operation minus the
// untransformed one's, the largest first.
// `--warmup N` sets the operations run before counting (default 200,000): a request of P5's
// handler is 100 operations, so its default warm-up is 2,000 requests, short enough that V8's
// compilers still work in the counted window; `--warmup 2000000` (20,000 requests) leaves them out.
// Usage: node bench/instructions.mjs [--cases p1,p2,p2-fn] [--node <binary>] [--cache] [--by-function]
//        [--warmup N]
// Needs valgrind (Debian package `valgrind`) and the built benchmark sources (bench/lib/build.mjs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtSources, load, root, runtime } from "./lib/build.mjs";
import { costsByFunction, readPerfMap } from "./lib/callgrind-functions.mjs";
import { arg, nodeArg, round } from "./lib/measure.mjs";

const self = fileURLToPath(import.meta.url);

/**
 * The children's environment: without the extra CA file, which Node 20 parses at every start
 * (scripts/registry-ca.cjs). Its parse does not repeat instruction for instruction from one run to
 * the next (OpenSSL's hash tables), which the difference of two runs then shows as a function's
 * cost per operation (`--by-function`).
 */
const childEnv = { ...process.env };
createRequire(import.meta.url)("../scripts/registry-ca.cjs").setAsideRegistryCa(childEnv);

/** Each case: the loops it compares, as (side, module, loop of n operations). */
const CASES = {
  p1: {
    what: "await in a loop (P1)",
    loops: (p) => ({
      untransformed: (n) => load("plain", "await-loop").awaitLoop(n, p),
      transformed: (n) => load("traced", "await-loop").awaitLoop(n, p),
    }),
  },
  p2: {
    what: "@traced method call, transformed body (P2)",
    loops: (p) => {
      const plain = load("plain", "traced-call");
      const decorated = load("traced", "decorated");
      const plainService = new plain.PlainService();
      const service = new decorated.Service();
      return {
        untransformed: (n) => plain.drivePlainService(plainService, n, p),
        transformed: (n) => decorated.driveService(service, n, p),
      };
    },
  },
  "p2-fn": {
    what: "traced async function call (P2-fn)",
    loops: (p) => ({
      untransformed: (n) => load("plain", "traced-call").drive(n, p),
      transformed: (n) => load("traced", "traced-call").drive(n, p),
    }),
  },
  frame: {
    what: "a traced call that does not suspend, not awaited: the frame's enter and exit",
    loops: () => ({
      untransformed: (n) => load("plain", "traced-call").driveReady(n),
      transformed: (n) => load("traced", "traced-call").driveReady(n),
    }),
  },
  "frame-awaited": {
    what: "the same call awaited: its frame and the caller's await",
    loops: () => ({
      untransformed: (n) => load("plain", "traced-call").driveAwaitReady(n),
      transformed: (n) => load("traced", "traced-call").driveAwaitReady(n),
    }),
  },
  "auto-root": {
    what: "an automatic root (a traced call outside any task) with two class instances as arguments, pending past its turn; 1 operation = 1/20 root",
    loops: () => ({
      untransformed: rootLoop(load("plain", "auto-root")),
      transformed: rootLoop(load("traced", "auto-root")),
    }),
  },
  "p5-handler": {
    what: "P5's request handler in process, under an automatic root; 1 operation = 1/100 request",
    loops: () => ({
      untransformed: handlerLoop(load("plain", "handler").handle),
      transformed: handlerLoop(load("traced", "handler").handle),
    }),
  },
  "p5-handler-task": {
    what: "P5's request handler in process, under one registered root; 1 operation = 1/100 request",
    loops: () => {
      const task = runtime().register("p5", "server"); // the child initialised the global registry
      const { runIn } = createRequire(createRequire(join(root, "bench", "index.js")).resolve("@await-tree/runtime"))(
        "../core/context.js",
      );
      // The handler's frames start synchronously under the task's root (no AsyncLocalStorage: the
      // benchmark's own continuations are outside any span, as an untraced server's are).
      const underTask = (start) => runIn(task.slot(), start, false);
      return {
        untransformed: handlerLoop(load("plain", "handler").handle),
        transformed: handlerLoop(load("traced", "handler").handle, underTask),
      };
    },
  },
};

/**
 * P5's handler (bench/src/handler.ts) called in process with a stub request and response, 20
 * requests at a time (P5 loads the server with 32 connections). A request costs about 30,000
 * instructions, too many for callgrind at the loop lengths of the other cases: one operation is a
 * hundredth of a request (multiply the figures by 100). `under(start)` starts a batch (default:
 * outside any span, so that each request is an automatic root when the handler is traced).
 */
function handlerLoop(handle, under = (start) => start()) {
  const OPS_PER_REQUEST = 100;
  const CONCURRENCY = 20;
  const req = { url: "/7" };
  const res = { writeHead() {}, end() {} };
  return async (n) => {
    const requests = Math.round(n / OPS_PER_REQUEST);
    for (let done = 0; done < requests; done += CONCURRENCY) {
      const batch = [];
      under(() => {
        for (let i = 0; i < CONCURRENCY; i++) batch.push(handle(req, res));
      });
      await Promise.all(batch);
    }
  };
}

/**
 * Automatic roots as a server makes them (bench/src/auto-root.ts): 32 requests a turn, each a
 * traced call made outside any task with a new request and response, released in the next turn.
 * A root costs several thousand instructions: one operation is a twentieth of one.
 */
function rootLoop({ serve, Request, Response }) {
  const OPS_PER_ROOT = 20;
  const BATCH = 32;
  return async (n) => {
    const roots = Math.round(n / OPS_PER_ROOT);
    for (let done = 0; done < roots; done += BATCH) {
      let open;
      const gate = new Promise((resolve) => {
        open = resolve;
      });
      const batch = [];
      for (let i = 0; i < BATCH; i++) {
        const res = new Response();
        res.ready = gate;
        batch.push(serve(new Request(), res));
      }
      await new Promise((resolve) => setImmediate(resolve)); // the roots outlive the turn that made them
      open();
      await Promise.all(batch);
    }
  };
}

/**
 * V8 flags of every counted run. `--predictable` makes the counts repeat exactly (without it the
 * garbage collector's timing-driven heuristics moved one count by up to 30% between runs);
 * AWAIT_TREE_CALLGRIND_V8 replaces it.
 */
const EXTRA_V8 = (process.env.AWAIT_TREE_CALLGRIND_V8 ?? "--predictable").split(" ").filter(Boolean);

const WARMUP = 200_000;
const LENGTHS = [100_000, 300_000];

/** The runtime's clock module (internal: not one of the package's entries). */
function clockModule() {
  const entry = createRequire(join(root, "bench", "index.js")).resolve("@await-tree/runtime");
  return createRequire(entry)("../core/clock.js");
}

/** In the child: warm up, then run `n` operations of one loop. */
async function child(name, variant, n, warmup) {
  runtime().initGlobalRegistry();
  // The coarse clock's own reading (the hot path's `stamp`), from a cell no thread stamps: under
  // valgrind, which runs one thread at a time, when the clock thread gets to stamp again after a
  // sleep decides how many readings take the slow branch, and the counts varied by 30% between
  // identical runs. With this cell they repeat exactly, and the reading is the one a process makes.
  clockModule().readCellWithoutWorker();
  const loop = CASES[name].loops(Promise.resolve(1))[variant];
  for (let done = 0; done < warmup; done += 20_000) await loop(20_000);
  await loop(n);
}

/**
 * The main thread's counts of one child run under callgrind: `{ Ir }`, and with `cache` also
 * `{ I1mr }` (first-level instruction-cache misses).
 */
function count(node, name, variant, n, cache = false, byFunction = false, warmup = WARMUP) {
  const dir = mkdtempSync(join(tmpdir(), "await-tree-callgrind-"));
  try {
    const r = spawnSync(
      "valgrind",
      [
        "--tool=callgrind",
        "--separate-threads=yes",
        ...(cache ? ["--cache-sim=yes"] : []),
        ...(byFunction ? ["--dump-instr=yes"] : []),
        `--callgrind-out-file=${join(dir, "cg.out")}`,
        node,
        "--single-threaded",
        ...EXTRA_V8,
        ...(byFunction ? ["--perf-basic-prof"] : []),
        self,
        "--child",
        name,
        variant,
        String(n),
        String(warmup),
      ],
      // In the scratch folder: V8 writes its isolate logs where it runs (`--perf-basic-prof`).
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: childEnv, cwd: dir },
    );
    if (r.status !== 0)
      throw new Error(`callgrind run failed (${r.status}): ${r.stderr.split("\n").slice(-5).join(" ")}`);
    // Thread 1 is the main thread (a run with one thread writes no suffix).
    const files = readdirSync(dir);
    const file = files.includes("cg.out-01") ? "cg.out-01" : files.find((f) => f === "cg.out");
    if (file === undefined) throw new Error(`no callgrind output in ${files.join(", ")}`);
    const text = readFileSync(join(dir, file), "utf8");
    const events = /^events: (.+)$/m.exec(text);
    const totals = /^(?:summary|totals): ([\d ]+)$/m.exec(text);
    if (events === null || totals === null) throw new Error("no events or totals line in the callgrind output");
    const names = events[1].trim().split(/\s+/);
    const values = totals[1].trim().split(/\s+/).map(Number);
    const out = {};
    const kinds = cache ? ["Ir", "I1mr"] : ["Ir"];
    for (const k of kinds) {
      const i = names.indexOf(k);
      if (i < 0 || !Number.isFinite(values[i])) throw new Error(`no ${k} count in the callgrind output`);
      out[k] = values[i];
    }
    if (byFunction) out.functions = byFunctionOf(text, kinds);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `{ event: Map(function -> cost) }` of a run written with `--dump-instr=yes`. V8 writes its code
 * map to /tmp/perf-<pid>.map (a fixed place, where `perf` looks), removed here once read.
 */
function byFunctionOf(text, kinds) {
  const pid = /^pid: (\d+)$/m.exec(text);
  if (pid === null) throw new Error("no pid line in the callgrind output");
  const mapFile = join("/tmp", `perf-${pid[1]}.map`);
  try {
    const perfMap = readPerfMap(mapFile);
    return Object.fromEntries(kinds.map((k) => [k, costsByFunction(text, perfMap, k, root)]));
  } finally {
    rmSync(mapFile, { force: true });
  }
}

/** Per function, `b`'s cost minus `a`'s, over `n` operations: a Map. */
function perOperation(a, b, n) {
  const out = new Map();
  for (const k of new Set([...a.keys(), ...b.keys()])) out.set(k, ((b.get(k) ?? 0) - (a.get(k) ?? 0)) / n);
  return out;
}

/**
 * Instructions per operation of every variant of `name`: `{ variant: count }`; with `cache`, also
 * `misses: { variant: first-level instruction-cache misses per operation }`.
 */
export function measure(name, { node = process.execPath, cache = false, byFunction = false, warmup = WARMUP } = {}) {
  builtSources();
  const out = {};
  const misses = {};
  const functions = {};
  const ops = LENGTHS[1] - LENGTHS[0];
  for (const variant of ["untransformed", "transformed"]) {
    const [a, b] = LENGTHS.map((n) => count(node, name, variant, n, cache, byFunction, warmup));
    const per = (k) => round((b[k] - a[k]) / ops, k === "Ir" ? 0 : 2);
    out[variant] = per("Ir");
    if (cache) misses[variant] = per("I1mr");
    if (byFunction) {
      functions[variant] = Object.fromEntries(
        Object.keys(a.functions).map((k) => [k, perOperation(a.functions[k], b.functions[k], ops)]),
      );
    }
  }
  return { ...out, ...(cache ? { misses } : {}), ...(byFunction ? { functions } : {}) };
}

/** The `top` functions whose cost per operation differs most between the variants, for `event`. */
function functionLines(functions, event, top = 25) {
  const t = functions.transformed[event];
  const u = functions.untransformed[event];
  const rows = [...new Set([...t.keys(), ...u.keys()])].map((k) => [k, (t.get(k) ?? 0) - (u.get(k) ?? 0)]);
  rows.sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]));
  return rows.slice(0, top).map(([k, d]) => `  ${(d >= 0 ? "+" : "") + round(d, 2)}\t${k}`);
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]), Number(process.argv[6]));
} else if (process.argv[1] === self) {
  // The children run in a scratch folder (see `count`): a path given relative to here is made
  // absolute; a bare name is looked up on PATH by valgrind.
  const node = nodeArg();
  const cache = process.argv.includes("--cache");
  const byFunction = process.argv.includes("--by-function");
  const topText = arg("top", "25");
  const top = Number(topText);
  if (!/^\d+$/.test(topText) || top < 1)
    throw new Error(`--top takes a positive whole number of rows, not ${JSON.stringify(topText)}`);
  const warmupText = arg("warmup", String(WARMUP));
  const warmup = Number(warmupText);
  if (!/^\d+$/.test(warmupText) || !Number.isSafeInteger(warmup))
    throw new Error(`--warmup takes a whole number of operations, not ${JSON.stringify(warmupText)}`);
  for (const name of arg("cases", "p1,p2,p2-fn").split(",")) {
    if (CASES[name] === undefined) throw new Error(`unknown case ${name} (cases: ${Object.keys(CASES).join(", ")})`);
    const r = measure(name, { node, cache, byFunction, warmup });
    const missText = cache
      ? `; ${r.misses.transformed} vs ${r.misses.untransformed} instruction-cache misses per operation`
      : "";
    console.log(
      `${name} (${CASES[name].what}): ${r.transformed} vs ${r.untransformed} instructions per operation, +${r.transformed - r.untransformed}${missText}`,
    );
    if (byFunction) {
      for (const event of cache ? ["Ir", "I1mr"] : ["Ir"]) {
        console.log(
          `${event === "Ir" ? "instructions" : "instruction-cache misses"} per operation, transformed minus untransformed, by function:`,
        );
        console.log(functionLines(r.functions, event, top).join("\n"));
      }
    }
  }
}
