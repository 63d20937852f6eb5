/**
 * `require` of CommonJS files (`.js`, `.cjs`, `.ts`, `.cts`): every CommonJS module is compiled
 * by `Module.prototype._compile(code, filename)`, whoever read and converted its source (Node's
 * own extension handlers, or a loader such as tsx that replaces them and never calls the load
 * hooks). Wrapping that one method therefore sees every required file. (`pirates` wraps the
 * extension handlers instead, which a loader registered after it replaces.)
 */
import Module from "node:module";
import { isTypeScript, type Loader } from "./loader";

type Compile = (this: Module, code: string, filename: string, ...rest: unknown[]) => unknown;

export function installRequireHook(loader: Loader): void {
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function awaitTreeCompile(this: Module, code: string, filename: string, ...rest: unknown[]) {
    let out = code;
    if (typeof filename === "string" && typeof code === "string" && loader.wants(filename)) {
      if (!loader.takeCompiled(filename, code)) {
        // TypeScript is read from disk: a loader that ran first (tsx) hands over its own output.
        out = loader.load(filename, isTypeScript(filename) ? undefined : code, "commonjs")?.code ?? code;
      }
    }
    return original.call(this, out, filename, ...rest);
  };
}
