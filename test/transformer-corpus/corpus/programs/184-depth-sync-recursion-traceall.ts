// corpus-expect: depth 6000
// corpus-skip: cjs-es2015 (TypeScript lowers each async level to several generator frames; this depth overflows without the plugin too)
// Issue 9 defect 8: synchronous async recursion 6,000 levels deep (each level calls the next before its
// first await). Without the plugin it fits Node's stack; instrumentation must not lower that limit or
// print `Exception in PromiseRejectCallback` lines.
async function down(n: number): Promise<number> {
  if (n === 0) return 0;
  return 1 + (await down(n - 1));
}

down(6000).then(
  (v) => console.log("depth", v),
  (e: Error) => console.log("failed", e.name),
);
