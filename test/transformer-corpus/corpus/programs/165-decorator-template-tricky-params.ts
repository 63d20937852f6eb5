// Issue 9 defect 13: @traced("... ${id}") on methods whose parameter list holds a regexp default
// containing `(` and a comment containing `)`.
import { traced } from "@await-tree/runtime";

class Parser {
  @traced("parse ${id}")
  async parse(id: number, re = /\((a|b)/): Promise<string> {
    await null;
    return `${id} ${re.test("(a") ? "match" : "no"}`;
  }
  @traced("save ${id}")
  async save(/* the id ) of the row */ id: number, extra = "x)"): Promise<string> {
    await null;
    return `saved ${id}${extra}`;
  }
}

async function main(): Promise<void> {
  const p = new Parser();
  console.log(await p.parse(1), await p.save(2));
}
main().catch((e: Error) => console.log("threw", e.name, e.message));
