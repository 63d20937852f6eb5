// A `typeof` guard around an undeclared global: `typeof MAYBE_GLOBAL !== "undefined" && use(MAYBE_GLOBAL)`.
// Reading MAYBE_GLOBAL for a label would throw a ReferenceError the program never throws.
declare const MAYBE_GLOBAL: number;

async function use(v: number): Promise<number> {
  await null;
  return v;
}

async function run(): Promise<string> {
  const a = await (typeof MAYBE_GLOBAL !== "undefined" && use(MAYBE_GLOBAL));
  const b = await (typeof MAYBE_GLOBAL === "undefined" ? use(0) : use(MAYBE_GLOBAL));
  return `a=${a} b=${b}`;
}

run().then(
  (v) => console.log(v),
  (e: Error) => console.log(`rejected: ${e.name}: ${e.message}`),
);
