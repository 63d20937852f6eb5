// An anonymous async function passed to a call is labelled with that call: `<anonymous>(req) in
// app.get("/users/:id", …)` says which route's handler waits, where `<anonymous>(req)` alone did
// not (an Express application's and MikroORM's transaction callbacks, audits of 2026-12-05). Only
// the callee and short literal arguments are shown; a callee that is not a plain chain (compiled
// code's `(0, lib.f)`) and an immediately called function keep the plain `<anonymous>`. Real
// compiles (tspc with the plugin, traceAll), real processes. An anonymous function passed to
// `traced(...)` is named after what the call is assigned to (`const fetchUser = traced(async (id)
// => ...)` is `fetchUser(7)`), where it was `<anonymous>(7)`.
import { expect } from "chai";
import { compileAndRun } from "./compile-and-run.js";

const PROGRAM = `import { Registry, traced } from "@await-tree/runtime";
let open!: () => void;
const gate = new Promise<void>((r) => (open = r));
type Handler = (req: string) => Promise<void>;
const routes: Handler[] = [];
const app = { get(path: string, ...hs: unknown[]) { routes.push(hs[hs.length - 1] as Handler); } };
const lib = { run(f: () => Promise<void>) { return f(); } };
const longPath = "/a/very/long/path/that/is/not/worth/showing/in/a/label";
app.get("/users/:id", async (req) => { await gate; });
app.get(longPath, async (req) => { await gate; });
app.get("/x".repeat(40), async (req) => { await gate; });
app.get("a\\"b\\\\c\${x}\`", async (req) => { await gate; });
app.get('it\\'s', 7, true, null, \`/t\`, async (req) => { await gate; });
const registry = new Registry();
registry.register("routes", "routes").run(() => Promise.all(routes.map((h) => h("r"))));
registry.register("promise", "promise").run(
  () => new Promise<void>(async (resolve) => { await gate; resolve(); }),
);
registry.register("then", "then").run(() => Promise.resolve(1).then(async (n) => { await gate; }));
registry.register("compiled", "compiled").run(() => (0, lib.run)(async () => { await gate; }));
registry.register("iife", "iife").run(() => (async () => { await gate; })());
const fetchUser = traced(async (id: number) => { await gate; return id; });
registry.register("traced", "traced").run(() => fetchUser(7));
setTimeout(() => {
  for (const key of ["routes", "promise", "then", "compiled", "iife", "traced"]) console.log(registry.get(key)?.toString() ?? "<none: " + key + ">");
  open();
}, 20);
`;

describe("transformer: an anonymous function passed to a call is labelled with the call", function () {
  this.timeout(120_000);

  it("names the callee and its short literal arguments; other callees and immediate calls stay <anonymous>", async () => {
    const out = await compileAndRun(PROGRAM, { traceAll: true });
    expect(out).to.equal(
      [
        "routes [T]",
        '  <anonymous>("r") in app.get("/users/:id", …) [T]',
        "    gate [T]",
        // A name and a call are not literals.
        '  <anonymous>("r") in app.get(…, …) [T]',
        "    gate [T]",
        '  <anonymous>("r") in app.get(…, …) [T]',
        "    gate [T]",
        // Literals as written: quotes, backslashes, `${` and backquotes are text, not a template.
        '  <anonymous>("r") in app.get("a\\"b\\\\c${x}`", …) [T]',
        "    gate [T]",
        "  <anonymous>(\"r\") in app.get('it\\'s', 7, true, null, `/t`, …) [T]",
        "    gate [T]",
        "",
        "promise [T]",
        "  <anonymous>([Function]) in new Promise(…) [T]",
        "    gate [T]",
        "",
        "then [T]",
        "  <anonymous>(1) in Promise.resolve(1).then(…) [T]",
        "    gate [T]",
        "",
        "compiled [T]",
        "  <anonymous>() [T]",
        "    gate [T]",
        "",
        "iife [T]",
        "  <anonymous>() [T]",
        "    gate [T]",
        "",
        // Passed to traced(...): named after what the call is assigned to, as the program calls it.
        "traced [T]",
        "  fetchUser(7) [T]",
        "    gate [T]",
        "",
        "",
      ].join("\n"),
    );
  });
});
