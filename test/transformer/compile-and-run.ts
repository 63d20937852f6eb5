// One program compiled in this process with the plugin, then run in a child process: its stdout
// with times masked (the tests of what trees a compiled program prints).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, mask, node } from "./helpers.js";
import { emit, project, withPlugin } from "./in-process.js";

/** Compile `src` as src/main.ts (default plugin options unless given) and run it; its stdout, masked. */
export async function compileAndRun(src: string, plugin: Record<string, unknown> = {}): Promise<string> {
  const dir = project({ "src/main.ts": src });
  const e = emit(dir, ["src/main.ts"], withPlugin(plugin));
  const js = e.files.get("src/main.js");
  expect(js, "no output").to.be.a("string");
  writeFileSync(join(dir, "main.js"), js as string);
  const r = await node([join(dir, "main.js")], { cwd: dir });
  expect(r.code, explain(r)).to.equal(0);
  return mask(r.stdout);
}
