// corpus-configs: preserve-es2022,preserve-esnext,esm-es2022
// An .mts file (always an ES module) with top-level await and @traced, next to .cts programs.
import { traced } from "@await-tree/runtime";

class Cache {
  @traced
  async get(k: string): Promise<string> {
    await null;
    return `v:${k}`;
  }
}

const c = new Cache();
console.log("top-level", await c.get("a"), typeof import.meta.url);
