import { z } from 'zod';
import { taskSchema } from './tasks';

/** Words of the domain (DESIGN.md): what a worker is, independent of how it is observed. */

export const WORKER_KINDS = ['thread', 'process'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/**
 * How a process worker of the lab's worker entry is started: `fork` (Node child with an IPC channel),
 * `spawn` (node running the worker entry, stdio pipes only), `exec` (the same through a shell).
 */
export const PROCESS_METHODS = ['fork', 'spawn', 'exec'] as const;
export type ProcessMethod = (typeof PROCESS_METHODS)[number];

/** How a child process of the lab is launched: a process method, or `command` (any command line, start kind "command"). */
export const LAUNCH_METHODS = [...PROCESS_METHODS, 'command'] as const;
export type LaunchMethod = (typeof LAUNCH_METHODS)[number];
export type WorkerMethod = LaunchMethod | 'thread';

/** The facts fixed when a worker is asked for; everything else about it arrives as events. */
export const workerDescriptorSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  groupId: z.string(),
  /**
   * As recorded since the first recording: a command line is kind "process", method "command" here (the
   * start spec's kind "command"), so recordings made before the start spec had a command kind still open.
   */
  kind: z.enum(WORKER_KINDS),
  method: z.enum([...LAUNCH_METHODS, 'thread']),
  command: z.string().nullable(),
  task: taskSchema.nullable(),
  daemon: z.boolean(),
  detached: z.boolean(),
  /** True for `fork` (and threads, whose channel is postMessage): the worker can message the host. */
  ipc: z.boolean(),
});
export type WorkerDescriptor = z.infer<typeof workerDescriptorSchema>;

/** What a worker is doing right now, as the seeds and htop name it. */
export const WORKER_STATES = ['starting', 'running', 'sleeping', 'blocked', 'stopped', 'exited'] as const;
export type WorkerState = (typeof WORKER_STATES)[number];
