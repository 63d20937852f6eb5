// Observables and promises mixed the way RxJS 7 mixes them (an audit on RxJS 7's own suite):
// a generic Observable class, `forEach` returning a promise, `firstValueFrom`/`lastValueFrom`,
// `from(asyncIterable)` pumped by an async function, `defer(async () => ...)`, an "asap" scheduler
// on promise microtasks racing awaited promises, `eachValueFrom` as an async generator, an
// `async *[Symbol.asyncIterator]()` of a generic class, an abstract scheduler with `declare`
// fields, overloads, `this`-typed methods and a `const enum`. Every step logs with a microtask
// tick count, so the exact interleaving of the traced build must be the plain build's.
const log: string[] = [];
let tick = 0;
let ticking = true;
function ticker(): void {
  if (!ticking) return;
  tick++;
  queueMicrotask(ticker);
}
function note(s: string): void {
  log.push(`${tick}:${s}`);
}

const enum Kind {
  Next = "N",
  Error = "E",
  Complete = "C",
}

interface Observer<T> {
  next(v: T): void;
  error(e: unknown): void;
  complete(): void;
}

class Subscriber<T> implements Observer<T> {
  closed = false;
  private readonly teardowns: Array<() => void> = [];
  constructor(private readonly dest: Partial<Observer<T>>) {}
  next(v: T): void {
    if (!this.closed) this.dest.next?.(v);
  }
  error(e: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.dest.error?.(e);
    this.unsubscribe();
  }
  complete(): void {
    if (this.closed) return;
    this.closed = true;
    this.dest.complete?.();
    this.unsubscribe();
  }
  add(t: () => void): void {
    this.teardowns.push(t);
  }
  unsubscribe(): void {
    this.closed = true;
    for (const t of this.teardowns.splice(0)) t();
  }
}

class Observable<T> {
  constructor(private readonly producer: (s: Subscriber<T>) => (() => void) | undefined | void) {}
  subscribe(o: Partial<Observer<T>>): Subscriber<T> {
    const s = new Subscriber(o);
    try {
      const t = this.producer(s);
      if (t) s.add(t);
    } catch (e) {
      s.error(e);
    }
    return s;
  }
  pipe<R>(this: Observable<T>, op: (src: Observable<T>) => Observable<R>): Observable<R> {
    return op(this);
  }
  // RxJS's forEach: a promise that settles with the observable.
  forEach(next: (v: T) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.subscribe({ next, error: reject, complete: resolve });
    });
  }
  // A generic method holding async functions of its own.
  async collect<K extends string>(this: Observable<T>, key: K): Promise<Record<K, T[]>> {
    const out: T[] = [];
    await this.forEach(async function (this: unknown, v) {
      out.push(v);
    });
    const check = async <U,>(xs: U[]): Promise<number> => xs.length;
    note(`collect ${key} ${await check(out)}`);
    return { [key]: out } as Record<K, T[]>;
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    yield* eachValueFrom(this);
  }
}

function of<T>(...xs: T[]): Observable<T> {
  return new Observable<T>((s) => {
    for (const x of xs) s.next(x);
    s.complete();
  });
}

function firstValueFrom<T>(src: Observable<T>): Promise<T>;
function firstValueFrom<T, D>(src: Observable<T>, config: { defaultValue: D }): Promise<T | D>;
function firstValueFrom<T, D>(src: Observable<T>, config?: { defaultValue: D }): Promise<T | D> {
  return new Promise<T | D>((resolve, reject) => {
    const s: Subscriber<T> = src.subscribe({
      next: (v) => {
        resolve(v);
        Promise.resolve().then(() => s.unsubscribe());
      },
      error: reject,
      complete: () => (config ? resolve(config.defaultValue) : reject(new Error("no elements in sequence"))),
    });
  });
}

function lastValueFrom<T>(src: Observable<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let has = false;
    let last: T | undefined;
    src.subscribe({
      next: (v) => {
        has = true;
        last = v;
      },
      error: reject,
      complete: () => (has ? resolve(last as T) : reject(new Error("no elements in sequence"))),
    });
  });
}

// RxJS's innerFrom: `process(asyncIterable, subscriber).catch(...)`, here `pump`.
async function pump<T>(it: AsyncIterable<T>, s: Subscriber<T>): Promise<void> {
  for await (const v of it) {
    s.next(v);
    if (s.closed) return;
  }
  s.complete();
}
function fromAsync<T>(it: AsyncIterable<T>): Observable<T> {
  return new Observable<T>((s) => {
    pump(it, s).catch((e) => s.error(e));
  });
}
function fromPromise<T>(p: PromiseLike<T>): Observable<T> {
  return new Observable<T>((s) => {
    p.then(
      (v) => {
        if (!s.closed) {
          s.next(v);
          s.complete();
        }
      },
      (e) => s.error(e),
    );
  });
}
function defer<T>(factory: () => PromiseLike<T>): Observable<T> {
  return new Observable<T>((s) => {
    const inner = fromPromise(factory()).subscribe(s);
    return () => inner.unsubscribe();
  });
}

// RxJS's eachValueFrom (rxjs-for-await): values buffered, promises handed out on demand.
async function* eachValueFrom<T>(src: Observable<T>): AsyncGenerator<T, void, undefined> {
  const queue: Array<[Kind, unknown]> = [];
  let wake: (() => void) | undefined;
  const s = src.subscribe({
    next: (v) => push([Kind.Next, v]),
    error: (e) => push([Kind.Error, e]),
    complete: () => push([Kind.Complete, undefined]),
  });
  function push(n: [Kind, unknown]): void {
    queue.push(n);
    wake?.();
  }
  try {
    while (true) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const [kind, v] = queue.shift() as [Kind, unknown];
      if (kind === Kind.Complete) return;
      if (kind === Kind.Error) throw v;
      yield v as T;
    }
  } finally {
    note("eachValueFrom finally");
    s.unsubscribe();
  }
}

abstract class Scheduler {
  declare readonly name: string;
  declare actions: number;
  abstract schedule(work: () => void): void;
  now(): number {
    return tick;
  }
}
// RxJS's asapScheduler schedules on promise microtasks (its Immediate helper).
class AsapScheduler extends Scheduler {
  constructor() {
    super();
    this.actions = 0;
  }
  schedule(work: () => void): void {
    this.actions++;
    Promise.resolve().then(work);
  }
  async drain(this: AsapScheduler, n: number): Promise<number> {
    for (let i = 0; i < n; i++) await new Promise<void>((r) => this.schedule(r));
    return this.actions;
  }
}
const asap = new AsapScheduler();

function observeOn<T>(sch: Scheduler): (src: Observable<T>) => Observable<T> {
  return (src) =>
    new Observable<T>((s) => {
      const inner = src.subscribe({
        next: (v) => sch.schedule(() => s.next(v)),
        error: (e) => sch.schedule(() => s.error(e)),
        complete: () => sch.schedule(() => s.complete()),
      });
      return () => inner.unsubscribe();
    });
}

async function* countdown(n: number): AsyncGenerator<number, void, undefined> {
  try {
    while (n > 0) {
      await null;
      yield n--;
    }
  } finally {
    note(`countdown finally at ${n}`);
  }
}

async function main(): Promise<void> {
  queueMicrotask(ticker);
  note(`first ${await firstValueFrom(of(1, 2, 3))}`);
  note(`first default ${await firstValueFrom(of<number>(), { defaultValue: -1 })}`);
  try {
    await firstValueFrom(of<number>());
  } catch (e) {
    note(`first empty ${(e as Error).message}`);
  }
  note(`last ${await lastValueFrom(of("a", "b"))}`);
  note(`asap first ${await firstValueFrom(of(5, 6).pipe(observeOn(asap)))}`);
  // An asap-scheduled value racing an awaited promise.
  const raced = await Promise.race([
    lastValueFrom(of("asap").pipe(observeOn(asap))),
    Promise.resolve("resolved"),
  ]);
  note(`race ${raced}`);
  note(`drained ${await asap.drain(3)}`);
  note(`from async ${await lastValueFrom(fromAsync(countdown(3)))}`);
  // Unsubscribing (firstValueFrom) stops the pump: the generator's finally runs.
  note(`from async first ${await firstValueFrom(fromAsync(countdown(5)))}`);
  note(`defer ${await lastValueFrom(defer(async () => (await Promise.resolve(20)) + 1))}`);
  try {
    await lastValueFrom(
      defer(async () => {
        await null;
        throw new TypeError("deferred failure");
      }),
    );
  } catch (e) {
    note(`defer rejected ${(e as Error).name} ${(e as Error).message} ${e instanceof TypeError}`);
  }
  const seen: number[] = [];
  await of(1, 2, 3)
    .pipe(observeOn(asap))
    .forEach((v) => {
      seen.push(v);
      note(`forEach ${v}`);
    });
  note(`forEach done ${seen.join(",")}`);
  const collected = await of("x", "y").collect("letters");
  note(`collected ${JSON.stringify(collected)}`);
  const iterated: string[] = [];
  for await (const v of of("p", "q", "r").pipe(observeOn(asap))) {
    iterated.push(v);
    if (v === "q") break;
  }
  note(`iterated ${iterated.join(",")}`);
  const failing = new Observable<number>((s) => {
    s.next(1);
    s.error(new RangeError("boom"));
  });
  try {
    for await (const v of eachValueFrom(failing)) note(`value ${v}`);
  } catch (e) {
    note(`each error ${(e as Error).name} ${String((e as Error).stack).split("\n")[0]}`);
  }
  note(`kinds ${[Kind.Next, Kind.Error, Kind.Complete].join("")} ${asap.now() > 0} ${asap.name}`);
  note(`iterator is async gen ${Object.prototype.toString.call(of(1)[Symbol.asyncIterator]())}`);
  ticking = false;
}

main().then(
  () => console.log(log.join("\n")),
  (e) => {
    console.log(log.join("\n"));
    console.log("main failed", e);
    process.exitCode = 1;
  },
);
