import type { TaskStep } from '../../shared/task-steps';

/**
 * Where a pool's runner and facades tell every transition they see (pool-facts.ts turns them into the
 * batched `pool.tasks` and `pool.slot` events). Called on the hot path: an implementation only buffers.
 */
export interface PoolFactSink {
  /**
   * Task `taskId` took `step` at monotonic time `t` (ms). `slot`: the worker slot (1-based) it is sent to,
   * runs on or ended on; null in the host's backlog. `fn` with 'submitted'; `detail` with an end: a result's
   * repr, "Type: message", or why it was lost or rejected (cut to 200 characters by the sink).
   */
  step(
    taskId: number,
    step: TaskStep,
    t: number,
    slot: number | null,
    extra?: { readonly fn?: string; readonly map?: { readonly mapId: number; readonly chunk: number; readonly items: number }; readonly detail?: string },
  ): void;
  /** A worker took slot N (first start or a replacement); null: the slot went (the pool shrank). */
  slot(slot: number, workerId: string | null): void;
  /** Tasks in the host not yet sent to any worker, after a change. */
  backlog(size: number): void;
}
