// @traced methods (standard decorators) mixed with plain async methods: values, this, errors, statics.
import { traced } from "@await-tree/runtime";

export class Repo {
  private rows = new Map<number, string>([
    [1, "one"],
    [2, "two"],
  ]);
  reads = 0;

  @traced
  async get(id: number): Promise<string> {
    this.reads++;
    await null;
    const row = this.rows.get(id);
    if (row === undefined) throw new RangeError(`no row ${id}`);
    return row;
  }

  @traced
  async getMany(...ids: number[]): Promise<string[]> {
    return Promise.all(ids.map((id) => this.get(id)));
  }

  async plain(id: number): Promise<string> {
    return `plain:${await this.get(id)}`;
  }

  @traced
  static async create(): Promise<Repo> {
    await null;
    return new this();
  }

  @traced
  async argumentsLength(_a?: number, _b?: number): Promise<number> {
    await null;
    return arguments.length;
  }
}

async function main(): Promise<void> {
  const r = await Repo.create();
  console.log(await r.get(1), await r.plain(2), JSON.stringify(await r.getMany(2, 1)));
  try {
    await r.getMany(1, 3);
  } catch (e) {
    console.log((e as Error).name, (e as Error).message);
  }
  console.log("reads", r.reads);
  console.log("names", r.get.name, r.getMany.name, Repo.create.name, "lengths", r.get.length, r.getMany.length);
  console.log("args", await r.argumentsLength(), await r.argumentsLength(1), await r.argumentsLength(1, 2));
  const detached = r.get;
  try {
    await detached(1);
  } catch (e) {
    console.log("detached:", (e as Error).constructor.name);
  }
  console.log(await r.get.call(r, 2));
}

main();
