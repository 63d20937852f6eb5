// An awaited value used directly in every position an operand can take, around the emitted
// optional call that resumes the frame (`((t = await ..., $at.resume)?.(...))`, or the comma below
// ES2020): the user's own optional chains and short-circuits around it (an await that must not run),
// the receiver of a method called on an awaited object, `typeof`/`void`/`delete`, a tag, `new`, an
// awaited function named `resume`, and an awaited object whose `resume` and `then` are getters
// (nothing may read them but the program itself).
let evaluated = 0;
const v = async <T>(x: T): Promise<T> => {
  evaluated++;
  return x;
};

class Box {
  constructor(readonly n: number) {}
  self(): this {
    return this;
  }
}

async function main(): Promise<void> {
  const nothing = null as { m(x: number): number } | null;
  const out: unknown[] = [];
  out.push(nothing?.m(await v(1)));
  out.push(evaluated);
  const present = { m: (x: number) => x * 2 };
  out.push(present?.m(await v(2)));
  const a = 5 as number | null;
  out.push(a ?? (await v(6)), a || (await v(7)), !a && (await v(8)));
  out.push(evaluated);
  out.push((await v({ y: 3 }))?.y, (await v(undefined as undefined | (() => number)))?.());
  const box = new Box(4);
  out.push((await v(box)).self() === box, (await v(box)).self().n);
  out.push(typeof (await v("s")), void (await v(9)));
  const holder: { p?: number } = { p: 1 };
  out.push(delete (await v(holder)).p, "p" in holder);
  const tag = (s: TemplateStringsArray, ...xs: unknown[]) => `${s.raw.join("|")}:${xs.join(",")}`;
  out.push((await v(tag))`a${1}b`);
  out.push(new (await v(Box))(5).n);
  const resume = (x: number) => `user's resume ${x}`;
  out.push((await v(resume))(10));
  const reads: string[] = [];
  const watched = {
    get resume() {
      reads.push("resume");
      return 1;
    },
    get suspend() {
      reads.push("suspend");
      return 2;
    },
  };
  const got = await v(watched);
  out.push(got === watched, reads.join(",") || "no reads");
  console.log(JSON.stringify(out));
}

void main();
