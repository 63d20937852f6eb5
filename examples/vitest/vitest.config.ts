// The whole set-up: the await-tree plugin (each test a task, timeouts explained, leaks reported)
// and, for await-level trees, the transformer on the project's TypeScript (it reads tsconfig.json,
// whose `experimentalDecorators` it follows).

import { awaitTree } from "@await-tree/runtime/vitest";
import instrument from "@await-tree/transformer/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [instrument(), awaitTree()],
  // Only because this example links the runtime from the repository (npm workspaces): an install
  // from the registry lives under node_modules, where vitest loads it with Node as it should.
  resolve: { preserveSymlinks: true },
});
