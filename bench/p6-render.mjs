// P6: rendering 100,000 pending spans (one task: 25,000 traced calls, each pending two levels
// down) to text and to JSON, against `JSON.stringify` of a plain nested object with the same
// nodes and labels: at most 3x. The plain object is a deep copy of the tree's own JSON (same
// nodes, labels, ids, times, kinds and locations: the same data, already built). The dump is
// timed whole: snapshot of the arena (labels formatted, children sorted) and rendering.
import { fileURLToPath } from "node:url";
import { builtSources, load, runtime } from "./lib/build.mjs";
import { alternate, arg, report, row } from "./lib/measure.mjs";

function countSpans(node) {
  let n = 1;
  for (const c of node.children) n += countSpans(c);
  return n;
}

export async function run({ rounds = 11, calls = 25_000 } = {}) {
  const rt = runtime();
  const { fanOut } = load("traced", "pending");
  const registry = new rt.Registry();
  let open;
  const gate = new Promise((r) => {
    open = r;
  });
  const done = registry.register("render", "render").run(() => fanOut(gate, calls));
  const json = registry.get("render").toJSON();
  const spans = countSpans(json.tree);
  const plain = JSON.parse(JSON.stringify(json));
  let sink = 0;
  const r = await alternate(
    {
      plainJson: () => {
        sink += JSON.stringify(plain).length;
      },
      text: () => {
        sink += registry.get("render").toString().length;
      },
      json: () => {
        sink += JSON.stringify(registry.get("render")).length;
      },
    },
    { base: "plainJson", n: 1, rounds, warmup: 2 },
  );
  open();
  await done;
  const ms = (k) => Math.round(r.nsPerOp[k] / 1e5) / 10;
  const detail = (k) =>
    `${ms(k)} vs ${ms("plainJson")} ms for ${spans} spans (${builtSources().transformer}; output ${sink > 0 ? "ok" : "empty"})`;
  return [
    row({
      id: "P6-text",
      name: "render 100k pending spans: text / JSON.stringify(plain)",
      figure: r.ratio.text,
      spread: r.spread.text,
      op: "<=",
      target: 3,
      detail: detail("text"),
    }),
    row({
      id: "P6-json",
      name: "render 100k pending spans: JSON / JSON.stringify(plain)",
      figure: r.ratio.json,
      spread: r.spread.json,
      op: "<=",
      target: 3,
      detail: detail("json"),
    }),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report(await run({ rounds: Number(arg("rounds", 11)) }));
}
