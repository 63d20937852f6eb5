// Source maps: an error thrown before the first await of an async function; print the mapped location of the
// top stack frames in this file (file:line:column), which must be the original TypeScript lines.
const STEM = "63-stack-sync-throw";
function frames(e: unknown, n: number): string {
  const out: string[] = [];
  for (const line of String((e as Error).stack).split("\n")) {
    const m = /at (?:async )?(\S+ )?\(?(?:file:\/\/)?[^()]*?([^/\\()]+):(\d+):(\d+)\)?$/.exec(line);
    if (m?.[2]?.startsWith(STEM)) out.push(`${m[1] ? m[1].trim() : "<anon>"} ${m[2]}:${m[3]}:${m[4]}`);
  }
  return out.slice(0, n).join(" <- ");
}

async function validate(input: string): Promise<number> {
  if (input.length === 0) throw new Error("empty input");
  await null;
  return input.length;
}

async function main(): Promise<void> {
  console.log(await validate("abc"));
  try {
    await validate("");
  } catch (e) {
    console.log("top frame:", frames(e, 1));
    console.log("frames:", frames(e, 3));
  }
}

main();
