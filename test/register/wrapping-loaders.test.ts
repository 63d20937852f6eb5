// A loader that wraps every module sits between the hooks and Node's own loader when it was
// registered before them: import-in-the-middle, as OpenTelemetry's classic
// `--experimental-loader=@opentelemetry/instrumentation/hook.mjs` registers it. On a Node without
// type stripping the hooks asked the next loader for each TypeScript file (to learn a format a
// loader such as tsx gave it); Node's loader threw ERR_UNKNOWN_FILE_EXTENSION, the hooks caught it
// and compiled the file, but the wrapping loader had seen the failure and reported it once per file
// ("failed to wrap": the APM audit, 2026-12-05). Such a Node's TypeScript is now loaded by the hooks
// alone; the wrapping loader still sees every JavaScript file, as before.
import { expect } from "chai";
import { explain, node } from "../transformer/helpers.js";
import { REGISTER, writeProject } from "./support.js";

/** What import-in-the-middle's load hook does with a module it cannot load: it says so, then rethrows. */
const WRAPPER = `import { writeSync } from "node:fs";
export async function load(url, context, next) {
  try {
    const r = await next(url, context);
    if (url.includes("/src/")) writeSync(2, "wrapped " + url.slice(url.lastIndexOf("/") + 1) + "\\n");
    return r;
  } catch (e) {
    writeSync(2, "failed to wrap " + url.slice(url.lastIndexOf("/") + 1) + ": " + e.code + "\\n");
    throw e;
  }
}
`;

const FILES = {
  "wrapper.mjs": WRAPPER,
  "register-wrapper.mjs": 'import { register } from "node:module";\nregister("./wrapper.mjs", import.meta.url);\n',
  "src/main.ts": `import { load } from "./dep.ts";
import { helper } from "./plain.js";
console.log(await load(20), helper());
`,
  "src/dep.ts": `export async function load(n: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return n + 1;
}
`,
  "src/plain.js": "export function helper() { return 'js'; }\n",
};

describe("register: a loader that wraps every module, registered before the hooks", function () {
  this.timeout(120_000);

  it("sees no failure for the TypeScript files the hooks load, and still sees the JavaScript ones", async function () {
    if ((process.features as { typescript?: unknown }).typescript) {
      // Node's own loader strips types here: it never failed on a TypeScript file.
      this.skip();
    }
    const dir = writeProject("wrapping-loader", {
      type: "module",
      tsconfig: { compilerOptions: { target: "ES2022", module: "nodenext", allowImportingTsExtensions: true } },
      files: FILES,
    });
    const r = await node(["--import", "./register-wrapper.mjs", "--import", REGISTER, "src/main.ts"], {
      cwd: dir,
      env: { AWAIT_TREE_AUTO_INIT: "0", AWAIT_TREE_CACHE: "0" },
    });
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stdout).to.equal("21 js\n");
    expect(r.stderr).not.to.contain("failed to wrap");
    expect(r.stderr).to.contain("wrapped plain.js");
  });
});
