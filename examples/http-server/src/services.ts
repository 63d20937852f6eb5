/**
 * The application's services: plain classes with `@traced` async methods. The transformer turns
 * each of their awaits into a labelled span with its location.
 */
import { traced } from "@await-tree/runtime";

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface User {
  id: string;
  name: string;
}

/** A fast in-process "database". */
export class Db {
  @traced
  async findUser(id: string): Promise<User> {
    await delay(5);
    return { id, name: `user ${id}` };
  }
}

/** A remote dependency. `stock` answers after `latencyMs` (slow on purpose for one warehouse). */
export class Warehouse {
  constructor(readonly latencyMs: Record<string, number>) {}

  @traced
  async stock(region: string, sku: string): Promise<number> {
    const ms = this.latencyMs[region] ?? 5;
    await delay(ms);
    return sku.length;
  }
}

export class Inventory {
  constructor(private readonly warehouse: Warehouse) {}

  @traced
  async available(sku: string): Promise<number> {
    const counts = await Promise.all([this.warehouse.stock("eu", sku), this.warehouse.stock("us", sku)]);
    return counts.reduce((a, b) => a + b, 0);
  }
}
