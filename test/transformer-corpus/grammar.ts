/**
 * A small grammar of async TypeScript programs for the generated layer of the corpus (fast-check
 * arbitraries). A program is a chain of async functions (declarations, arrows and `@traced`
 * methods) that await values, promises, thenables, rejections, each other, `Promise.all`/`race`,
 * and short-circuits (`&&`, `||`, `??`, `?.`, `?:`) whose untaken side reads LATE, a `const`
 * declared after the program starts (so still in its temporal dead zone), inside try/catch/finally,
 * loops, conditional throws and returns with and without await. A ticker counts microtask turns, and
 * every observation is logged with the tick it happened at, so the output pins values, exceptions and
 * microtask order. Everything printed is deterministic.
 *
 * Also: awaits in template literals, destructuring defaults and computed keys, optional chains
 * (taken and skipped), `for (x of await p)`, `for await` over an async generator (run out, left by
 * `break`, its `return()`/`throw()` called) and over sync iterables of promises and thenables,
 * labelled `break`/`continue` across awaits in try/finally, `return` and `return await` in
 * try/finally, nested `finally` blocks that throw, thenables with a `then` getter, that settle
 * twice, throw, or settle a tick later, a Promise subclass, `Promise.any`, V8's TypeError messages
 * about awaited values, closures over loop variables, `arguments` and `this`, calls left floating
 * (unhandled rejections, printed by a handler), `using` and `await using` blocks, and async arrows
 * as class fields.
 */
import fc from "fast-check";

export type FnKind = "declaration" | "arrow" | "traced-method" | "field-arrow";

/** A callee of function `i` is any later function (`j > i`), so calls never recurse. */
function callSite(kinds: readonly FnKind[], j: number, arg: string): string {
  return kinds[j] === "traced-method" || kinds[j] === "field-arrow" ? `c.f${j}(${arg})` : `f${j}(${arg})`;
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
    fc
      .tuple(fc.constantFrom("getterThen", "twice", "throwingThen", "lateThen", "sub"), digit)
      .map(([k, v]) => `${k}(${v})`),
  ];
  if (later.length === 0) return fc.oneof(...simple);
  const call = fc
    .tuple(fc.constantFrom(...later), fc.oneof(digit.map(String), fc.constant("x")))
    .map(([j, a]) => callSite(kinds, j, a));
  const item = fc.oneof(
    call,
    digit.map(String),
    digit.map((v) => `thenable(${v})`),
    digit.map((v) => `Promise.reject(new Error("j${v}"))`),
  );
  const combinator = fc
    .tuple(fc.constantFrom("all", "race", "allSettled", "any"), fc.array(item, { minLength: 1, maxLength: 3 }))
    .map(([k, items]) => `Promise.${k}([${items.join(", ")}]).then(show)`);
  const guarded = fc
    .tuple(fc.constantFrom("NO && ", "YES && ", "NIL ?? ", "YES ? ", "NO ? "), call)
    .map(([g, e]) => (g === "YES ? " || g === "NO ? " ? `${g}${e} : g(0)` : `${g}${e}`));
  return fc.oneof(...simple, call, call, combinator, guarded);
}

let nextLabel = 0;
const label = (): string => `s${nextLabel++}`;

/** Statements that await in the less common places (see the header); each is deterministic. */
function oddWait(kinds: readonly FnKind[], i: number): fc.Arbitrary<string> {
  const expr = expression(kinds, i);
  const later = Array.from({ length: kinds.length - i - 1 }, (_, k) => i + 1 + k);
  const forms: fc.Arbitrary<string>[] = [
    fc.tuple(expr, expr).map(([a, b]) => `note(\`${label()} \${show(await (${a}))}|\${show(await (${b}))}\`);`),
    expr.map(
      (e) =>
        `{\nconst { a = await (${e}), [await g("b")]: b } = { b: x } as any;\nnote("${label()} " + show(a) + " " + show(b));\n}`,
    ),
    fc.constant(`for (const v of await g([x, 1])) note("${label()} " + show(v));`),
    digit.map((d) => `for await (const v of gen(x)) {\nnote("${label()} " + show(v));\nif (v === ${d % 4}) break;\n}`),
    expr.map((e) => `for await (const v of [g(1), ${e}, thenable(2), 3]) note("${label()} " + show(v));`),
    digit.map(
      (d) =>
        `{\nconst it = gen(${d});\nnote("${label()} " + show((await it.next()).value) + " " + JSON.stringify(await it.return(${d})) + " " + JSON.stringify(await it.next()));\n}`,
    ),
    digit.map(
      (d) =>
        `try {\nconst it = gen(${d});\nawait it.next();\nawait it.throw(new Error("gt${d}"));\n} catch (err) {\nnote("${label()} " + err.message);\n}`,
    ),
    expr.map((e) => `note("${label()} " + show((await (${e}))?.toFixed?.(1)));`),
    fc.constant(`note("${label()} " + show(NIL?.[await g(1)]) + show(SOME?.toFixed(await g(1))));`),
    fc
      .tuple(expr, fc.constantFrom("(await (E))()", "(await (E)).a.b", "new (await (E))()", "(await (E)).m()"))
      .map(([e, use]) => `try {\n${use.replace("E", e)};\n} catch (err) {\nnote("${label()} " + err.message);\n}`),
    fc.constant(
      `try {\nconst { a } = (await g(NIL)) as any;\nnote(a);\n} catch (err) {\nnote("${label()} " + err.message);\n}`,
    ),
    fc.constant(
      `{\nconst fs: (() => number)[] = [];\nfor (let k = 0; k < 2; k++) {\nfs.push(() => k + x);\nawait g(k);\n}\nnote("${label()} " + fs.map((h) => h()).join());\n}`,
    ),
    fc.constant(`void Promise.reject(new Error("${label()} floating"));`),
  ];
  // `arguments` is a SyntaxError in a class field's initializer (an arrow there has none of its own).
  if (kinds[i] !== "field-arrow")
    forms.push(fc.constant(`note("${label()} " + arguments.length + " " + typeof this);`));
  if (later.length > 0) {
    forms.push(
      fc
        .tuple(fc.constantFrom(...later), fc.oneof(digit.map(String), fc.constant("x")))
        .map(([j, a]) => `${callSite(kinds, j, a)};`),
    );
  }
  return fc.oneof(...forms);
}

function statement(kinds: readonly FnKind[], i: number, depth: number): fc.Arbitrary<string> {
  const expr = expression(kinds, i);
  const leaf: fc.Arbitrary<string>[] = [
    expr.map((e) => `note("${label()} " + show(await (${e})));`),
    expr.map((e) => `note("${label()} " + show(await (${e})));`),
    fc.constant(`note("${label()}");`),
    digit.map((v) => `if (x === ${v}) throw new Error("t${v}");`),
    expr.map((e) => `void Promise.resolve(${e}).then(note, (err) => note("late " + err.message));`),
    oddWait(kinds, i),
    // The body's own function declaration, which closes over the body's `let` (see `body`).
    fc.constant(`note("${label()} bumped " + bump());`),
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
    fc.tuple(block, digit).map(([b, d]) => {
      const l = label();
      return `${l}: for (let k = 0; k < 2; k++) {\ntry {\n${b}\nif (await g(k === ${d % 2})) continue ${l};\nif (x === ${d}) break ${l};\n} finally {\nnote("${l} finally " + k);\n}\n}`;
    }),
    fc
      .tuple(block, digit)
      .map(
        ([b, d]) =>
          `try {\ntry {\n${b}\n} finally {\nnote("${label()} inner finally");\nif (x === ${d}) throw new Error("f${d}");\n}\n} catch (err) {\nnote("caught " + err.message);\n}`,
      ),
    block.map((b) => `{\nusing r = res("${label()}");\n${b}\n}`),
    block.map((b) => `{\nawait using r = ares("${label()}");\n${b}\n}`),
  );
}

function body(kinds: readonly FnKind[], i: number): fc.Arbitrary<string> {
  const ending = fc.oneof(
    expression(kinds, i).map((e) => `return await (${e});`),
    expression(kinds, i).map((e) => `return ${e};`),
    fc.constant("return x;"),
    fc
      .tuple(expression(kinds, i), fc.boolean())
      .map(
        ([e, aw]) =>
          `try {\nreturn ${aw ? "await " : ""}(${e});\n} catch (err) {\nnote("${label()} " + err.message);\nreturn -1;\n} finally {\nnote("${label()} " + show(await g(x)));\n}`,
      ),
    fc
      .tuple(expression(kinds, i), expression(kinds, i))
      .map(([a, b]) => `try {\nreturn await (${a});\n} finally {\nif (x % 2) return ${b};\n}`),
  );
  // An optional first wait on a LATE short-circuit: it runs before the program's first suspension,
  // while LATE is still in its temporal dead zone (later ones run after LATE is initialised).
  const first = fc.option(
    LATE_GUARDED.map((e) => `note("${label()} " + show(await (${e})));`),
    { nil: "" },
  );
  // Every body has a `let` and a function declaration closing over it, declared after the body's
  // last statement (hoisted): a rewrite that moves the declaration out of the block holding the
  // `let` makes `bump()` throw a ReferenceError (p-map's `pMapIterable`, 2026-12-05).
  return fc
    .tuple(first, fc.array(statement(kinds, i, 2), { minLength: 1, maxLength: 4 }), ending)
    .map(([f, s, e]) => `let bumps = 0;\n${f}\n${s.join("\n")}\n${e}\nfunction bump(): number {\nreturn ++bumps;\n}`);
}

function declare(kind: FnKind, i: number, text: string): string {
  switch (kind) {
    case "declaration":
      return `async function f${i}(x: any): Promise<any> {\n${text}\n}`;
    case "arrow":
      return `const f${i} = async (x: any): Promise<any> => {\n${text}\n};`;
    case "traced-method":
      return `  @traced\n  async f${i}(x: any): Promise<any> {\n${text}\n  }`;
    case "field-arrow":
      return `  f${i} = async (x: any): Promise<any> => {\n${text}\n  };`;
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
process.on("unhandledRejection", (err: any) => note("unhandled " + err?.message));
const getterThen = (v: number) => ({
  get then() {
    note("then read");
    return (r: (v: number) => void) => r(v);
  },
});
const twice = (v: number) => ({
  then: (r: (v: number) => void, j: (e: Error) => void) => {
    r(v);
    r(v + 1);
    j(new Error("twice"));
  },
});
const throwingThen = (v: number) => ({
  then: () => {
    throw new Error(\`then \${v}\`);
  },
});
const lateThen = (v: number) => ({ then: (r: (v: number) => void) => void g(v).then(r) });
class Sub<T> extends Promise<T> {}
const sub = (v: number): Promise<number> => Sub.resolve(v);
async function* gen(n: any): AsyncGenerator<any, string> {
  try {
    for (let i = 0; i < (n % 3) + 1; i++) {
      yield i;
      await g(i);
    }
    yield* [g(10), thenable(11)];
    return "gen done";
  } finally {
    note("gen finally " + show(await g(n)));
  }
}
const res = (n: string) => ({ [Symbol.dispose]: () => note("dispose " + n) });
const ares = (n: string) => ({
  [Symbol.asyncDispose]: async () => {
    await null;
    note("adispose " + n);
  },
});
`;

/** A whole program: the functions, a ticker, main, and LATE declared last. */
export const asyncProgram: fc.Arbitrary<string> = fc
  .array(fc.constantFrom<FnKind>("declaration", "arrow", "traced-method", "field-arrow"), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((kinds) =>
    fc
      .tuple(
        fc.tuple(...kinds.map((_, i) => body(kinds, i))),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
      )
      .map(([bodies, args]) => {
        const inClass = (k: FnKind): boolean => k === "traced-method" || k === "field-arrow";
        const methods = kinds.flatMap((k, i) => (inClass(k) ? [declare(k, i, bodies[i] as string)] : []));
        const fns = kinds.flatMap((k, i) => (inClass(k) ? [] : [declare(k, i, bodies[i] as string)]));
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
