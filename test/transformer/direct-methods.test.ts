// Decorated methods whose body opens its own frame (issue 10, point 3): when `@traced` is the
// innermost decorator, its argument is literal and the parameters are plain, the transformer
// labels the frame at compile time and the decorator returns the method as it is: no wrapper, no
// handoff. Anything else keeps the wrapper. Each case compiles with the plugin and runs the output.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "chai";
import type * as TS from "typescript";
import { repoRoot } from "./helpers.js";
import { emit, project, ts, withPlugin } from "./in-process.js";

type Mode = "standard" | "legacy";

function compile(src: string, mode: Mode): { dir: string; js: string } {
  const dir = project({ "src/main.ts": src });
  symlinkSync(join(repoRoot, "node_modules", "reflect-metadata"), join(dir, "node_modules", "reflect-metadata"));
  const options: TS.CompilerOptions = {
    lib: ["lib.es2022.d.ts", "lib.decorators.d.ts", "lib.decorators.legacy.d.ts"],
    types: ["node"],
    ...(mode === "legacy" ? { experimentalDecorators: true, emitDecoratorMetadata: true } : {}),
  };
  const e = emit(dir, ["src/main.ts"], withPlugin(), options);
  const errors = e.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(errors, "compile errors").to.deep.equal([]);
  let js = "";
  for (const [name, text] of e.files) {
    mkdirSync(dirname(join(dir, "out", name)), { recursive: true });
    writeFileSync(join(dir, "out", name), text);
    if (name.endsWith("main.js")) js = text;
  }
  return { dir, js };
}

function run(dir: string): string {
  return execFileSync(process.execPath, [join(dir, "out", "src", "main.js")], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, AWAIT_TREE_AUTO_INIT: undefined },
  });
}

const HEADER = `
import "reflect-metadata";
import { dump, register, traced, TRACED_METADATA_KEY } from "@await-tree/runtime";
import { types } from "node:util";
const gate: Array<() => void> = [];
const wait = () => new Promise<void>((r) => gate.push(r));
function around(value: any, _c?: any, d?: PropertyDescriptor): any {
  if (d !== undefined) {
    const inner = d.value;
    d.value = function (this: any, ...a: any[]) { return inner.apply(this, a); };
    return d;
  }
  return function (this: any, ...a: any[]) { return value.apply(this, a); };
}
`;

/** Direct and wrapped methods side by side; prints what a program can observe, then the tree. */
function program(mode: Mode): string {
  // Legacy decorators read options stored with reflect-metadata (here inherited from a base class).
  const meta =
    mode === "legacy"
      ? `Reflect.defineMetadata(TRACED_METADATA_KEY, { name: "from metadata" }, Base.prototype, "fromMeta");`
      : "";
  return `${HEADER}
class Base {}
${meta}
class Svc extends Base {
  @traced
  async load(id: number, name: string) { await wait(); return id + name; }

  @traced("fetch \${id}")
  async fetch(id: number) { await wait(); return id; }

  // Not the innermost decorator: the wrapper stays.
  @traced
  @around
  async outer(id: number) { await wait(); return id; }

  // A parameter with a default: the wrapper shows the arguments as passed.
  @traced
  async defaulted(id = 7) { await wait(); return id; }

  @traced
  async fromMeta(id: number) { await wait(); return id; }

  @traced
  async all() {
    await Promise.all([this.load(1, "a"), this.fetch(2), this.outer(3), this.defaulted(), this.fromMeta(5)]);
  }
}

const proto = Svc.prototype as any;
for (const k of ["load", "fetch", "outer", "defaulted", "fromMeta"]) {
  const fn = proto[k];
  // Function.prototype.toString reads the function itself: a wrapper's own toString() answers
  // with the wrapped method's text (runtime api/wrapper-source.ts).
  console.log(k, "own:", Function.prototype.toString.call(fn).startsWith("async " + k + "("), "async:", types.isAsyncFunction(fn));
}

async function main() {
  const root = register("req", "req 1");
  const s = new Svc();
  void root.run(() => s.all());
  await new Promise((r) => setTimeout(r, 20));
  console.log(dump().replace(/\\[[0-9.]+m?s\\]/g, "[T]"));
  for (const g of gate.splice(0)) g();
}
void main();
`;
}

describe("transformer: decorated methods without a wrapper", function () {
  this.timeout(120_000);

  for (const mode of ["standard", "legacy"] as const) {
    it(`opens the frame in the body only where the compiler knows the whole label (${mode})`, () => {
      const { dir, js } = compile(program(mode), mode);
      // Marked direct by the compiler: load, fetch, fromMeta and all.
      expect(js.match(/transformed\([^)]*, true\)/g) ?? []).to.have.length(4);
      const out = run(dir);
      // The direct methods are the methods themselves; the others are wrappers.
      expect(out).to.contain("load own: true async: true");
      expect(out).to.contain("fetch own: true async: true");
      expect(out).to.contain("outer own: false async: false");
      expect(out).to.contain("defaulted own: false async: false");
      // Options from reflect-metadata are known only at run time: the runtime declines, and wraps.
      expect(out).to.contain(mode === "legacy" ? "fromMeta own: false async: false" : "fromMeta own: true async: true");
      // The same labels as the wrapper gives.
      expect(out).to.contain('Svc.load(1, "a") [T]');
      expect(out).to.contain("fetch 2 [T]");
      expect(out).to.contain("Svc.outer(3) [T]");
      expect(out).to.contain("Svc.defaulted() [T]");
      expect(out).to.contain(mode === "legacy" ? "from metadata [T]" : "Svc.fromMeta(5) [T]");
      // Every frame is a sibling under the join's wait.
      const lines = out.split("\n");
      const join = lines.findIndex((l) => l.includes("Promise.all("));
      expect(join, out).to.be.greaterThan(0);
      const depth = (l: string) => l.length - l.trimStart().length;
      for (const label of [
        "Svc.load(",
        "fetch 2",
        "Svc.outer(",
        "Svc.defaulted(",
        mode === "legacy" ? "from metadata" : "Svc.fromMeta(",
      ]) {
        const at = lines.findIndex((l) => l.includes(label));
        expect(depth(lines[at] as string), `${label} under the join\n${out}`).to.equal(
          depth(lines[join] as string) + 2,
        );
      }
    });
  }

  for (const mode of ["standard", "legacy"] as const) {
    it(`a template naming a rest parameter shows every argument it holds (${mode})`, () => {
      const src = `${HEADER}
class Mailer {
  @traced("send \${subject} to \${recipients}")
  async send(subject: string, ...recipients: string[]) { await wait(); return recipients.length; }
}
const root = register("k", "k");
void root.run(() => Promise.all([new Mailer().send("hi", "ann", "bob"), new Mailer().send("bye")]));
console.log(dump());
for (const g of gate) g();
`;
      const out = run(compile(src, mode).dir);
      expect(out).to.match(/\n {2}send hi to ann,bob \[/);
      expect(out).to.match(/\n {2}send bye to {2}\[/);
    });
  }

  for (const mode of ["standard", "legacy"] as const) {
    it(`two @traced on one method: both frames, and no note of a call run without the transformer (${mode})`, () => {
      const src = `${HEADER}
class Svc {
  @traced()
  @traced("inner \${n}")
  async load(n: number) { await wait(); return n; }
}
const root = register("k", "k");
void root.run(() => new Svc().load(3));
console.log(dump());
for (const g of gate) g();
`;
      const out = run(compile(src, mode).dir);
      expect(out).to.match(/\n {2}Svc\.load\(3\) \[[^\]]+\]\n {4}inner 3 \[/);
      expect(out).to.not.contain("Frames only");
    });
  }

  // Found auditing graphql-js's suite with `@traced` on `IncrementalGraph.nextCompletedBatch()`,
  // a method that returns a promise without being async: a fully transformed program's dump said
  // its frame "ran without @await-tree/transformer".
  for (const mode of ["standard", "legacy"] as const) {
    it(`a @traced method that is not async: its frame, and no note of a call run without the transformer (${mode})`, () => {
      const src = `${HEADER}
class Queue {
  @traced()
  next(): Promise<number> { return wait().then(() => 1); }
  @traced("take \${n}")
  take(n: number): Promise<number> { return wait().then(() => n); }
}
const root = register("k", "k");
void root.run(() => Promise.all([new Queue().next(), new Queue().take(2)]));
console.log(dump());
console.log(root.tree()?.toString({ locations: true }));
for (const g of gate) g();
`;
      const out = run(compile(src, mode).dir);
      expect(out).to.match(/\n {2}Queue\.next\(\) \[/);
      expect(out).to.match(/\n {2}take 2 \[/);
      expect(out).to.not.contain("Frames only");
      // The frame's location is the method's (the decorator's site only locates it).
      expect(out).to.match(/\n {2}Queue\.next\(\) \[[^\]]+\] at src\/main\.ts:18:3\n/);
      expect(out).to.match(/\n {2}take 2 \[[^\]]+\] at src\/main\.ts:20:3\n/);
    });
  }

  it("checks a direct decorator's argument as the wrapper does", () => {
    const src = `${HEADER}
class Svc {
  @traced("load \${nope}")
  async load(id: number) { await wait(); return id; }
}
new Svc();
`;
    const { dir, js } = compile(src, "standard");
    expect(js).to.match(/transformed\("load \$\{nope\}", \$s_\d+, \["id"\], true\)/);
    let stderr = "";
    try {
      run(dir);
    } catch (e) {
      stderr = String((e as { stderr?: string }).stderr);
    }
    expect(stderr).to.contain('the span template "load ${nope}" names ${nope}, but the parameters are (id)');
  });

  it("a promise awaited later: its frame stays where the call was made (no wrapper tags it)", () => {
    const src = `${HEADER}
class Svc {
  @traced
  async leaf(id: number) { await wait(); return id; }
  @traced
  async run() {
    const p = this.leaf(1);
    await null;
    return await p;
  }
}
async function main() {
  const root = register("req", "req 1");
  void root.run(() => new Svc().run());
  await new Promise((r) => setTimeout(r, 20));
  console.log(dump().replace(/\\[[0-9.]+m?s\\]/g, "[T]"));
  for (const g of gate.splice(0)) g();
}
void main();
`;
    const { dir } = compile(src, "standard");
    const out = run(dir);
    // Svc.run() holds both its wait on \`p\` and the frame of the call that made \`p\`.
    expect(out).to.match(
      / {2}Svc\.run\(\) \[T\][^\n]*\n {4}Svc\.leaf\(1\) \[T\][^\n]*\n {6}wait\(\) \[T\][^\n]*\n {4}p \[T\]/,
    );
  });
});
