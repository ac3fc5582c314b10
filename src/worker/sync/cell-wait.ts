import { INDEX_MASK, PARKED, STATE, WAITERS } from '../../shared/lock-cell';

/**
 * How long a blocking acquire waits on a held lock's cell itself before it queues in the broker, in ms.
 * Waiting on the cell costs no message and takes the thread off its CPU (so the holder runs alone, as a
 * futex waiter lets it); the broker is where a wait is seen (the wait-for graph, deadlock detection,
 * FIFO hand-off). A wait longer than this shows there, PARK_MS late: short beside the 1 s of deadlock
 * detection and the 200 ms a person can notice, long beside a fast-path hold (nanoseconds to microseconds).
 */
export const PARK_MS = 10;

type WaitAsync = (cell: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: Promise<unknown> | string };
// ES2024 (Node 16+), not in the ES2023 library the project's types use.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
const NOW = Promise.resolve();

/**
 * Waits until the cell's holder lets go (its release calls wakeParked), the broker changes the cell, or
 * `ms` pass; resolves at once when the cell no longer looks "held by another, nobody queued". The caller
 * then looks at the cell again: being woken means "look", not "yours".
 */
export function waitOnCell(cell: Int32Array, ms: number): Promise<unknown> {
  // The bit first, then the look: a release before the bit is set is seen by the look, one after it sees
  // the bit and bumps the word, so the wait below returns at once ("not-equal") or is woken.
  const seen = Atomics.or(cell, PARKED, 1) | 1;
  const state = Atomics.load(cell, STATE);
  if ((state & INDEX_MASK) === 0 || (state & WAITERS) !== 0) return NOW;
  const waited = waitAsync(cell, PARKED, seen, ms);
  return waited.async ? (waited.value as Promise<unknown>) : NOW;
}
