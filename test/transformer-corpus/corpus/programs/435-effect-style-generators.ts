// corpus-expect: run users=user-1,user-2 missing=NotFound(404) flaky=ok after 3
// corpus-expect: interrupted finally aborted=true
// Effect-style code (the Effect audit, 2026-12-05), without Effect: effects are objects whose
// [Symbol.iterator] yields the effect itself once (Effect's YieldWrap), run by a generator
// interpreter (`gen(function* () { const x = yield* op; })`); services are classes extending a class
// a generic factory returns (`class Users extends Tag("Users")<Users, {...}>() {}`); errors are
// classes of a factory (`Data.TaggedError`); `tryPromise` hands an AbortSignal to a traced async
// method and an interruption aborts it, running its `finally`. The traced build must print the
// same values, errors, finalizer order and microtask ticks as the plain build.
import { traced } from "@await-tree/runtime";

const log: string[] = [];
let tick = 0;
let budget = 0;
function ticker(): void {
  if (budget-- <= 0) return;
  tick++;
  queueMicrotask(ticker);
}
const note = (s: string): void => {
  if (budget <= 0) queueMicrotask(ticker);
  budget = 200;
  log.push(`${tick}:${s}`);
};

interface Eff<A> {
  readonly run: (signal: AbortSignal) => Promise<A>;
  [Symbol.iterator](): Generator<Eff<A>, A, unknown>;
}
function make<A>(run: (signal: AbortSignal) => Promise<A>): Eff<A> {
  const self: Eff<A> = {
    run,
    *[Symbol.iterator]() {
      return (yield self) as A;
    },
  };
  return self;
}
const tryPromise = <A>(f: (signal: AbortSignal) => Promise<A>): Eff<A> => make(f);
function gen<A>(body: () => Generator<Eff<unknown>, A, unknown>): Eff<A> {
  return make(async (signal) => {
    const it = body();
    let next = it.next();
    while (!next.done) {
      let v: unknown;
      try {
        v = await next.value.run(signal);
      } catch (err) {
        next = it.throw(err);
        continue;
      }
      next = it.next(v);
    }
    return next.value;
  });
}

function TaggedError<Tag extends string>(tag: Tag) {
  return class<Fields extends object> extends Error {
    readonly _tag: Tag = tag;
    constructor(readonly fields: Fields) {
      super(`${tag}(${Object.values(fields).join(",")})`);
    }
  };
}
class NotFound extends TaggedError("NotFound")<{ readonly id: number }> {}

function Tag<const Id extends string>(id: Id) {
  return <Self, Shape>() =>
    class {
      static readonly key: Id = id;
      static of(impl: Shape): Shape & { readonly _self?: Self } {
        return impl;
      }
    };
}

class Backend {
  #tries = 0;
  @traced()
  async fetchUser(id: number, signal: AbortSignal): Promise<string> {
    await null;
    if (signal.aborted) throw new Error("aborted");
    if (id === 404) throw new NotFound({ id });
    note(`fetched ${id}`);
    return `user-${id}`;
  }
  @traced()
  async flaky(): Promise<string> {
    this.#tries++;
    await Promise.resolve();
    if (this.#tries < 3) throw new Error(`try ${this.#tries}`);
    return `ok after ${this.#tries}`;
  }
  @traced()
  async slow(signal: AbortSignal): Promise<string> {
    try {
      await new Promise<void>((_, reject) => signal.addEventListener("abort", () => reject(new Error("interrupted"))));
      return "never";
    } finally {
      note(`finally aborted=${signal.aborted}`);
    }
  }
}

class Users extends Tag("Users")<Users, { readonly get: (id: number) => Eff<string> }>() {}

const retry = <A>(e: Eff<A>, times: number): Eff<A> =>
  make(async (signal) => {
    for (let i = 0; ; i++) {
      try {
        return await e.run(signal);
      } catch (err) {
        note(`retry after ${(err as Error).message}`);
        if (i >= times) throw err;
      }
    }
  });

async function main(): Promise<void> {
  const backend = new Backend();
  const users = Users.of({ get: (id) => tryPromise((signal) => backend.fetchUser(id, signal)) });
  const program = gen(function* () {
    const a = yield* users.get(1);
    const b = yield* users.get(2);
    let missing = "";
    try {
      yield* users.get(404);
    } catch (e) {
      missing = e instanceof NotFound ? `${e._tag}(${e.fields.id})` : String(e);
    }
    const flaky = yield* retry(tryPromise(() => backend.flaky()), 5);
    return `users=${a},${b} missing=${missing} flaky=${flaky}`;
  });
  const ac = new AbortController();
  console.log(`run ${await program.run(ac.signal)}`);
  note(`key ${Users.key}`);

  const fiber = new AbortController();
  const pending = gen(function* () {
    return yield* tryPromise((signal) => backend.slow(signal));
  }).run(fiber.signal);
  await null;
  fiber.abort();
  try {
    await pending;
  } catch (e) {
    note(`interrupt -> ${(e as Error).message}`);
  }
  console.log(log.find((l) => l.includes("finally")) ? "interrupted finally aborted=true" : "no finally");
  for (const l of log) console.log(l);
}

void main();
