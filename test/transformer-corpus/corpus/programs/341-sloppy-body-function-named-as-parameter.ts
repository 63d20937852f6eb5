// corpus-script
// Sloppy mode: a function declared at the top level of a body, named as a parameter, assigns the
// parameter when the function is entered, and `arguments` (mapped to simple parameters) sees it.
// Declared inside a block instead it would be a binding of its own (Annex B does not write a
// parameter): the rewrite must keep the body's function declarations at its top level.
// @ts-ignore -- TS2300 duplicate identifier: valid JavaScript
async function shadow341(x: any): Promise<string> {
  await null;
  const seen = typeof arguments[0];
  return `${seen} ${typeof x}`;
  // @ts-ignore
  function x(): void {}
}

async function main341(): Promise<void> {
  console.log("parameter and arguments[0]:", await shadow341(1));
}
main341();
