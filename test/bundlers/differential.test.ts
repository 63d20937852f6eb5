// The bundler plugin changes nothing a program does: small projects built by every bundler with
// and without the plugin must print the same lines. Each project is a case an adversary's pass
// found broken (2026-12-04): a side-effect import that `verbatimModuleSyntax` keeps, a `.cts` file
// written with ES module syntax, a script (no import or export), JSX pragmas at the top of a
// file; and esbuild's own `loader` setting for the files the plugin returns. Nor may the plugin add
// a warning of the bundler's (TypeScript's decorator helpers made Rollup warn about `this`).
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { expect } from "chai";
import type * as esbuildTypes from "esbuild";
import { explain, limited, node, type Run, scratchDir } from "../transformer/helpers.js";
import { BUNDLERS, type Bundler } from "./build-scenarios.js";
import { linkPackages } from "./support/links.js";
import { buildAll } from "./support.js";

const require = createRequire(import.meta.url);

interface Case {
  name: string;
  tsconfig: Record<string, unknown>;
  files: Record<string, string>;
  entry: string;
  /** The package.json's `type` (default `module`; `none` writes none). */
  packageType?: "module" | "none";
  /** Bundlers that build the project without the plugin (as configured in bench/lib/bundler-builds.mjs). */
  bundlers?: readonly Bundler[];
  /** What the program prints, without the plugin and with it. */
  prints: string;
  /** Where the bundler itself prints otherwise (its own TypeScript transform's choice): the plugin must not change it. */
  printsOn?: Partial<Record<Bundler, string>>;
}

const base = { target: "ES2022", module: "ESNext", moduleResolution: "bundler", strict: true };

const CASES: Case[] = [
  {
    name: "verbatim-side-effect",
    tsconfig: { ...base, verbatimModuleSyntax: true, experimentalDecorators: true },
    files: {
      "src/side.ts": 'console.log("side.ts ran");\nexport const unused = 1;\n',
      "src/main.ts": `import { traced } from "@await-tree/runtime";
import { unused } from "./side.js";
class Job {
  @traced
  async run(n: number): Promise<number> {
    await null;
    return n * 2;
  }
}
new Job().run(21).then((v) => console.log("result", v));
`,
    },
    entry: "src/main.ts",
    prints: "side.ts ran\nresult 42\n",
    // SWC, as rspack runs it, does not read the tsconfig: it drops the unused import itself.
    printsOn: { rspack: "result 42\n" },
  },
  {
    name: "cts-with-es-syntax",
    tsconfig: { ...base, experimentalDecorators: true },
    files: {
      "src/helper.cts": `import path from "node:path";
import { traced } from "@await-tree/runtime";
export class Helper {
  @traced
  async join(a: string, b: string): Promise<string> {
    await null;
    return path.join(a, b);
  }
}
`,
      "src/main.ts": `import { Helper } from "./helper.cjs";
new Helper().join("a", "b").then((r) => console.log("joined", r), (e) => console.log("error:", e.message));
`,
    },
    entry: "src/main.ts",
    // rollup-plugin-esbuild does not resolve `./helper.cjs` to `helper.cts`.
    bundlers: ["esbuild", "rolldown", "vite", "webpack", "rspack"],
    prints: "joined a/b\n",
    // ts-loader compiles a .cts to CommonJS as tsc does (no esModuleInterop: no default import).
    printsOn: { webpack: "error: Cannot read properties of undefined (reading 'join')\n" },
  },
  {
    name: "legacy-decorator-helpers",
    // TypeScript's `__decorate`/`__metadata` helpers test `this` at the module's top level, where an
    // ES module's `this` is undefined: Rollup warned about each file the plugin compiled.
    tsconfig: { ...base, experimentalDecorators: true, emitDecoratorMetadata: true },
    files: {
      "src/main.ts": `import { traced } from "@await-tree/runtime";
function tag(_target: object, _key: string, d: PropertyDescriptor): PropertyDescriptor {
  return d;
}
class Job {
  @tag
  @traced
  async run(n: number): Promise<number> {
    await null;
    return n + 1;
  }
}
new Job().run(1).then((v) => console.log("ran", v));
`,
    },
    entry: "src/main.ts",
    prints: "ran 2\n",
  },
  {
    // TypeORM's `@Column() slug: string | null`: under `strict`, tsc writes `design:type` Object for
    // a union with null or undefined (TypeORM then asks for the column's type), without it the
    // other member (String). The plugin compiled traced files without `strict`, and wrote String
    // where Vite's own transform and tsc write Object (an audit of 2026-12-05, a TypeORM app under
    // vitest). Only the bundlers whose own transform emits decorator metadata: esbuild, SWC (as
    // rspack runs it) and rollup-plugin-esbuild write none.
    name: "decorator-metadata-strict-null",
    tsconfig: { ...base, experimentalDecorators: true, emitDecoratorMetadata: true },
    bundlers: ["vite", "webpack"],
    files: {
      "src/main.ts": `import { traced } from "@await-tree/runtime";
const seen = new Map<string, unknown>();
(Reflect as unknown as { metadata: unknown }).metadata =
  (k: string, v: unknown) => (_t: object, p?: string) => {
    seen.set(\`\${p}:\${k}\`, v);
  };
function col(_t: object, _k: string) {}
class Row {
  @col slug: string | null = null;
  @col size?: number | undefined;
  @traced
  async find(id: number | null, tag: string | undefined, n?: number): Promise<string> {
    await null;
    return \`\${id}\${tag}\${n}\`;
  }
}
const name = (v: unknown): string => (Array.isArray(v) ? v.map(name).join(",") : (v as { name: string }).name);
new Row().find(1, "a").then(() =>
  console.log(["slug:design:type", "size:design:type", "find:design:paramtypes"].map((k) => \`\${k}=\${name(seen.get(k))}\`).join(" ")),
);
`,
    },
    entry: "src/main.ts",
    prints: "slug:design:type=Object size:design:type=Object find:design:paramtypes=Object,Object,Number\n",
  },
  {
    // InversifyJS's `constructor(@inject(TYPES.Logger) logger: ILogger)`, ILogger an interface
    // imported without `type`: the plugin's one-file-at-a-time compile keeps the import for the
    // metadata. webpack links it (`Object`, as tsc writes it) without a warning; the Node hooks read
    // such names through a namespace import (metadata-imports.ts), on which webpack would warn
    // `export 'ILogger' (imported as '$meta_1') was not found`: not done for bundlers. Vite 8's own
    // transform keeps the import as well, and Rolldown stops (MISSING_EXPORT) with or without the
    // plugin: not compared here (an audit of InversifyJS 7, 2026-12-05).
    name: "decorator-metadata-interface-import",
    tsconfig: { ...base, experimentalDecorators: true, emitDecoratorMetadata: true },
    bundlers: ["webpack"],
    files: {
      "src/types.ts":
        'export interface ILogger { log(m: string): void }\nexport class Db {}\nexport const TYPES = { ILogger: "logger" };\n',
      "src/main.ts": `import { traced } from "@await-tree/runtime";
import { ILogger, Db, TYPES } from "./types";
const seen: string[] = [];
(Reflect as unknown as { metadata: unknown }).metadata = (k: string, v: unknown) => () => {
  if (k === "design:paramtypes") seen.push((v as { name: string }[]).map((c) => c.name).join(","));
};
function inject(..._args: unknown[]): void {}
@inject
class Svc {
  constructor(@inject readonly logger: ILogger, readonly db: Db) {}
  @traced
  async run(): Promise<string> { await null; return TYPES.ILogger; }
}
new Svc(null!, null!).run().then((v) => console.log(seen.join(" "), v));
`,
    },
    entry: "src/main.ts",
    prints: " Object,Db logger\n",
  },
  {
    name: "script",
    // No `"type": "module"`: for Node.js such a file would be a CommonJS script.
    packageType: "none",
    tsconfig: base,
    files: {
      "src/main.ts": `async function main(): Promise<void> {
  await new Promise((r) => setTimeout(r, 1));
  console.log("main done");
}
main();
`,
    },
    entry: "src/main.ts",
    prints: "main done\n",
  },
  {
    name: "jsx-pragmas",
    tsconfig: { ...base, jsx: "react", strict: false },
    files: {
      "src/main.tsx": `/** @jsx h */
/** @jsxFrag Frag */
const h = (tag: any, _props: any, ...children: any[]) => ({ tag, children });
const Frag = "F";
async function render(): Promise<unknown> {
  await null;
  return <><div>hello</div></>;
}
render().then((v) => console.log(JSON.stringify(v)));
export {};
`,
    },
    entry: "src/main.tsx",
    prints: '{"tag":"F","children":[{"tag":"div","children":["hello"]}]}\n',
  },
];

function project(bundler: Bundler, c: Case): string {
  const dir = join(scratchDir(), `differential-${bundler}-${c.name}`);
  mkdirSync(join(dir, "src"), { recursive: true });
  linkPackages(dir, ["@await-tree/runtime"]);
  writeFileSync(
    join(dir, "package.json"),
    c.packageType === "none" ? '{ "private": true }\n' : '{ "private": true, "type": "module" }\n',
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    `${JSON.stringify({ compilerOptions: { ...c.tsconfig, sourceMap: true } })}\n`,
  );
  for (const [file, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe("bundlers: a program prints the same with and without the plugin", function () {
  this.timeout(600_000);
  const outcomes = new Map<string, { build: Run; run?: Run; warnings?: string[] }>();

  before(async () => {
    const casesOf = (b: Bundler) => CASES.filter((c) => c.bundlers === undefined || c.bundlers.includes(b));
    const projects = new Map(BUNDLERS.map((b) => [b, casesOf(b).map((c) => project(b, c))]));
    await limited(
      2,
      BUNDLERS.flatMap((bundler) =>
        [false, true].map((withPlugin) => async () => {
          const dirs = projects.get(bundler) as string[];
          const outDir = `dist-${withPlugin ? "with" : "without"}`;
          // One build process per bundler and side, `traceAll` on (the decorated cases trace either way).
          const cases = casesOf(bundler);
          const jobs = cases.map((c, i) => ({ dir: dirs[i] as string, entry: c.entry, outDir }));
          const { run: build, warnings } = await buildAll(bundler, withPlugin ? { traceAll: true } : null, jobs);
          for (const [i, c] of cases.entries()) {
            const key = `${bundler} ${c.name} ${withPlugin}`;
            if (build.code !== 0) outcomes.set(key, { build });
            else
              outcomes.set(key, {
                build,
                warnings: (warnings?.[i] ?? []).map((w) => w.replaceAll(outDir, "<out>")),
                run: await node(["--enable-source-maps", join(outDir, "bundle.mjs")], {
                  cwd: dirs[i] as string,
                  env: { AWAIT_TREE_AUTO_INIT: "0" },
                }),
              });
          }
        }),
      ),
    );
  });

  for (const bundler of BUNDLERS) {
    for (const c of CASES.filter((x) => x.bundlers === undefined || x.bundlers.includes(bundler))) {
      it(`${bundler}: ${c.name}`, () => {
        for (const side of [false, true]) {
          const o = outcomes.get(`${bundler} ${c.name} ${side}`);
          const what = `${bundler} ${c.name} ${side ? "with" : "without"} the plugin`;
          expect(o?.build.code, `${what}: ${o === undefined ? "not built" : explain(o.build)}`).to.equal(0);
          expect(o?.run?.stdout, `${what}: ${o?.run === undefined ? "" : explain(o.run)}`).to.equal(
            c.printsOn?.[bundler] ?? c.prints,
          );
        }
        // Nor does the bundler warn about anything more (the plugin's own notes name the plugin).
        const without = outcomes.get(`${bundler} ${c.name} false`)?.warnings ?? [];
        const added = (outcomes.get(`${bundler} ${c.name} true`)?.warnings ?? []).filter(
          (w) => !without.includes(w) && !w.includes("@await-tree") && !w.includes("PLUGIN_TIMINGS"),
        );
        expect(added, `${bundler} ${c.name}: warnings with the plugin only`).to.deep.equal([]);
      });
    }
  }
});

describe("bundlers: esbuild's own loader setting holds for the files the plugin returns", function () {
  this.timeout(120_000);

  it("a .js file with JSX under `loader: { '.js': 'jsx' }` builds and runs as without the plugin", async () => {
    const esbuild = require("esbuild") as typeof esbuildTypes;
    const awaitTree = require("@await-tree/transformer/esbuild") as (o?: unknown) => esbuildTypes.Plugin;
    const dir = join(scratchDir(), "esbuild-loader");
    mkdirSync(join(dir, "src"), { recursive: true });
    linkPackages(dir, ["@await-tree/runtime"]);
    writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
    writeFileSync(
      join(dir, "src", "main.js"),
      `import { traced } from "@await-tree/runtime";
const h = (tag, _props, ...children) => ({ tag, children });
const load = traced(async function load() {
  await null;
  return <div>hello</div>;
});
load().then((v) => console.log(JSON.stringify(v)));
`,
    );
    const outs: string[] = [];
    for (const plugins of [[], [awaitTree()]]) {
      const outfile = join(dir, "out", `bundle-${plugins.length}.mjs`);
      await esbuild.build({
        absWorkingDir: dir,
        entryPoints: [join(dir, "src", "main.js")],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        external: ["@await-tree/runtime", "@await-tree/runtime/*"],
        loader: { ".js": "jsx" },
        jsxFactory: "h",
        logLevel: "silent",
        plugins,
      });
      const r = await node([outfile], { cwd: dir, env: { AWAIT_TREE_AUTO_INIT: "0" } });
      outs.push(r.stdout + r.stderr);
    }
    expect(outs).to.deep.equal(['{"tag":"div","children":["hello"]}\n', '{"tag":"div","children":["hello"]}\n']);
  });
});
