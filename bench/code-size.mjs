// The optimized machine code P5's handler runs through, traced against untraced: how much code a
// request's work spreads over. In a server, a request's code does not stay in the CPU's
// first-level instruction cache between requests as a microbenchmark's loop does, and the misses
// cost P5 as much as the instructions (docs/performance.md, P5's sixth and eleventh passes).
// Each side runs in a child process printing V8's optimized code (`--print-opt-code`): the
// handler, 20 requests at a time in process (no HTTP stack), under the global registry's automatic
// roots, as bench/instructions.mjs's p5-handler case runs it. Summed is the latest code of each
// function (bench/lib/opt-code.mjs). Not every byte runs in every request (a function may also
// have been inlined into its caller, whose copy runs instead), so read it as a gauge between two
// builds, not as a footprint.
// Usage: node bench/code-size.mjs [--node <binary>] [--batches N] [--top N]
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { builtSources, load, runtime } from "./lib/build.mjs";
import { arg, nodeArg } from "./lib/measure.mjs";
import { optimizedCode, totalSize } from "./lib/opt-code.mjs";

const self = fileURLToPath(import.meta.url);
const BATCH = 20;

/** In the child: `batches` batches of requests on one side's handler. */
async function child(side, batches) {
  runtime().initGlobalRegistry();
  const { handle } = load(side, "handler");
  const req = { url: "/7" };
  const res = { writeHead() {}, end() {} };
  for (let b = 0; b < batches; b++) {
    const batch = [];
    for (let i = 0; i < BATCH; i++) batch.push(handle(req, res));
    await Promise.all(batch);
  }
}

/** A whole number of at least 1 from `--name`, or a clear error. */
function count(name, fallback) {
  const text = arg(name, String(fallback));
  const n = Number(text);
  if (!/^\d+$/.test(text ?? "") || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(`--${name} takes a whole number of at least 1, not ${JSON.stringify(text)}`);
  }
  return n;
}

/** One side's optimized code: [{ name, position, kind, size }]. */
function codeOf(node, side, batches) {
  const r = spawnSync(node, ["--print-opt-code", self, "--child", side, String(batches)], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`the ${side} child failed (${r.status ?? r.signal}): ${r.stderr || r.error}`);
  return optimizedCode(r.stdout);
}

/** Size by function name (functions of one name, from different scripts, added up). */
function byName(functions) {
  const sizes = new Map();
  for (const f of functions) sizes.set(f.name, (sizes.get(f.name) ?? 0) + f.size);
  return sizes;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[2] === "--child") {
  await child(process.argv[3], Number(process.argv[4]));
} else if (process.argv[1] === self) {
  const node = nodeArg();
  const batches = count("batches", 3000);
  const top = count("top", 30);
  builtSources();
  const plain = codeOf(node, "plain", batches);
  const traced = codeOf(node, "traced", batches);
  // By name: the handler's functions start at other positions in the transformed source.
  const plainByName = byName(plain);
  const tracedByName = byName(traced);
  console.log(`P5's handler, ${batches * BATCH} requests in process: the latest optimized code of each function`);
  console.log(`  untraced: ${kb(totalSize(plain))} in ${plain.length} functions`);
  console.log(
    `  traced: ${kb(totalSize(traced))} in ${traced.length} functions (+${kb(totalSize(traced) - totalSize(plain))})`,
  );
  const grown = [...tracedByName]
    .filter(([name, size]) => plainByName.has(name) && size !== plainByName.get(name))
    .map(([name, size]) => [name, size - plainByName.get(name)]);
  const onlyTraced = [...tracedByName].filter(([name]) => !plainByName.has(name)).sort((a, b) => b[1] - a[1]);
  const onlyPlain = [...plainByName].filter(([name]) => !tracedByName.has(name));
  const sum = (rows) => rows.reduce((t, [, size]) => t + size, 0);
  console.log("optimized in both runs, size traced minus untraced:");
  for (const [name, d] of grown.sort((a, b) => b[1] - a[1])) console.log(`  ${d > 0 ? "+" : ""}${kb(d)}\t${name}`);
  console.log(
    `optimized only in the traced run (${kb(sum(onlyTraced))}), the largest ${Math.min(top, onlyTraced.length)}:`,
  );
  for (const [name, size] of onlyTraced.slice(0, top)) console.log(`  ${kb(size)}\t${name}`);
  if (onlyPlain.length > 0) {
    console.log(
      `optimized only in the untraced run (${kb(sum(onlyPlain))}): ${onlyPlain.map(([name]) => name).join(", ")}`,
    );
  }
}
