// A function declaration that must stay at the top level of a traced body (a `var` or a parameter of
// its name, or a second declaration of it: JavaScript, or TypeScript compiled without its checker)
// and that also reads a `let`, `const` or `class` of the body, or a function declaration left in the
// block around the rest (block-scoped in strict code): at the top level it would not see them and
// throw a ReferenceError. The function is left as written instead (body-functions.ts); a @traced
// method keeps its decorator's frame.
import { traced } from "@await-tree/runtime";

async function varAndLet361(): Promise<string> {
  let seen = "let";
  const suffix = "!";
  // @ts-ignore -- TS2300 duplicate identifier: valid JavaScript
  var g361: any;
  await null;
  const kind = typeof g361;
  // @ts-ignore
  function g361(): string {
    return seen + suffix;
  }
  seen = "changed";
  return `${kind} ${g361()}`;
}

async function twiceCallsBlockFunction361(): Promise<number> {
  await Promise.resolve();
  return h361();
  // @ts-ignore -- TS2393 duplicate function implementation: valid JavaScript, the last one wins
  function h361(): number {
    return k361() + 1;
  }
  // @ts-ignore
  function h361(): number {
    return k361() + 2;
  }
  function k361(): number {
    return 40;
  }
}

async function classReader361(n: number): Promise<string> {
  class Point361 {
    constructor(readonly x: number) {}
  }
  // @ts-ignore
  var make361: any;
  const before = typeof make361;
  await null;
  // @ts-ignore
  function make361(): Point361 {
    return new Point361(n);
  }
  return `${before} ${make361().x}`;
}

class Holder361 {
  @traced
  async run(n: number): Promise<string> {
    const base = n * 2;
    // @ts-ignore
    var twice361: any;
    await null;
    // @ts-ignore
    function twice361(): number {
      return base;
    }
    return `${typeof twice361} ${twice361()}`;
  }
}

async function main361(): Promise<void> {
  console.log("var and let:", await varAndLet361());
  console.log("twice, calling a block function:", await twiceCallsBlockFunction361());
  console.log("class reader:", await classReader361(5));
  console.log("@traced method:", await new Holder361().run(4));
}
main361();
