// P3: P1's loop instrumented the obvious way on AsyncLocalStorage (bench/lib/als-tracer.mjs)
// against ours (the transformer's output): ours must take at most 0.5x its time. Alternately in
// one process; the storage is disabled during our rounds (our transformed code never enables it,
// and on Node 20/22 an enabled storage puts a promise hook on every promise of the process).
import { fileURLToPath } from "node:url";
import * as alsTracer from "./lib/als-tracer.mjs";
import { awaitLoops, builtSources } from "./lib/build.mjs";
import { alternate, arg, report, round, row } from "./lib/measure.mjs";

export async function run({ rounds = 21, n = 200_000 } = {}) {
  const { plain, traced, p } = awaitLoops();
  const r = await alternate(
    {
      untransformed: (k) => {
        alsTracer.als.disable();
        return plain.awaitLoop(k, p);
      },
      ours: (k) => {
        alsTracer.als.disable();
        return traced.awaitLoop(k, p);
      },
      asyncLocalStorage: (k) => alsTracer.awaitLoop(k, p),
      // The same bare loop run inside `als.run`: what an enabled storage costs every await.
      bareInStorage: (k) => alsTracer.als.run({}, () => plain.awaitLoop(k, p)),
    },
    { base: "asyncLocalStorage", n, rounds },
  );
  return [
    row({
      id: "P3",
      name: "await loop: ours / AsyncLocalStorage instrumentation",
      figure: r.ratio.ours,
      spread: r.spread.ours,
      op: "<=",
      target: 0.5,
      detail: `${r.nsPerOp.ours} vs ${r.nsPerOp.asyncLocalStorage} ns per await (bare ${r.nsPerOp.untransformed}; ${builtSources().transformer})`,
    }),
    row({
      id: "ALS-tax",
      name: "bare await loop inside als.run / outside (no target)",
      figure: round(r.nsPerOp.bareInStorage / r.nsPerOp.untransformed),
      detail: `${r.nsPerOp.bareInStorage} vs ${r.nsPerOp.untransformed} ns per await: what an enabled AsyncLocalStorage costs every await of the process`,
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(await run({ rounds: Number(arg("rounds", 21)) }));
}
