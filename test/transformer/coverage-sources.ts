// The start of the library that both coverage tests compile (coverage.test.ts, coverage-istanbul.test.ts):
// a retry loop whose last line runs only when every attempt failed, and a `for await` over an async
// generator that returns early. Its first line is the source's line 2 (the template starts with a newline).
export const RETRY_AND_SCAN = `
export async function withRetry<T>(fn: () => Promise<T>, attempts = 2): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

async function* scan(ids: number[]): AsyncGenerator<number> {
  for (const id of ids) {
    await Promise.resolve();
    yield id;
  }
}

export async function firstOver(ids: number[], min: number): Promise<number | null> {
  for await (const n of scan(ids)) {
    if (n >= min) {
      return n;
    }
  }
  return null;
}
`;
