import type { PrimitiveState } from '../../shared/primitive-state';
import type { PrimitiveSnapshot } from '../../shared/sync';

/**
 * What the Sync view still takes from the broker's snapshots (`metrics.sync`, every 200 ms), because no fact
 * carries it yet. Everything else comes from the states folded from facts (SyncView.states). Each item goes
 * when its facts land; nothing here is parsed out of display text.
 */

/**
 * THE ONE REMAINING USE OF A SNAPSHOT FOR LOCKS: a thread takes an uncontended Lock or RLock in shared memory,
 * and that acquisition is a fact only when fast-path recording is on (SyncHub `recordFastPath`, off by
 * default), so a lock a thread holds that way folds as free. Until recording is on by default, a lock the
 * facts call free takes the sampled holder (at most one sampling period late). This goes with that default.
 */
export function withFastPathHolder(state: PrimitiveState, sampled: PrimitiveSnapshot | undefined): PrimitiveState {
  if ((state.kind !== 'Lock' && state.kind !== 'RLock') || state.holder !== null || sampled === undefined) return state;
  const holder = sampled.holders[0];
  return holder === undefined ? state : { ...state, holder: { actor: holder.workerId, since: holder.since, count: holder.count } };
}
