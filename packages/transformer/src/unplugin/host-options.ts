/**
 * Compiler options that a host's configuration sets for its own TypeScript transform, over the
 * tsconfig's: the plugin compiles traced files with them too, so that both halves of a build lower
 * decorators (and class fields) the same way. Only what the configuration says explicitly.
 *
 * Vite 8 (Oxc): `oxc.decorator.legacy` (`experimentalDecorators`) and
 * `oxc.decorator.emitDecoratorMetadata`. Vite 6 and 7 (esbuild): `esbuild.tsconfigRaw`'s
 * `compilerOptions`, which Vite spreads over the tsconfig's.
 */
export function viteCompilerOptions(config: { oxc?: unknown; esbuild?: unknown }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (config.oxc !== undefined) {
    // Vite 8: Oxc transforms TypeScript (`esbuild` is not used for it).
    const decorator = objectOr(config.oxc)?.decorator;
    const d = objectOr(decorator);
    if (typeof d?.legacy === "boolean") out.experimentalDecorators = d.legacy;
    if (typeof d?.emitDecoratorMetadata === "boolean") out.emitDecoratorMetadata = d.emitDecoratorMetadata;
    return out;
  }
  let raw = objectOr(config.esbuild)?.tsconfigRaw;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      raw = undefined;
    }
  }
  const compilerOptions = objectOr(objectOr(raw)?.compilerOptions);
  for (const key of ESBUILD_TSCONFIG_BOOLEANS) {
    if (typeof compilerOptions?.[key] === "boolean") out[key] = compilerOptions[key];
  }
  return out;
}

/** The `compilerOptions` esbuild reads from `tsconfigRaw` that change a traced file's JavaScript. */
const ESBUILD_TSCONFIG_BOOLEANS = ["experimentalDecorators", "useDefineForClassFields", "verbatimModuleSyntax"];

function objectOr(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}
