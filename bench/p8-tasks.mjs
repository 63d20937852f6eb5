// P8: 1,000,000 tasks registered, run and finished (each a traced job of three awaits, run in
// batches of 1,000 at a time): afterwards the heap (after forced GC, V8 heap plus array buffers)
// must be back within 2 MB of the baseline taken after a warm-up. Run with --expose-gc.
import { fileURLToPath } from "node:url";
import { builtSources, load, runtime } from "./lib/build.mjs";
import { arg, fullGc, heapBytes, report, round, row } from "./lib/measure.mjs";

async function runTasks(registry, job, from, count, batch) {
  for (let i = from; i < from + count; i += batch) {
    const all = [];
    for (let k = i; k < i + batch; k++) all.push(registry.register(k, "task").run(() => job(k)));
    await Promise.all(all);
  }
}

export async function run({ tasks = 1_000_000, batch = 1000 } = {}) {
  const rt = runtime();
  const { job } = load("traced", "tasks");
  const registry = new rt.Registry();
  await runTasks(registry, job, 0, 20_000, batch); // warm-up: code, registry, arena at its working size
  await fullGc();
  const before = heapBytes();
  const live0 = rt.spanStats().live;
  const t0 = performance.now();
  await runTasks(registry, job, 0, tasks, batch);
  const seconds = (performance.now() - t0) / 1000;
  await fullGc();
  const after = heapBytes();
  const deltaMb = (after - before) / (1024 * 1024);
  return [
    row({
      id: "P8",
      name: "1,000,000 tasks run and finished: heap growth",
      figure: round(deltaMb, 2),
      op: "<=",
      target: 2,
      unit: "MB",
      detail:
        `${round(before / 1e6, 1)} -> ${round(after / 1e6, 1)} MB; registry size ${registry.size}, ` +
        `live spans ${rt.spanStats().live - live0}; ${round(seconds, 1)} s (${builtSources().transformer})`,
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(await run({ tasks: Number(arg("tasks", 1_000_000)) }));
}
