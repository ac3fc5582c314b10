import type { TaskFailure } from '../../shared/task-wire';

/**
 * What a facade (Python's Pool, an executor) needs of the workers under it: the seam between
 * task-runner.ts (the workers and dispatch) and pool.ts / executor.ts (Python's semantics). A unit test
 * of a facade may drive it with a scripted runner; the lab always gives it the TaskRunner.
 */

/**
 * One call of a task function, or a chunk of calls of one function run as one task (Python's mapstar):
 * `chunk` with each call's argument list (starmap), `items` with each call's one argument (map), kept as the
 * list of items it crosses as (task.mapChunk): a map of a million made no million one-item lists.
 */
export type TaskCall =
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly unknown[] }
  | { readonly kind: 'chunk'; readonly fn: string; readonly calls: readonly (readonly unknown[])[] }
  | { readonly kind: 'items'; readonly fn: string; readonly items: readonly unknown[] };

export type TaskOutcome =
  /** A chunk's value is the list of its calls' values, in order. */
  | { readonly kind: 'result'; readonly value: unknown }
  /** A chunk fails with its first call that raised, as Python's mapstar. */
  | { readonly kind: 'error'; readonly error: TaskFailure }
  /**
   * The worker running it ended, under the 'lose' policy: Python's Pool never tells its caller. `terminated`:
   * it was a thread the lab stopped with worker.terminate() (pool-workers.ts WorkerExit).
   */
  | { readonly kind: 'lost'; readonly workerId: string; readonly exitCode: number; readonly terminated: boolean }
  | { readonly kind: 'cancelled' }
  /** Ended without a result: the 'reject' or 'break' policy after a crash, or terminate(). */
  | { readonly kind: 'rejected'; readonly reason: string };

/** What explain mode shows of a task beyond its id: map's chunks are shown as chunks. */
export interface TaskMeta {
  readonly map?: { readonly mapId: number; readonly chunk: number; readonly items: number };
}

export interface TaskHandlers {
  /**
   * The task left the host's backlog for a worker (prefetched there, or started). From here it can no longer
   * be cancelled: Python's ProcessPoolExecutor marks a future running once it enters the call queue.
   */
  readonly onSent?: () => void;
  /** The worker said it started it. */
  readonly onStart?: () => void;
  /** Called exactly once, however the task ends; never for a task that is still running. */
  readonly onEnd: (outcome: TaskOutcome) => void;
}

export type CrashPolicy = 'lose' | 'break' | 'reject';
export type PoolRuntime = 'thread' | 'process';

export interface RunnerPort {
  /** Workers the pool keeps (resize changes it). */
  readonly size: number;
  /** Queues a task (FIFO) and returns its id, per pool, from 1. Throws once closed or terminated. */
  submit(call: TaskCall, handlers: TaskHandlers, meta?: TaskMeta): number;
  /** True only while the task waits in the host's backlog (not sent to a worker): it then ends `cancelled`. */
  cancel(taskId: number): boolean;
  /** No more submits; workers stop once the backlog is drained. */
  close(): void;
  /** Stops every worker now; every unfinished task ends `rejected`. */
  terminate(): Promise<void>;
  /** Every worker of the pool has exited (after close or terminate). */
  whenEnded(): Promise<void>;
}
