// The generated project of the cost benchmarks: `files` TypeScript modules (async functions,
// @traced classes, joins, loops, try/catch, async generators), each importing the next, so that
// loading m0 loads them all.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** One generated module: a mix of what the transformer rewrites, and plain code it leaves alone. */
export function moduleSource(i, files) {
  const dep = `./m${(i + 1) % files}.js`;
  return `import { traced } from "@await-tree/runtime";
import { helper${(i + 1) % files} as next } from "${dep}";

export interface Row${i} { id: number; name: string; tags: string[] }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function helper${i}(x: number): number {
  let acc = 0;
  for (let k = 0; k < x; k++) acc += k % 7;
  return acc;
}

export async function fetchRow${i}(id: number): Promise<Row${i}> {
  await sleep(id % 3);
  return { id, name: \`row \${id}\`, tags: ["a", "b"] };
}

export async function fetchMany${i}(ids: number[]): Promise<Row${i}[]> {
  const rows = await Promise.all(ids.map((id) => fetchRow${i}(id)));
  try {
    await sleep(1);
  } catch (e) {
    console.error(e);
  } finally {
    await sleep(0);
  }
  return rows.filter((r) => r.id > next(2));
}

export async function* stream${i}(n: number): AsyncGenerator<Row${i}> {
  for (let k = 0; k < n; k++) yield await fetchRow${i}(k);
}

export class Service${i} {
  private cache = new Map<number, Row${i}>();

  @traced
  async load(id: number): Promise<Row${i}> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = await fetchRow${i}(id);
    this.cache.set(id, row);
    return row;
  }

  @traced("refresh \${id}")
  async refresh(id: number, force = false): Promise<void> {
    const [a, b] = await Promise.all([this.load(id), fetchMany${i}([id, id + 1])]);
    if (force || a.id !== b.length) await sleep(1);
    for await (const r of stream${i}(2)) this.cache.set(r.id, r);
  }

  size(): number {
    return this.cache.size;
  }
}
`;
}

/** Writes `files` modules into `dir`/src. */
export function writeModules(dir, files) {
  mkdirSync(join(dir, "src"), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(dir, "src", `m${i}.ts`), moduleSource(i, files));
}
