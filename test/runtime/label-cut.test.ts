import { createRequire } from "node:module";
import { join } from "node:path";
import { instrumentAwait, Registry, span } from "@await-tree/runtime";
import { expect } from "chai";
import fc from "fast-check";
import { never } from "../support/async.js";
import { restoreClock, useManualClock } from "../support/clock.js";
import { repoRoot } from "../transformer/helpers.js";

/** The name of the one wait of a task labelled `label`, in a registry cutting labels at `max`. */
function printed(label: Parameters<typeof instrumentAwait>[1], max = 1000): string {
  const registry = new Registry({ maxLabelLength: max });
  void registry.register("k", "k").run(() => instrumentAwait(never(), label));
  return registry.get("k")?.root.children[0]?.name ?? "";
}

const LONE_SURROGATE = /[\ud800-\udfff]/u;

describe("runtime: label cuts and escapes keep text well formed", () => {
  beforeEach(() => useManualClock());
  afterEach(restoreClock);

  it("never cuts a label between the halves of a surrogate pair", () => {
    // 7 characters, then an emoji across positions 7 and 8: a cut at 8 would split it.
    const name = printed("aaaaaaa😀bc", 8);
    expect(name).to.equal("aaaaaaa…(11 chars)");
    expect(LONE_SURROGATE.test(name)).to.equal(false);
    expect(printed("aaaaaa😀bc", 8)).to.equal("aaaaaa😀…(10 chars)");
  });

  it("never cuts inside an escape sequence", () => {
    expect(printed("aaaaaa\nb", 8)).to.equal("aaaaaa\\n…(8 chars)");
    expect(printed("aaaaaaa\nb", 8)).to.equal("aaaaaaa…(9 chars)");
  });

  it("escapes lone surrogates as \\uXXXX, keeps pairs", () => {
    expect(printed("x\ud800y\udfffz")).to.equal("x\\ud800y\\udfffz");
    expect(printed("pair 😀 ok")).to.equal("pair 😀 ok");
  });

  it("never splits a surrogate pair when a template value is clipped", () => {
    // Template values are clipped at 960 characters: the emoji sits across positions 959 and 960.
    const value = `${"a".repeat(959)}😀`;
    const name = printed(span`v ${value}`);
    expect(name).to.equal(`v ${"a".repeat(959)}…`);
    expect(LONE_SURROGATE.test(name)).to.equal(false);
  });

  it("escapes and cuts task keys as labels: a key cannot forge lines of the dump (text), nor flood it (text and JSON)", () => {
    const registry = new Registry();
    void registry.register("line1\n[fake]\nfake [!!! 99.000s]", "r").run(() => instrumentAwait(never(), "w"));
    void registry.register("a\u0000b\u001b[31m", "c").run(() => instrumentAwait(never(), "w"));
    const huge = { toString: () => "k".repeat(5000) };
    void registry.register(huge, "h").run(() => instrumentAwait(never(), "w"));
    const text = registry.toString();
    expect(text).to.contain("[line1\\n[fake]\\nfake [!!! 99.000s]]\nr [");
    expect(text).to.not.match(/^\[fake\]$/m);
    expect(text).to.contain("[a\\u0000b\\u001b[31m]\nc [");
    expect(text).to.contain(`[${"k".repeat(1000)}…(5000 chars)]\nh [`);
    // JSON keeps the key as written (JSON escapes it), cut at the same length.
    const json = registry.get(huge)?.toJSON();
    expect(json?.key).to.equal(`${"k".repeat(1000)}…(5000 chars)`);
    expect(registry.get("a\u0000b\u001b[31m")?.toJSON().key).to.equal("a\u0000b\u001b[31m");
    // The key `undefined` is a key like another: its JSON says it, as its header does.
    void registry.register(undefined, "u").run(() => instrumentAwait(never(), "w"));
    expect(registry.toString()).to.contain("[undefined]\nu [");
    expect(registry.get(undefined)?.toJSON().key).to.equal("undefined");
  });

  it("quotes only the shown part of a string argument, with the same result as quoting it whole", () => {
    const { formatArgValue, cutAt } = createRequire(import.meta.url)(
      join(repoRoot, "packages", "runtime", "dist", "cjs", "core", "label-value.js"),
    ) as { formatArgValue(v: unknown, max?: number): string; cutAt(s: string, max: number): string };
    const whole = (v: string, max: number): string => {
      const q = JSON.stringify(v);
      return q.length <= max ? q : `${cutAt(q, max)}…`;
    };
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.integer({ min: 2, max: 200 }), (v, max) => {
        expect(formatArgValue(v, max)).to.equal(whole(v, max));
      }),
      { numRuns: 2000 },
    );
    // Megabytes cost the shown part only (this took about a second a dump).
    const body = "b".repeat(20_000_000);
    expect(formatArgValue(body)).to.equal(`"${"b".repeat(119)}…`);
  });
});
