// The injected import of the runtime has the form the output format of each file needs, for every
// `module` setting: compiled by tspc (traceAll), run by node. AMD and SystemJS are refused with a
// diagnostic instead of broken output.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, limited, node, tspc } from "./helpers.js";
import { inlineProject } from "./robust-support.js";

const BODY = `async function work(n: number) {
  await null;
  return n * 2;
}
work(21).then((v) => console.log("ok", v, typeof existsSync));
`;
const ESM = `import { existsSync } from "node:fs";\n${BODY}`;
const CJS = `import fs = require("node:fs");\nconst existsSync = fs.existsSync;\n${BODY}`;
const SCRIPT = `const { existsSync } = require("node:fs");\n${BODY}`;

interface Case {
  name: string;
  module: string;
  file: string;
  text: string;
  type: "module" | "commonjs";
  extra?: Record<string, unknown>;
}

const resolution = (m: string) =>
  m === "preserve" || m.startsWith("es") ? "bundler" : m.startsWith("node") ? m : "node10";

const CASES: Case[] = [
  { name: "preserve, a .cts with import = require", module: "preserve", file: "main.cts", text: CJS, type: "commonjs" },
  { name: "preserve, a CommonJS .ts", module: "preserve", file: "main.ts", text: CJS, type: "commonjs" },
  { name: "preserve, a .mts", module: "preserve", file: "main.mts", text: ESM, type: "commonjs" },
  { name: "preserve, an ES .ts in a module package", module: "preserve", file: "main.ts", text: ESM, type: "module" },
  { name: "nodenext, a .cts", module: "nodenext", file: "main.cts", text: CJS, type: "module" },
  { name: "nodenext, a .mts", module: "nodenext", file: "main.mts", text: ESM, type: "commonjs" },
  { name: "nodenext, a .ts in a commonjs package", module: "nodenext", file: "main.ts", text: ESM, type: "commonjs" },
  { name: "nodenext, a .ts in a module package", module: "nodenext", file: "main.ts", text: ESM, type: "module" },
  { name: "node16, a .ts in a module package", module: "node16", file: "main.ts", text: ESM, type: "module" },
  { name: "commonjs", module: "commonjs", file: "main.ts", text: ESM, type: "commonjs" },
  { name: "es2022 in a module package", module: "es2022", file: "main.ts", text: ESM, type: "module" },
  { name: "esnext in a module package", module: "esnext", file: "main.ts", text: ESM, type: "module" },
  { name: "umd, run by node as CommonJS", module: "umd", file: "main.ts", text: ESM, type: "commonjs" },
  {
    name: "es2022, a script in a commonjs package",
    module: "es2022",
    file: "main.ts",
    text: SCRIPT,
    type: "commonjs",
    extra: { moduleDetection: "legacy" },
  },
  {
    name: "preserve, a script in a commonjs package",
    module: "preserve",
    file: "main.ts",
    text: SCRIPT,
    type: "commonjs",
    extra: { moduleDetection: "legacy" },
  },
];

function outputName(file: string): string {
  return file
    .replace(/\.cts$/, ".cjs")
    .replace(/\.mts$/, ".mjs")
    .replace(/\.ts$/, ".js");
}

describe("transformer: module formats (tspc + node)", function () {
  this.timeout(600_000);
  const results = new Map<string, { compile: string; run: string; code: number; js: string }>();

  before(async () => {
    await limited(
      2,
      CASES.map((c, i) => async () => {
        const dir = inlineProject(`module-${i}`, {
          files: { [`src/${c.file}`]: c.text },
          type: c.type,
          compilerOptions: {
            strict: true,
            module: c.module,
            moduleResolution: resolution(c.module),
            target: "ES2022",
            lib: ["ES2022"],
            types: ["node"],
            outDir: "out",
            rootDir: "src",
            skipLibCheck: true,
            ...c.extra,
          },
          plugin: { traceAll: true },
        });
        const compile = await tspc(dir);
        const out = join(dir, "out", outputName(c.file));
        const r = compile.code === 0 ? await node([out], { cwd: dir }) : compile;
        let js = "";
        try {
          js = readFileSync(out, "utf8");
        } catch {}
        results.set(c.name, { compile: explain(compile), run: explain(r), code: r.code, js });
      }),
    );
  });

  for (const c of CASES) {
    it(`${c.name}: runs, instrumented`, () => {
      const r = results.get(c.name);
      expect(r, "not run").to.not.equal(undefined);
      expect(r?.code, `${r?.compile}\n${r?.run}`).to.equal(0);
      expect(r?.run).to.contain("ok 42 function");
      expect(r?.js).to.contain("@await-tree/runtime/instrument");
    });
  }

  for (const mod of ["amd", "system"]) {
    it(`module ${mod}: refused with TS97303, nothing instrumented`, async () => {
      const dir = inlineProject(`module-${mod}`, {
        files: { "src/main.ts": ESM },
        compilerOptions: {
          strict: true,
          module: mod,
          moduleResolution: "node10",
          target: "ES2022",
          lib: ["ES2022"],
          types: ["node"],
          outDir: "out",
          rootDir: "src",
          skipLibCheck: true,
          ignoreDeprecations: "6.0",
        },
        plugin: { traceAll: true },
      });
      const r = await tspc(dir);
      expect(r.code, explain(r)).to.not.equal(0);
      expect(r.stdout).to.contain("TS97303");
      expect(r.stdout).to.contain(`"module": "${mod}" is not supported`);
    });
  }
});
