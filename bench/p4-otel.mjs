// P4: P1's loop with OpenTelemetry JS (a span per await, bench/lib/otel-tracer.mjs) against ours:
// our overhead (time above the bare loop) must be at most 1/10 of theirs. Bare, ours and
// OpenTelemetry alternate in one process; the context manager is enabled only for its rounds.
import { fileURLToPath } from "node:url";
import { builtSources, load, runtime } from "./lib/build.mjs";
import { alternate, arg, median, report, round, row, spread } from "./lib/measure.mjs";
import * as otel from "./lib/otel-tracer.mjs";

export async function run({ rounds = 15, n = 20_000 } = {}) {
  const rt = runtime();
  rt.initGlobalRegistry();
  const plain = load("plain", "await-loop");
  const traced = load("traced", "await-loop");
  const p = Promise.resolve(1);
  const times = { bare: [], ours: [], otel: [] };
  const r = await alternate(
    {
      bare: (k) => {
        otel.disable();
        return plain.awaitLoop(k, p);
      },
      ours: (k) => {
        otel.disable();
        return traced.awaitLoop(k, p);
      },
      otel: (k) => {
        otel.enable();
        return otel.awaitLoop(k, p);
      },
    },
    { base: "bare", n, rounds, collect: times },
  );
  otel.disable();
  // Per round: (ours - bare) / (otel - bare); the median of those.
  const perRound = times.bare.map((b, i) => (times.ours[i] - b) / (times.otel[i] - b));
  const figure = round(median(perRound));
  const oursOver = round(r.nsPerOp.ours - r.nsPerOp.bare, 1);
  const otelOver = round(r.nsPerOp.otel - r.nsPerOp.bare, 1);
  return [
    row({
      id: "P4",
      name: "await loop: our overhead / OpenTelemetry's",
      figure,
      spread: spread(perRound),
      op: "<=",
      target: 0.1,
      detail: `+${oursOver} vs +${otelOver} ns per await over bare ${r.nsPerOp.bare} (${builtSources().transformer})`,
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(await run({ rounds: Number(arg("rounds", 15)) }));
}
