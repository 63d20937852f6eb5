// JavaScript through Node's module hooks runs as written: the hook instruments it and changes
// nothing else (issue "Never change the program"). Each program runs twice, with plain `node` and
// through the hook with `traceAll`, and prints the same.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { explain, node } from "../transformer/helpers.js";
import { runHooked, writeProject } from "./support.js";

const TRACE_ALL = { AWAIT_TREE_TRANSFORMER: '{"traceAll":true}', AWAIT_TREE_AUTO_INIT: "0" };

/** Runs `entry` of a project plainly and through the hook; both outputs. */
async function both(name: string, files: Record<string, string>, entry: string, tsconfig?: unknown) {
  const dir = writeProject(name, { type: "commonjs", tsconfig, files });
  const [plain, hooked] = await Promise.all([
    node([join(dir, entry)], { cwd: dir, env: { AWAIT_TREE_AUTO_INIT: "0" } }),
    runHooked(dir, entry, TRACE_ALL),
  ]);
  return { plain, hooked };
}

/** Whether this Node runs `await using` (Node 24+). */
function runsAwaitUsing(): boolean {
  try {
    new Function("return async () => { await using x = null; }");
    return true;
  } catch {
    return false;
  }
}

describe("register: JavaScript runs as written", () => {
  it("a sloppy .cjs script stays sloppy and gets no __esModule marker", async () => {
    const program = `const { traced } = require("@await-tree/runtime");
exports.load = traced(async function load() { await null; return mode(); });
function mode() { return this === undefined ? "strict" : "sloppy"; }
async function f() { await null; return mode(); }
f().then((m) => console.log("async", m, exports.load !== undefined));
try { undeclared = 5; console.log("implicit global", undeclared); } catch (e) { console.log("threw", e.message); }
console.log("marker", module.exports.__esModule);
`;
    const { plain, hooked } = await both("js-sloppy", { "s.cjs": program }, "s.cjs");
    expect(plain.stdout).to.equal("implicit global 5\nmarker undefined\nasync sloppy true\n");
    expect(hooked.stdout, explain(hooked)).to.equal(plain.stdout);
  });

  it("a sloppy script with legacy octal literals and escapes is instrumented; a strict one still fails as natively", async () => {
    // TypeScript calls `0644` and "\\101" errors (they are, in strict code); V8 runs them in a
    // sloppy script. The file was left untraced, with a warning on stderr.
    const program = (prologue: string) => `${prologue}const { traced, globalRegistry } = require("@await-tree/runtime");
const mode = 0644;
const text = "\\101";
const load = traced(async function load() { await new Promise((r) => setTimeout(r, 20)); return mode + text; });
load().then((v) => console.log(v));
`;
    const sloppy = await both("js-octal", { "o.js": program("") }, "o.js");
    expect(sloppy.plain.stdout).to.equal("420A\n");
    expect(sloppy.hooked.stdout, explain(sloppy.hooked)).to.equal(sloppy.plain.stdout);
    expect(sloppy.hooked.stderr, "instrumented, no warning").to.equal("");
    const strict = await both("js-octal-strict", { "o.js": program('"use strict";\n') }, "o.js");
    expect(strict.plain.code).to.not.equal(0);
    const refused = /SyntaxError: Octal (literals|escape sequences) are not allowed in strict mode\./;
    expect(strict.plain.stderr).to.match(refused);
    expect(strict.hooked.code).to.equal(strict.plain.code);
    expect(strict.hooked.stderr).to.match(refused);
  });

  it("import() in a CommonJS script stays import(): a namespace, ES modules loadable, evaluated when awaited", async () => {
    // Found running koa's suite (`await import('koa')` from a CommonJS test): the CommonJS emit
    // turned it into `Promise.resolve().then(() => require("koa"))`, which gives module.exports
    // instead of the namespace, and cannot load an ES module with top-level await.
    const program = `async function load() {
  const path = await import("node:path");
  const esm = await import("./esm.mjs");
  console.log(Object.prototype.toString.call(path), typeof path.default, path.join === path.default.join);
  console.log(Object.prototype.toString.call(esm), esm.value);
}
console.log("before");
load().then(() => console.log("done"), (e) => console.log("failed", e.code, e.message));
`;
    const esm = "await null;\nexport const value = 42;\n";
    for (const entry of ["s.cjs", "s.js"]) {
      const { plain, hooked } = await both(`js-dynamic-import-${entry}`, { [entry]: program, "esm.mjs": esm }, entry);
      expect(plain.stdout).to.equal("before\n[object Module] object true\n[object Module] 42\ndone\n");
      expect(hooked.stdout, explain(hooked)).to.equal(plain.stdout);
      expect(hooked.stderr, entry).to.equal("");
    }
  });

  it("nothing is lowered to the tsconfig's target: class fields stay fields, async generators native", async () => {
    const program = `import { traced } from "@await-tree/runtime";
export const t = traced(async function t() { await null; });
class Base { set x(v) { console.log("base setter called", v); } }
class D extends Base { x = 1; }
const d = new D();
console.log(Object.getOwnPropertyNames(d).join(","), d.x);
async function* g() { yield 1; }
console.log(Object.getPrototypeOf(g).constructor.name);
`;
    const { plain, hooked } = await both("js-target", { "f.mjs": program }, "f.mjs", {
      compilerOptions: { target: "ES2017", module: "nodenext" },
    });
    expect(plain.stdout).to.equal("x 1\nAsyncGeneratorFunction\n");
    expect(hooked.stdout, explain(hooked)).to.equal(plain.stdout);
  });

  it("an untraced `await using` keeps its native disposal, tick for tick (Node 24+)", async function () {
    if (!runsAwaitUsing()) this.skip();
    const program = `import { traced } from "@await-tree/runtime";
const log = [];
export const t = traced(async function t() { await null; });
async function f() { await using r = { async [Symbol.asyncDispose]() { log.push("dispose"); } }; log.push("body"); }
f().then(() => log.push("done"));
let p = Promise.resolve(); for (let i = 1; i <= 6; i++) p = p.then(() => log.push(i));
p.then(() => console.log(log.join(" ")));
`;
    const { plain, hooked } = await both("js-await-using", { "u.mjs": program }, "u.mjs");
    expect(hooked.stdout, explain(hooked)).to.equal(plain.stdout);
  });

  it("`require()` of an ES module (a `type: module` package, or ES syntax without a `type`) runs as one, instrumented", async () => {
    // Node 20.19+ and 22.12+ load it through Module#_compile with the format it decided, then
    // evaluate the code as an ES module: compiled to CommonJS, it threw `exports is not defined in
    // ES module scope` (kysely's test suite: mocha `require`s its ES module test files first).
    const lib = `export async function f() { await null; return [typeof this, import.meta.url.slice(0, 5)]; }
export async function* g() { yield 1; }
`;
    const main = `const { f } = require("./lib.js");
f().then((v) => console.log("value", v.join(" "), String(f).includes("$at_") ? "traced" : "as written"));
`;
    for (const type of ["module", undefined]) {
      const dir = writeProject(`js-require-esm-${type ?? "typeless"}`, {
        type: "module",
        files: { "lib.js": lib, "main.cjs": main },
      });
      writeFileSync(join(dir, "package.json"), `${JSON.stringify({ private: true, type })}\n`);
      const [plain, hooked] = await Promise.all([
        node(["--no-warnings", join(dir, "main.cjs")], { cwd: dir, env: { AWAIT_TREE_AUTO_INIT: "0" } }),
        runHooked(dir, "main.cjs", { ...TRACE_ALL, NODE_OPTIONS: "--no-warnings" }),
      ]);
      expect(plain.stdout, explain(plain)).to.equal("value undefined file: as written\n");
      expect(hooked.stdout, explain(hooked)).to.equal("value undefined file: traced\n");
    }
    // TypeScript of a `type: module` package (Node 22.18+ says "module-typescript"; Node 20 knows
    // no `.ts`, and the hook compiles it as tsc's CommonJS output there).
    const ts = writeProject("ts-require-esm", {
      type: "module",
      files: { "lib.ts": lib.replace("f()", "f(this: unknown)"), "main.cjs": main.replace("lib.js", "lib.ts") },
    });
    const hooked = await runHooked(ts, "main.cjs", { ...TRACE_ALL, NODE_OPTIONS: "--no-warnings" });
    expect(hooked.stdout, explain(hooked)).to.match(/^value undefined file: traced\n$/);
  });

  it("code inside a with statement (a Proxy sandbox) stays as written", async () => {
    const program = `const seen = [];
const scope = { x: 1, helper: async (v) => { await null; return v * 2; } };
const sandbox = new Proxy(scope, {
  has(t, k) { if (typeof k === "string" && k.startsWith("$")) seen.push(k); return true; },
  get(t, k) { if (k === Symbol.unscopables) return undefined; return k in t ? t[k] : globalThis[k]; },
});
async function run() { with (sandbox) { const y = await helper(x); return y; } }
async function outer() { with (sandbox) { return (async () => await helper(2))(); } }
run().then(async (r) => console.log("result", r, await outer(), seen.join(",")), (e) => console.log("error", e.message));
`;
    const { plain, hooked } = await both("js-with", { "w.js": program }, "w.js");
    expect(plain.stdout).to.equal("result 2 4 \n");
    expect(hooked.stdout, explain(hooked)).to.equal(plain.stdout);
  });

  it("assert(expr)'s generated message differs where Node reads the wrong text (known limit, Node 20 to 24)", async () => {
    // Found auditing node-postgres's suite (2026-12-05): its test helper's `assert(!err)` failed
    // with "false == true" through the hook on Node 20, where the run as written says "The
    // expression evaluated to a falsy value: assert(!err)". Node 20, 22 before 22.21 and early 24
    // read the call's text from the file on disk at the position in the code that runs, which an
    // instrumented file has moved. Later Node reads the code that runs, through its source map when
    // source maps are on (the hook turns them on); before Node 26 it then gives up for a file
    // without a map: one the hook left as written (b.js here). The probe, in the run as written,
    // tells the two kinds of Node apart: only the later ones find the text of a `new Function` body.
    const files = {
      "a.js": `const assert = require("assert");
const { untouched } = require("./b.js");
async function f(x) { await null; return x; }
function instrumented(err) {
  assert(!err);
}
let probe;
try { new Function("assert", "assert(1 > 2)")(assert); } catch (e) { probe = e.message; }
for (const check of [instrumented, untouched]) {
  try { check(new Error("x")); } catch (e) { console.log(JSON.stringify(e.message), e.generatedMessage); }
}
f(1).then(() => console.log(probe === "false == true" ? "reads the file on disk" : "reads the code"));
`,
      "b.js": `const assert = require("assert");
exports.untouched = function (err) {
  assert(!err);
};
`,
    };
    const { plain, hooked } = await both("js-assert-message", files, "a.js");
    const [first, second, how] = plain.stdout.split("\n");
    const asWritten = '"The expression evaluated to a falsy value:\\n\\n  assert(!err)\\n" true';
    expect([first, second]).to.deep.equal([asWritten, asWritten]);
    const fallback = '"false == true" true';
    const readsDisk = how === "reads the file on disk";
    const fixedNode = Number(process.versions.node.split(".")[0]) >= 26;
    const expected = [readsDisk ? fallback : asWritten, readsDisk || fixedNode ? asWritten : fallback];
    expect(hooked.stdout.split("\n").slice(0, 2), explain(hooked)).to.deep.equal(expected);
  });

  it("a file that cannot import the runtime (outside the project) runs as written, and the hook says why", async () => {
    const dir = writeProject("js-outside", { type: "module", files: { "placeholder.txt": "" } });
    const outside = join(dir, "..", "js-outside-elsewhere");
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, "x.mjs"), "export async function f() { await null; return 7; }\n");
    writeFileSync(join(outside, "y.ts"), "export async function g(): Promise<number> { await null; return 8; }\n");
    writeFileSync(
      join(dir, "main.mjs"),
      `const { f } = await import(${JSON.stringify(join(outside, "x.mjs"))});\nconst { g } = await import(${JSON.stringify(join(outside, "y.ts"))});\nconsole.log(await f(), await g());\n`,
    );
    const r = await runHooked(dir, "main.mjs", TRACE_ALL);
    expect(r.code, explain(r)).to.equal(0);
    expect(r.stdout).to.equal("7 8\n");
    const lines = r.stderr.split("\n").filter((l) => l.includes("cannot be found from its folder"));
    expect(lines, r.stderr).to.have.length(2);
    expect(lines[0]).to.include(join(outside, "x.mjs"));
  });
});
