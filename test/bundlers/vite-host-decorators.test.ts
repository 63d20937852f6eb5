// Vite's own TypeScript transform takes its decorator mode from the Vite config as well as from
// tsconfig.json: `oxc: { decorator: { legacy: true } }` (Vite 8) makes a project's decorators
// legacy ones without `experimentalDecorators` in tsconfig.json. The plugin, which compiles traced
// files itself, must lower them the same way: it lowered them as standard decorators, and a legacy
// method decorator, called with `(value, context)`, failed with `Cannot read properties of
// undefined (reading 'value')` where the test passed without the plugin. The same with a
// solution-style tsconfig.json (create-vite's), whose options are those of a referenced project.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, repoRoot } from "../transformer/helpers.js";
import { type BothWays, runBothWays } from "./support/both-ways.js";
import { linkPackages } from "./support/links.js";

const VITEST = join(repoRoot, "node_modules", "vitest", "vitest.mjs");

const DECORATED_TEST = `import { expect, it } from "vitest";

function logged(target: object, key: string, desc: PropertyDescriptor) {
  const orig = desc.value;
  desc.value = async function (this: unknown, ...args: unknown[]) {
    const r = await orig.apply(this, args);
    return \`logged \${key}: \${r}\`;
  };
  return desc;
}

function field(target: object, key: string) {
  Reflect.set(target, "fieldSeen", key);
}

class Svc {
  @field name = "svc";

  @logged
  async load(id: number) {
    await null;
    return id * 2;
  }
}

it("legacy decorators, from the Vite config", async () => {
  expect(await new Svc().load(2)).toBe("logged load: 4");
  expect(Reflect.get(Svc.prototype, "fieldSeen")).toBe("name");
});
`;

interface Case {
  id: string;
  title: string;
  /** tsconfig files, by name. */
  tsconfigs: Record<string, string>;
  /** Extra lines of the Vite config. */
  vite: string[];
}

const CASES: Case[] = [
  {
    id: "oxc",
    title: "the decorator mode of Vite's config (oxc.decorator)",
    // No experimentalDecorators here: the Vite config decides.
    tsconfigs: { "tsconfig.json": '{ "compilerOptions": { "target": "ES2022", "strict": true } }\n' },
    vite: [`  oxc: { decorator: { legacy: true } },`],
  },
  {
    // create-vite's layout: the root tsconfig.json lists no file and references the projects.
    // Vite (and tsc) take a file's options from the referenced project that includes it.
    id: "references",
    title: "a solution-style tsconfig.json: the options of the referenced project that has the file",
    tsconfigs: {
      "tsconfig.json":
        '{ "files": [], "references": [{ "path": "./tsconfig.node.json" }, { "path": "./tsconfig.app.json" }] }\n',
      "tsconfig.app.json":
        '{ "compilerOptions": { "target": "ES2022", "experimentalDecorators": true, "strict": true, "composite": true }, "include": ["src"] }\n',
      "tsconfig.node.json":
        '{ "compilerOptions": { "target": "ES2022", "strict": true, "composite": true }, "include": ["vitest.config.mjs"] }\n',
    },
    vite: [],
  },
];

function project(root: string, c: Case, withPlugin: boolean): void {
  linkPackages(root, ["vitest", "vite", "@await-tree/transformer", "@await-tree/runtime"]);
  writeFileSync(join(root, "package.json"), '{ "private": true, "type": "module" }\n');
  for (const [name, text] of Object.entries(c.tsconfigs)) writeFileSync(join(root, name), text);
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src", "decorated.test.ts"), DECORATED_TEST);
  writeFileSync(
    join(root, "vitest.config.mjs"),
    [
      withPlugin ? `import awaitTree from "@await-tree/transformer/vite";` : "",
      `export default {`,
      ...c.vite,
      withPlugin ? `  plugins: [awaitTree({ traceAll: true })],` : "",
      `  resolve: { preserveSymlinks: true },`,
      `  test: { include: ["src/decorated.test.ts"] },`,
      `};`,
      ``,
    ].join("\n"),
  );
}

for (const c of CASES) {
  describe(`bundlers: legacy decorators from ${c.title}`, function () {
    this.timeout(600_000);
    let runs: BothWays;

    before(async () => {
      const write = (root: string, withPlugin: boolean) => project(root, c, withPlugin);
      runs = await runBothWays(
        `vite-decorators-${c.id}`,
        write,
        [VITEST, "run", "--config", "vitest.config.mjs"],
        () => ({
          CI: "1",
          AWAIT_TREE_CACHE: "0",
        }),
      );
    });

    it("passes without the plugin", () => {
      const run = runs.plain;
      expect(run.code, explain(run)).to.equal(0);
    });

    it("passes with the plugin: traced files get the same decorator mode", () => {
      const run = runs.plugin;
      expect(run.code, explain(run)).to.equal(0);
    });
  });
}
