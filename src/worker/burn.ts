import { nextTurn, SLICE_MS } from './pace';

/** Keeps one core busy for `ms`, in slices, so that messages and signal handlers still run between them. */
export async function burn(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const sliceEnd = Math.min(end, Date.now() + SLICE_MS);
    while (Date.now() < sliceEnd) {
      // spin: this is the CPU load the user asked for
    }
    await nextTurn();
  }
}
