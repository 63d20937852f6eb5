// Three traced repositories. `Users.find` has the bug: it returns early for an unknown user without
// releasing its connection, so `Orders.recent`, which runs beside it, never gets one.
import { traced } from "@await-tree/runtime";
import type { Pool } from "./pool";

export interface User {
  id: number;
  name: string;
}

export class Users {
  constructor(private readonly pool: Pool) {}

  @traced()
  async find(id: number): Promise<User | undefined> {
    const conn = await this.pool.acquire();
    const rows = await conn.query<User>("select * from users where id = ?", [id]);
    if (rows.length === 0) return undefined; // BUG: the connection is not released
    conn.release();
    return rows[0];
  }
}

export class Orders {
  constructor(private readonly pool: Pool) {}

  @traced()
  async recent(userId: number): Promise<unknown[]> {
    const conn = await this.pool.acquire();
    try {
      return await conn.query("select * from orders where user_id = ? limit 10", [userId]);
    } finally {
      conn.release();
    }
  }
}

export class Profiles {
  constructor(
    private readonly users: Users,
    private readonly orders: Orders,
  ) {}

  @traced()
  async load(id: number) {
    const [user, orders] = await Promise.all([this.users.find(id), this.orders.recent(id)]);
    return { user, orders };
  }
}
