// Issue 9 defect 1 with logical assignments: `a ||= f(KEY)`, `b &&= f(KEY)`, `c ??= f(KEY)` with
// left-hand sides that short-circuit, KEY still in its temporal dead zone.
async function f(k: string): Promise<string> {
  await null;
  return `f(${k})`;
}

let a: string | Promise<string> = "set";
let b: string | Promise<string> = "";
let c: string | Promise<string> | undefined = "present";

async function run(): Promise<string> {
  const x = await (a ||= f(KEY));
  const y = await (b &&= f(KEY));
  const z = await (c ??= f(KEY));
  return JSON.stringify([x, y, z]);
}

const log: string[] = [];
run().then(
  (v) => log.push(`run: ${v}`),
  (e: Error) => log.push(`rejected: ${e.name}: ${e.message}`),
);
const KEY = "k";
setTimeout(() => console.log([...log, `KEY ${KEY}`].join("\n")), 5);
