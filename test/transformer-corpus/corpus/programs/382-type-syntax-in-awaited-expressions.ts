// Awaited expressions full of TypeScript's own syntax, which labels now leave out (type arguments,
// `as`, `satisfies`, `<T>x`, `x!`, annotated and generic arrows, optional parameters, parentheses
// that only a type needed, instantiation expressions): the values, the order of evaluation, the
// exceptions and `this` must be as without the transformer, in every module and target setting.
const order: string[] = [];

function note<T>(what: string, v: T): T {
  order.push(what);
  return v;
}

async function get<T>(x: T, tag = "get"): Promise<T> {
  order.push(`${tag}(${String(x)})`);
  return x;
}

class Box<T> {
  constructor(readonly v: T) {
    order.push(`new Box(${String(v)})`);
  }
  ready = Promise.resolve(this);
  async twice<U extends number>(this: Box<U>): Promise<number> {
    return (await get<U>(this.v)) * 2;
  }
}

function tag<T>(s: TemplateStringsArray, ...v: T[]): Promise<string> {
  return Promise.resolve(`${s.join("|")}:${v.join(",")}`);
}

const maybe: (<T>(x: T) => Promise<T>) | undefined = get;
const never: (<T>(x: T) => Promise<T>) | undefined = undefined;
const pick = get<string>;

async function main(): Promise<void> {
  const id = 7;
  const ids = [1, 2, 3];
  console.log(await get<number | string>(id));
  console.log(await (get(note("a", id)) as Promise<number>));
  console.log(await get(note("b", id))!);
  console.log(await (<Promise<number>>get(note("c", id))));
  console.log(await (get(note("d", id)) satisfies Promise<number>));
  console.log((await new Box<number>(note("e", id)).ready).v);
  console.log(await Promise.all(ids.map(async (x: number): Promise<number> => (await get<number>(x, "map")) + 1)));
  console.log(await tag<number>`a${id}b${note("f", 2)}`);
  console.log(await get/* <not a type> */<number>(note("g", id)));
  console.log(await maybe?.<number>(note("h", id)), await never?.<number>(note("i", id)));
  console.log(await (async <T,>(v: T, w?: T): Promise<T | undefined> => w ?? v)(note("j", id)));
  console.log(await get<Array<Map<string, number>>>(new Array<Map<string, number>>(2))!.then((a) => a.length));
  console.log(await (((note("k", id) as number) + 1) as unknown as Promise<number>));
  console.log(await pick(note("l", "picked")));
  console.log(await new Box<3>(3).twice());
  try {
    await (get(note("m", null)) as unknown as Promise<{ x: number }>).then((o) => o!.x);
  } catch (e) {
    console.log("caught", (e as Error).name);
  }
  console.log(order.join(" "));
}
main();
