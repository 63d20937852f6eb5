// Helper of 79-circular-imports: imports the entry module back and calls its hoisted async function while
// the entry module has not finished (ES modules: has not even started) evaluating.
import { early } from "../79-circular-imports.js";

export const fromHelper: Promise<string> = early("called from the helper during module loading");

export async function helperAsync(x: number): Promise<number> {
  await null;
  return x * 2;
}
