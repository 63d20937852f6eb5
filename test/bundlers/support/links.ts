// Packages a generated project resolves from its own node_modules: links into this repository.
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../support/run-node.js";

/**
 * Links each package into `<root>/node_modules`: `@await-tree/<name>` to the workspace package
 * `packages/<name>`, any other to the repository's installed copy.
 */
export function linkPackages(root: string, packages: readonly string[]): void {
  for (const pkg of packages) {
    mkdirSync(join(root, "node_modules", pkg, ".."), { recursive: true });
    const target = pkg.startsWith("@await-tree/")
      ? join(repoRoot, "packages", pkg.slice("@await-tree/".length))
      : join(repoRoot, "node_modules", pkg);
    symlinkSync(target, join(root, "node_modules", pkg), "junction");
  }
}
