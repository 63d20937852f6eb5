// `@traced` composed with user decorators (issue 9, defects 6, 9 and 11): the wrapper's frame is
// adopted only by the body it wraps (the marker names the body's frame site), so a traced function
// that runs first (a user decorator's wrapper, a getter in a destructured parameter) keeps its own
// frame, every call's frame ends, and the emitted decorators are valid syntax in every form.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "chai";
import type * as TS from "typescript";
import { emit, project, ts, withPlugin } from "./in-process.js";

type Mode = "standard" | "legacy";

/** Compile `src` with the plugin (CommonJS, ES2022) and run it; returns its stdout. */
function compileAndRun(src: string, mode: Mode, extra: TS.CompilerOptions = {}): string {
  const dir = project({ "src/main.ts": src });
  const options: TS.CompilerOptions = {
    lib: ["lib.es2022.d.ts", "lib.decorators.d.ts", "lib.decorators.legacy.d.ts"],
    types: ["node"],
    ...(mode === "legacy" ? { experimentalDecorators: true } : {}),
    ...extra,
  };
  const e = emit(dir, ["src/main.ts"], withPlugin(), options);
  const errors = e.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(errors, "compile errors").to.deep.equal([]);
  for (const [name, text] of e.files) {
    mkdirSync(dirname(join(dir, "out", name)), { recursive: true });
    writeFileSync(join(dir, "out", name), text);
  }
  return execFileSync(process.execPath, [join(dir, "out", "src", "main.js")], { cwd: dir, encoding: "utf8" });
}

/** The user decorator in both modes: returns a wrapper that runs `before(self)` then the original. */
const USER_DECORATOR: Record<Mode, string> = {
  standard: `
function around(before: (self: any) => unknown, after?: (self: any) => unknown) {
  return function (value: (...a: any[]) => any, _c: ClassMethodDecoratorContext) {
    return function (this: any, ...args: any[]) {
      before(this);
      const r = value.apply(this, args);
      after?.(this);
      return r;
    };
  };
}`,
  legacy: `
function around(before: (self: any) => unknown, after?: (self: any) => unknown) {
  return function (_t: object, _k: string, d: PropertyDescriptor) {
    const value = d.value as (...a: any[]) => any;
    d.value = function (this: any, ...args: any[]) {
      before(this);
      const r = value.apply(this, args);
      after?.(this);
      return r;
    };
    return d;
  };
}`,
};

function program(mode: Mode): string {
  return `
import { Registry, spanStats, traced } from "@await-tree/runtime";
${USER_DECORATOR[mode]}
const gate: Array<() => void> = [];
const wait = () => new Promise<void>((r) => gate.push(r));

class Svc {
  @traced
  async audit(what: string) { await null; return what; }

  // The user decorator (applied first, inside @traced) calls another traced method before the body.
  @traced
  @around((s) => s.audit("before"))
  async load(id: number) { await wait(); return id; }

  // ... after the body, and twice.
  @traced
  @around((s) => { s.audit("a"); s.audit("b"); }, (s) => s.audit("after"))
  async save(id: number) { await wait(); return id; }

  // The user decorator outside @traced.
  @around((s) => s.audit("outside"))
  @traced
  async outside(id: number) { await wait(); return id; }

  // A getter in a destructured parameter calls a traced method before the body's enter.
  @traced
  async destructured({ key }: { key: string }) { await wait(); return key; }

  // Recursion through the wrapper.
  @traced
  async countdown(n: number): Promise<number> { if (n === 0) { await wait(); return 0; } return 1 + (await this.countdown(n - 1)); }
}

async function main() {
  const registry = new Registry();
  const s = new Svc();
  const base = spanStats().live;
  const root = registry.register("t", "task");
  const arg = { get key() { void s.audit("getter"); return "k"; } };
  const pending = root.run(() => Promise.all([s.load(1), s.save(2), s.outside(3), s.destructured(arg), s.countdown(2)]));
  await new Promise((r) => setImmediate(r));
  console.log(root.tree()?.toString({ locations: false }).replace(/\\[[^\\]]*\\]/g, "").trimEnd());
  for (const g of gate.splice(0)) g();
  await new Promise((r) => setImmediate(r));
  for (const g of gate.splice(0)) g();
  console.log(await pending);
  await new Promise((r) => setImmediate(r));
  const drive = async () => {
    for (let i = 0; i < 2000; i++) {
      const p = Promise.all([s.load(i), s.save(i), s.outside(i), s.destructured(arg)]);
      for (;;) { await null; const g = gate.shift(); if (g === undefined) break; g(); }
      await p;
    }
  };
  await registry.register("loop", "loop").run(drive);
  await new Promise((r) => setImmediate(r));
  console.log("live spans after 8000 calls:", spanStats().live - base);
}
main();
`;
}

describe("transformer: @traced composed with user decorators", function () {
  this.timeout(120_000);

  for (const mode of ["standard", "legacy"] as const) {
    it(`gives every body its own frame and ends every frame (${mode} decorators)`, () => {
      const out = compileAndRun(program(mode), mode);
      const lines = out.split("\n");
      expect(out).to.contain("live spans after 8000 calls: 0");
      expect(out).to.contain("[ 1, 2, 3, 'k', 2 ]");
      const tree = lines.slice(0, lines.indexOf("[ 1, 2, 3, 'k', 2 ]")).map((l) => l.trimEnd());
      // Each method's frame holds its own wait; audit frames are never labelled as another method.
      expect(
        tree.filter((l) => /Svc\.load\(1\)/.test(l)),
        out,
      ).to.have.length(1);
      expect(
        tree.some((l) => /Svc\.load\(1\)/.test(l) && /audit/.test(l)),
        out,
      ).to.equal(false);
      const loadAt = tree.findIndex((l) => /Svc\.load\(1\)/.test(l));
      // The wait under load is load's own (`wait()`), not audit's `null`.
      expect(tree[loadAt + 1], out).to.match(/wait\(\)/);
      const saveAt = tree.findIndex((l) => /Svc\.save\(2\)/.test(l));
      expect(tree[saveAt + 1], out).to.match(/wait\(\)/);
      const destructuredAt = tree.findIndex((l) => /Svc\.destructured/.test(l));
      expect(tree[destructuredAt + 1], out).to.match(/wait\(\)/);
      // Recursion through the wrapper: one frame per level (inner ones folded into their waits).
      expect(
        tree.filter((l) => /countdown/.test(l)),
        out,
      ).to.have.length(3);
    });
  }
});

/**
 * `@traced("…${b}")` over a decorator that returns a function of other parameters: the template
 * names the parameters of what `traced` receives, as it does without the transformer.
 */
const SWAPPED: Record<Mode, string> = {
  standard: `import { Registry, traced } from "@await-tree/runtime";
function swapArgs(value: (...a: any[]) => any, _c: ClassMethodDecoratorContext) {
  return function (this: any, a: any, b: any) { return value.call(this, b, a); };
}`,
  legacy: `import { Registry, traced } from "@await-tree/runtime";
function swapArgs(_t: object, _k: string, d: PropertyDescriptor) {
  const value = d.value;
  d.value = function (this: any, a: any, b: any) { return value.call(this, b, a); };
  return d;
}`,
};

function swappedProgram(mode: Mode): string {
  return `${SWAPPED[mode]}
class Svc {
  @traced("sub \${b}")
  @swapArgs
  async c(x: number, y: number) { await new Promise((r) => setTimeout(r, 20)); return x - y; }
}
const registry = new Registry();
const p = registry.register("k", "task").run(() => new Svc().c(1, 10));
setTimeout(() => {
  console.log(registry.toString().split("\\n")[2]?.trim().replace(/ \\[.*$/, ""));
  p.then((v: number) => console.log("result", v));
}, 5);
`;
}

describe("transformer: @traced with a template over a decorator that replaces the method", function () {
  this.timeout(120_000);

  for (const mode of ["standard", "legacy"] as const) {
    it(`names the parameters of the function it receives, as without the transformer (${mode} decorators)`, () => {
      expect(compileAndRun(swappedProgram(mode), mode)).to.equal("sub 10\nresult 9\n");
    });
  }
});

describe("transformer: emitted decorators are valid syntax", function () {
  this.timeout(120_000);

  const FORMS: Array<[string, string]> = [
    ["@traced", "@traced"],
    ["@traced()", "@traced()"],
    ["@(traced)", "@(traced)"],
    ["@(traced())", "@(traced())"],
    ["@ns.traced", "@ns.traced"],
    ["@ns.traced('n ${id}')", "@ns.traced('n ${id}')"],
    ["@(ns.traced)", "@(ns.traced)"],
    ["@traced('load ${id}')", "@traced('load ${id}')"],
  ];

  function source(form: string): string {
    return `import * as ns from "@await-tree/runtime";
import { Registry, traced } from "@await-tree/runtime";
void traced;
class C {
  ${form}
  async load(id: number) { await null; return id; }
}
const registry = new Registry();
registry.register("t", "t").run(() => new C().load(7)).then((v) => console.log("ok", v));
`;
  }

  for (const [name, form] of FORMS) {
    it(`${name}: the ESNext output parses again as standard decorators, and runs (ES2022)`, () => {
      const dir = project({ "src/main.ts": source(form) });
      const e = emit(dir, ["src/main.ts"], withPlugin(), {
        target: ts.ScriptTarget.ESNext,
        module: ts.ModuleKind.ESNext,
        lib: ["lib.esnext.d.ts", "lib.decorators.d.ts"],
      });
      const js = e.files.get("src/main.js") as string;
      expect(js).to.contain("transformed(");
      // Read the output again as TypeScript: decorator grammar errors (TS1497 and the like, codes
      // below 2000) come from the checker's grammar pass, so a whole program is needed.
      const file = join(dir, "reparsed.ts");
      writeFileSync(file, js);
      const reparsed = ts.createProgram([file], {
        target: ts.ScriptTarget.ESNext,
        module: ts.ModuleKind.ESNext,
        noEmit: true,
        types: [],
        lib: ["lib.esnext.d.ts", "lib.decorators.d.ts"],
      });
      const sf = reparsed.getSourceFile(file);
      const errors = [...reparsed.getSyntacticDiagnostics(sf), ...reparsed.getSemanticDiagnostics(sf)]
        .filter((d) => d.code < 2000)
        .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      expect(errors, js).to.deep.equal([]);
      expect(compileAndRun(source(form), "standard")).to.equal("ok 7\n");
    });
  }
});
