import { assertNever } from '../../shared/assert-never';
import type { PrimitiveState } from '../../shared/primitive-state';
import type { PrimitiveSnapshot, Waiter } from '../../shared/sync';

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

/**
 * A shared Value, Array, Dict or List's contents, the memory budget a queue, dict or list holds, and a Pipe's
 * blocked senders and readers: no fact carries these yet (write facts carry no value, pipe waits make no
 * fact: docs/facts.md), so they are shown as last sampled. Null before the first sample.
 */
export interface SampledData {
  /** Python's repr of the contents (Value, Array, Dict, List). */
  readonly contents: string | null;
  /** Bytes a queue, dict or list holds of the memory budget. */
  readonly bytes: number | null;
  /** A Pipe's blocked senders and readers. */
  readonly waiters: readonly Waiter[];
}

export function sampledData(state: PrimitiveState, sampled: PrimitiveSnapshot | undefined): SampledData | null {
  if (sampled === undefined) return null;
  switch (state.kind) {
    case 'Lock':
    case 'RLock':
    case 'Semaphore':
    case 'BoundedSemaphore':
    case 'Event':
    case 'Condition':
    case 'Barrier':
    case 'Timer':
      return null;
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return { contents: null, bytes: sampled.bytes, waiters: [] };
    case 'Value':
    case 'Array':
    case 'Dict':
    case 'List':
      return { contents: sampled.contents, bytes: sampled.bytes, waiters: [] };
    case 'Pipe':
      return { contents: null, bytes: null, waiters: sampled.waiters };
    default:
      return assertNever(state);
  }
}

