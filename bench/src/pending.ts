// P6, P7: many traced frames, each suspended on a promise that has not settled.

export async function leaf(gate: Promise<void>, i: number): Promise<number> {
  await gate;
  return i;
}

export async function mid(gate: Promise<void>, i: number): Promise<number> {
  return (await leaf(gate, i)) + 1;
}

/** One task's tree: `n` calls of `mid`, each pending in `leaf` (4 spans per call). */
export async function fanOut(gate: Promise<void>, n: number): Promise<void> {
  const all: Promise<number>[] = [];
  for (let i = 0; i < n; i++) all.push(mid(gate, i));
  await Promise.all(all);
}

/** P7: `n` calls of `leaf` made by one traced function, their promises kept in `out`. */
export async function holdMany(gate: Promise<void>, n: number, out: Promise<number>[]): Promise<void> {
  for (let i = 0; i < n; i++) out.push(leaf(gate, i));
  await gate;
}
