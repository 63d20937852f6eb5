// P2: a traced async call that awaits once, made in a loop by a traced caller (with the
// transformer), against the same code untransformed.

export async function work(p: Promise<number>): Promise<number> {
  return (await p) + 1;
}

export async function drive(n: number, p: Promise<number>): Promise<number> {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + (await work(p))) | 0;
  return x;
}

/** The baseline of the decorator variants: the same method, never traced. */
export class PlainService {
  async get(p: Promise<number>): Promise<number> {
    return (await p) + 1;
  }
}

export async function drivePlainService(s: PlainService, n: number, p: Promise<number>): Promise<number> {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + (await s.get(p))) | 0;
  return x;
}

/** A traced call that completes without suspending (a cache hit, say): its frame alone. */
export async function ready(): Promise<number> {
  return 1;
}

/** `ready()` called and not awaited: the frame's `enter` and `exit`, nothing else (case `frame`). */
export async function driveReady(n: number): Promise<number> {
  let x = 0;
  for (let i = 0; i < n; i++) {
    void ready();
    x = (x + 1) | 0;
  }
  return x;
}

/** `ready()` awaited: its frame and the caller's await of a call that did not suspend (`frame-awaited`). */
export async function driveAwaitReady(n: number): Promise<number> {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + (await ready())) | 0;
  return x;
}
