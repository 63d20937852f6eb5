// Temporary projects written from inline files, compiled with and without the plugin (tspc and
// the project's own tsc) and run by node: the differential check of the robustness tests.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { explain, makeProject, node, type Run, tsc, tspc } from "./helpers.js";

export interface InlineProject {
  files: Record<string, string>;
  compilerOptions: Record<string, unknown>;
  plugin?: Record<string, unknown> | false;
  type?: "module" | "commonjs";
}

let counter = 0;

/** A fresh project (node_modules linked as in helpers.makeProject) holding `files`. */
export function inlineProject(name: string, spec: InlineProject): string {
  const dir = makeProject(`robust-${name}-${++counter}`, {
    from: "options",
    compilerOptions: spec.compilerOptions,
    plugin: spec.plugin ?? {},
    ...(spec.type !== undefined ? { type: spec.type } : {}),
  });
  rmSync(join(dir, "src"), { recursive: true, force: true });
  for (const [file, text] of Object.entries(spec.files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

export interface Differential {
  withPlugin: { compile: Run; run: Run };
  without: { compile: Run; run: Run };
  dir: string;
}

/** Compiles `spec` with tspc (plugin) and tsc (no plugin) in two projects and runs `main` of each. */
export async function differential(name: string, spec: InlineProject, main: string): Promise<Differential> {
  const a = inlineProject(`${name}-with`, spec);
  const b = inlineProject(`${name}-without`, { ...spec, plugin: false });
  const [ca, cb] = await Promise.all([tspc(a), tsc(b)]);
  const [ra, rb] = await Promise.all([
    node(["--enable-source-maps", join(a, main)], { cwd: a }),
    node(["--enable-source-maps", join(b, main)], { cwd: b }),
  ]);
  return { withPlugin: { compile: ca, run: ra }, without: { compile: cb, run: rb }, dir: a };
}

/** A readable summary for assertion messages. */
export function describeDifferential(d: Differential): string {
  return `with the plugin: compile ${explain(d.withPlugin.compile)}\nrun ${explain(d.withPlugin.run)}\nwithout: compile ${explain(d.without.compile)}\nrun ${explain(d.without.run)}`;
}

export const COMMONJS_ES2022 = {
  strict: true,
  module: "commonjs",
  target: "ES2022",
  lib: ["ES2022"],
  types: ["node"],
  outDir: "out",
  rootDir: "src",
  skipLibCheck: true,
};
