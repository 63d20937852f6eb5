// catch clauses with destructured bindings and awaits, errors replaced while awaiting, finally reading catch results.
async function failWith(props: Record<string, unknown>): Promise<never> {
  await null;
  throw Object.assign(new Error(String(props.message ?? "err")), props);
}

async function main(): Promise<void> {
  try {
    await failWith({ message: "m1", code: 7 });
  } catch ({ message, code }: any) {
    console.log("destructured", message, code, await Promise.resolve(code * 2));
  }
  let last = "";
  for (const code of [1, 2]) {
    try {
      await failWith({ code });
    } catch (e) {
      const { code: c } = e as { code: number };
      last = `code ${c} after await ${await Promise.resolve(c)}`;
      if (c === 2) continue;
    } finally {
      console.log("finally sees", last);
    }
  }
  let shadow: unknown = "outer";
  try {
    await failWith({ message: "inner" });
  } catch (shadow) {
    await null;
    console.log("shadowed catch param", (shadow as Error).message);
  }
  console.log("outer binding untouched", shadow);
  shadow = undefined;
}

main();
