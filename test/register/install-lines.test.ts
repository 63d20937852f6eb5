// The install and run lines of the docs, followed literally in a fresh temporary project against
// the packed tarballs of this repository (the registry serves everything else, at today's
// versions: `typescript@latest` is 7.x). A doc whose lines stop working fails here.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { commandLines, scenarioBlocks } from "../docs/snippets.js";
import { packed } from "../packaging/support.js";
import { registryEnv } from "../support/registry-env.js";
import { mask, scratchDir } from "../transformer/helpers.js";
import { USERS_TREE, usersProgram } from "./support.js";

/** Runs one doc line in `dir`: our packages come from the tarballs, the rest as written. */
function runLine(dir: string, line: string): { status: number | null; stdout: string; stderr: string } {
  let words = line.trim().split(/\s+/);
  if (words[0] === "npm" && words[1] === "install") {
    words = words.map((w) => packed().get(w) ?? w);
    words.push("--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error");
  }
  const r = spawnSync(words[0] as string, words.slice(1), {
    cwd: dir,
    encoding: "utf8",
    timeout: 240_000,
    env: registryEnv({ AWAIT_TREE_CACHE: "0", npm_config_yes: "true" }),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function freshProject(name: string, type: "module" | "commonjs", tsconfig: unknown): string {
  const dir = join(scratchDir(), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, private: true, type })}\n`);
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  for (const [f, text] of Object.entries(usersProgram({ imports: "./db.js", decorators: "standard" }))) {
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

describe("register: the docs' install and run lines, literally, against the packed tarballs", function () {
  this.timeout(900_000);
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "nodenext",
      strict: true,
      sourceMap: true,
      outDir: "dist",
      rootDir: "src",
      types: ["node"],
      plugins: [{ transform: "@await-tree/transformer" }],
    },
    include: ["src"],
  };

  it("docs/node-hooks.md: install next to typescript@latest, then every run line prints the tree", () => {
    // The blocks marked doc-test=node-hooks (test/docs/snippets.ts): install, then three ways to run.
    const blocks = scenarioBlocks("node-hooks").filter((b) => b.doc === "docs/node-hooks.md");
    const [install, direct, tsx, compiled] = blocks.filter((b) => !b.attrs.has("file")).map(commandLines);
    expect(install, "the install block").to.not.equal(undefined);
    const dir = freshProject("node-hooks", "module", tsconfig);
    // The guide's own files (its tsconfig.json for the compiled route) replace the project's.
    for (const b of blocks.filter((b) => b.attrs.has("file")))
      writeFileSync(join(dir, b.attrs.get("file") as string), b.body);
    // The user's own compiler is the newest: the install must not fail on peer ranges.
    for (const line of ["npm install -D typescript@latest tsx @types/node", ...(install as string[])]) {
      const r = runLine(dir, line);
      expect(r.status, `${line}\n${r.stdout}${r.stderr}`).to.equal(0);
    }
    for (const block of [direct, tsx, compiled]) {
      expect(block, "a run block").to.not.equal(undefined);
      let last: ReturnType<typeof runLine> | undefined;
      for (const line of block as string[]) {
        last = runLine(dir, line);
        // tsc reports the program's type errors (there are none) and still emits.
        expect(last.status, `${line}\n${last.stdout}${last.stderr}`).to.equal(0);
      }
      expect(mask(last?.stdout ?? ""), (block as string[]).join(" && ")).to.equal(USERS_TREE);
    }
  });
});
