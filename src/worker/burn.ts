import { nextTurn, SLICE_MS } from './pace';

/**
 * Keeps one core busy for `ms`, in slices, so that messages and signal handlers still run between them.
 * Timed with performance.now(), not Date.now(): Date.now() moves in whole milliseconds, so a burn that
 * began mid-millisecond ended on the next tick, and a pool's 1 ms task cost 1 ms minus whatever the host
 * spent handing it over (measured: 0.52 ms on average from a random start, and back-to-back tasks cost
 * exactly 1 ms each whatever the pool's overhead, which hid that overhead from the bench).
 */
export async function burn(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const sliceEnd = Math.min(end, performance.now() + SLICE_MS);
    while (performance.now() < sliceEnd) {
      // spin: this is the CPU load the user asked for
    }
    await nextTurn();
  }
}
