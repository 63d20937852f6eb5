/**
 * What the user's `module` setting implies for emit, kept when a route compiles with another one.
 *
 * The hooks, the jest transform and the bundler plugins compile each file with the `module` its
 * output format needs (`commonjs`, `esnext`, `preserve`: transpile.ts), not the user's. Two other
 * options take their default from `module` in TypeScript, and would silently change with it:
 * - `esModuleInterop`: true under `node16`...`nodenext` and `preserve`. Dropped, a CommonJS file
 *   of a `nodenext` project compiled `import split2 from "split2"` to `(0, split2_1.default)()`
 *   without `__importDefault`, and the call threw `is not a function` where tsc's output runs (an
 *   audit of streams, 2026-12-05: split2, and any default import of a CommonJS package).
 * - `moduleDetection`: `force` under `node16`...`nodenext` (every file is a module). Dropped, a
 *   file without imports or exports stayed a script: sloppy where the tsconfig is not strict, and
 *   without the `__esModule` marker tsc writes.
 * An explicit value in the tsconfig wins, as it does for tsc.
 */
import type * as TS from "typescript";

export function moduleImpliedOptions(ts: typeof TS, user: TS.CompilerOptions): TS.CompilerOptions {
  const m = user.module;
  if (m === undefined) return {};
  // Node16 (100), Node18, Node20 and NodeNext (199): a range, as TypeScript tests it, so that the
  // kinds a newer compiler adds in between count too.
  const node = m >= ts.ModuleKind.Node16 && m <= ts.ModuleKind.NodeNext;
  const out: TS.CompilerOptions = {};
  if (user.esModuleInterop === undefined && (node || m === ts.ModuleKind.Preserve)) out.esModuleInterop = true;
  if (user.moduleDetection === undefined && node) out.moduleDetection = ts.ModuleDetectionKind.Force;
  return out;
}
