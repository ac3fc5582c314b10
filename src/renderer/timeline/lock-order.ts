import type { LockLane } from './lane-types';

/**
 * Up to this many lock lanes keep their creation order: a demo's few locks stay where the teacher saw them
 * (lockA above lockB), whoever holds them. Past it the lanes no longer fit the panel at 1280x720, and in
 * creation order the locks that matter (a deadlock on the last two of 1,000) sit far below its visible rows.
 */
export const LOCK_LANES_IN_CREATION_ORDER = 8;

/**
 * The lock lanes top to bottom: with many locks, those waited for now first (contention, a deadlock's
 * cycle), then those held now, then the free ones; creation order within each. The lanes follow the live
 * state: a lock moves up when it is taken and back when it is free again.
 */
export function lockLanesInOrder(locks: readonly LockLane[]): readonly LockLane[] {
  if (locks.length <= LOCK_LANES_IN_CREATION_ORDER) return locks;
  const waitedFor: LockLane[] = [];
  const held: LockLane[] = [];
  const free: LockLane[] = [];
  for (const lock of locks) {
    if (lock.waiters.size > 0) waitedFor.push(lock);
    else if (isHeld(lock)) held.push(lock);
    else free.push(lock);
  }
  return [...waitedFor, ...held, ...free];
}

/** Held now: its last hold has not ended. */
const isHeld = (lock: LockLane): boolean => lock.segments.at(-1)?.end === null;
