import { z } from 'zod';
import { excerpt } from './excerpt';
import { signalNameSchema } from './signals';
import { primitiveNameSchema } from './sync';
import { MAX_TASK_MS } from './task-wire';

/** The built-in task library: what a worker runs. Each task is a plain value, so it crosses any boundary. */

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

// ---- tasks that use the lab's synchronisation primitives (they need a channel to the host) ----------

const count = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(0, `${what} must not be negative`).max(max, `${what} must be at most ${max}`);

/** Puts n numbered items into a queue, pausing delayMs between puts (blocking when the queue is full). */
export const produceTaskSchema = z.strictObject({ name: z.literal('produce'), queue: primitiveNameSchema, n: count('n', 1_000_000), delayMs: durationMs });
/** Gets items for ever (n = 0) or n times, pausing delayMs per item; calls task_done on a JoinableQueue. */
export const consumeTaskSchema = z.strictObject({ name: z.literal('consume'), queue: primitiveNameSchema, n: count('n', 1_000_000).default(0), delayMs: durationMs });
/** Takes `first`, holds it holdMs, then takes `second`: two workers in opposite orders deadlock. */
export const acquireInOrderTaskSchema = z.strictObject({ name: z.literal('acquire-in-order'), first: primitiveNameSchema, second: primitiveNameSchema, holdMs: durationMs });
/**
 * The seeds' `num -= 1`: read the shared counter, pause, write it back minus one; under `lock` if one is
 * named. The counter is a Value, or with `key` an entry of a Dict (the Manager dict of the seeds).
 */
export const decrementTaskSchema = z.strictObject({
  name: z.literal('decrement'),
  counter: primitiveNameSchema,
  key: z.string().max(200).nullable().default(null),
  lock: primitiveNameSchema.nullable().default(null),
  pauseMs: durationMs.default(10),
});
/** Sends n numbered messages on one end of a Pipe, pausing delayMs between them, then closes that end. */
export const pipeSendTaskSchema = z.strictObject({ name: z.literal('pipe-send'), pipe: primitiveNameSchema, end: z.union([z.literal(0), z.literal(1)]), n: count('n', 1_000_000), delayMs: durationMs });
/** Receives on one end of a Pipe until the other end is closed (EOFError), then exits 0. */
export const pipeRecvTaskSchema = z.strictObject({ name: z.literal('pipe-recv'), pipe: primitiveNameSchema, end: z.union([z.literal(0), z.literal(1)]), delayMs: durationMs.default(0) });
/** Waits until an Event is set (the seeds' "redis ready"). */
export const waitEventTaskSchema = z.strictObject({ name: z.literal('wait-event'), event: primitiveNameSchema });
/** Waits at a Barrier until all parties arrive. */
export const barrierWaitTaskSchema = z.strictObject({ name: z.literal('barrier-wait'), barrier: primitiveNameSchema });
/** Acquires a Semaphore, works ms, releases it (the seeds' connection-pool limit). */
export const semaphoreWorkTaskSchema = z.strictObject({ name: z.literal('semaphore-work'), semaphore: primitiveNameSchema, ms: durationMs });

/** Acquires and releases a lock n times as fast as it can: contention made visible (and measured by the bench). */
export const contendTaskSchema = z.strictObject({ name: z.literal('contend'), lock: primitiveNameSchema, n: count('n', 10_000_000) });

/**
 * A user's own worker script: an ES module or CommonJS file whose default export (or `main`) is an async
 * function, called with `{ sync, workerId, args }`; `sync` is the lab's primitives (null in a spawn or exec
 * worker, which has no channel back). Its own code, with the lab's supervision and observation.
 */
/** Where a user's script is: an absolute path to a JavaScript module. */
export const scriptPathSchema = z
  .string({ error: 'path must be text' })
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/]).*\.(js|cjs|mjs)$/, 'path must be an absolute path to a .js, .cjs or .mjs file');

export const scriptTaskSchema = z.strictObject({
  name: z.literal('script'),
  path: scriptPathSchema,
  args: z.array(z.union([z.number(), z.string().max(1000), z.boolean(), z.null()])).max(32).default([]),
});

/**
 * A worker that runs the tasks the host sends it (task-wire.ts), one at a time, until told to stop: a pool's
 * worker. Pools start it; the Start dialog does not offer it (it is not in TASK_NAMES).
 */
export const serveTasksTaskSchema = z.strictObject({
  name: z.literal('serve-tasks'),
  /** A user's script whose exported functions the tasks may call, besides the task library's. */
  module: scriptPathSchema.optional(),
});

export const SYNC_TASK_NAMES = ['produce', 'consume', 'acquire-in-order', 'decrement', 'wait-event', 'barrier-wait', 'semaphore-work', 'pipe-send', 'pipe-recv', 'contend'] as const;
export type SyncTaskName = (typeof SYNC_TASK_NAMES)[number];
export const isSyncTask = (name: string): name is SyncTaskName => (SYNC_TASK_NAMES as readonly string[]).includes(name);

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
  'script',
  ...SYNC_TASK_NAMES,
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
    scriptTaskSchema,
    serveTasksTaskSchema,
    produceTaskSchema,
    consumeTaskSchema,
    acquireInOrderTaskSchema,
    decrementTaskSchema,
    waitEventTaskSchema,
    barrierWaitTaskSchema,
    semaphoreWorkTaskSchema,
    pipeSendTaskSchema,
    pipeRecvTaskSchema,
    contendTaskSchema,
  ],
  {
    error: (issue): string =>
      issue.input === undefined
        ? 'choose a task, for example {"name":"sleep","ms":5000}'
        : `unknown task ${excerpt((issue.input as { name?: unknown } | undefined)?.name)}; use one of ${TASK_NAMES.join(', ')}`,
  },
);
export type Task = z.infer<typeof taskSchema>;
/** A task a person can start (the Start dialog's): every task but serve-tasks, which pools start. */
export type TaskName = (typeof TASK_NAMES)[number];


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
    case 'serve-tasks':
      return task.name;
    case 'spawn-children': {
      const how = task.kind === 'thread' ? 'thread' : `process/${task.method}`;
      return `spawn-children(${task.n}, ${how}, ${describeTask(task.task)}${task.daemon ? ', daemon' : ''})`;
    }
    case 'script':
      return `script(${task.path}${task.args.length > 0 ? `, ${task.args.map((arg) => JSON.stringify(arg)).join(', ')}` : ''})`;
    case 'produce':
      return `produce(${task.queue}, ${task.n}, ${task.delayMs} ms)`;
    case 'consume':
      return `consume(${task.queue}${task.n > 0 ? `, ${task.n}` : ''}, ${task.delayMs} ms)`;
    case 'acquire-in-order':
      return `acquire-in-order(${task.first}, ${task.second}, hold ${task.holdMs} ms)`;
    case 'decrement':
      return `decrement(${task.counter}${task.key === null ? '' : `[${JSON.stringify(task.key)}]`}${task.lock === null ? ', no lock' : `, with ${task.lock}`})`;
    case 'pipe-send':
      return `pipe-send(${task.pipe}, end ${task.end}, ${task.n}, ${task.delayMs} ms)`;
    case 'pipe-recv':
      return `pipe-recv(${task.pipe}, end ${task.end})`;
    case 'wait-event':
      return `wait-event(${task.event})`;
    case 'barrier-wait':
      return `barrier-wait(${task.barrier})`;
    case 'semaphore-work':
      return `semaphore-work(${task.semaphore}, ${task.ms} ms)`;
    case 'contend':
      return `contend(${task.lock}, ${task.n})`;
  }
}
