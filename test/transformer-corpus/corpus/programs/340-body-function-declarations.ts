// A function declared at the top level of a traced body is function-scoped there: a `var` of the
// same name and a second declaration of the name are allowed (JavaScript, and TypeScript compiled
// without its checker). Inside a block (strict code) both are SyntaxErrors, so the rewrite must
// not move the body's function declarations into the block it wraps the body in. Also checked:
// a function called before its declaration, an arrow's and a method's block body.
import { traced } from "@await-tree/runtime";

// @ts-ignore -- TS2300 duplicate identifier: valid JavaScript
async function varAndFunction340(): Promise<string> {
  // @ts-ignore
  var g340: any = 1;
  await null;
  const first = typeof g340;
  // @ts-ignore
  function g340(): number {
    return 2;
  }
  return `${first} ${g340}`;
}

async function twice340(): Promise<number> {
  await Promise.resolve();
  return h340();
  // @ts-ignore -- TS2393 duplicate function implementation: valid JavaScript, the last one wins
  function h340(): number {
    return 1;
  }
  // @ts-ignore
  function h340(): number {
    return 2;
  }
}

const arrow340 = async (n: number): Promise<number> => {
  const v = await Promise.resolve(n);
  return early340(v);
  function early340(x: number): number {
    return x * 10;
  }
};

class Holder340 {
  @traced
  async run(n: number): Promise<string> {
    // @ts-ignore
    var k340: any = n;
    await null;
    // @ts-ignore
    function k340(): void {}
    return typeof k340;
  }
}

async function main340(): Promise<void> {
  console.log("var and function:", await varAndFunction340());
  console.log("declared twice:", await twice340());
  console.log("arrow:", await arrow340(4));
  console.log("method:", await new Holder340().run(3));
}
main340();
