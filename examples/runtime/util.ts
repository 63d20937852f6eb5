/** Helpers shared by the examples. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise that never settles (await-tree's `pending()`). */
export const pending = (): Promise<never> => new Promise<never>(() => {});

/** Print a headline and a tree dump. */
export function show(title: string, text: string | undefined): void {
  console.log(`--- ${title}`);
  process.stdout.write(text ?? "(no tree)\n");
}
