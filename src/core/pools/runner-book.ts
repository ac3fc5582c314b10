import type { Cancel, Clock } from '../clock';
import type { PoolFactSink } from './pool-fact-sink';
import type { PoolWorkers } from './pool-workers';
import type { CrashPolicy, PoolRuntime, TaskCall, TaskHandlers } from './runner-port';

/** What a TaskRunner keeps of its pool: its tasks, its workers and their slots (task-runner.ts). */

export type PoolRunState = 'running' | 'closed' | 'terminating' | 'ended' | 'broken';

export interface TaskRunnerOptions {
  /** The pool's name: its workers are named after it. */
  readonly pool: string;
  readonly runtime: PoolRuntime;
  readonly size: number;
  readonly maxTasksPerChild: number | null;
  /** A user's script whose exported functions the workers can run; null: the task library only. */
  readonly module?: string | null;
  readonly crash: CrashPolicy;
  readonly workers: PoolWorkers;
  readonly clock: Clock;
  readonly facts: PoolFactSink;
  /** The pool's state changed (the registry's `pool.state`). */
  readonly onState?: (state: PoolRunState, reason: string | null) => void;
}

export interface RunnerTask {
  readonly id: number;
  readonly call: TaskCall;
  readonly handlers: TaskHandlers;
  started: boolean;
  /** A chunk's leading values that came in parts (task.resultPart), joined at its result. */
  parts: unknown[][] | null;
}

export interface PoolWorker {
  readonly workerId: string;
  readonly slot: number;
  /** starting: not serving yet; retiring: the runner asked it to end. */
  phase: 'starting' | 'serving' | 'retiring';
  /** Its slot went (the pool shrank): it takes no more tasks and is retired once those it holds are done. */
  leaving: boolean;
  /** Sent to it, in order: the first is running once it said so. */
  inFlight: RunnerTask[];
  finished: number;
  /** When its first task in flight started (monotonic ms), for the pool's last run time. */
  runningSince: number;
}

export interface Slot {
  readonly number: number;
  worker: PoolWorker | null;
  startFailures: number;
  retry: Cancel | null;
}

export interface SlotView {
  readonly slot: number;
  readonly workerId: string | null;
  /** The task it runs now. */
  readonly taskId: number | null;
  /** Its worker serves tasks (false while it starts). */
  readonly ready: boolean;
}
