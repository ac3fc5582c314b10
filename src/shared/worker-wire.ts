import type { RingAttachment } from './fast-path-ring';
import type { LockAttachment } from './lock-cell';
import type { QueueAttachment } from './queue-ring';
import type { PoolReply } from './pool-calls';
import type { PoolCommandInput } from './pools';
import type { CreatePrimitiveInput, SyncReply, SyncRequest } from './sync';
import type { QueueBatchOp } from './queue-batch';
import type { TaskOrder, TaskOrders, TaskReport, TaskReports, TaskServing } from './task-wire';
import type { LeafTask, Task } from './tasks';
import type { WorkerQuery } from './worker-query';

/**
 * The worker's side of the host-worker wire, free of zod on purpose: this module is loaded by every
 * worker at start-up, and start latency is a feature. The host validates with worker-messages.ts.
 */

/** How a worker learns that its parent is gone, so it ends with it (daemon children, lab workers). */
export type ParentGuard = 'ipc' | 'stdin' | 'none';

export interface WorkerSpec {
  readonly workerId: string;
  readonly task: Task | LeafTask;
  readonly guard: ParentGuard;
  /** Python's daemon flag of this worker: a daemonic process may not have children of its own (children.ts). */
  readonly daemon: boolean;
  /**
   * The descriptor (in this process) of the lab's lifeline: a socket whose other end only the lab host holds,
   * inherited by every process below it. It reads end-of-file when the host is gone, however it died, so a
   * grandchild left running as an orphan still ends with the lab. Null for a thread, a detached worker and
   * where descriptors cannot be passed down (Windows).
   */
  readonly lifeline: number | null;
  /** util-linux's setpriv, to give daemon children a parent-death signal (parent-death.ts); null where none. */
  readonly setpriv: string | null;
  /** The POSIX shell the lab runs `exec` workers through (launch-plan.ts), for this worker's own children too. */
  readonly shell: string;
  /** Built entry files, so a worker can start children of its own. */
  readonly entries: { readonly thread: string; readonly process: string };
}

/** Environment variable that carries a process worker's spec (JSON), so no shell quoting is involved. */
export const WORKER_SPEC_ENV = 'LAB_WORKER';
/** Prefix of the lines a worker without an IPC channel (spawn, exec) writes on stdout to talk to the host. */
export const STDOUT_MESSAGE_PREFIX = '@lab:';

/** Worker to host. The host checks each one against `workerMessageSchema`. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly pid: number; readonly tid: number | null }
  /** A request to a synchronisation primitive; answered by a `syncReply` with the same id. */
  | { readonly type: 'sync'; readonly id: number; readonly request: SyncRequest }
  /** A thread asks for a Lock's or RLock's shared cell (the fast path); answered by `syncAttached`. */
  | { readonly type: 'syncAttach'; readonly id: number; readonly name: string }
  /** A worker's script creates a primitive (Python's `manager.list(range(5))`); answered by a `syncReply`. */
  | { readonly type: 'syncCreate'; readonly id: number; readonly primitive: CreatePrimitiveInput }
  /**
   * Said on the way out by a worker that talks on stdout and exits with a code above 128: through an `exec`
   * worker's shell that code would otherwise read as "killed by signal code - 128".
   */
  | { readonly type: 'exiting'; readonly code: number }
  /**
   * A thread worker's spawn-children task asks the host to start its process children, from the host's
   * main thread: a child started by the thread itself would never be reaped once the thread has ended
   * (its event loop, which waits for the child, is gone) and would stay a zombie of the host.
   */
  | { readonly type: 'startChildren' }
  /** A question about another worker (worker-query.ts); answered by a `syncReply` with the same id. */
  | { readonly type: 'workerQuery'; readonly id: number; readonly query: WorkerQuery }
  /** A thread's fast-path ring entries from position `from` (fast-path-ring.ts), copied; never answered. */
  | { readonly type: 'syncRing'; readonly from: number; readonly entries: Int32Array<ArrayBuffer> }
  /** A forked process's queue operations done without asking (queue-batch.ts), in order; never answered. */
  | { readonly type: 'queueBatch'; readonly name: string; readonly ops: QueueBatchOp[] }
  /** A task worker's reports (task-wire.ts), one or a turn's worth, and its word that it serves. */
  | TaskReport
  | TaskReports
  | TaskServing
  /** A user's script drives a pool (pool-calls.ts): answered by a poolReply of the same id. */
  | { readonly type: 'poolCall'; readonly id: number; readonly command: PoolCommandInput };

/**
 * Host to worker: a polite request to end (a thread's SIGTERM), the answer to a sync request or attach, or
 * news of a child the host started for a thread (`index` counts from 1, as the children are numbered).
 */
export type HostMessage =
  | { readonly type: 'stop' }
  | { readonly type: 'childExited'; readonly index: number }
  | { readonly type: 'syncReply'; readonly id: number; readonly reply: SyncReply }
  | { readonly type: 'poolReply'; readonly id: number; readonly reply: PoolReply }
  /**
   * `lock` is null when the primitive is not a Lock or RLock, `queue` when it is not a FIFO Queue or
   * JoinableQueue (both when it does not exist, or the worker is a process).
   */
  | {
      readonly type: 'syncAttached';
      readonly id: number;
      readonly lock: LockAttachment | null;
      readonly queue: QueueAttachment | null;
      /** The thread's fast-path ring and this lock's slot in it; null when fast-path recording is off. */
      readonly recording: RingAttachment | null;
      /** Step mode's flag (one int32, non-zero while on: step-gate.ts): the fast paths take the broker's path while it is set. */
      readonly step?: SharedArrayBuffer;
    }
  /** Work for a task worker (task-wire.ts), one order or several. */
  | TaskOrder
  | TaskOrders;
