// A TypeScript file with nothing to trace is compiled by the hook without instrumentation (its
// types stripped, loader.ts `stripTypes`). Its stack frames must name the file itself, whatever
// the tsconfig's `outDir`, `rootDir` or `sourceRoot`: TypeScript writes the map's `sources`
// relative to where `tsc` would emit the file, which is not where the hook's code runs from.
import { expect } from "chai";
import { explain } from "../transformer/helpers.js";
import { runHooked, writeProject } from "./support.js";

const files = (format: "module" | "commonjs") => ({
  "src/util/fail.ts": `export function fail(n: number): never {
  throw new Error(\`fail \${n}\`);
}
`,
  "src/main.ts": `import { fail } from "./util/fail${format === "module" ? ".js" : ""}";
const n: number = 1;
try {
  fail(n);
} catch (e) {
  console.log(((e as Error).stack ?? "").split("\\n").slice(1, 3).map((l) => l.trim()).join("\\n"));
}
`,
});

// Frames as Node prints them for a source-mapped file: by path; the top level of an ES module as
// <anonymous>, of CommonJS as Object.<anonymous>, whose column is that of `(0, fail_1.fail)(n)`'s call.
const frames = (dir: string, format: "module" | "commonjs") =>
  `at fail (${dir}/src/util/fail.ts:2:9)\n` +
  (format === "module"
    ? `at <anonymous> (${dir}/src/main.ts:4:3)\n`
    : `at Object.<anonymous> (${dir}/src/main.ts:4:7)\n`);

describe("register: the source maps of TypeScript files it only strips of types", () => {
  const configs: Record<string, Record<string, unknown>> = {
    "outDir (the audit's tsconfig: rootDir in a base it extends)": { outDir: "dist", sourceMap: true },
    "outDir and rootDir '.'": { outDir: "dist", rootDir: ".", sourceMap: true },
    sourceRoot: { sourceRoot: "/elsewhere/", sourceMap: true },
  };
  for (const format of ["module", "commonjs"] as const) {
    for (const [name, compilerOptions] of Object.entries(configs)) {
      it(`${format}, ${name}: frames name the .ts files where they are`, async () => {
        const dir = writeProject(`stripped-maps-${format}-${name.replace(/\W+/g, "-")}`, {
          type: format,
          tsconfig: {
            ...(name.startsWith("outDir (") ? { extends: "./tsconfig.base.json" } : {}),
            compilerOptions: {
              target: "ES2022",
              module: format === "module" ? "nodenext" : "commonjs",
              strict: true,
              ...compilerOptions,
            },
          },
          files: {
            ...files(format),
            "tsconfig.base.json": `${JSON.stringify({ compilerOptions: { rootDir: "src" } })}\n`,
          },
        });
        const r = await runHooked(dir, "src/main.ts");
        expect(r.stdout, explain(r)).to.equal(frames(dir, format));
      });
    }
  }
});
