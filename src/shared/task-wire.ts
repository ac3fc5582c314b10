/**
 * The task protocol between the host and a worker that serves tasks (a pool's worker, the `serve-tasks`
 * task): the host sends runs and cancels, the worker reports each task's start and its end. Free of zod on
 * purpose, as worker-wire.ts: the worker side loads it; the host checks the reports (task-messages.ts).
 */

/** The functions of the built-in task library a served task may call (src/worker/task-library.ts). */
/** The longest a task may sleep or burn, started or served: one day. */
export const MAX_TASK_MS = 24 * 60 * 60 * 1000;

export const TASK_FUNCTIONS = ['square', 'sleep', 'burn', 'fail'] as const;
export type TaskFunction = (typeof TASK_FUNCTIONS)[number];

/**
 * Host to worker: run one task (after those sent before it, one at a time), run a chunk of calls of one
 * function as one task (Python's mapstar: one result, the list of values, or the first call's error), or
 * drop one not started yet.
 */
export type TaskOrder =
  | { readonly type: 'task.run'; readonly taskId: number; readonly fn: string; readonly args: readonly unknown[] }
  | { readonly type: 'task.runChunk'; readonly taskId: number; readonly fn: string; readonly calls: readonly (readonly unknown[])[] }
  /**
   * A chunk whose calls take one argument each, `fn(item)` (Python's map; runChunk is its starmap): one list
   * of items crosses in a fraction of the time a list of one-item lists takes (a thread's clone of 125,000
   * of those cost the host's loop 110 ms).
   */
  | { readonly type: 'task.mapChunk'; readonly taskId: number; readonly fn: string; readonly items: readonly unknown[] }
  /** Succeeds only while the task waits in the worker (Python's Future.cancel): a running task runs on. */
  | { readonly type: 'task.cancel'; readonly taskId: number };

/** Several orders in one message, done in their order: one message per worker per turn of the host's loop. */
export interface TaskOrders {
  readonly type: 'task.orders';
  readonly orders: readonly TaskOrder[];
}

/** What a task raised, as Python names it: "ValueError", "TypeError", and the message. */
export interface TaskFailure {
  readonly type: string;
  readonly message: string;
}

/** Worker to host, for each task in the order it happens: started then result or error; or cancelled. */
export type TaskReport =
  | { readonly type: 'task.started'; readonly taskId: number }
  /** A structured-clone value from a thread, a JSON value from a forked process; a chunk's: the list of them. */
  | { readonly type: 'task.result'; readonly taskId: number; readonly value: unknown }
  | { readonly type: 'task.error'; readonly taskId: number; readonly error: TaskFailure }
  | { readonly type: 'task.cancelled'; readonly taskId: number }
  /**
   * The leading values of a chunk's list too big for one message (a map's chunk of 100,000 squares): the
   * host joins the parts, in order, ahead of the list its task.result then carries.
   */
  | { readonly type: 'task.resultPart'; readonly taskId: number; readonly values: unknown[] };

/**
 * The reports of one turn of the worker's loop in one message, in the order they happened (a message per
 * report cost more than the trivial tasks themselves). At most MAX_REPORTS_PER_MESSAGE, and the whole within
 * the host's message limits.
 */
export interface TaskReports {
  readonly type: 'task.reports';
  readonly reports: TaskReport[];
}

/** Said once by a worker serving tasks when it listens for orders: orders sent earlier could be lost. */
export interface TaskServing {
  readonly type: 'task.serving';
}

export const MAX_REPORTS_PER_MESSAGE = 200;

/** A worker cuts what it reports of an error to these, so a long message is told, not refused. */
export const MAX_ERROR_TYPE_LENGTH = 100;
export const MAX_ERROR_MESSAGE_LENGTH = 4_000;
