// P9: abandoned work. 1,000,000 traced calls that never settle are made and dropped, with a global
// registry: once outside any task (each an automatic root: the registry keeps at most
// `maxAutoRoots`, 10,000), once inside 1,000 tasks of 1,000 calls each that finish (their pending
// spans orphaned: the process keeps at most `maxDetached`, 10,000 subtrees). Heap after forced GC
// (V8 heap plus array buffers, where the span arena lives) minus the same program untransformed,
// which keeps nothing. The figure is the larger of the two; at most 16 MB. Run with --expose-gc.
import { fileURLToPath } from "node:url";
import { builtSources, load, runtime } from "./lib/build.mjs";
import { arg, fullGc, heapBytes, report, round, row } from "./lib/measure.mjs";

async function outsideAnyTask(mod, calls) {
  for (let b = 0; b < calls; b += 1000) {
    for (let i = b; i < b + 1000; i++) void mod.dropped(i, new mod.Conn(i));
    await null;
  }
}

async function inTasks(rt, mod, calls) {
  const registry = new rt.Registry();
  for (let b = 0; b < calls / 1000; b++) await registry.register(b, "task").run(() => mod.job(1000));
}

async function heapGrowth(fn) {
  await fullGc();
  const before = heapBytes();
  const t0 = performance.now();
  await fn();
  const seconds = (performance.now() - t0) / 1000;
  await fullGc();
  return { bytes: heapBytes() - before, seconds };
}

export async function run({ calls = 1_000_000 } = {}) {
  const rt = runtime();
  const registry = rt.initGlobalRegistry();
  const plain = load("plain", "abandoned");
  const traced = load("traced", "abandoned");
  const out = {};
  for (const [name, scenario] of [
    ["outside", (mod) => outsideAnyTask(mod, calls)],
    ["tasks", (mod) => inTasks(rt, mod, calls)],
  ]) {
    const p = await heapGrowth(() => scenario(plain));
    const t = await heapGrowth(() => scenario(traced));
    out[name] = { delta: (t.bytes - p.bytes) / (1024 * 1024), seconds: t.seconds, plainSeconds: p.seconds };
  }
  const s = rt.spanStats();
  const figure = Math.max(out.outside.delta, out.tasks.delta);
  return [
    row({
      id: "P9",
      name: "abandoned work: 1,000,000 never-settling calls dropped, heap growth over untransformed",
      figure: round(figure, 2),
      op: "<=",
      target: 16,
      unit: "MB",
      detail:
        `outside any task +${round(out.outside.delta, 1)} MB (${round(out.outside.seconds, 1)} s vs ${round(out.outside.plainSeconds, 1)} s), ` +
        `in 1,000 finished tasks +${round(out.tasks.delta, 1)} MB (${round(out.tasks.seconds, 1)} s vs ${round(out.tasks.plainSeconds, 1)} s); ` +
        `live spans ${s.live}, dropped ${s.dropped} spans and ${registry.dropped.autoRoots} automatic roots (${builtSources().transformer})`,
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) report(await run({ calls: Number(arg("calls", 1_000_000)) }));
