// P7: memory per pending span: 100,000 traced calls pending on a promise (a frame and its wait
// each: 200,000 spans), heap after forced GC (V8 heap plus array buffers, where the span arena
// lives), minus the same program untransformed, divided by the spans recorded. At most 150 bytes.
// Run with --expose-gc.
import { fileURLToPath } from "node:url";
import { builtSources, load, runtime } from "./lib/build.mjs";
import { fullGc, heapBytes, report, round, row } from "./lib/measure.mjs";

async function pendingDelta(side, n) {
  const { holdMany } = load(side, "pending");
  let open;
  const gate = new Promise((r) => {
    open = r;
  });
  await fullGc();
  const before = heapBytes();
  const out = [];
  const done = holdMany(gate, n, out);
  await fullGc();
  const after = heapBytes();
  const release = () => {
    open();
    return Promise.all([done, ...out]);
  };
  return { bytes: after - before, release };
}

export async function run({ n = 100_000 } = {}) {
  const rt = runtime();
  rt.initGlobalRegistry();
  // Warm up both sides (code, module state, the runtime's clock) before measuring.
  for (const side of ["plain", "traced"]) await (await pendingDelta(side, 1000)).release();
  const plain = await pendingDelta("plain", n);
  await plain.release();
  const live0 = rt.spanStats().live;
  const traced = await pendingDelta("traced", n);
  const spans = rt.spanStats().live - live0;
  await traced.release();
  const perSpan = (traced.bytes - plain.bytes) / spans;
  return [
    row({
      id: "P7",
      name: "memory per pending span (100,000 pending waits)",
      figure: round(perSpan, 1),
      op: "<=",
      target: 150,
      unit: "B",
      detail:
        `${spans} spans (frames and their waits): +${round(traced.bytes / 1e6, 1)} MB traced, ` +
        `+${round(plain.bytes / 1e6, 1)} MB untransformed; ${round((traced.bytes - plain.bytes) / n, 1)} B per pending await (${builtSources().transformer})`,
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) report(await run());
