// A CommonJS entry that the hooks compile and that `require`s an ES module which imports anything
// (an ES-module-only package, as MikroORM 7's are). On Node 22, a CommonJS module that `import`
// loads with a source from a `registerHooks` load hook runs with the ES module loader's `require`,
// which does not link such a module: the program stopped at start with ERR_VM_MODULE_LINK_FAILURE
// (found auditing MikroORM 7, 2026-12-05). Run on official Node 22 and 24 builds and on this
// Node; the entry must run and be instrumented (its tree printed) on each. Only the entry takes
// that path: a CommonJS TypeScript module an ES module imports keeps the compiled source, from which
// Node reads its export names (handed to the CommonJS loader too, its `import { bar }` failed).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, mask, run } from "../transformer/helpers.js";
import { officialNodeBin, REGISTER, writeProject } from "./support.js";

const program = {
  // An ES-module-only package whose entry imports a module of its own.
  "node_modules/esm-only/package.json": JSON.stringify({ name: "esm-only", type: "module", exports: "./index.js" }),
  "node_modules/esm-only/index.js": 'import { twice } from "./twice.js";\nexport const value = twice(21);\n',
  "node_modules/esm-only/twice.js": "export function twice(n) { return n * 2; }\n",
  "src/main.ts": `import { Registry } from "@await-tree/runtime";
const { value } = require("esm-only") as { value: number };
async function never(): Promise<void> { await new Promise(() => {}); }
async function load(n: number): Promise<void> { await never(); }
const registry = new Registry();
registry.spawn("main", "main", () => load(value));
setTimeout(() => { console.log(registry.toString()); process.exit(0); }, 50);
`,
  // CommonJS TypeScript imported by an ES module: Node finds its export names in the source the
  // hook gives (compiled), not in the file ("export const bar: string" is not seen there).
  "src/lib.cts": 'export function foo(x: number): number { return x + 1; }\nexport const bar: string = "bar";\n',
  "src/esm-main.mts": `import { foo, bar } from "./lib.cts";
import lib from "./lib.cts";
console.log(foo(1), bar, typeof lib.foo);
`,
  "src/plain.js": `const { Registry } = require("@await-tree/runtime");
const { value } = require("esm-only");
async function never() { await new Promise(() => {}); }
async function load(n) { await never(); }
const registry = new Registry();
registry.spawn("plain", "plain", () => load(value));
setTimeout(() => { console.log(registry.toString()); process.exit(0); }, 50);
`,
};

const expected = (key: string) => `[${key}]
${key} [T]
  load(42) [T]
    never() [T]
      new Promise(() => {}) [T]
`;

describe("register: a CommonJS entry that requires an ES module with imports (Node 22, 24 and this Node)", function () {
  this.timeout(120_000);
  let dir = "";

  before(() => {
    dir = writeProject("cjs-requires-esm", {
      type: "commonjs",
      tsconfig: {
        compilerOptions: {
          target: "ES2022",
          module: "commonjs",
          strict: true,
          types: [],
          plugins: [{ transform: "@await-tree/transformer", traceAll: true }],
        },
      },
      files: {},
    });
    for (const [rel, text] of Object.entries(program)) {
      mkdirSync(join(dir, rel, ".."), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
  });

  const nodeOf = async (major: string, test: Mocha.Context): Promise<string> => {
    if (major === "this") return process.execPath;
    const got = await officialNodeBin(major);
    if (got.bin === undefined) {
      console.log(`    not run: ${got.skip}`);
      test.skip();
    }
    return got.bin as string;
  };

  // Node 20's hooks leave every CommonJS module to its CommonJS loader, which reads the file: there,
  // named imports of a .cts file's typed declarations fail as they do under Node 22 without hooks.
  for (const major of ["22", "24"]) {
    it(`Node ${major}: an ES module imports named exports of a CommonJS TypeScript module`, async function () {
      const r = await run(await nodeOf(major, this), ["--import", REGISTER, "src/esm-main.mts"], {
        cwd: dir,
        env: { AWAIT_TREE_CACHE: join(dir, `.cache-${major}`), AWAIT_TREE_AUTO_INIT: "0" },
      });
      expect(r.code, explain(r)).to.equal(0);
      expect(r.stdout, explain(r)).to.equal("2 bar function\n");
    });
  }

  for (const major of ["22", "24", "this"]) {
    for (const [entry, key] of [
      ["src/main.ts", "main"],
      ["src/plain.js", "plain"],
    ] as const) {
      it(`Node ${major}: ${entry} runs instrumented`, async function () {
        const r = await run(await nodeOf(major, this), ["--import", REGISTER, entry], {
          cwd: dir,
          env: { AWAIT_TREE_CACHE: join(dir, `.cache-${major}`), AWAIT_TREE_AUTO_INIT: "0" },
        });
        expect(r.code, explain(r)).to.equal(0);
        expect(mask(r.stdout).trimEnd(), explain(r)).to.equal(expected(key).trimEnd());
      });
    }
  }
});
