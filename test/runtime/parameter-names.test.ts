// `@traced("load ${id}")` without the transformer reads parameter names from the function's source
// text (issue 9, defect 13): valid methods must never make the decorator throw.

import { createRequire } from "node:module";
import { Registry, traced } from "@await-tree/runtime";
import { expect } from "chai";

// Internal: the scanner itself (build/test/runtime -> the repository root).
const { scanParameters } = createRequire(import.meta.url)(
  "../../../packages/runtime/dist/cjs/api/parameter-names.js",
) as { scanParameters: (src: string) => Array<string | undefined> };

const key = () => "computed";

describe("parameter names from source text", () => {
  const CASES: Array<[string, Array<string | undefined>]> = [
    ["async function f(a, b) {}", ["a", "b"]],
    ["async (a, b = 1) => a", ["a", "b"]],
    ["a => a", ["a"]],
    ["async a => a", ["a"]],
    ["async [key()](id) { }", ["id"]],
    ["async [`x(${1})`](id, y) { }", ["id", "y"]],
    ["async 'a(b'(id) { }", ["id"]],
    ['async "a)b"(id) { }', ["id"]],
    ["async m(re = /\\(/, id) { }", ["re", "id"]],
    ["async m(re = /[)]/g, id) { }", ["re", "id"]],
    ["async m(/* ) */ id, /* ( */ x) { }", ["id", "x"]],
    ["async m(id, // )\n x) { }", ["id", "x"]],
    ["async m(a = (1, 2), id) { }", ["a", "id"]],
    ["async m(a = `)${'('}`, id) { }", ["a", "id"]],
    ["async m({ a, b: [c] } = {}, [d, e], ...rest) { }", [undefined, undefined, "rest"]],
    ["async m(a = b / c, id) { }", ["a", "id"]],
    ["async *gen(x) { }", ["x"]],
    ["static async load(id) { }", ["id"]],
    ["get value() { }", []],
    ["async #priv(id) { }", ["id"]],
    ["async 42(id) { }", ["id"]],
    ["function () { [native code] }", []],
    ["class X { m(a) {} }", []],
    ["async m(a = { x: ')' }, id) { }", ["a", "id"]],
    ["async m(ünï, $x, _y) { }", ["ünï", "$x", "_y"]],
    // TypeScript below ES2017 moves parameters with defaults into the generator given to __awaiter.
    ["find() {\n return __awaiter(this, arguments, void 0, function* (re = /\\(/, id = 0) { });\n }", ["re", "id"]],
    [
      "f() { return (0, tslib_1.__awaiter)(this, arguments, void 0, function* ({ a }, ...rest) { }); }",
      [undefined, "rest"],
    ],
    ['note(id_1) { return __awaiter(this, arguments, void 0, function* (/* ) */ id, x = ")") { }); }', ["id", "x"]],
    ["spread(_c) { return __awaiter(this, arguments, void 0, function* ({ a }, ...rest) { }); }", [undefined, "rest"]],
    ['"a(b"(id) { return __awaiter(this, void 0, void 0, function* () { }); }', ["id"]],
    ["f() { return 1; }", []],
  ];
  for (const [src, names] of CASES) {
    it(src.replace(/\n/g, "\\n"), () => {
      expect(scanParameters(src)).to.deep.equal(names);
    });
  }

  it("never throws on arbitrary text", () => {
    for (const src of ["", "(", "async m(`", "async m(/", "m(a = '", "[[[", "m(a = ${", "`${"]) {
      expect(() => scanParameters(src)).to.not.throw();
    }
  });
});

describe("@traced template on methods whose heads confuse a naive scan", () => {
  it("decorates computed keys, regexp defaults, comments and string keys, and labels calls", async () => {
    class Repo {
      @traced("load ${id}")
      async [key()](id: number): Promise<number> {
        await null;
        return id;
      }
      @traced("find ${id}")
      async find(re = /\(/, id = 0): Promise<string> {
        await null;
        return `${re.source}${id}`;
      }
      @traced("note ${id}")
      async note(/* ) */ id: number): Promise<number> {
        await null;
        return id;
      }
      @traced("str ${id}")
      async "a(b"(id: number): Promise<number> {
        await null;
        return id;
      }
    }
    const r = new Repo() as Repo & Record<string, (id: number) => Promise<number>>;
    const registry = new Registry();
    const root = registry.register("t", "t");
    let tree = "";
    await root.run(async () => {
      const p = Promise.all([r.computed?.(1), r.find(/x/, 2), r.note(3), r["a(b"]?.(4)]);
      tree = root.tree()?.toString({ locations: false }) ?? "";
      return p;
    });
    expect(tree).to.contain("load 1").and.contain("find 2").and.contain("note 3").and.contain("str 4");
  });

  it("still rejects an unknown name with a TypeError naming the parameters", () => {
    expect(() => {
      class Bad {
        @traced("load ${nope}")
        async load(id: number): Promise<number> {
          return id;
        }
      }
      return Bad;
    }).to.throw(TypeError, /\$\{nope\}.*\(id\)/);
  });
});
