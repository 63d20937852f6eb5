// P1: a tight loop of `await` on a resolved promise inside a traced function, transformer output
// against the same function untransformed (target: at most 1.5x the time). Both run in this
// process, alternately; the traced one is the code tspc emits with the plugin (bench/lib/build.mjs).
// Outside any task, with the global registry initialised: each call is an automatic root, as a
// traced function called by an untraced framework would be.
import { fileURLToPath } from "node:url";
import { awaitLoops, builtSources } from "./lib/build.mjs";
import { alternate, arg, cpuText, report, row } from "./lib/measure.mjs";

export async function run({ rounds = 31, n = 300_000 } = {}) {
  const { plain, traced, p } = awaitLoops();
  const r = await alternate(
    { untransformed: (k) => plain.awaitLoop(k, p), transformed: (k) => traced.awaitLoop(k, p) },
    { base: "untransformed", n, rounds },
  );
  return [
    row({
      id: "P1",
      name: "await loop: transformed / untransformed",
      figure: r.ratio.transformed,
      spread: r.spread.transformed,
      op: "<=",
      target: 1.5,
      detail: `${r.nsPerOp.transformed} vs ${r.nsPerOp.untransformed} ns per await; ${cpuText(r, "transformed")}; ${rounds} rounds of ${n} (${builtSources().transformer})`,
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(await run({ rounds: Number(arg("rounds", 31)) }));
}
