// For suites that build in process: the plugin's disk cache off while they run, so that every
// build compiles (cache.test.ts tests the cache); the setting the process had is put back after.

/** Mocha hooks of the calling `describe` that turn the disk cache off for its tests. */
export function withoutDiskCache(): void {
  let saved: string | undefined;
  before(() => {
    saved = process.env.AWAIT_TREE_CACHE;
    process.env.AWAIT_TREE_CACHE = "0";
  });
  after(() => {
    if (saved === undefined) delete process.env.AWAIT_TREE_CACHE;
    else process.env.AWAIT_TREE_CACHE = saved;
  });
}
