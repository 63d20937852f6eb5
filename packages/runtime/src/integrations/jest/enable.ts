/**
 * The entry point `@await-tree/runtime/jest` (a `setupFilesAfterEnv` entry): the adapter's exports,
 * and loading it installs the adapter in the test file's sandbox (see index.ts). Kept apart so that
 * reading the exports has no side effect.
 */
import { installOrSayWhy } from "./index";

export * from "./index";

installOrSayWhy();
