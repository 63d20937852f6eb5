// Label values are read again after the awaited expression: only for identifiers that expression
// certainly evaluated (a short-circuit must not turn the label's read into a first read, which
// throws in the temporal dead zone), never for variables that a direct `eval` or a sloppy
// `arguments` could have written meanwhile; label cuts keep surrogate pairs; and the label's
// traversals survive expressions thousands of terms deep.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect } from "chai";
import type * as TS from "typescript";
import { explain, node, repoRoot } from "./helpers.js";
import { emit, project, ts, withPlugin } from "./in-process.js";

const require = createRequire(import.meta.url);

/** Compile `src` without and with the plugin, run both with a global registry, return both outputs. */
async function differential(src: string, plugin: Record<string, unknown>): Promise<{ plain: string; traced: string }> {
  const dir = project({ "src/main.ts": src });
  const outputs: string[] = [];
  for (const before of [undefined, withPlugin(plugin)]) {
    const e = emit(dir, ["src/main.ts"], before, { experimentalDecorators: false });
    const js = e.files.get("src/main.js");
    expect(js, "no output").to.be.a("string");
    writeFileSync(join(dir, "main.js"), js as string);
    // With a global registry every traced call records spans (and reads its label values).
    const preload = join(dir, "preload.cjs");
    writeFileSync(preload, 'require("@await-tree/runtime").initGlobalRegistry();\n');
    const r = await node(["--require", preload, join(dir, "main.js")], { cwd: dir });
    outputs.push(`${r.code}\n${r.stdout}${r.stderr.replace(/\s+at .*/g, "")}`);
    if (before !== undefined && r.code !== 0) expect.fail(explain(r));
  }
  return { plain: outputs[0] as string, traced: outputs[1] as string };
}

/** Every short-circuit form, each awaiting a call whose argument is still in its dead zone. */
const SHORT_CIRCUITS = `
const cache: { get(k: string): Promise<string> } | undefined = undefined;
const fn: ((x: unknown) => Promise<unknown>) | undefined = undefined;
const none: any = undefined;
const f = async (x: unknown) => x;
let flag = false;
let maybe: unknown = 0;
async function main(c: boolean) {
  const out: unknown[] = [];
  out.push(await cache?.get(KEY));
  out.push(await (flag && f(KEY)));
  out.push(await (c ? f(KEY) : f(1)));
  out.push(await (maybe ?? f(KEY)));
  out.push(await (!flag || f(KEY)));
  out.push(await fn?.(KEY));
  out.push(await none?.m(KEY));
  out.push(await none?.b.c(KEY));
  out.push(await none?.[f(KEY) as any]);
  out.push(await (maybe ||= f(KEY)));
  out.push(await (maybe &&= 0));
  out.push(await (maybe ??= f(KEY)));
  let a: unknown;
  out.push(await ({ a = f(KEY) } = { a: 1 }));
  out.push(a);
  return out;
}
`;

const TAIL = `const KEY = "key";\n`;

describe("transformer: label values", function () {
  this.timeout(120_000);

  it("never reads a label value that a short-circuit skipped (traceAll)", async () => {
    const src = `${SHORT_CIRCUITS}main(false).then((v) => console.log(JSON.stringify(v)), (e) => console.log("rejected", String(e)));\n${TAIL}`;
    const { plain, traced } = await differential(src, { traceAll: true });
    expect(plain).to.contain("[null,false,1,0,true,null,null,null,null,");
    expect(traced).to.equal(plain);
  });

  it("never reads a label value that a short-circuit skipped (a nested arrow in a @traced method)", async () => {
    const src = `import { traced } from "@await-tree/runtime";
${SHORT_CIRCUITS}
class Service {
  @traced
  async run() {
    const inner = async () => main(false);
    return await inner();
  }
}
new Service().run().then((v) => console.log(JSON.stringify(v)), (e) => console.log("rejected", String(e)));
${TAIL}`;
    // The arrow's own awaits are in \`main\`, which is not nested: nest them.
    const nested = src.replace(
      "const inner = async () => main(false);",
      `const inner = async () => { ${SHORT_CIRCUITS.replace(/^const |^let /gm, "var ").replace("async function main", "async function main2")}; return main2(false); };`,
    );
    const { plain, traced } = await differential(nested, {});
    expect(plain).to.contain("[null,false,1,0,true,null,null,null,null,");
    expect(traced).to.equal(plain);
  });

  it("never reads a skipped label value of yield, generator return and for await", async () => {
    const src = `
const none: any = undefined;
async function* gen(c: boolean) {
  yield none?.m(KEY);
  yield c ? none(KEY) : 1;
  for await (const x of none?.items(KEY) ?? [2]) yield x;
  return none?.m(KEY);
}
async function main() {
  const seen: unknown[] = [];
  const it = gen(false);
  for (let r = await it.next(); ; r = await it.next()) { seen.push(r.value); if (r.done) break; }
  return seen;
}
main().then((v) => console.log(JSON.stringify(v)), (e) => console.log("rejected", String(e)));
${TAIL}`;
    const { plain, traced } = await differential(src, { traceAll: true });
    expect(plain).to.contain("[null,1,2,null]");
    expect(traced).to.equal(plain);
  });

  it("labels every later iteration of a for await with values still certainly unchanged (ws audit)", async () => {
    // Each later iteration's wait was labelled with no values at all, so its holes printed
    // `undefined`: a server's `for await (const [data] of on(ws, "message"))` read
    // `on(undefined, "message")` from its second message on.
    const src = `
import { EventEmitter, on } from "node:events";
import { globalRegistry } from "@await-tree/runtime";
const source = (em: EventEmitter, n: number, k: string) => on(em, k);
const labels = () =>
  String(globalRegistry()).split("\\n").filter((l) => l.includes("for await")).map((l) => l.trim().slice(0, l.trim().lastIndexOf(" [")));
async function read(em: EventEmitter, n: number, max: number) {
  const k = "x";
  for await (const [v] of source(em, n, k)) {
    n++;
    if (v === max) break;
  }
}
const em = new EventEmitter();
void read(em, 1, 2);
setTimeout(() => {
  console.log(JSON.stringify(labels()));
  em.emit("x", 1);
  setTimeout(() => {
    console.log(JSON.stringify(labels()));
    em.emit("x", 2);
  }, 5);
}, 5);
`;
    const dir = project({ "src/main.ts": src });
    const js = emit(dir, ["src/main.ts"], withPlugin({ traceAll: true })).files.get("src/main.js") as string;
    writeFileSync(join(dir, "main.js"), js);
    const preload = join(dir, "preload.cjs");
    writeFileSync(preload, 'require("@await-tree/runtime").initGlobalRegistry();\n');
    const r = await node(["--require", preload, join(dir, "main.js")], { cwd: dir });
    if (r.code !== 0) expect.fail(explain(r));
    // `em` and `k` are never written: shown by value each time; `n`, written in the body, by value
    // only for the first wait (read right after the call), by name for the later ones.
    expect(r.stdout.trim().split("\n")).to.deep.equal([
      '["for await (const [v] of source(EventEmitter, 1, \\"x\\"))"]',
      '["for await (const [v] of source(EventEmitter, n, \\"x\\"))"]',
    ]);
  });

  function emitted(src: string): string {
    const dir = project({ "src/a.ts": src });
    return emit(dir, ["src/a.ts"], withPlugin({ traceAll: true })).files.get("src/a.js") as string;
  }

  it("a write to another variable of the same name does not stop a value (compiled helpers' own `i`)", () => {
    const js = emitted(`const f = async (...a: unknown[]) => a;
function helper(list: unknown[]) {
  for (var i = 0; i < list.length; i++) list[i] = 0;
}
export async function g(i: number, n: number) {
  await f(i, n);
  n++;
}
helper([]);
`);
    // \`i\` is g's parameter, never written (helper writes its own \`i\`); g writes \`n\` after the await only.
    expect(js).to.contain("mark($f_1), f(i, n), [i, n])");
    const shadowed = emitted(`const f = async (...a: unknown[]) => a;
export async function g(i: number) {
  const bump = () => { i++; };
  await f(i);
  bump();
}
`);
    expect(shadowed).to.contain("mark($f_1), f(i))"); // written by a closure: shown as written
  });

  it("reads values again only where they are certainly evaluated", () => {
    const js = emitted(`const f = async (...a: unknown[]) => a;
export async function g(a: number, b: number, c: boolean, o: any) {
  await f(a, c ? b : 0);
  await (c && f(b));
  await o?.m(a, f(b));
  await f(b).then(() => f(a));
}\n`);
    expect(js).to.contain("mark($f_1), f(a, c ? b : 0), a)");
    expect(js).to.contain("mark($f_1), (c && f(b)))");
    expect(js).to.contain("mark($f_1), o?.m(a, f(b)))");
    expect(js).to.contain("mark($f_1), f(b).then(() => f(a)), b)");
  });

  it("reads no value again in a file with a direct eval, nor parameters of a function reading arguments", () => {
    const withEval = emitted(`const f = async (...a: unknown[]) => a;
export async function g(a: number) { await f(a, eval("a = 2")); }\n`);
    expect(withEval).to.contain('mark($f_1), f(a, eval("a = 2")))');
    const withArguments = emitted(`const f = async (...a: unknown[]) => a;
export async function g(a: number) { const k = 1; await f(a, k, (arguments[0] = 5)); }\n`);
    expect(withArguments).to.contain("mark($f_1), f(a, k, (arguments[0] = 5)), k)");
  });

  it("never cuts a label inside a surrogate pair", () => {
    for (const max of [8, 9, 10, 11, 12, 13]) {
      const src = `const f = async (s: string) => s;\nexport async function g() { await f("${"\u{1F600}".repeat(10)}"); }\n`;
      const dir = project({ "src/a.ts": src });
      const js = emit(dir, ["src/a.ts"], withPlugin({ traceAll: true, maxLabelLength: max })).files.get("src/a.js");
      const parts = /parts: \[("f\((?:[^"\\]|\\.)*")\]/.exec(js ?? "")?.[1];
      expect(parts, js).to.be.a("string");
      const label = JSON.parse(parts as string) as string;
      expect(label.endsWith("…"), label).to.equal(true);
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(label), `a lone surrogate at ${max}: ${parts}`).to.equal(false);
    }
  });

  it("labels an awaited expression of 10,000 terms without overflowing the stack", () => {
    const labels = require(join(repoRoot, "packages", "transformer", "dist", "labels.js")) as {
      expressionLabel(...a: unknown[]): { parts: string[]; values: unknown[] };
    };
    const scope = require(join(repoRoot, "packages", "transformer", "dist", "scope.js")) as {
      Scopes: new (t: typeof TS, sf: TS.SourceFile) => unknown;
    };
    const terms = Array.from({ length: 10_000 }, (_, i) => JSON.stringify(`t${i}`)).join(" + ");
    const sf = ts.createSourceFile("a.ts", `async function g() { await (${terms}); }\n`, ts.ScriptTarget.ES2022, true);
    const fn = sf.statements[0] as TS.FunctionDeclaration;
    const stmt = (fn.body as TS.Block).statements[0] as TS.ExpressionStatement;
    const aw = stmt.expression as TS.AwaitExpression;
    const l = labels.expressionLabel(ts, new scope.Scopes(ts, sf), aw.expression, aw, fn, 40);
    expect(l.parts).to.deep.equal(['("t0" + "t1" + "t2" + "t3" + "t4" + "t5…']);
  });
});
