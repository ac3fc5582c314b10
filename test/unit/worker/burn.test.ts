import { describe, expect, it } from 'vitest';
import { burn } from '../../../src/worker/burn';

/** Spins until Date.now() has just moved to a new millisecond, then `into` ms further into it. */
function midMillisecond(into: number): void {
  const tick = Date.now();
  while (Date.now() === tick) {
    // wait for the tick
  }
  const from = performance.now();
  while (performance.now() - from < into) {
    // into the millisecond, as a task that the host took some time to hand over
  }
}

describe('burn', () => {
  it('burns the whole 1 ms asked for even when it starts in the middle of a Date.now() millisecond', async () => {
    const took: number[] = [];
    for (let round = 0; round < 20; round++) {
      midMillisecond(0.6);
      const from = performance.now();
      await burn(1);
      took.push(performance.now() - from);
    }
    // A burn that ended on the next Date.now() tick took about 0.4 ms here.
    expect(Math.min(...took)).toBeGreaterThanOrEqual(1);
  });

  it('burns for longer than a slice in several slices, and a burn of 0 ends at once', async () => {
    const from = performance.now();
    await burn(120);
    expect(performance.now() - from).toBeGreaterThanOrEqual(120);
    const zero = performance.now();
    await burn(0);
    expect(performance.now() - zero).toBeLessThan(50);
  });
});
