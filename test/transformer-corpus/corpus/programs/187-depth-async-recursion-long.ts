// corpus-expect: depth 50000
// Asynchronous recursion 50,000 levels deep (each level awaits before it recurses, so the stack stays
// flat): every level is a pending frame until the innermost returns.
async function deep(n: number): Promise<number> {
  await null;
  if (n === 0) return 0;
  return 1 + (await deep(n - 1));
}

deep(50000).then(
  (v) => console.log("depth", v),
  (e: Error) => console.log("failed", e.name),
);
