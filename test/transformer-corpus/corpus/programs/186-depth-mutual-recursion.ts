// corpus-expect: slow 4000 true
// corpus-skip: cjs-es2015 (TypeScript lowers each async level to several generator frames; this depth overflows without the plugin too)
// Issue 9 defect 8 with two functions: async mutual recursion (even/odd) 4,000 levels deep, entered
// synchronously, then the same depth with an await before each call.
async function isEven(n: number): Promise<boolean> {
  return n === 0 ? true : isOdd(n - 1);
}
async function isOdd(n: number): Promise<boolean> {
  return n === 0 ? false : isEven(n - 1);
}
async function slowEven(n: number): Promise<boolean> {
  await null;
  return n === 0 ? true : !(await slowEven(n - 1));
}

async function main(): Promise<void> {
  console.log("even 4000", await isEven(4000), "odd 3999", await isOdd(3999));
  console.log("slow 4000", await slowEven(4000));
}
main().catch((e: Error) => console.log("failed", e.name));
