/**
 * Node before 22.15: `require` of CommonJS files (`.js`, `.cjs`, `.ts`, `.cts`) goes through the
 * compile step that `pirates` hooks, the well-kept way to transform required sources.
 */
import { addHook } from "pirates";
import type { Loader } from "./loader";

export function installRequireHook(loader: Loader): () => void {
  return addHook((code, file) => loader.load(file, code, "commonjs")?.code ?? code, {
    exts: [".js", ".cjs", ".ts", ".cts"],
    ignoreNodeModules: false,
    matcher: (file) => loader.wants(file),
  });
}
