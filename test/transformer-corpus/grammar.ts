/**
 * A small grammar of async TypeScript programs for the generated layer of the corpus (fast-check
 * arbitraries). A program is a chain of async functions (declarations, arrows and `@traced`
 * methods) that await values, promises, thenables, rejections, each other, `Promise.all`/`race`,
 * and short-circuits (`&&`, `||`, `??`, `?.`, `?:`) whose untaken side reads LATE, a `const`
 * declared after the program starts (so still in its temporal dead zone), inside try/catch/finally,
 * loops, conditional throws and returns with and without await. A ticker counts microtask turns, and
 * every observation is logged with the tick it happened at, so the output pins values, exceptions and
 * microtask order. Everything printed is deterministic.
 */
import fc from "fast-check";

export type FnKind = "declaration" | "arrow" | "traced-method";

/** A callee of function `i` is any later function (`j > i`), so calls never recurse. */
function callSite(kinds: readonly FnKind[], j: number, arg: string): string {
  return kinds[j] === "traced-method" ? `c.f${j}(${arg})` : `f${j}(${arg})`;
}

const digit = fc.integer({ min: 0, max: 9 });

/** Short-circuits whose untaken side reads LATE (in its temporal dead zone until main first waits). */
const LATE_GUARDED = fc.constantFrom(
  "NO && g(LATE)",
  "YES || g(LATE)",
  "SOME ?? g(LATE)",
  "NIL?.m(LATE)",
  "NIL?.[LATE]",
  "NIL?.a.b(LATE)",
  "NO ? g(LATE) : g(2)",
  "YES ? g(3) : g(LATE)",
  "g(NO && LATE)",
);

function expression(kinds: readonly FnKind[], i: number): fc.Arbitrary<string> {
  const later = Array.from({ length: kinds.length - i - 1 }, (_, k) => i + 1 + k);
  const simple: fc.Arbitrary<string>[] = [
    digit.map(String),
    digit.map((v) => `Promise.resolve(${v})`),
    digit.map((v) => `thenable(${v})`),
    digit.map((v) => `ticks(${v})`),
    digit.map((v) => `Promise.reject(new Error("r${v}"))`),
    LATE_GUARDED,
    fc.constantFrom("x", "x + 1", "g(x)"),
  ];
  if (later.length === 0) return fc.oneof(...simple);
  const call = fc
    .tuple(fc.constantFrom(...later), fc.oneof(digit.map(String), fc.constant("x")))
    .map(([j, a]) => callSite(kinds, j, a));
  const combinator = fc
    .tuple(
      fc.constantFrom("all", "race", "allSettled"),
      fc.array(fc.oneof(call, digit.map(String)), { minLength: 1, maxLength: 3 }),
    )
    .map(([k, items]) => `Promise.${k}([${items.join(", ")}]).then(show)`);
  const guarded = fc
    .tuple(fc.constantFrom("NO && ", "YES && ", "NIL ?? ", "YES ? ", "NO ? "), call)
    .map(([g, e]) => (g.endsWith("? ") ? `${g}${e} : g(0)` : `${g}${e}`));
  return fc.oneof(...simple, call, call, combinator, guarded);
}

let nextLabel = 0;
const label = (): string => `s${nextLabel++}`;

function statement(kinds: readonly FnKind[], i: number, depth: number): fc.Arbitrary<string> {
  const expr = expression(kinds, i);
  const leaf: fc.Arbitrary<string>[] = [
    expr.map((e) => `note("${label()} " + show(await (${e})));`),
    expr.map((e) => `note("${label()} " + show(await (${e})));`),
    fc.constant(`note("${label()}");`),
    digit.map((v) => `if (x === ${v}) throw new Error("t${v}");`),
    expr.map((e) => `void Promise.resolve(${e}).then(note, (err) => note("late " + err.message));`),
  ];
  if (depth <= 0) return fc.oneof(...leaf);
  const block = fc.array(statement(kinds, i, depth - 1), { minLength: 1, maxLength: 3 }).map((s) => s.join("\n"));
  return fc.oneof(
    ...leaf,
    fc
      .tuple(block, block)
      .map(
        ([a, b]) =>
          `try {\n${a}\n} catch (err) {\nnote("caught " + err.message);\n${b}\n} finally {\nnote("finally");\n}`,
      ),
    block.map((b) => `for (let k = 0; k < 2; k++) {\n${b}\n}`),
  );
}

function body(kinds: readonly FnKind[], i: number): fc.Arbitrary<string> {
  const ending = fc.oneof(
    expression(kinds, i).map((e) => `return await (${e});`),
    expression(kinds, i).map((e) => `return ${e};`),
    fc.constant("return x;"),
  );
  // An optional first wait on a LATE short-circuit: it runs before the program's first suspension,
  // while LATE is still in its temporal dead zone (later ones run after LATE is initialised).
  const first = fc.option(
    LATE_GUARDED.map((e) => `note("${label()} " + show(await (${e})));`),
    { nil: "" },
  );
  return fc
    .tuple(first, fc.array(statement(kinds, i, 2), { minLength: 1, maxLength: 4 }), ending)
    .map(([f, s, e]) => `${f}\n${s.join("\n")}\n${e}`);
}

function declare(kind: FnKind, i: number, text: string): string {
  switch (kind) {
    case "declaration":
      return `async function f${i}(x: any): Promise<any> {\n${text}\n}`;
    case "arrow":
      return `const f${i} = async (x: any): Promise<any> => {\n${text}\n};`;
    case "traced-method":
      return `  @traced\n  async f${i}(x: any): Promise<any> {\n${text}\n  }`;
  }
}

const PRELUDE = `import { traced } from "@await-tree/runtime";
const log: string[] = [];
let tick = 0;
const show = (v: any): string =>
  Array.isArray(v) ? \`[\${v.map(show).join(",")}]\` : v && typeof v === "object" && "status" in v ? \`\${v.status}:\${show(v.value ?? v.reason?.message)}\` : String(v);
const note = (s: any): void => {
  log.push(\`\${show(s)} @\${tick}\`);
};
const thenable = (v: number) => ({ then: (r: (v: number) => void) => r(v) });
function ticks(v: number): Promise<number> {
  let p = Promise.resolve(v);
  for (let i = 0; i < v % 4; i++) p = p.then((y) => y);
  return p;
}
const g = (v: any): Promise<any> => Promise.resolve(v);
const NO = false as boolean;
const YES = true as boolean;
const NIL = undefined as any;
const SOME = 4 as number | undefined;
`;

/** A whole program: the functions, a ticker, main, and LATE declared last. */
export const asyncProgram: fc.Arbitrary<string> = fc
  .array(fc.constantFrom<FnKind>("declaration", "arrow", "traced-method"), { minLength: 1, maxLength: 4 })
  .chain((kinds) =>
    fc
      .tuple(
        fc.tuple(...kinds.map((_, i) => body(kinds, i))),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
      )
      .map(([bodies, args]) => {
        const methods = kinds.flatMap((k, i) => (k === "traced-method" ? [declare(k, i, bodies[i] as string)] : []));
        const fns = kinds.flatMap((k, i) => (k === "traced-method" ? [] : [declare(k, i, bodies[i] as string)]));
        return `${PRELUDE}
class C {
${methods.join("\n")}
}
const c = new C();
${fns.join("\n")}
(function ticker(): void {
  let p = Promise.resolve();
  for (let i = 0; i < 80; i++)
    p = p.then(() => {
      tick++;
    });
})();
async function main(): Promise<void> {
  const r = await Promise.allSettled([${args.map((a) => callSite(kinds, 0, String(a))).join(", ")}]);
  note(r.map(show).join(" "));
}
main().then(
  () => setTimeout(() => console.log(log.join("\\n")), 1),
  (err) => console.log("main rejected", err.message),
);
const LATE = 5;
`;
      }),
  );
