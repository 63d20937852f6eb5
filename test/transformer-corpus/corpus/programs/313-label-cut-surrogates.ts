// Labels with surrogate pairs at the cut (maxLabelLength) and lone surrogates, from hand-made spans and
// template values: dumps never contain a lone surrogate half (not even one made by a cut) and never cut
// an escape. Prints facts about the dumps (their text differs with and without the plugin by design).
import { initGlobalRegistry, globalRegistry, instrumentAwait, Registry, span } from "@await-tree/runtime";

globalRegistry() ?? initGlobalRegistry();
const registry = new Registry({ maxLabelLength: 20 });
const LONE = /[\ud800-\udfff]/u;

async function wait(label: string, gate: Promise<void>): Promise<void> {
  await instrumentAwait(gate, label);
}

async function main(): Promise<void> {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const labels = [
    `${"x".repeat(19)}😀 after the cut`, // the pair straddles the cut at 20
    "lone \ud800 \udc00", // 18 characters once escaped: fits
    "ok 😀",
    `${"a".repeat(19)}\n tail`, // the escape straddles the cut
  ];
  const done = registry.register("k", "k").run(() =>
    Promise.all([...labels.map((l) => wait(l, gate)), instrumentAwait(gate, span`value ${"y".repeat(959)}😀`)]),
  );
  const text = registry.toString();
  const json = JSON.stringify(registry.get("k"));
  console.log("lone surrogate in text:", LONE.test(text));
  console.log("lone surrogate escaped in text:", text.includes("\\ud800") && text.includes("\\udc00"));
  console.log("cut escape in text:", /\\…/.test(text));
  console.log("emoji kept whole somewhere:", text.includes("😀"));
  console.log("json parses:", JSON.parse(json) !== null);
  open();
  await done;
  console.log("done");
}

main();
