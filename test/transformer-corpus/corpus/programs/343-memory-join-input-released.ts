// corpus-node-options: --max-old-space-size=64
// corpus-expect: done 120 120
// A join's input goes through a temporary (`$at.join(Promise.all(($j = [mark, xs])[1]), $j[1], ...)`):
// once the join has read it, the temporary must let the input go, as the untransformed function
// does. 120 calls each join a promise of a 2 MB array (also nested in a second join), drop it, and
// then wait on a promise that stays reachable (its resolver is kept), so the suspended calls stay
// alive. Kept by the temporary through that last await, the arrays would need 240 MB, beyond the
// 64 MB heap given here; the untransformed program keeps none of them.
import { traced } from "@await-tree/runtime";

async function big(i: number): Promise<number[]> {
  return new Array<number>(256 * 1024).fill(i);
}

const resolvers: (() => void)[] = [];
function parked(): Promise<void> {
  return new Promise<void>((resolve) => resolvers.push(resolve));
}

class Jobs {
  @traced
  async joinThenWait(i: number): Promise<void> {
    await Promise.all([big(i)]);
    await parked();
  }

  @traced
  async nestedThenWait(i: number): Promise<void> {
    await Promise.allSettled([Promise.race([big(i)]), 1]);
    await parked();
  }
}

async function main(): Promise<void> {
  const jobs = new Jobs();
  let started = 0;
  for (; started < 120; started++) {
    void (started % 2 === 0 ? jobs.joinThenWait(started) : jobs.nestedThenWait(started));
    // Let each call reach its last await before the next allocates.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  console.log("done", started, resolvers.length);
  for (const resolve of resolvers) resolve();
}

void main();
