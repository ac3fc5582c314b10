/**
 * The shared state of a Lock or RLock: the SharedArrayBuffer fast path for thread workers (docs/sync.md,
 * "Fast path"). The host's broker owns the cell and every primitive's wait queue; a thread that has attached
 * the cell takes and frees an uncontended lock with one compare-and-swap, without a message.
 *
 * Layout: Int32Array(3).
 * - STATE: 0 when free; otherwise the holder's index (every worker, and the lab, has a small integer index
 *   given by the host), ORed with WAITERS when the broker must see the next transition: a worker waits in the
 *   broker's queue, or the lock is free but its owner died (FREE_SLOW: index 0 with WAITERS).
 * - COUNT: an RLock's recursion count, written by its holder (after taking the lock) or by the broker.
 * - PARKED: bit 0 set while a thread waits on the cell itself (Atomics.waitAsync on this word) for the
 *   holder to let go, before it would queue in the broker (src/worker/sync/cell-wait.ts); the other bits
 *   count wake-ups, so that a waiter that read the word before a wake-up is not put to sleep after it.
 *
 * Rules: a thread only ever CASes STATE from 0 to its index (acquire) and from its index, without WAITERS,
 * to 0 (release). While WAITERS is set no thread can change STATE, so the broker alone moves it (a release
 * hands the lock straight to the first waiter, FIFO); otherwise the broker changes it by CAS too.
 */

export const STATE = 0;
export const COUNT = 1;
export const PARKED = 2;
export const CELL_INTS = 3;
export const WAITERS = 1 << 30;
export const INDEX_MASK = WAITERS - 1;
/** Free, but the next acquire must go through the broker (it carries the owner-died mark). */
export const FREE_SLOW = WAITERS;
/**
 * The lock was deleted (its name may already name a new lock): no thread can take it (the holder index is
 * no worker's), and a thread that sees it asks the host for the name's cell again.
 */
export const RETIRED = WAITERS | INDEX_MASK;

export const holderIndexOf = (state: number): number => state & INDEX_MASK;

/** The host's answer to a thread's `syncAttach`: the cell, the thread's index in it, and the kind. */
export interface LockAttachment {
  readonly cell: SharedArrayBuffer;
  readonly index: number;
  readonly recursive: boolean;
}

/**
 * Wakes the threads waiting on the cell, if any: called by whoever has just freed the lock or changed who
 * holds it (a thread's fast release, the broker). Costs one load when nobody waits on the cell.
 */
export function wakeParked(cell: Int32Array): void {
  const parked = Atomics.load(cell, PARKED);
  if ((parked & 1) === 0) return;
  // parked + 1 clears bit 0 and counts the wake-up; a lost CAS means another waker did both already.
  if (Atomics.compareExchange(cell, PARKED, parked, parked + 1) === parked) Atomics.notify(cell, PARKED);
}
