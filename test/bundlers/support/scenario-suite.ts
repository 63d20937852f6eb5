// The test file a test runner's project runs: every scenario program in order.
import { SCENARIOS } from "../../transformer/scenario-support.js";

/** Where a test file gets `test` from: jest's global (declared for TypeScript) or vitest's import. */
export type TestApi = "jest global" | "vitest import";

/** A test that runs every scenario in order and writes what they print to `out`. */
export function scenarioSuite(out: string, api: TestApi): string {
  const id = (n: string) => `s_${n.replace(/\W/g, "_")}`;
  return [
    `import { writeFileSync } from "node:fs";`,
    `import { initGlobalRegistry } from "@await-tree/runtime";`,
    ...(api === "vitest import" ? [`import { test } from "vitest";`] : []),
    ...SCENARIOS.map((n) => `import * as ${id(n)} from "./${n}.js";`),
    ...(api === "jest global"
      ? [`declare const test: (name: string, fn: () => Promise<void>, timeout?: number) => void;`]
      : []),
    `test("scenarios", async () => {`,
    `  initGlobalRegistry();`,
    `  let out = "";`,
    ...SCENARIOS.map((n) => `  out += \`=== ${n}\\n\${await ${id(n)}.run()}\`;`),
    `  writeFileSync(${JSON.stringify(out)}, out);`,
    `}, 60_000);`,
    ``,
  ].join("\n");
}
