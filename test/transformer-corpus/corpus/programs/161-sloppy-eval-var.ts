// corpus-script
// Sloppy mode: a direct eval declares `var`s in the calling function's scope (in strict mode eval
// has a scope of its own), read after an await.
async function evals161(): Promise<string> {
  eval("var made161 = 41");
  await null;
  // @ts-ignore -- declared by the eval above, in sloppy mode only
  return typeof made161 === "number" ? `made ${made161 + 1}` : "not declared";
}

evals161().then((v) => console.log(v));
