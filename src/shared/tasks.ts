import { z } from 'zod';
import { signalNameSchema } from './signals';

/** The built-in task library: what a worker runs. Each task is a plain value, so it crosses any boundary. */

const MAX_TASK_MS = 24 * 60 * 60 * 1000;

const durationMs = z
  .number({ error: 'must be a number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .min(0, 'must not be negative')
  .max(MAX_TASK_MS, 'must be at most one day');

export const sleepTaskSchema = z.strictObject({ name: z.literal('sleep'), ms: durationMs });
export const burnTaskSchema = z.strictObject({ name: z.literal('burn'), ms: durationMs });
export const countTaskSchema = z.strictObject({
  name: z.literal('count'),
  n: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').max(1e11, 'must be at most 1e11'),
});
export const exitTaskSchema = z.strictObject({
  name: z.literal('exit'),
  code: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0..255').max(255, 'must be 0..255'),
});
export const throwTaskSchema = z.strictObject({
  name: z.literal('throw'),
  message: z.string({ error: 'must be text' }).max(500, 'must be at most 500 characters'),
});
export const crashTaskSchema = z.strictObject({ name: z.literal('crash'), signal: signalNameSchema });
export const hangTaskSchema = z.strictObject({ name: z.literal('hang') });
export const ignoreSigtermTaskSchema = z.strictObject({ name: z.literal('ignore-sigterm') });

/** Tasks a worker can give its own children: every task except starting more children. */
export const leafTaskSchema = z.discriminatedUnion('name', [
  sleepTaskSchema,
  burnTaskSchema,
  countTaskSchema,
  exitTaskSchema,
  throwTaskSchema,
  crashTaskSchema,
  hangTaskSchema,
  ignoreSigtermTaskSchema,
]);
export type LeafTask = z.infer<typeof leafTaskSchema>;

export const CHILD_METHODS = ['fork', 'spawn', 'exec'] as const;

export const spawnChildrenTaskSchema = z.strictObject({
  name: z.literal('spawn-children'),
  n: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(16, 'must be at most 16'),
  kind: z.enum(['thread', 'process']),
  method: z.enum(CHILD_METHODS).default('fork'),
  task: leafTaskSchema,
  /** Python's daemon flag for the grandchildren: ended when this worker ends, instead of waited for. */
  daemon: z.boolean().default(false),
});

export const TASK_NAMES = [
  'sleep',
  'burn',
  'count',
  'exit',
  'throw',
  'crash',
  'hang',
  'ignore-sigterm',
  'spawn-children',
] as const;

export const taskSchema = z.discriminatedUnion(
  'name',
  [
    sleepTaskSchema,
    burnTaskSchema,
    countTaskSchema,
    exitTaskSchema,
    throwTaskSchema,
    crashTaskSchema,
    hangTaskSchema,
    ignoreSigtermTaskSchema,
    spawnChildrenTaskSchema,
  ],
  { error: (issue): string => `unknown task ${JSON.stringify((issue.input as { name?: unknown } | undefined)?.name)}; use one of ${TASK_NAMES.join(', ')}` },
);
export type Task = z.infer<typeof taskSchema>;
export type TaskName = Task['name'];


/** One line for the tree and the log: "sleep(2000)", "spawn-children(2, process/fork, sleep(5000))". */
export function describeTask(task: Task | LeafTask): string {
  switch (task.name) {
    case 'sleep':
    case 'burn':
      return `${task.name}(${task.ms} ms)`;
    case 'count':
      return `count(${task.n})`;
    case 'exit':
      return `exit(${task.code})`;
    case 'throw':
      return `throw(${JSON.stringify(task.message)})`;
    case 'crash':
      return `crash(${task.signal})`;
    case 'hang':
    case 'ignore-sigterm':
      return task.name;
    case 'spawn-children': {
      const how = task.kind === 'thread' ? 'thread' : `process/${task.method}`;
      return `spawn-children(${task.n}, ${how}, ${describeTask(task.task)}${task.daemon ? ', daemon' : ''})`;
    }
  }
}
