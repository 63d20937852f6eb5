// The program declares names of the emitted code's shape ($s_1, $t_1, $j_1, and $s_2 only in a
// comment), and awaits, joins and calls around them: the transformer numbers its own names per
// file past every such word (or leaves them to TypeScript where the file writes `$s` itself), so
// no name of the program is shadowed, assigned or taken.
import { traced } from "@await-tree/runtime";

const $s_1 = "site one";
let $t_1 = 0;
const $j_1: number[] = [];

async function part(i: number): Promise<number> {
  await null;
  $j_1.push(i);
  return i * 2;
}

class Pipeline {
  @traced
  async run(n: number): Promise<string> {
    const $t_2 = await part(n);
    const [a, b] = await Promise.all([part(n + 1), part(n + 2)]);
    $t_1 += a + b + $t_2;
    const inner = async () => {
      const [c] = await Promise.all([part(100)]);
      return c + (await part(200));
    };
    return `${$s_1} ${$t_1} ${await inner()} ${$j_1.join(",")}`;
  }
}

async function main(): Promise<void> {
  console.log(await new Pipeline().run(1));
  console.log(await new Pipeline().run(2));
  console.log(typeof $s_1, $t_1, $j_1.length);
}
main().catch((e: Error) => console.log("threw", e.name, e.message));
