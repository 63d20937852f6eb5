/** @jsx h */
/** @jsxFrag Fragment */
// @jsxImportSource preact
// The file starts with JSX pragma comments (as .tsx files do): the transformer repeats them before
// the import it adds at the top, so that a bundler's JSX transform still reads them first. In a
// .ts file they are only comments: the program's behaviour, and the text of its functions, must not
// change, whatever the module setting and target.
import { traced } from "@await-tree/runtime";

function first(a: number): number {
  // a comment inside the first function
  return a + 1;
}

class Pragmas {
  @traced
  async run(n: number): Promise<string> {
    await null;
    return `${first(n)} ${String(first).includes("comment inside")}`;
  }
}

async function main(): Promise<void> {
  console.log(await new Pragmas().run(41));
  console.log(String(first).startsWith("function first(a)"));
}

void main();
