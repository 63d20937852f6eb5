// Circular imports: a module that imports this one back calls this module's hoisted async function before
// this module's body ran. The emitted instrumentation of this module is not initialised yet at that moment.
import { fromHelper, helperAsync } from "./modules/79-cycle-helper.js";

export async function early(tag: string): Promise<string> {
  const before = typeof tag;
  await null;
  const doubled = await helperAsync(21);
  return `${tag} (${before}, ${doubled})`;
}

async function main(): Promise<void> {
  console.log(await fromHelper);
  console.log(await early("called from main"));
}

main();
