// Issue 14, point 4: bundles that include @await-tree/runtime start and print await-level trees,
// with esbuild, Rollup and webpack, as ES modules and as CommonJS; the coarse clock's worker runs
// in each (or the run says why not). Every bundle prints what the unbundled program prints.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot, runNode } from "../support/run-node.js";
import { type Bundler, bundle, compileTraced, type Format, maskTimes, workDir, writeFiles } from "./support.js";

const PROGRAM = `import { initGlobalRegistry, register, traced } from "@await-tree/runtime";

// The coarse clock's worker starts at the first span: say whether it did (and whether it failed).
let clock = "not started";
process.on("worker", (w) => {
  clock = "started";
  w.once("error", (e: Error) => {
    clock = \`failed: \${e.message}\`;
  });
});
let release: () => void = () => {};

class Shop {
  @traced()
  async order(id: number): Promise<void> {
    await this.pay(id);
  }

  @traced()
  async pay(id: number): Promise<void> {
    await new Promise<void>((resolve) => {
      release = resolve;
    });
  }
}

initGlobalRegistry();
const done = register("order 1", "checkout").run(() => new Shop().order(1));
setImmediate(async () => {
  const rt = (globalThis as unknown as Record<symbol, { dump(o?: object): string; format: string }>)[
    Symbol.for("await-tree.runtime")
  ];
  process.stdout.write(rt.dump({ locations: true }));
  release();
  await done;
  console.log(\`clock worker: \${clock}\`);
  console.log(\`runtime build: \${rt.format}\`);
});
`;

const BUNDLERS: Bundler[] = ["esbuild", "rollup", "webpack"];
const FORMATS: Format[] = ["esm", "cjs"];
const ext = (format: Format): string => (format === "esm" ? "mjs" : "cjs");

describe("bundling: a bundle that includes @await-tree/runtime", () => {
  let dir = "";
  const failures = new Map<string, unknown>();

  before(async () => {
    dir = workDir("bundles");
    // One traced program in each module format, compiled by the transformer (await-level code).
    for (const format of FORMATS) {
      writeFiles(dir, { [`shop.${ext(format)}`]: compileTraced(PROGRAM, join(repoRoot, "src", "shop.ts"), format) });
    }
    for (const bundler of BUNDLERS) {
      for (const format of FORMATS) {
        const input = join(dir, `shop.${ext(format)}`);
        try {
          await bundle(bundler, format, input, join(dir, "out", `${bundler}.${ext(format)}`));
        } catch (e) {
          failures.set(`${bundler} ${format}`, e);
        }
      }
    }
  });

  function run(file: string): { stdout: string; stderr: string; status: number | null } {
    const r = runNode([file]);
    return { ...r, stdout: maskTimes(r.stdout) };
  }

  it("unbundled, the program prints an await-level tree with source locations", () => {
    for (const format of FORMATS) {
      const r = run(join(dir, `shop.${ext(format)}`));
      expect(r.stderr, format).to.equal("");
      // Node's own import takes the CommonJS build, re-exported (docs/bundling.md).
      expect(r.stdout, format).to.equal(expected("commonjs"));
    }
  });

  it("the runtime's ES module build imports Node built-ins statically (no require)", () => {
    const text = readFileSync(join(repoRoot, "packages", "runtime", "dist", "esm", "runtime.mjs"), "utf8");
    expect(text).to.match(/^import \{[^}]*\} from "node:util";$/m);
    expect(text).to.not.include("__require");
    // The only \`require\` calls are inside the coarse clock worker's source string (run by the worker).
    const outside = text.replace(/`[^`]*`/g, "");
    expect(outside).to.not.match(/\brequire\(/);
  });

  it("an entry point that installs something (./signal) does so in a bundle only when imported", async () => {
    const show = 'initGlobalRegistry();\nconsole.log("SIGUSR2 listeners:", process.listenerCount("SIGUSR2"));\n';
    writeFiles(dir, {
      "plain.mjs": `import { initGlobalRegistry } from "@await-tree/runtime";\n${show}`,
      "signal.mjs": `import { initGlobalRegistry } from "@await-tree/runtime";\nimport "@await-tree/runtime/signal";\n${show}`,
    });
    for (const [name, listeners] of [
      ["plain", 0],
      ["signal", 1],
    ] as const) {
      const out = join(dir, "out", `side-effects-${name}.mjs`);
      await bundle("esbuild", "esm", join(dir, `${name}.mjs`), out);
      const r = runNode([out], { env: { AWAIT_TREE_SIGNAL: "" } });
      expect(r.stderr, name).to.equal("");
      expect(r.stdout, name).to.equal(`SIGUSR2 listeners: ${listeners}\n`);
    }
  });

  for (const bundler of BUNDLERS) {
    for (const format of FORMATS) {
      it(`${bundler}, ${format === "esm" ? "ES module" : "CommonJS"} bundle: starts, prints the same tree, the clock runs`, () => {
        const failed = failures.get(`${bundler} ${format}`);
        if (failed !== undefined) throw failed;
        const file = join(dir, "out", `${bundler}.${ext(format)}`);
        const r = run(file);
        expect(r.stderr).to.equal("");
        // Bundlers take the "module" condition: the runtime's ES module build, whatever the source.
        expect(r.stdout).to.equal(expected("module"));
      });
    }
  }
});

function expected(build: string): string {
  return [
    "[order 1]",
    "checkout [t]",
    "  Shop.order(1) [t] at src/shop.ts:15:9",
    "    this.pay(1) [t] at src/shop.ts:16:5",
    "      new Promise((resolve) => { release = resolve; }) [t] at src/shop.ts:21:5",
    "",
    "clock worker: started",
    `runtime build: ${build}`,
    "",
  ].join("\n");
}
