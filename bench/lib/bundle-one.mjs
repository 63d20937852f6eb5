// One build of `<dir>/src/m0.ts` (which imports the whole generated project) by one bundler, with
// or without the await-tree plugin, in this process; run by bench/bundlers-build.mjs as a child so
// that each build pays what a real `vite build` pays (loading the bundler, and with the plugin,
// TypeScript). How each bundler builds: bench/lib/bundler-builds.mjs (the bundler tests build the
// same way). webpack and rspack in production mode, as a release build is.
// Usage: node bench/lib/bundle-one.mjs <bundler> <dir> <with|without>
import { join } from "node:path";
import { buildWith } from "./bundler-builds.mjs";

const [bundler, dir, variant] = process.argv.slice(2);
if (variant !== "with" && variant !== "without") throw new Error(`expected "with" or "without", got ${variant}`);
await buildWith(
  bundler,
  { dir, entry: join("src", "m0.ts"), outDir: `out-${bundler}-${variant}` },
  { plugin: variant === "with" ? {} : undefined, production: true },
);
