import { INDEX_MASK, PARKED, STATE, WAITERS } from '../../shared/lock-cell';
import { waitAsync } from '../../shared/queue-ring';

/**
 * How long a blocking acquire waits on a held lock's cell itself before it queues in the broker, in ms.
 * Waiting on the cell costs no message and takes the thread off its CPU (so the holder runs alone, as a
 * futex waiter lets it); the broker is where a wait is seen (the wait-for graph, deadlock detection,
 * FIFO hand-off). A wait longer than this shows there, PARK_MS late: short beside the 1 s of deadlock
 * detection and the 200 ms a person can notice, long beside a fast-path hold (nanoseconds to microseconds).
 */
export const PARK_MS = 10;

const NOW = Promise.resolve();

/**
 * Waits until the cell's holder lets go (its release, finding PARKED, wakes the cell's waiters), the broker
 * writes the cell, or `ms` pass. Resolves at once unless the cell is held by another thread with nobody
 * queued in the broker. Being woken means "look again", not "yours".
 */
export function waitOnCell(cell: Int32Array, ms: number): Promise<unknown> {
  const held = Atomics.load(cell, STATE);
  if ((held & INDEX_MASK) === 0 || (held & WAITERS) !== 0) return NOW;
  const parked = held | PARKED;
  // The mark by CAS from what was read: if the holder let go (or anyone moved the cell) since, it fails and
  // the caller looks again; once it is there, the holder's plain CAS to 0 fails and its release wakes us.
  if (held !== parked && Atomics.compareExchange(cell, STATE, held, parked) !== held) return NOW;
  // "not-equal" (the cell moved between the CAS and here) answers at once, as a wake-up would.
  const waited = waitAsync(cell, STATE, parked, ms);
  return waited.async ? waited.value : NOW;
}
