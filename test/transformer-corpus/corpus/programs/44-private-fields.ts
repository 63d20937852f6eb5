// Private fields and methods (#x), static privates and brand checks used across awaits.
class Vault {
  #secret: number;
  static #count = 0;
  #log: string[] = [];
  constructor(secret: number) {
    this.#secret = secret;
    Vault.#count++;
  }
  async #unlock(key: number): Promise<boolean> {
    await null;
    this.#log.push(`try ${key}`);
    return key === this.#secret;
  }
  async open(...keys: number[]): Promise<string> {
    for (const k of keys) {
      if (await this.#unlock(k)) return `opened with ${k}`;
    }
    return "still locked";
  }
  async rotate(): Promise<number> {
    this.#secret += await Promise.resolve(1);
    return this.#secret;
  }
  static async count(): Promise<number> {
    await null;
    return Vault.#count;
  }
  static async isVault(o: unknown): Promise<boolean> {
    await null;
    return typeof o === "object" && o !== null && #secret in o;
  }
  get history(): string {
    return this.#log.join(",");
  }
  static async peek(v: Vault): Promise<number> {
    await null;
    return v.#secret;
  }
}

async function main(): Promise<void> {
  const v = new Vault(3);
  console.log(await v.open(1, 2, 3, 4));
  console.log(await v.rotate(), await v.open(3), await v.open(4));
  console.log(v.history);
  console.log(await Vault.count(), await Vault.isVault(v), await Vault.isVault({}));
  try {
    await Vault.peek({} as Vault);
  } catch (e) {
    console.log("brand check:", (e as Error).constructor.name);
  }
  new Vault(0);
  console.log(await Vault.count());
}

main();
