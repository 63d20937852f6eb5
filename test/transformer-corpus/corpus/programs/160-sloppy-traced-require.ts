// corpus-script
// A sloppy script that loads the runtime with `require` and wraps a function with traced(fn).
const runtime160 = require("@await-tree/runtime") as typeof import("@await-tree/runtime");

const job160 = runtime160.traced(async function job160(n: number): Promise<string> {
  await null;
  return `${n} ${this === undefined ? "undefined" : typeof this}`;
});

job160(3).then((v) => console.log("job", v));
