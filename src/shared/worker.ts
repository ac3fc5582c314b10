import { z } from 'zod';
import { MAX_LIVE_WORKERS_CEILING } from './config';
import { isSyncTask, taskSchema } from './tasks';

/** Words of the domain (DESIGN.md): what a worker is, independent of how it is observed. */

export const WORKER_KINDS = ['thread', 'process'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/**
 * How a process worker is started: `fork` (Node child with an IPC channel), `spawn` (node running the
 * worker entry, stdio pipes only), `exec` (the same through a shell), `command` (any command line).
 */
export const PROCESS_METHODS = ['fork', 'spawn', 'exec', 'command'] as const;
export type ProcessMethod = (typeof PROCESS_METHODS)[number];
export type WorkerMethod = ProcessMethod | 'thread';

const workerName = /^[A-Za-z0-9_.-]+$/;

export const startSpecSchema = z
  .strictObject({
    kind: z.enum(WORKER_KINDS, { error: 'kind must be "thread" or "process"' }),
    method: z.enum(PROCESS_METHODS, { error: `method must be one of ${PROCESS_METHODS.join(', ')}` }).optional(),
    command: z.string().trim().min(1, 'command must not be empty').max(4000, 'command is too long').optional(),
    /**
     * One start may fill the lab up to its live-worker limit (maxLiveWorkers, 256 by default), which the
     * supervisor checks against the workers already running; the schema only bounds it by the highest
     * limit a lab can be given.
     */
    count: z
      .number({ error: 'count must be a number' })
      .int('count must be a whole number')
      .min(1, 'count must be at least 1')
      .max(MAX_LIVE_WORKERS_CEILING, `count must be at most ${MAX_LIVE_WORKERS_CEILING} (the lab's live-worker limit, 256 by default, applies too)`),
    namePrefix: z
      .string()
      .min(1, 'name prefix must not be empty')
      .max(32, 'name prefix must be at most 32 characters')
      .regex(workerName, 'name prefix may use letters, digits, "_", "." and "-"')
      .default('worker'),
    task: taskSchema.optional(),
    daemon: z.boolean().default(false),
    detached: z.boolean().default(false),
  })
  .superRefine((spec, ctx) => {
    const say = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (spec.kind === 'thread') {
      if (spec.method !== undefined) say('a thread has no process method', 'method');
      if (spec.command !== undefined) say('a thread cannot run a command line; use kind "process", method "command"', 'command');
      if (spec.detached) say('only a process can be detached: a thread cannot outlive its process', 'detached');
    } else if (spec.method === undefined) {
      say('a process needs a method: fork, spawn, exec or command', 'method');
    }
    if (spec.kind === 'thread' && (spec.task?.name === 'crash' || (spec.task?.name === 'spawn-children' && spec.task.kind === 'thread' && spec.task.task.name === 'crash'))) {
      say('crash kills the whole process it runs in; in a thread that would be the lab itself. Use kind "process"', 'task');
    }
    if (spec.task !== undefined && isSyncTask(spec.task.name) && spec.kind === 'process' && spec.method !== 'fork') {
      say(`${spec.task.name} talks to the lab's primitives over a message channel: use kind "thread" or method "fork"`, 'method');
    }
    if (spec.method === 'command') {
      if (spec.command === undefined) say('method "command" needs a command line, for example "sleep 30"', 'command');
      if (spec.task !== undefined) say('method "command" runs its command line, not a task', 'task');
    } else {
      if (spec.task === undefined) say('choose a task, for example {"name":"sleep","ms":5000}', 'task');
      if (spec.command !== undefined && spec.kind === 'process') say('a command line needs method "command"', 'command');
    }
  });
export type StartSpec = z.infer<typeof startSpecSchema>;

/** The facts fixed when a worker is asked for; everything else about it arrives as events. */
export const workerDescriptorSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  groupId: z.string(),
  kind: z.enum(WORKER_KINDS),
  method: z.enum([...PROCESS_METHODS, 'thread']),
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
