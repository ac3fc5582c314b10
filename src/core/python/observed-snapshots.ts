import type { PrimitiveState, WaitOp } from '../../shared/primitive-state';
import { emptySnapshot, type PrimitiveSnapshot } from '../../shared/sync';

/**
 * Observed primitives as the deadlock check reads the broker's (wait-for.ts reads snapshots): holders,
 * waiters, a semaphore's free units. Only those with someone in them: the rest cannot be in a cycle, nor
 * hold a waiter back. O(observed primitives), run at the lock tables' sampling period when they changed.
 */
export function snapshotsOf(states: Iterable<PrimitiveState>): PrimitiveSnapshot[] {
  const snapshots: PrimitiveSnapshot[] = [];
  for (const state of states) {
    const snapshot = snapshotOf(state);
    if (snapshot !== null) snapshots.push(snapshot);
  }
  return snapshots;
}

function snapshotOf(state: PrimitiveState): PrimitiveSnapshot | null {
  const holders =
    state.kind === 'Lock' || state.kind === 'RLock'
      ? state.holder === null
        ? []
        : [{ workerId: state.holder.actor, since: state.holder.since, count: state.holder.count }]
      : state.kind === 'Semaphore' || state.kind === 'BoundedSemaphore'
        ? state.holders.map((holder) => ({ workerId: holder.actor, since: holder.since, count: holder.count }))
        : [];
  const waiters = 'waiters' in state ? state.waiters : [];
  if (holders.length === 0 && waiters.length === 0) return null;
  return {
    ...emptySnapshot(state.name, state.kind),
    holders,
    // A pipe's waits are on anyone's send or recv: to the check they are waits that anyone may end.
    waiters: waiters.map((waiter) => ({ workerId: waiter.actor, op: waiter.op.startsWith('pipe_') ? 'wait' : (waiter.op as WaitOp), since: waiter.since, timeoutMs: waiter.timeoutMs })),
    value: state.kind === 'Semaphore' || state.kind === 'BoundedSemaphore' ? state.value : null,
  };
}
