/**
 * The shared state of a Lock or RLock: the SharedArrayBuffer fast path for thread workers (docs/sync.md,
 * "Fast path"). The host's broker owns the cell and every primitive's wait queue; a thread that has attached
 * the cell takes and frees an uncontended lock with one compare-and-swap, without a message.
 *
 * Layout: Int32Array(2).
 * - STATE: 0 when free; otherwise the holder's index (every worker, and the lab, has a small integer index
 *   given by the host), ORed with WAITERS when the broker must see the next transition: a worker waits in the
 *   broker's queue, or the lock is free but its owner died (FREE_SLOW: index 0 with WAITERS); and ORed with
 *   PARKED while a thread waits on the cell itself for the holder to let go (src/worker/sync/cell-wait.ts:
 *   Atomics.waitAsync on STATE), so that the holder's release, whose CAS from its bare index then fails,
 *   wakes it. In the state word, not beside it: an uncontended release costs nothing more.
 * - COUNT: an RLock's recursion count, written by its holder (after taking the lock) or by the broker.
 *
 * Rules: a thread only ever CASes STATE from 0 to its index (acquire), from its index (with PARKED or not),
 * without WAITERS, to 0 (release; with PARKED it then wakes the cell's waiters), and from another's index,
 * without WAITERS, to the same with PARKED (waiting on the cell). While WAITERS is set no thread can change
 * STATE, so the broker alone moves it (a release hands the lock straight to the first waiter, FIFO), waking
 * the cell's waiters whenever it writes it; otherwise the broker changes it by CAS too.
 */

export const STATE = 0;
export const COUNT = 1;
export const CELL_INTS = 2;
export const WAITERS = 1 << 30;
export const PARKED = 1 << 29;
export const INDEX_MASK = PARKED - 1;
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

/** Wakes every thread waiting on the cell (cell-wait.ts); they look again. Called by whoever freed or handed on a lock whose STATE had PARKED. */
export function wakeCellWaiters(cell: Int32Array): void {
  Atomics.notify(cell, STATE);
}
