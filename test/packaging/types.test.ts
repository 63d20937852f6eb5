// The published declarations type-check, without skipLibCheck and without @types/node, on every
// TypeScript the packages claim: the oldest (5.0), the middle (5.4; 5.6, the last whose typed
// arrays are not generic), 6.0, and typescript@latest (7). A consumer project
// with the packed tarballs installed imports and uses the public API of every subpath, as CommonJS
// (`module: commonjs`) and through Node's resolution (`nodenext`, from an ES module and from a
// CommonJS file).
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { repoRoot } from "../transformer/helpers.js";
import { consumerProject, packages } from "./support.js";

/** TypeScript 7 is not a dev dependency (its `tsc` would shadow 5.9's): fetched like compiled.test.ts does. */
const TYPESCRIPT_7 = "7.0.2";

/** Uses every runtime subpath a hand-written program may import (instrument: what emitted code calls). */
const RUNTIME_USE = `import {
  type Tree,
  globalRegistry,
  initGlobalRegistry,
  instrumentAwait,
  Registry,
  register,
  span,
  traced,
} from "@await-tree/runtime";
import * as instrument from "@await-tree/runtime/instrument";
import { type AwaitTreeMochaOptions, configure, mochaRegistry } from "@await-tree/runtime/mocha";
import "@await-tree/transformer/register";

class Users {
  @traced()
  async load(id: number): Promise<string> {
    return await instrumentAwait(Promise.resolve(\`user \${id}\`), span\`query \${id}\`);
  }

  @traced("save \${id}")
  async save(id: number): Promise<void> {
    await this.load(id);
  }
}

const registry: Registry = initGlobalRegistry({ verbose: false, slowThresholdMs: 100 });
const loaded: Promise<string> = register("req 1", "req 1").run(() => new Users().load(1));
const tree: Tree | undefined = registry.get("req 1");
const text: string | undefined = tree?.toString({ locations: true });
const json = tree?.toJSON();
const options: AwaitTreeMochaOptions = { leaks: "warn" };
configure(options);
const same: Registry = mochaRegistry();
const plusOne: (x: number) => Promise<number> = traced(async (x: number) => x + 1);
export const used = [loaded, text, json, same, plusOne, instrument.enter, globalRegistry()];
`;

/** The transformer's programmatic API: its declarations name no TypeScript type, so they check on 7.x too. */
const TRANSFORMER_USE = `import awaitTreePlugin, { createTransformer, transformSource, type TransformerOptions } from "@await-tree/transformer";

const options: TransformerOptions = { traceAll: true };
const out = transformSource("export async function f() { await 1; }", "f.ts", options);
export const used = [awaitTreePlugin, createTransformer(undefined, options), out.status === "unchanged" ? out.reason : out.code];
`;

/**
 * `import * as` of every exports subpath of every package (from the exports maps, so subpaths added
 * later are checked too). The bundler adapters (`/vite`, `/esbuild`, ...) are left out everywhere: their declarations are the
 * bundler's own plugin type, which only a project that has that bundler (and the types it needs)
 * can check; test/bundlers compiles code that uses each of them.
 */
function importsOfEverySubpath(): string {
  const specs: string[] = [];
  for (const p of packages()) {
    for (const [subpath, target] of Object.entries((p.json.exports as Record<string, unknown> | undefined) ?? {})) {
      if (typeof target !== "object" || target === null) continue;
      const bundlers = Object.keys((p.json.peerDependencies as Record<string, string> | undefined) ?? {}).filter(
        (d) => d !== "typescript" && d !== "@await-tree/runtime" && d !== "jest" && d !== "vitest",
      );
      const text = declarationsOf(p.dir, target);
      if (bundlers.some((b) => text.includes(`from '${b}'`) || text.includes(`from "${b}"`))) continue;
      specs.push(subpath === "." ? p.json.name : `${p.json.name}${subpath.slice(1)}`);
    }
  }
  return `${specs.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`).join("\n")}\nexport const all = [${specs.map((_, i) => `m${i}`).join(", ")}];\n`;
}

/** The text of a subpath's declarations and of the declaration files they import, transitively. */
function declarationsOf(dir: string, target: object): string {
  const seen = new Set<string>();
  const queue = [...JSON.stringify(target).matchAll(/"(\.\/[^"]+\.d\.[cm]?ts)"/g)].map((m) =>
    join(dir, m[1] as string),
  );
  const texts: string[] = [];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    texts.push(text);
    for (const m of text.matchAll(/from ['"](\.[^'"]+)\.(m?js)['"]/g)) {
      queue.push(join(dirname(file), `${m[1]}.d.${m[2] === "mjs" ? "mts" : "ts"}`));
    }
  }
  return texts.join("\n");
}

interface Compiler {
  version: string;
  /** The compiler's package directory. */
  dir: string;
  /** TypeScript 6 deprecates and 7 removes `moduleResolution: node10`: CommonJS projects resolve as `bundler` there. */
  node10: boolean;
  /** Whether the `typescript` package has a compiler API (5.x, 6.x: checked in this process); 7.x is run as a command. */
  compilerApi: boolean;
}

type TS = typeof import("typescript");

/** Type-checks each tsconfig; the compiler's text output per project ("" when clean). */
async function typeCheck(compiler: Compiler, dir: string, projects: string[]): Promise<string[]> {
  if (!compiler.compilerApi) return Promise.all(projects.map((p) => tscCommand(compiler, dir, p)));
  // 5.x and 6.x in this process: one compiler load, and lib files parsed once for all projects.
  const ts = createRequire(join(dir, "package.json"))(compiler.dir) as TS;
  const cache = new Map<string, import("typescript").SourceFile | undefined>();
  return projects.map((project) => {
    const config = ts.getParsedCommandLineOfConfigFile(
      project,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    if (config === undefined) return `${project}: unreadable`;
    const host = ts.createCompilerHost(config.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (file, languageVersion, ...rest) => {
      // The compiler's own lib files and its typescript.d.ts (the transformer's types import it).
      const shared = file.startsWith(compiler.dir + sep);
      if (shared && cache.has(file)) return cache.get(file);
      const sf = getSourceFile(file, languageVersion, ...rest);
      if (shared) cache.set(file, sf);
      return sf;
    };
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
    const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
    return diagnostics.length === 0
      ? ""
      : ts.formatDiagnostics(diagnostics, { ...host, getNewLine: () => "\n", getCanonicalFileName: (f) => f });
  });
}

/** TypeScript 7 (a native compiler, no API): its `tsc`. */
function tscCommand(compiler: Compiler, dir: string, project: string): Promise<string> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      [join(compiler.dir, "bin", "tsc"), "-p", project],
      { cwd: dir, encoding: "utf8", timeout: 120_000 },
      (err, stdout, stderr) => res(err === null ? "" : `${stdout}${stderr}` || String(err)),
    );
  });
}

function writeTsconfig(dir: string, name: string, options: Record<string, unknown>, files: string[]): string {
  const file = join(dir, name);
  const compilerOptions = {
    target: "ES2022",
    lib: ["ES2022"],
    strict: true,
    noEmit: true,
    types: [], // no @types/node: the declarations must not need it
    ...options,
  };
  writeFileSync(file, `${JSON.stringify({ compilerOptions, files }, null, 2)}\n`);
  return file;
}

describe("packaging: the published types on TypeScript 5.0 to 7, without skipLibCheck or @types/node", function () {
  this.timeout(300_000);
  const compilers: Compiler[] = [
    { version: "5.0", dir: join(repoRoot, "node_modules", "typescript-5.0"), node10: true, compilerApi: true },
    { version: "5.4", dir: join(repoRoot, "node_modules", "typescript-5.4"), node10: true, compilerApi: true },
    { version: "5.6", dir: join(repoRoot, "node_modules", "typescript-5.6"), node10: true, compilerApi: true },
    { version: "6.0", dir: join(repoRoot, "node_modules", "typescript-6.0"), node10: false, compilerApi: true },
  ];
  let project = "";

  before(async () => {
    project = consumerProject();
    mkdirSync(join(project, "src"), { recursive: true });
    for (const ext of ["ts", "mts", "cts"]) {
      writeFileSync(join(project, "src", `runtime.${ext}`), RUNTIME_USE);
      writeFileSync(join(project, "src", `transformer.${ext}`), TRANSFORMER_USE);
      // Every subpath of every package, whatever it is: its declarations are checked in full.
      writeFileSync(join(project, "src", `all.${ext}`), importsOfEverySubpath());
    }
    const { cachedPackage } = (await import(pathToFileURL(join(repoRoot, "scripts", "cached-package.mjs")).href)) as {
      cachedPackage: (name: string, version: string) => { dir?: string; skip?: string };
    };
    const ts7 = cachedPackage("typescript", TYPESCRIPT_7);
    if (ts7.skip !== undefined) console.log(`    TypeScript ${TYPESCRIPT_7} cannot be had here: ${ts7.skip}`);
    else compilers.push({ version: TYPESCRIPT_7, dir: ts7.dir as string, node10: false, compilerApi: false });
  });

  it("every compiler type-checks the consumer, as CommonJS and through Node's resolution (ESM and CJS files)", async () => {
    const failures: string[] = [];
    const link = join(project, "node_modules", "typescript");
    for (const compiler of compilers) {
      const dir = project;
      // Every subpath and the transformer's programmatic API, on every compiler: no published
      // declaration imports `typescript` (whose 7.x package has no compiler API types).
      const files = (ext: string) => [`src/runtime.${ext}`, `src/all.${ext}`, `src/transformer.${ext}`];
      const v = compiler.version.replace(/\./g, "_");
      const projects = [
        writeTsconfig(
          dir,
          `tsconfig.cjs.${v}.json`,
          { module: "commonjs", esModuleInterop: true, ...(compiler.node10 ? { moduleResolution: "node10" } : {}) },
          files("ts"),
        ),
        writeTsconfig(dir, `tsconfig.node.${v}.json`, { module: "nodenext", moduleResolution: "nodenext" }, [
          ...files("mts"),
          ...files("cts"),
        ]),
      ];
      // The other decorator mode: `@traced` types for experimentalDecorators too (oldest and newest).
      if (compiler.version === "5.0" || !compiler.compilerApi) {
        projects.push(
          writeTsconfig(
            dir,
            `tsconfig.legacy.${v}.json`,
            { module: "nodenext", moduleResolution: "nodenext", experimentalDecorators: true },
            [`src/runtime.mts`],
          ),
        );
      }
      // The user's `typescript` is the compiler in use (the transformer's types import it).
      rmSync(link, { force: true, recursive: true });
      symlinkSync(compiler.dir, link, "junction");
      const outputs = await typeCheck(compiler, dir, projects);
      outputs.forEach((out, i) => {
        if (out !== "") failures.push(`TypeScript ${compiler.version}, ${projects[i]}:\n${out}`);
      });
    }
    rmSync(link, { force: true, recursive: true });
    expect(failures.join("\n"), "type errors").to.equal("");
    expect(compilers.map((c) => c.version)).to.include.members(["5.0", "5.4", "5.6", "6.0"]);
  });
});
