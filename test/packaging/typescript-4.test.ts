// A project on TypeScript 4 installs the transformer, for the Node hooks (which bring their own
// compiler): its `typescript` peer was `>=5.0`, and npm refused the whole install (ERESOLVE; seen
// auditing ioredis, whose lockfile has TypeScript 4.6). The peer is now `*`; the ts-patch plugin
// and `createTransformer`, which run in the project's compiler, say that TypeScript 4 cannot run
// them (TS97304), and the hooks run the project's TypeScript files as with TypeScript 5.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, node, scratchDir } from "../transformer/helpers.js";
import { npmInstall, packed } from "./support.js";

const TYPESCRIPT_4 = "4.9.5";

describe("packaging: the transformer in a project on TypeScript 4", function () {
  this.timeout(300_000);
  let dir = "";

  before(() => {
    dir = join(scratchDir(), "typescript-4");
    mkdirSync(join(dir, "src"), { recursive: true });
    const devDependencies = { typescript: TYPESCRIPT_4 };
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name: "on-typescript-4", private: true, type: "module", devDependencies }, null, 2)}\n`,
    );
    writeFileSync(
      join(dir, "src", "main.ts"),
      [
        'import { initGlobalRegistry } from "@await-tree/runtime";',
        "async function load(id: number): Promise<number> {",
        "  await new Promise<void>(() => {});",
        "  return id;",
        "}",
        "const registry = initGlobalRegistry();",
        'void registry.register("t", "t").run(() => load(1));',
        'setTimeout(() => { console.log(registry.get("t")?.toString()); process.exit(0); }, 20);',
        "",
      ].join("\n"),
    );
    const tarballs = packed();
    // Plain `npm install` (no --legacy-peer-deps): it failed with ERESOLVE.
    npmInstall(dir, [tarballs.get("@await-tree/runtime") as string, tarballs.get("@await-tree/transformer") as string]);
  });

  it("the Node hooks run its TypeScript with their own compiler", async () => {
    const r = await node(["--import", "@await-tree/transformer/register", "src/main.ts"], {
      cwd: dir,
      env: { AWAIT_TREE_AUTO_INIT: "0", AWAIT_TREE_CACHE: "0", AWAIT_TREE_TRANSFORMER: '{"traceAll":true}' },
    });
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stdout.replace(/\[[^\]]+\]/g, "[T]")).to.equal("t [T]\n  load(1) [T]\n    new Promise(() => {}) [T]\n\n");
  });

  it("the ts-patch plugin and createTransformer refuse TypeScript 4 with TS97304, naming its version", async () => {
    const script = [
      'const ts = require("typescript");',
      'const transformer = require("@await-tree/transformer");',
      "const diagnostics = [];",
      'const factories = transformer({}, {}, { ts, library: "tsc", addDiagnostic: (d) => diagnostics.push(d) });',
      'console.log(diagnostics.map((d) => `TS${d.code}: ${d.messageText}`).join("\\n"));',
      "console.log(factories.before.length);",
      "try { transformer.createTransformer(undefined, {}, ts); console.log('no error'); }",
      "catch (e) { console.log(`${e.name}: ${e.message}`); }",
      "",
    ].join("\n");
    writeFileSync(join(dir, "plugin.cjs"), script);
    const r = await node(["plugin.cjs"], { cwd: dir });
    expect(r.code, explain(r)).to.equal(0);
    const [plugin, count, thrown] = r.stdout.trim().split("\n");
    expect(plugin).to.equal(
      `TS97304: @await-tree/transformer: the transformer needs TypeScript 5.0 or later, but this compiler is ${TYPESCRIPT_4} ` +
        "(the Node hooks, --import @await-tree/transformer/register, and the bundler plugins bring their own TypeScript); " +
        "the files were compiled without instrumentation.",
    );
    expect(count).to.equal("1");
    expect(thrown).to.match(
      /^AwaitTreeTransformerError: .*TS97304.*needs TypeScript 5\.0 or later, but this compiler is 4\.9\.5/,
    );
  });
});
