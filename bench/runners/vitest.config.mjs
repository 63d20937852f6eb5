// bench/runners-overhead.mjs: the transformed suite, with the integration when AWAIT_TREE_BENCH_WITH=1.

import { awaitTree } from "@await-tree/runtime/vitest";
import { transformSource } from "@await-tree/transformer";

const instrument = {
  name: "await-tree-transform",
  enforce: "pre",
  transform(code, id) {
    if (!id.endsWith(".ts") || id.includes("/node_modules/")) return null;
    const r = transformSource(code, id, { compilerOptions: { experimentalDecorators: true } });
    return r.status === "transformed" ? { code: r.code, map: r.map } : null;
  },
};

export default {
  resolve: { preserveSymlinks: true },
  plugins: process.env.AWAIT_TREE_BENCH_WITH === "1" ? [instrument, awaitTree()] : [instrument],
  test: { globals: true, include: ["vitest.bench.test.ts"] },
};
