// corpus-expect: depth 4000
// corpus-skip: cjs-es2015 (TypeScript lowers each async level to several generator frames; this depth overflows without the plugin too)
// Issue 9 defect 8: synchronous async recursion 4,000 levels deep (each level calls the next before its
// first await). Traced code needs more stack per level (docs/transformer.md "Known limits": `traceAll`
// reaches about 0.75 of the plain depth, about 7,500 of 10,000 levels on Node 20); within that
// limit the program must behave exactly as without the plugin, with no `Exception in
// PromiseRejectCallback` lines.
async function down(n: number): Promise<number> {
  if (n === 0) return 0;
  return 1 + (await down(n - 1));
}

down(4000).then(
  (v) => console.log("depth", v),
  (e: Error) => console.log("failed", e.name),
);
