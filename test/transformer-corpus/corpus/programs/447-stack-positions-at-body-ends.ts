// corpus-skip: cjs-es2015 (async functions are lowered to generators: their frames are the helpers', which the program leaves out)
// The code the transformer adds after a body (the `}` of its `try`, the `finally`, `exit`) and
// around a `for await` body maps to the body's closing brace (source-map-tails.ts, for coverage
// tools). Errors must still point where they are thrown: this program throws on the last line of
// traced bodies, of `for await` bodies, in a user's own `finally`, from a one-line body whose `}` is
// on the throw's line, after an early return that did not run, and from a generator left at a
// `yield`, and prints each stack's frames with their source lines and columns (run with source
// maps). The traced build must print exactly what the plain build prints. Only the program's own
// functions' frames are printed: below ES2018 the frames of TypeScript's `__asyncGenerator` helper
// (`resume`) map to an arbitrary position of the source in the plain build and to the emitted
// JavaScript in the traced one (the helper has no source; not this program's subject).

const OWN = /^at (async )?(lastLine|oneLine|ownFinally|numbers|loopBody|loopEnd|left|main)\b/;

function frames(e: unknown): string {
  return String((e as Error).stack)
    .split("\n")
    .slice(0, 6)
    .map((l) => l.trim().replace(/\(.*[\\/]/, "(").replace(/^at .*[\\/]/, "at "))
    .filter((l, i) => i === 0 || OWN.test(l))
    .join(" | ");
}

async function lastLine(n: number): Promise<number> {
  await null;
  if (n > 100) {
    return n;
  }
  throw new Error(`last line ${n}`);
}

async function oneLine(): Promise<never> { await null; throw new Error("one line"); }

async function ownFinally(): Promise<void> {
  try {
    await null;
  } finally {
    throw new Error("own finally");
  }
}

async function* numbers(): AsyncGenerator<number> {
  yield 1;
  yield 2;
  throw new Error("generator end");
}

async function loopBody(): Promise<number> {
  let sum = 0;
  for await (const n of numbers()) {
    sum += n;
    if (sum > 2) throw new Error(`loop body ${sum}`);
  }
  return sum;
}

async function loopEnd(): Promise<number> {
  let sum = 0;
  for await (const n of numbers()) {
    sum += n;
  }
  return sum;
}

async function left(): Promise<number> {
  for await (const n of numbers()) {
    return n;
  }
  return -1;
}

async function main(): Promise<void> {
  for (const f of [() => lastLine(1), oneLine, ownFinally, loopBody, loopEnd]) {
    try {
      await f();
      console.log("no error");
    } catch (e) {
      console.log(frames(e));
    }
  }
  console.log("left", await left());
}

main().then(() => console.log("done"));
