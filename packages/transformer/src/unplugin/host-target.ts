/**
 * The compiler options a bundler's traced file is compiled with. The host (esbuild, Oxc, SWC,
 * Babel, ts-loader, ...) lowers syntax to its own target after the plugin, so the plugin's
 * TypeScript must not lower it further than Node needs: a tsconfig `target` of ES2017 turned async
 * generators into TypeScript's downlevel code (whose `return()` does not close a `yield*`) in an
 * esbuild build that keeps them native. So the target is at least ES2022 (what Node 20.19+ runs;
 * `await using`, which Node 20 and 22 cannot parse, is still lowered below ESNext, and standard
 * decorators, which no Node runs, at any target but ESNext: transpile.ts). What the tsconfig's
 * target decides beyond syntax stays: class fields' semantics (`useDefineForClassFields`, whose
 * default follows the target, as esbuild's does).
 */
export function forHost(options: Record<string, unknown>): Record<string, unknown> {
  const { target, ...rest } = options;
  const year = yearOf(target);
  const useDefine =
    typeof rest.useDefineForClassFields === "boolean"
      ? rest.useDefineForClassFields
      : year === undefined || year >= 2022;
  return {
    ...rest,
    target: year === undefined || year >= 2022 ? (target ?? "ES2022") : "ES2022",
    useDefineForClassFields: useDefine,
  };
}

/** `ES2017` -> 2017, `ES5` -> 5; undefined for ESNext or no target (both count as ES2022 or later). */
function yearOf(target: unknown): number | undefined {
  const year = typeof target === "string" ? /^es(\d+)$/i.exec(target)?.[1] : undefined;
  return year === undefined ? undefined : Number(year);
}
