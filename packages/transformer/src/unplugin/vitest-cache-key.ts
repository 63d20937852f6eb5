/**
 * vitest's module cache (`fsModuleCache`: on by default in vitest 5, `experimental.fsModuleCache`
 * in 4.1) keeps transformed modules on disk between runs. Its key holds the file's text, the config
 * file's text and the plugins' names, not a plugin's options nor what it reads beside the file (the
 * tsconfig's compiler options). Without a part of ours, a run with `traceAll` from an environment
 * variable, or after `emitDecoratorMetadata` was turned on in tsconfig.json, got the modules of
 * the previous run (MikroORM audit, 2026-12-05). vitest asks plugins for that part through
 * `configureVitest`: `defineCacheKeyGenerator` (vitest 5), `experimental_defineCacheKeyGenerator`
 * (4.1). Older vitest has neither and no such cache.
 */

/** The part of `configureVitest`'s context used here; every member may be missing. */
interface VitestPluginContext {
  defineCacheKeyGenerator?: (generator: (context: { id: string }) => string | undefined) => void;
  experimental_defineCacheKeyGenerator?: (generator: (context: { id: string }) => string | undefined) => void;
}

/**
 * The `configureVitest` hook: `keyOf(id)` is what the plugin's output for that module depends on
 * besides its text (undefined for a module the plugin never transforms).
 */
export function vitestCacheKey(keyOf: (id: string) => string | undefined): (context: unknown) => void {
  return (context) => {
    const ctx = (context ?? {}) as VitestPluginContext;
    // The current name when there is one: vitest 5 warns about the deprecated one.
    const define = ctx.defineCacheKeyGenerator ?? ctx.experimental_defineCacheKeyGenerator;
    define?.call(ctx, ({ id }) => keyOf(id));
  };
}
