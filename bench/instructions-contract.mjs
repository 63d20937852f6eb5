// Instruction counts per operation, the load-independent figure this shared machine allows
// (docs/performance.md, "How the benchmarks measure"): each workload runs under
// `valgrind --tool=callgrind` at two lengths, with V8 single-threaded, and the difference in
// instructions is divided by the difference in iterations (start-up and warm-up cancel out).
//
//   node bench/instructions.mjs [P1 P2 P2-fn ...]      (default: P1 P2 P2-fn)
//
// Sources are compiled as for `npm run bench` (bench/lib/build.mjs). Slow: each run is a whole
// Node process under valgrind (about 20-60 s).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSources, load, runtime } from "./lib/build.mjs";

const self = fileURLToPath(import.meta.url);

/** Each workload: its untraced and traced variants, `(n) => Promise`, set up once. */
const WORKLOADS = {
  P1: () => {
    runtime().initGlobalRegistry();
    const plain = load("plain", "await-loop");
    const traced = load("traced", "await-loop");
    const p = Promise.resolve(1);
    return { untraced: (n) => plain.awaitLoop(n, p), traced: (n) => traced.awaitLoop(n, p), unit: "await" };
  },
  P2: () => {
    runtime().initGlobalRegistry();
    const plain = load("plain", "traced-call");
    const decorated = load("traced", "decorated");
    const p = Promise.resolve(1);
    const plainService = new plain.PlainService();
    const service = new decorated.Service();
    return {
      untraced: (n) => plain.drivePlainService(plainService, n, p),
      traced: (n) => decorated.driveService(service, n, p),
      unit: "call",
    };
  },
  "P2-fn": () => {
    runtime().initGlobalRegistry();
    const plain = load("plain", "traced-call");
    const traced = load("traced", "traced-call");
    const p = Promise.resolve(1);
    return { untraced: (n) => plain.drive(n, p), traced: (n) => traced.drive(n, p), unit: "call" };
  },
};

const WARM = 20_000;
const SHORT = 20_000;
const LONG = 60_000;

async function child(name, variant, n) {
  const w = WORKLOADS[name]();
  await w[variant](WARM);
  await w[variant](n);
}

function instructions(name, variant, n) {
  const dir = mkdtempSync(join(tmpdir(), "callgrind-"));
  const out = join(dir, "out");
  try {
    const r = spawnSync(
      "valgrind",
      [
        "--tool=callgrind",
        `--callgrind-out-file=${out}`,
        process.execPath,
        "--single-threaded",
        self,
        "--child",
        name,
        variant,
        String(n),
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`valgrind failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const m = /^(?:summary|totals):\s*(\d+)/m.exec(readFileSync(out, "utf8"));
    if (m === null) throw new Error("no instruction total in the callgrind output");
    return Number(m[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]));
} else {
  const names = process.argv.slice(2).filter((a) => a in WORKLOADS);
  buildSources({ quiet: true });
  for (const name of names.length > 0 ? names : ["P1", "P2", "P2-fn"]) {
    const per = {};
    for (const variant of ["untraced", "traced"]) {
      const a = instructions(name, variant, SHORT);
      const b = instructions(name, variant, LONG);
      per[variant] = Math.round((b - a) / (LONG - SHORT));
    }
    const unit = name === "P1" ? "await" : "call";
    console.log(
      `${name}: ${per.traced} instructions per ${unit} traced, ${per.untraced} untraced (${(per.traced / per.untraced).toFixed(2)}x)`,
    );
  }
}
