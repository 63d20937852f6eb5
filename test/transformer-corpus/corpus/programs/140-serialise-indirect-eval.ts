// Issue 9 defect 4 with indirect eval: `(0, eval)(src)` evaluates in the global scope, where the
// module's own names do not exist.
const fetchAll = async (ids: number[]): Promise<string> => {
  const out: number[] = [];
  for (const id of ids) out.push(await Promise.resolve(id * 10));
  return out.join(",");
};

async function main(): Promise<void> {
  try {
    const again = (0, eval)(`(${fetchAll})`) as typeof fetchAll;
    console.log("indirect eval", await again([1, 2, 3]));
  } catch (e) {
    console.log("indirect eval threw", (e as Error).name, (e as Error).message);
  }
}
main();
