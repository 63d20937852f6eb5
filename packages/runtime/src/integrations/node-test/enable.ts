/**
 * The entry point `@await-tree/runtime/node-test`: the adapter's exports, and loading it installs
 * the adapter (see index.ts). Kept apart so that reading the exports has no side effect.
 */
import { installIfRunningTests } from "./index";

export * from "./index";

installIfRunningTests();
