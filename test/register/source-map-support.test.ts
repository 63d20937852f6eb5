// `source-map-support` under the module hooks (found by an audit of TypeORM's suite, whose set-up
// imports `source-map-support/register`): the package maps each frame through the map it reads
// from disk, which for a file the hook instrumented is not the map of the code that runs. The
// first frames of `error.stack`, thrown from an instrumented async function, must read as they do
// in the same program run without the hook (compiled by tsc with its source maps), for compiled
// JavaScript and for the `.ts` file run by the hook directly.
import { execFileSync } from "node:child_process";
import { cpSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, node, repoRoot } from "../transformer/helpers.js";
import { runHooked, writeProject } from "./support.js";

const TSC = join(repoRoot, "node_modules", "typescript", "bin", "tsc");

/** The program: `setup` loads source-map-support, then an instrumented async function throws. */
function program(setup: string): string {
  return `${setup}

// Lines above the throw, so that a position of the instrumented code is not one of the source.
interface Row {
  id: number;
}

async function load(id: number): Promise<Row> {
  await new Promise<void>((resolve) => setTimeout(resolve, 1));
  throw new Error(\`no row \${id}\`);
}

async function handle(): Promise<Row> {
  const row = await load(42);
  return row;
}

handle().catch((e: Error) => {
  console.log(String(e.stack).split("\\n").slice(0, 3).join("\\n"));
  // The package's formatter, where the program installed it, and only there.
  console.log((Error as { prepareStackTrace?: { name: string } }).prepareStackTrace?.name);
});
`;
}

const CJS_REQUIRE = `declare const require: (id: string) => { install(options?: object): void };`;

const CASES = [
  {
    name: "CommonJS, require('source-map-support').install()",
    type: "commonjs",
    setup: `${CJS_REQUIRE}\nrequire("source-map-support").install();`,
  },
  {
    name: "CommonJS, install({ hookRequire: true, environment: 'node' })",
    type: "commonjs",
    setup: `${CJS_REQUIRE}\nrequire("source-map-support").install({ hookRequire: true, environment: "node" });`,
  },
  {
    name: "CommonJS, require('source-map-support/register')",
    type: "commonjs",
    setup: `${CJS_REQUIRE}\nrequire("source-map-support/register");`,
  },
  {
    name: "ES module, import 'source-map-support/register.js'",
    type: "module",
    setup: `// Two lines of set-up, as in the others.\nimport "source-map-support/register.js";`,
  },
  {
    // Two copies of the package, each with its own handlers; the second one's formatter wins,
    // after `resetRetrieveHandlers()` (which restores the handlers the copy loaded with).
    name: "CommonJS, two copies, resetRetrieveHandlers() then install()",
    type: "commonjs",
    setup: `${CJS_REQUIRE.replace("void", "void; resetRetrieveHandlers(): void")}\nrequire("source-map-support").install(); const copy = require("../vendor/node_modules/source-map-support"); copy.resetRetrieveHandlers(); copy.install();`,
    copies: true,
  },
  {
    // Loaded and never installed: Node's own source maps, and no formatter of the package.
    name: "CommonJS, required but not installed",
    type: "commonjs",
    setup: `${CJS_REQUIRE}\nrequire("source-map-support");`,
    nodeMaps: true,
  },
] as const;

describe("register: source-map-support maps the frames of instrumented files through their own maps", function () {
  this.timeout(180_000);

  for (const c of CASES) {
    it(`${c.name}: error.stack as without the hook, for dist/main.js and for src/main.ts`, async () => {
      const dir = writeProject(`source-map-support-${c.type}-${CASES.indexOf(c)}`, {
        type: c.type,
        tsconfig: {
          compilerOptions: {
            target: "ES2022",
            module: c.type === "module" ? "nodenext" : "commonjs",
            strict: true,
            sourceMap: true,
            outDir: "dist",
            rootDir: "src",
            types: [],
            plugins: [{ transform: "@await-tree/transformer", traceAll: true }],
          },
          include: ["src"],
        },
        files: { "src/main.ts": program(c.setup) },
      });
      const modules = join(repoRoot, "node_modules");
      symlinkSync(join(modules, "source-map-support"), join(dir, "node_modules", "source-map-support"));
      if ("copies" in c) {
        // A second copy, not a link (a link resolves to the same file, one module): its
        // dependencies from the project's node_modules.
        cpSync(join(modules, "source-map-support"), join(dir, "vendor", "node_modules", "source-map-support"), {
          recursive: true,
        });
        for (const dep of ["source-map", "buffer-from"])
          symlinkSync(join(modules, dep), join(dir, "node_modules", dep));
      }
      execFileSync(process.execPath, [TSC, "-p", dir], { cwd: dir, encoding: "utf8", stdio: "pipe" });

      const env = { AWAIT_TREE_AUTO_INIT: "0" };
      // Without the package's formatter, Node's source maps, which the hook turns on.
      const nodeMaps = "nodeMaps" in c ? ["--enable-source-maps"] : [];
      const asWritten = await node([...nodeMaps, join("dist", "main.js")], { cwd: dir, env });
      expect(asWritten.code, explain(asWritten)).to.equal(0);
      // The throw of the source, line 11 column 9, through tsc's map (by source-map-support or Node).
      expect(asWritten.stdout, explain(asWritten)).to.match(/at load \(.*src[/\\]main\.ts:11:9\)/);
      if ("nodeMaps" in c) expect(asWritten.stdout).to.not.match(/\nprepareStackTrace\n$/);
      else expect(asWritten.stdout).to.match(/\nprepareStackTrace\n$/);

      const compiled = await runHooked(dir, join("dist", "main.js"), env);
      expect(compiled.code, explain(compiled)).to.equal(0);
      expect(compiled.stdout, explain(compiled)).to.equal(asWritten.stdout);

      const typescript = await runHooked(dir, join("src", "main.ts"), env);
      expect(typescript.code, explain(typescript)).to.equal(0);
      expect(typescript.stdout, explain(typescript)).to.equal(asWritten.stdout);
    });
  }
});
