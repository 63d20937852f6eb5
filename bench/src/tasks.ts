// P8: the job of one registered task: a couple of traced awaits.

async function step(i: number): Promise<number> {
  return (await Promise.resolve(i)) + 1;
}

export async function job(i: number): Promise<number> {
  const a = await step(i);
  return a + (await Promise.resolve(1));
}
