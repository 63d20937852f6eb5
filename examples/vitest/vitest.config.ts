// The whole set-up: the await-tree plugin (each test a task, timeouts explained, leaks reported)
// and, for await-level trees, the transformer on the project's TypeScript.

import { awaitTree } from "@await-tree/runtime/vitest";
import { transformSource } from "@await-tree/transformer";
import { defineConfig, type Plugin } from "vitest/config";

// Until `@await-tree/transformer/vite` is published, this is the transformer as a Vite plugin.
const instrument: Plugin = {
  name: "await-tree-transform",
  enforce: "pre",
  transform(code, id) {
    if (!/\.[cm]?ts$/.test(id) || id.includes("/node_modules/")) return null;
    const r = transformSource(code, id, { compilerOptions: { experimentalDecorators: true } });
    return r.status === "transformed" ? { code: r.code, map: r.map } : null;
  },
};

export default defineConfig({
  plugins: [instrument, awaitTree()],
  // Only because this example links the runtime from the repository (npm workspaces): an install
  // from the registry lives under node_modules, where vitest loads it with Node as it should.
  resolve: { preserveSymlinks: true },
});
