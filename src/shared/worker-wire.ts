import type { LockAttachment } from './lock-cell';
import type { SyncReply, SyncRequest } from './sync';
import type { LeafTask, Task } from './tasks';

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
  | { readonly type: 'syncAttach'; readonly id: number; readonly name: string };

/** Host to worker: a polite request to end (a thread's SIGTERM), or the answer to a sync request or attach. */
export type HostMessage =
  | { readonly type: 'stop' }
  | { readonly type: 'syncReply'; readonly id: number; readonly reply: SyncReply }
  /** `lock` is null when the primitive is not a Lock or RLock (or does not exist, or the worker is a process). */
  | { readonly type: 'syncAttached'; readonly id: number; readonly lock: LockAttachment | null };
