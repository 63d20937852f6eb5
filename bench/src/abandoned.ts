// P9: work that is dropped and never settles (a connection's call that hangs, a race loser that
// nobody awaits): the calls are made and forgotten; the program keeps nothing of them.

export class Conn {
  constructor(readonly n: number) {}
}

function never(_c: Conn): Promise<void> {
  return new Promise<void>(() => {});
}

/** One abandoned call: pending for ever on a promise nobody can settle, holding a `Conn`. */
export async function dropped(i: number, c: Conn): Promise<number> {
  await never(c);
  return i;
}

/** A task's job: `per` calls it drops (never awaited), then it finishes. */
export async function job(per: number): Promise<void> {
  for (let i = 0; i < per; i++) void dropped(i, new Conn(i));
  await null;
}
