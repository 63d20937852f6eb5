// A connection pool: `acquire()` waits until a connection is free. A connection that is never
// released makes every later `acquire()` wait forever, and nothing in Node.js says where.
export interface Connection {
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
  release(): void;
}

export class Pool {
  private free: number;
  private readonly waiting: Array<(c: Connection) => void> = [];

  constructor(
    size: number,
    private readonly answer: (sql: string, params: unknown[]) => unknown[],
  ) {
    this.free = size;
  }

  acquire(): Promise<Connection> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.connection());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private connection(): Connection {
    return {
      query: <T>(sql: string, params: unknown[]) =>
        new Promise<T[]>((resolve) => setTimeout(() => resolve(this.answer(sql, params) as T[]), 5)),
      release: () => {
        const next = this.waiting.shift();
        if (next) next(this.connection());
        else this.free++;
      },
    };
  }
}
