// V8's code cache of the TypeScript compiler the hooks load (packages/transformer/src/
// typescript-code-cache.ts): a start that compiles a file writes it beside the compiled files'
// cache, a later start that compiles again (an edited file) runs the compiler from it and leaves it
// as it is, a corrupt one is replaced, and `AWAIT_TREE_CACHE=0` writes none. Real starts of Node
// under the hooks, an ES module program (the hooks' own thread on Node 20) and a CommonJS one (the
// require hook, on the program's thread). What it saves is measured, not asserted (docs/node-hooks.md,
// "Cost").
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain } from "../transformer/helpers.js";
import { runHooked, writeProject } from "./support.js";

const MAIN = `async function load(id: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 1));
  return id * 2;
}
async function main(): Promise<void> {
  const xs = await Promise.all([1, 2, 3].map(load));
  console.log(xs.join(","));
}
void main();
`;

/** The code cache files of a cache directory (the compiled files' entries are in two-letter folders). */
function codeCaches(cache: string): string[] {
  if (!existsSync(cache)) return [];
  return readdirSync(cache).filter((f) => f.endsWith(".v8"));
}

for (const type of ["module", "commonjs"] as const) {
  describe(`register: V8's code cache of the TypeScript compiler (${type === "module" ? "ES module" : "CommonJS"})`, function () {
    this.timeout(120_000);
    const env = { AWAIT_TREE_AUTO_INIT: "0" };

    it("is written by a start that compiles, read by the next one, and replaced when corrupt", async () => {
      const dir = writeProject(`ts-code-cache-${type}`, {
        type,
        tsconfig: { compilerOptions: { target: "ES2022", strict: true } },
        files: { "src/main.ts": MAIN },
      });
      const cache = join(dir, ".cache");
      const first = await runHooked(dir, "src/main.ts", env);
      expect(first.code, explain(first)).to.equal(0);
      expect(first.stdout).to.equal("2,4,6\n");
      const written = codeCaches(cache);
      expect(written, "one code cache, named by the compiler's version").to.have.length(1);
      expect(written[0]).to.match(/^typescript-5\.\d+\.\d+-\d+\.v8$/);
      const file = join(cache, written[0] as string);
      const before = readFileSync(file);
      expect(before.length, "V8's data for the compiler's code").to.be.greaterThan(100_000);

      // An edit: the file is compiled again, with the compiler's code from the cache, which V8
      // accepts: nothing to write again.
      appendFileSync(join(dir, "src/main.ts"), "// edited\n");
      const mtime = statSync(file).mtimeMs;
      const edited = await runHooked(dir, "src/main.ts", env);
      expect(edited.code, explain(edited)).to.equal(0);
      expect(edited.stdout).to.equal("2,4,6\n");
      expect(edited.stderr, "nothing said of the cache").to.equal("");
      expect(statSync(file).mtimeMs, "an accepted cache is not written again").to.equal(mtime);
      expect(readFileSync(file).equals(before)).to.equal(true);

      // Corrupt: V8 rejects it, the compiler is compiled as without a cache, and the file is replaced.
      writeFileSync(file, "not V8's data");
      appendFileSync(join(dir, "src/main.ts"), "// edited again\n");
      const corrupt = await runHooked(dir, "src/main.ts", env);
      expect(corrupt.code, explain(corrupt)).to.equal(0);
      expect(corrupt.stdout).to.equal("2,4,6\n");
      expect(corrupt.stderr).to.equal("");
      expect(readFileSync(file).length, "replaced by V8's data").to.be.greaterThan(100_000);
      expect(codeCaches(cache)).to.deep.equal(written);
    });

    it("is not written with AWAIT_TREE_CACHE=0, nor by a start that compiles nothing", async () => {
      const dir = writeProject(`ts-code-cache-off-${type}`, {
        type,
        tsconfig: { compilerOptions: { target: "ES2022", strict: true } },
        files: { "src/main.ts": MAIN },
      });
      const off = await runHooked(dir, "src/main.ts", { ...env, AWAIT_TREE_CACHE: "0" });
      expect(off.code, explain(off)).to.equal(0);
      expect(off.stdout).to.equal("2,4,6\n");
      expect(existsSync(join(dir, ".cache")), "no cache directory").to.equal(false);
      expect(existsSync(join(dir, "node_modules", ".cache")), "nor the default one").to.equal(false);

      const cache = join(dir, ".cache");
      expect((await runHooked(dir, "src/main.ts", env)).stdout).to.equal("2,4,6\n");
      const file = join(cache, codeCaches(cache)[0] as string);
      // A start from the cache alone: the compiler is not loaded, its code cache not touched.
      writeFileSync(file, "left as it is");
      const warm = await runHooked(dir, "src/main.ts", env);
      expect(warm.stdout).to.equal("2,4,6\n");
      expect(readFileSync(file, "utf8")).to.equal("left as it is");
    });
  });
}
