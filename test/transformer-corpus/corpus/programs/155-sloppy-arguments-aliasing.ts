// corpus-script
// Sloppy mode: `arguments` is mapped to simple parameters, so writing `arguments[0]` changes `a`
// (and the other way round), across awaits too.
async function alias155(a: number, b: number): Promise<string> {
  arguments[0] = 10;
  await null;
  b = 20;
  await Promise.resolve();
  return `a=${a} b=${b} args=${arguments[0]},${arguments[1]}`;
}

async function main155(): Promise<void> {
  console.log(await alias155(1, 2));
}
main155();
