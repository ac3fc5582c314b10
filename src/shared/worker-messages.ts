import { z } from 'zod';
import type { LeafTask, Task } from './tasks';

/**
 * What passes between the host and the code running inside a worker. The worker side imports only the
 * types (so a worker starts without loading zod); the host validates everything a worker sends, because a
 * worker may run a user's code and is not trusted.
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

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ready'),
    pid: z.number().int().nonnegative(),
    /** Native thread id (Linux TID); null where the platform does not tell. */
    tid: z.number().int().nonnegative().nullable(),
  }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** Host to worker: a polite request to end (a thread's SIGTERM), honoured between slices of work. */
export type HostMessage = { readonly type: 'stop' };
