// traceAll with include/exclude, compiled by tspc and run: plain async functions, arrows, object
// and class methods and async generators are traced; the excluded file is not.
import { join } from "node:path";
import { expect } from "chai";
import { explain, makeProject, mask, node, tspc } from "./helpers.js";

// The generator's frame starts at the loop's first next(), after the consumer suspended: it is
// listed under the consumer's parent (see docs/transformer.md, "Known limits").
const EXPECTED = `page [T]
  <anonymous>() in root.run(…) [T] at src/main.ts:39:17
    page.render() [T] at src/main.ts:40:40
      Promise.all([loadProfile(this.id), api.settings(this.id)]) [T] at src/main.ts:28:5
        loadProfile(0) [T] at src/main.ts:12:21
          Promise.all([fetchUser(0), untraced(0)]) [T] at src/main.ts:13:18
            fetchUser(0) [T] at src/main.ts:7:16
              never() [T] at src/main.ts:8:3
        settings(0) [T] at src/main.ts:18:9
          never() [T] at src/main.ts:19:5
  pages(1) [T] at src/main.ts:32:17
    yield new Page(0) [T] at src/main.ts:33:31
`;

describe("transformer: traceAll (tspc + node)", function () {
  this.timeout(300_000);

  it("traces every async function of the included files, and nothing in the excluded ones", async () => {
    const dir = makeProject("trace-all", {
      from: "trace-all",
      compilerOptions: {
        strict: true,
        module: "commonjs",
        target: "ES2022",
        lib: ["ES2022"],
        types: ["node"],
        outDir: "out",
        rootDir: "src",
        sourceMap: true,
      },
      plugin: { traceAll: true, include: ["src/**/*.ts"], exclude: ["src/vendor/**"] },
    });
    const compiled = await tspc(dir);
    expect(compiled.code, explain(compiled)).to.equal(0);
    const r = await node(["--enable-source-maps", join(dir, "out", "main.js")]);
    expect(r.code, explain(r)).to.equal(0);
    expect(mask(r.stdout)).to.equal(EXPECTED);
  });
});
