// `arguments` and `arguments.length` in async functions, before and after awaits, with defaults and rest.
async function count(a?: number, b?: number): Promise<string> {
  const n1 = arguments.length;
  await null;
  const n2 = arguments.length;
  const all = Array.from(arguments);
  return `${n1}/${n2} ${JSON.stringify(all)} a=${a} b=${b}`;
}

async function withDefault(a = 1, b = a + 1): Promise<string> {
  await null;
  return `len=${arguments.length} a=${a} b=${b} args=${JSON.stringify([...arguments])}`;
}

async function mutate(a: number): Promise<string> {
  await null;
  arguments[0] = 99;
  return `a=${a} arg0=${arguments[0]}`;
}

async function arrowSeesOuter(x: number, y: number): Promise<string> {
  const inner = async (): Promise<string> => {
    await null;
    return `outer len ${arguments.length} first ${arguments[0]}`;
  };
  return inner();
}

async function rest(first: string, ...others: number[]): Promise<string> {
  await null;
  return `${first} ${others.length} ${arguments.length}`;
}

class K {
  async m(..._xs: unknown[]): Promise<number> {
    await null;
    return arguments.length;
  }
}

async function main(): Promise<void> {
  console.log(await count());
  console.log(await count(1));
  console.log(await count(1, 2));
  console.log(await (count as (...a: unknown[]) => Promise<string>)(1, 2, 3));
  console.log(await withDefault());
  console.log(await withDefault(5));
  console.log(await withDefault(undefined, 7));
  console.log(await mutate(1));
  console.log(await arrowSeesOuter(3, 4));
  console.log(await rest("r", 1, 2, 3));
  console.log(await new K().m(1, undefined, null));
}

main();
