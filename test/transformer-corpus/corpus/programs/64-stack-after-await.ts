// Source maps: errors thrown after awaits, in nested calls; mapped file:line:column of the frames in this file.
const STEM = "64-stack-after-await";
function frames(e: unknown, n: number): string {
  const out: string[] = [];
  for (const line of String((e as Error).stack).split("\n")) {
    const m = /at (?:async )?(\S+ )?\(?(?:file:\/\/)?[^()]*?([^/\\()]+):(\d+):(\d+)\)?$/.exec(line);
    if (m?.[2]?.startsWith(STEM)) out.push(`${m[1] ? m[1].trim() : "<anon>"} ${m[2]}:${m[3]}:${m[4]}`);
  }
  return out.slice(0, n).join(" <- ");
}

async function parse(text: string): Promise<unknown> {
  await Promise.resolve();
  return JSON.parse(text);
}

async function load(text: string): Promise<unknown> {
  const value = await parse(text);
  await null;
  if (value === null) {
    const err = new TypeError("null document");
    throw err;
  }
  return value;
}

async function main(): Promise<void> {
  for (const doc of ['{"ok":true}', "null", "{broken"]) {
    try {
      console.log(JSON.stringify(await load(doc)));
    } catch (e) {
      console.log((e as Error).name, "top frame:", frames(e, 1));
      console.log("  frames:", frames(e, 3));
    }
  }
}

main();
