import { z } from 'zod';
import { PY_ROLES, PY_START_METHODS } from './python-wire';
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
/**
 * A Python program (start kind "python") is a process of method "python"; so are the processes and threads
 * the shim reports inside it (observed workers: the lab did not start them and cannot end a thread).
 */
export type WorkerMethod = LaunchMethod | 'thread' | 'python';

/** An observed Python process or thread: one the lab did not start, known from what the shim says (docs/python-wire.md). */
export const observedPythonSchema = z.strictObject({
  /** The Python process worker a thread runs in; null for a process. */
  process: z.string().nullable(),
  /** A process's role (main, Process, Pool worker...) and start method; null for a thread. */
  role: z.enum(PY_ROLES).nullable(),
  startMethod: z.enum(PY_START_METHODS).nullable(),
  /** A thread's threading.get_ident(); null for a process. */
  ident: z.number().nullable(),
});
export type ObservedPython = z.infer<typeof observedPythonSchema>;

/** A Python process as its shim described it (its hello), or why it is not observed. */
export const pythonViewSchema = z.strictObject({
  role: z.enum(PY_ROLES).nullable(),
  startMethod: z.enum(PY_START_METHODS).nullable(),
  version: z.string().max(64).nullable(),
  /** Why the lab does not see inside it (its shim's connection was refused or closed with a reason); null when it does. */
  unobserved: z.string().max(500).nullable(),
  /** Forked while its parent ran this many threads (more than one): a lock another thread held stays held in it. */
  forkedAmongThreads: z.number().int().min(2).optional(),
});
export type PythonView = z.infer<typeof pythonViewSchema>;

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
  method: z.enum([...LAUNCH_METHODS, 'thread', 'python']),
  command: z.string().nullable(),
  task: taskSchema.nullable(),
  daemon: z.boolean(),
  detached: z.boolean(),
  /** True for `fork` (and threads, whose channel is postMessage): the worker can message the host. */
  ipc: z.boolean(),
  /** Only for a Python process or thread the lab observes and did not start. */
  observed: observedPythonSchema.optional(),
});
export type WorkerDescriptor = z.infer<typeof workerDescriptorSchema>;

/** What a worker is doing right now, as the seeds and htop name it. */
export const WORKER_STATES = ['starting', 'running', 'sleeping', 'blocked', 'stopped', 'exited'] as const;
export type WorkerState = (typeof WORKER_STATES)[number];
