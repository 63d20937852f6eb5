/**
 * The transformer chained after ours (babel-jest, ts-jest, @swc/jest), loaded as jest loads
 * transformers: `createTransformer(options)` when the module has it, else the module itself.
 *
 * Ours runs first, on the source as written: the decorators and awaits are seen as the user wrote
 * them, and lowered as `tsc` lowers them (each of the others lowers decorators into helpers of
 * its own that the transformer does not read). The chained transformer then gets plain
 * JavaScript and does everything else it is configured for (Babel plugins, coverage, SWC's
 * transforms); its source map is chained to ours.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import type { JestTransformOptions, JestTransformResult } from "./index";
import { type ChainSpec, JestOptionError } from "./options";

export interface ChainedTransformer {
  process(code: string, file: string, options: JestTransformOptions): JestTransformResult;
  processAsync(code: string, file: string, options: JestTransformOptions): Promise<JestTransformResult>;
  cacheKey(code: string, file: string, options: JestTransformOptions): string;
}

interface JestTransformerModule {
  createTransformer?: (options?: unknown) => JestTransformerModule;
  process?: (code: string, file: string, options: unknown) => JestTransformResult | string;
  processAsync?: (code: string, file: string, options: unknown) => Promise<JestTransformResult | string>;
  getCacheKey?: (code: string, file: string, options: unknown) => string;
}

const asResult = (r: JestTransformResult | string): JestTransformResult => (typeof r === "string" ? { code: r } : r);

/** From the project (the directory jest runs in), as jest resolves `transform`; else from here. */
function requireFromProject(name: string): unknown {
  const fromProject = createRequire(path.join(process.cwd(), "package.json"));
  let resolved: string;
  try {
    resolved = fromProject.resolve(name);
  } catch {
    resolved = require.resolve(name);
  }
  return require(resolved);
}

export function loadChained(spec: ChainSpec): ChainedTransformer {
  const [name, config] = typeof spec === "string" ? [spec, undefined] : spec;
  let mod: JestTransformerModule;
  try {
    const loaded = requireFromProject(name) as JestTransformerModule & { default?: JestTransformerModule };
    mod = loaded.createTransformer === undefined && loaded.default !== undefined ? loaded.default : loaded;
  } catch (e) {
    throw new JestOptionError("chain", `option "chain": cannot load "${name}": ${(e as Error).message}`);
  }
  const t = typeof mod.createTransformer === "function" ? mod.createTransformer(config) : mod;
  const syncProcess = t.process;
  const processAsync = t.processAsync;
  if (typeof syncProcess !== "function" && typeof processAsync !== "function") {
    throw new JestOptionError("chain", `option "chain": "${name}" is not a jest transformer (no process)`);
  }
  return {
    process(code, file, options) {
      if (typeof syncProcess !== "function") {
        throw new Error(`@await-tree/transformer/jest: "${name}" only transforms asynchronously (use ESM mode)`);
      }
      return asResult(syncProcess.call(t, code, file, { ...options, transformerConfig: config }));
    },
    async processAsync(code, file, options) {
      const fn = processAsync ?? syncProcess;
      return asResult(
        await (fn as NonNullable<typeof processAsync>).call(t, code, file, { ...options, transformerConfig: config }),
      );
    },
    cacheKey(code, file, options) {
      const ownKey =
        typeof t.getCacheKey === "function"
          ? t.getCacheKey.call(t, code, file, { ...options, transformerConfig: config })
          : "";
      return `${name}\0${JSON.stringify(config ?? null)}\0${ownKey}`;
    },
  };
}
