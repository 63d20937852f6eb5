// Compiled output through Node's module hooks: a project compiled by TypeScript 7 (no transformer
// API) or bundled by esbuild, run from dist/ with `--import @await-tree/transformer/register`,
// prints the await-level tree with the .ts locations (through the emitted source maps).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { explain, repoRoot } from "../transformer/helpers.js";
import { masked, runHooked, USERS_TREE, usersProgram, writeProject } from "./support.js";

type CachedPackage = (name: string, version: string) => { dir?: string; skip?: string };
const cachedPackage = async (): Promise<CachedPackage> =>
  (
    (await import(pathToFileURL(join(repoRoot, "scripts", "cached-package.mjs")).href)) as {
      cachedPackage: CachedPackage;
    }
  ).cachedPackage;

/** TypeScript 7 is not a dev dependency: its `tsc` binary would shadow TypeScript 5's in node_modules/.bin. */
const TYPESCRIPT_7 = "7.0.2";
const ESBUILD = join(repoRoot, "node_modules", "esbuild", "bin", "esbuild");

const tsconfig = (module: "nodenext" | "commonjs", experimentalDecorators: boolean) => ({
  compilerOptions: {
    target: "ES2022",
    module,
    strict: true,
    experimentalDecorators,
    rewriteRelativeImportExtensions: true,
    allowImportingTsExtensions: true,
    sourceMap: true,
    outDir: "dist",
    rootDir: "src",
    types: [],
    plugins: [{ transform: "@await-tree/transformer" }],
  },
  include: ["src"],
});

function tsc7(dir: string, tsc: string): void {
  try {
    execFileSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    // Type errors do not stop the emit; only a missing output would.
    if (!/error TS/.test(`${err.stdout}${err.stderr}`)) throw e;
  }
}

describe("register: compiled output (TypeScript 7, esbuild) with source maps", function () {
  this.timeout(180_000);
  let tsc = "";

  before(async function () {
    const ts7 = (await cachedPackage())("typescript", TYPESCRIPT_7);
    if (ts7.skip !== undefined) {
      // Said in the output, never silently: TypeScript 7 comes from the registry on first use.
      console.log(`    TypeScript ${TYPESCRIPT_7} cannot be had here: ${ts7.skip}`);
      this.skip();
    }
    tsc = join(ts7.dir as string, "bin", "tsc");
  });

  for (const [type, module, legacy] of [
    ["module", "nodenext", false],
    ["commonjs", "commonjs", true],
    ["commonjs", "commonjs", false],
    ["module", "nodenext", true],
  ] as const) {
    it(`tsc 7, ${type}, ${legacy ? "experimentalDecorators" : "standard decorators"}: the tree of the sources`, async () => {
      const dir = writeProject(`tsc7-${type}-${legacy}`, {
        type,
        tsconfig: tsconfig(module, legacy),
        files: usersProgram({ imports: "./db.ts", decorators: legacy ? "legacy" : "standard" }),
      });
      tsc7(dir, tsc);
      const r = await runHooked(dir, join("dist", "main.js"));
      expect(r.code, explain(r)).to.equal(0);
      expect(masked(r)).to.equal(USERS_TREE);
    });
  }

  // A `@traced` method that is not async, in output whose decorators another compiler lowered: its
  // frame was counted as a call that ran without the transformer, and the dump of a fully
  // instrumented program ended with the "Frames only" note.
  const QUEUE = `import { dump, initGlobalRegistry, traced } from "@await-tree/runtime";

class Queue {
  @traced()
  next(): Promise<number> {
    return new Promise(() => {}); // never settles
  }
}

initGlobalRegistry();
void new Queue().next();
setTimeout(() => console.log(dump({ locations: true })), 20);
`;
  const notAsyncMarked = async (dir: string): Promise<void> => {
    const r = await runHooked(dir, join("dist", "main.js"));
    expect(r.code, explain(r)).to.equal(0);
    // Its location is the method's, through the emitted source map.
    expect(r.stdout).to.match(/\nQueue\.next\(\) \[[^\]]+\] at src\/main\.ts:5:3\n/);
    expect(r.stdout).to.not.contain("Frames only");
  };
  for (const legacy of [true, false]) {
    it(`tsc 7, ${legacy ? "experimentalDecorators" : "standard decorators"}: a @traced method that is not async is marked (no "Frames only" note)`, async () => {
      const dir = writeProject(`tsc7-not-async-${legacy}`, {
        type: "commonjs",
        tsconfig: tsconfig("commonjs", legacy),
        files: { "src/main.ts": QUEUE },
      });
      tsc7(dir, tsc);
      await notAsyncMarked(dir);
    });
  }
  it('esbuild bundle (standard decorators lowered): a @traced method that is not async is marked (no "Frames only" note)', async () => {
    const dir = writeProject("esbuild-not-async", {
      type: "commonjs",
      tsconfig: tsconfig("commonjs", false),
      files: { "src/main.ts": QUEUE },
    });
    const flags = [
      "--bundle",
      "--platform=node",
      "--format=cjs",
      "--target=es2022",
      "--sourcemap",
      "--packages=external",
    ];
    execFileSync(ESBUILD, ["src/main.ts", ...flags, "--outfile=dist/main.js"], { cwd: dir, stdio: "pipe" });
    await notAsyncMarked(dir);
  });

  for (const format of ["esm", "cjs"] as const) {
    it(`esbuild bundle (${format}, standard decorators lowered): the tree of the sources`, async () => {
      const dir = writeProject(`esbuild-${format}`, {
        type: format === "esm" ? "module" : "commonjs",
        tsconfig: tsconfig(format === "esm" ? "nodenext" : "commonjs", false),
        files: usersProgram({ imports: "./db.ts", decorators: "standard" }),
      });
      execFileSync(
        ESBUILD,
        [
          "src/main.ts",
          "--bundle",
          "--platform=node",
          `--format=${format}`,
          "--target=es2022",
          "--sourcemap",
          "--packages=external",
          "--outfile=dist/main.js",
        ],
        { cwd: dir, stdio: "pipe" },
      );
      const r = await runHooked(dir, join("dist", "main.js"));
      expect(r.code, explain(r)).to.equal(0);
      expect(masked(r)).to.equal(USERS_TREE);
    });
  }
});
