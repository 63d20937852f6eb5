/**
 * The corpus programs and what their header says about them. A header is the run of leading `//`
 * lines of a program:
 *   `// corpus-skip: <config> (reason)`     not compiled in that configuration;
 *   `// corpus-exit: <n>`                   the exit code the program is written to end with (default 0);
 *   `// corpus-decorators: standard|legacy|any`
 *                                           the decorator modes the program compiles in (default any);
 *   `// corpus-script`                      a sloppy-mode script (no import or export): compiled only in
 *                                           the sloppy configurations, where it stays a script;
 *   `// corpus-node-options: <flags>`       extra `node` flags for its runs (e.g. a small heap);
 *   `// corpus-configs: <config>,<config>`  compiled only in these configurations;
 *   `// corpus-expect: <text>`              every plain run's stdout contains this text (what the
 *                                           program is written to reach, when a failure would otherwise
 *                                           look the same in both builds, e.g. a stack overflow);
 *   `// corpus-uninstrumented: (reason)`  nothing in it is traceable even with `traceAll` (its only
 *                                         async function is serialised, or `async` is in a comment)
 *   `// corpus-isolate`                     compiled apart from the other programs, in the compiler runs
 *                                           that all isolated programs share, so that a compiler crash on
 *                                           one (a huge expression) fails only the isolated programs.
 *
 * A program that `corpus-skip` or `corpus-configs` leaves out of one configuration of a pair (the
 * core, the decorator modes: matrix.ts) gets both plugin runs of the pair in the other.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type DecoratorMode = "standard" | "legacy" | "any";

export interface Program {
  name: string;
  file: string;
  /** The extension of the emitted JavaScript: `.js`, `.cjs` for a `.cts` source, `.mjs` for a `.mts` one. */
  outExt: ".js" | ".cjs" | ".mjs";
  /** Configuration name -> reason. */
  skip: Map<string, string>;
  exit: number;
  decorators: DecoratorMode;
  /** The program applies a decorator (so the decorator-mode configurations compile it). */
  usesDecorators: boolean;
  script: boolean;
  nodeOptions: string[];
  /** When set, the only configurations that compile the program. */
  only: Set<string> | undefined;
  isolate: boolean;
  /** Nothing in it is traceable even with `traceAll`: the check that the plugin ran skips it. */
  uninstrumented: boolean;
  expect: string[];
}

const OUT_EXT = { ".ts": ".js", ".cts": ".cjs", ".mts": ".mjs" } as const;

/** A decorator at the start of a line (`@traced`, `@(expr)`, `@ns.dec(...)`), not one in a comment. */
const DECORATOR_LINE = /^\s*@[A-Za-z_$(]/m;

export function parseProgram(file: string, fileName: string): Program {
  const m = /^(.*)(\.ts|\.cts|\.mts)$/.exec(fileName) as RegExpExecArray;
  const text = readFileSync(file, "utf8");
  const program: Program = {
    name: m[1] as string,
    file,
    outExt: OUT_EXT[m[2] as keyof typeof OUT_EXT],
    skip: new Map(),
    exit: 0,
    decorators: "any",
    usesDecorators: DECORATOR_LINE.test(text),
    script: false,
    nodeOptions: [],
    only: undefined,
    isolate: false,
    uninstrumented: false,
    expect: [],
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("#!")) continue;
    if (!line.startsWith("//")) break;
    const skip = /^\/\/ corpus-skip: (\S+)\s*(.*)$/.exec(line);
    if (skip) program.skip.set(skip[1] as string, (skip[2] as string).replace(/^\((.*)\)$/, "$1"));
    const exit = /^\/\/ corpus-exit: (\d+)/.exec(line);
    if (exit) program.exit = Number(exit[1]);
    const deco = /^\/\/ corpus-decorators: (standard|legacy|any)\b/.exec(line);
    if (deco) program.decorators = deco[1] as DecoratorMode;
    if (/^\/\/ corpus-script\b/.test(line)) program.script = true;
    if (/^\/\/ corpus-isolate\b/.test(line)) program.isolate = true;
    if (/^\/\/ corpus-uninstrumented\b/.test(line)) program.uninstrumented = true;
    const expected = /^\/\/ corpus-expect: (.+)$/.exec(line);
    if (expected) program.expect.push(expected[1] as string);
    const opts = /^\/\/ corpus-node-options: (.+)$/.exec(line);
    if (opts) program.nodeOptions.push(...(opts[1] as string).trim().split(/\s+/));
    const only = /^\/\/ corpus-configs: (\S+)/.exec(line);
    if (only) program.only = new Set((only[1] as string).split(","));
  }
  return program;
}

/** Every program of `dir` (`NNN-name.ts`, `.cts` or `.mts`), by name. */
export function loadPrograms(dir: string): Program[] {
  return readdirSync(dir)
    .sort()
    .filter((f) => /^\d\d+-[a-z0-9-]+\.(ts|cts|mts)$/.test(f))
    .map((f) => parseProgram(join(dir, f), f));
}
