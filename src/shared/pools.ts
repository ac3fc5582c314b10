import { z } from 'zod';
import { excerpt } from './excerpt';
import { MESSAGE_LIMITS } from './message-limits';
import { wholeNumberIn } from './number-schema';
import { itemSchema, labNameSchema } from './sync';
import { EXPLAIN_STEPS_PER_SECOND, HIST_EDGES_MS, MAX_POOL_SIZE, TASK_STEPS } from './task-steps';
import { TASK_FUNCTIONS } from './task-wire';
import { scriptPathSchema } from './tasks';

/**
 * Pools and executors (issue 9), as the renderer and the core speak of them: what a pool is created with,
 * the `pool.*` commands (Python's Pool and concurrent.futures calls, made from the UI) and the events the
 * core tells of them. protocol.ts joins these to its unions; the core's registry (core/pools) runs them.
 */

/** Python's `multiprocessing.Pool` / `ThreadPool`, or `concurrent.futures`' ThreadPoolExecutor / ProcessPoolExecutor. */
export const POOL_APIS = ['pool', 'executor'] as const;
export type PoolApi = (typeof POOL_APIS)[number];

/** A pool's workers are threads of the lab's process, or processes started as Python's 'fork' method names it. */
export const POOL_RUNTIMES = ['thread', 'process'] as const;

/**
 * What happens to a task whose worker ends under it. 'python': what the api does in Python (Pool: the
 * result never comes; ProcessPoolExecutor: BrokenProcessPool; ThreadPoolExecutor: as Pool, since Python
 * cannot kill a thread and the lab can). 'reject': the lab's policy (Piscina's): that task fails, a new
 * worker takes the slot.
 */
export const CRASH_CHOICES = ['python', 'reject'] as const;
export type CrashChoice = (typeof CRASH_CHOICES)[number];

/** Whose a pool is: the lab's (its commands run it), or a Python program's, observed (its program runs it). */
export const POOL_ORIGINS = ['lab', 'observed'] as const;
export type PoolOrigin = (typeof POOL_ORIGINS)[number];

export const POOL_STATES = ['running', 'closed', 'terminating', 'ended', 'broken'] as const;
export type PoolState = (typeof POOL_STATES)[number];

/** An apply's arguments: a task function takes a few, never thousands. */
export const MAX_APPLY_ARGS = 64;
/**
 * A map's items in one command (the UI, a script's client API, lab.execute): what the message limits
 * (MESSAGE_LIMITS, 20,000 values) carry of plain items, less room for the command's other fields and a
 * script's envelope, so that a map of plain items meets this bound, in words that point at `{"range": n}`,
 * rather than the message limit; a starmap's lists count their elements too, and past the message limit
 * the refusal points at range as well (command-limits.ts). It was 100,000, which no command could reach:
 * every path refused it at 20,000 values first.
 */
export const MAX_MAP_ITEMS = MESSAGE_LIMITS.maxValues - 100;
/** A map's chunks, of its items or of a `{range: n}`: as before MAX_MAP_ITEMS became 19,900 (a range's chunks may be larger). */
export const MAX_CHUNKSIZE = 100_000;
/** The most items a map of `{range: n}` makes: Python's `pool.map(f, range(1_000_000))`. */
export const MAX_MAP_RANGE = 1_000_000;
/** The longest stand-in callback: a minute is enough to watch results queue up behind it. */
export const MAX_CALLBACK_MS = 60_000;
/** The most a `pool.maxTasksPerChild` may be. */
export const MAX_TASKS_PER_CHILD = 1_000_000;
/** Buckets of a run-time or wait-time histogram: one below each edge, and the last one above them all. */
export const HIST_BUCKETS = HIST_EDGES_MS.length + 1;
/** What a step's `detail` may hold (a result's repr, "Type: message", why a task was lost). */
export const STEP_DETAIL_MAX_CHARS = 200;

export const poolNameSchema = labNameSchema('pool');

/** 0 .. count-1, as Python's range: a loop, where Array.from({length}, map) cost the host about 60 ns an item. */
function rangeItems(count: number): number[] {
  const items = new Array<number>(count);
  for (let index = 0; index < count; index += 1) items[index] = index;
  return items;
}

const functionWords = TASK_FUNCTIONS.join(', ');
/**
 * A function's name: the task library's, or one the pool's module exports (the registry knows which pool
 * has a module, and refuses an unknown name there, in the same words).
 */
const taskFunctionSchema = z
  .string({ error: 'fn must be a function name, such as "square"' })
  .regex(/^[A-Za-z_$][\w$]{0,63}$/, { error: (issue) => unknownFunction(String(issue.input)) });

/** Python's words for a function a pool cannot find, with what it can run. */
export function unknownFunction(fn: string): string {
  return `unknown function ${excerpt(fn)}: a pool can run ${functionWords}, or what its module exports`;
}

/** A task library function: every pool's workers have them. */
export const isLibraryFunction = (fn: string): boolean => (TASK_FUNCTIONS as readonly string[]).includes(fn);

/** What a pool is made of, before the rule between its fields (createPoolSchema). */
const poolFields = z.strictObject({
  name: poolNameSchema,
  api: z.enum(POOL_APIS, { error: 'api must be "pool" (multiprocessing.Pool) or "executor" (concurrent.futures)' }),
  runtime: z.enum(POOL_RUNTIMES, { error: 'runtime must be "thread" or "process"' }),
  size: wholeNumberIn('size', 1, MAX_POOL_SIZE, 'workers; the lab\'s live-worker limit applies too').optional(),
  /**
   * Python's maxtasksperchild (Pool) / max_tasks_per_child (ProcessPoolExecutor, 3.11+): a worker that has
   * run this many tasks is replaced; null: never. Python's thread pools have no such option, and the lab
   * refuses it for them as Python does (createPoolSchema). (ProcessPoolExecutor refuses it with the 'fork'
   * context, for fork's sake; the lab's process workers are fresh Node processes, so it is allowed here.)
   */
  maxTasksPerChild: wholeNumberIn('maxTasksPerChild', 1, MAX_TASKS_PER_CHILD, 'or null: never replaced').nullable().default(null),
  /** A user's script whose exported functions the pool's workers can run (Python's functions of `__main__`). */
  module: scriptPathSchema.optional(),
  onCrash: z.enum(CRASH_CHOICES, { error: 'onCrash must be "python" (what the api does) or "reject" (the task fails, a new worker takes its place)' }).default('python'),
});

/**
 * Python's TypeError for a thread pool given a worker lifetime: ThreadPool and ThreadPoolExecutor take no
 * such argument (a thread is never replaced). Null when the option is Python's.
 */
export function maxTasksRefusal(api: PoolApi, runtime: (typeof POOL_RUNTIMES)[number]): string | null {
  if (runtime !== 'thread') return null;
  return api === 'pool'
    ? "TypeError: ThreadPool.__init__() got an unexpected keyword argument 'maxtasksperchild': Python's ThreadPool has none (only a process Pool replaces its workers)"
    : "TypeError: ThreadPoolExecutor.__init__() got an unexpected keyword argument 'max_tasks_per_child': only ProcessPoolExecutor has it (Python 3.11+)";
}

/** What a person asks to create. `size` absent: Python's default for that api and runtime, filled by the core. */
export const createPoolSchema = poolFields.superRefine((pool, context) => {
  const refusal = pool.maxTasksPerChild === null ? null : maxTasksRefusal(pool.api, pool.runtime);
  if (refusal !== null) context.addIssue({ code: 'custom', message: refusal, path: ['maxTasksPerChild'] });
});
export type CreatePool = z.infer<typeof createPoolSchema>;
export type CreatePoolInput = z.input<typeof createPoolSchema>;

/**
 * A pool as it was created: every default filled in, the size the core chose among them. Without the create
 * rule: a recording made while the lab still took maxTasksPerChild for thread pools still reads.
 */
export const poolSpecSchema = poolFields.extend({ size: wholeNumberIn('size', 1, MAX_POOL_SIZE) });
export type PoolSpec = z.infer<typeof poolSpecSchema>;

/** How long the UI's stand-in callback takes (ms): async in the host, it holds up only the results behind it. */
const callbackMs = wholeNumberIn('callbackMs', 0, MAX_CALLBACK_MS, 'ms').optional();
const taskIdSchema = wholeNumberIn('taskId', 1, Number.MAX_SAFE_INTEGER);

export const poolCommandSchemas = [
  z.strictObject({ type: z.literal('pool.create'), pool: createPoolSchema }),
  /** apply_async / submit: the value is the task id. */
  z.strictObject({
    type: z.literal('pool.apply'),
    pool: poolNameSchema,
    fn: taskFunctionSchema,
    args: z.array(itemSchema, { error: 'args must be a list, such as [3]' }).max(MAX_APPLY_ARGS, `a task takes at most ${MAX_APPLY_ARGS} arguments`).default([]),
    callbackMs,
  }),
  /**
   * map / starmap / imap_unordered (and executor.map): each item is the one argument, or with `star` the
   * argument list. The value is {mapId, tasks}: the map's id and how many tasks (chunks) it became.
   */
  z
    .strictObject({
      type: z.literal('pool.map'),
      pool: poolNameSchema,
      fn: taskFunctionSchema,
      // Either the items, or {range: n}: Python's `pool.map(f, range(n))`, 0 .. n-1, without sending n numbers.
      items: z.union(
        [
          z.array(itemSchema).max(MAX_MAP_ITEMS, `a map from here takes at most ${MAX_MAP_ITEMS} items (or {"range": n} up to ${MAX_MAP_RANGE})`),
          z.strictObject({ range: wholeNumberIn('range', 0, MAX_MAP_RANGE) }).transform(({ range }) => rangeItems(range)),
        ],
        {
          error: (issue) =>
            Array.isArray(issue.input) && issue.input.length > MAX_MAP_ITEMS
              ? `a map from here takes at most ${MAX_MAP_ITEMS} items (or {"range": n} up to ${MAX_MAP_RANGE})`
              : `items must be a list, such as [1, 2, 3], or {"range": n} with n from 0 to ${MAX_MAP_RANGE}`,
        },
      ),
      star: z.boolean().default(false),
      chunksize: wholeNumberIn('chunksize', 1, MAX_CHUNKSIZE).optional(),
      unordered: z.boolean().default(false),
      callbackMs,
    })
    .refine((map) => !map.star || map.items.every(Array.isArray), { error: 'with star (starmap) each item is the argument list, such as [2, 3]', path: ['items'] }),
  /** Future.cancel / the lab's cancel of an AsyncResult: the value is whether it was cancelled. */
  z.strictObject({ type: z.literal('pool.cancel'), pool: poolNameSchema, taskId: taskIdSchema }),
  z.strictObject({ type: z.literal('pool.close'), pool: poolNameSchema }),
  z.strictObject({ type: z.literal('pool.terminate'), pool: poolNameSchema }),
  /** Pool.join (after close or terminate); Python's has no timeout, the lab's UI may give one. */
  z.strictObject({ type: z.literal('pool.join'), pool: poolNameSchema, timeoutMs: wholeNumberIn('timeoutMs', 0, 86_400_000, 'ms').optional() }),
  /** Executor.shutdown(wait, cancel_futures). */
  z.strictObject({ type: z.literal('pool.shutdown'), pool: poolNameSchema, wait: z.boolean().default(true), cancelFutures: z.boolean().default(false) }),
  z.strictObject({ type: z.literal('pool.resize'), pool: poolNameSchema, size: wholeNumberIn('size', 1, MAX_POOL_SIZE, 'workers') }),
  /** Only once its workers have ended; then the name can be used again. */
  z.strictObject({ type: z.literal('pool.delete'), pool: poolNameSchema }),
] as const;
export type PoolCommand = z.infer<(typeof poolCommandSchemas)[number]>;
/** A pool command as a sender writes it: fields with defaults may be left out. */
export type PoolCommandInput = z.input<(typeof poolCommandSchemas)[number]>;

// ---- events ------------------------------------------------------------------------------------

const count = z.number().int().nonnegative();
const slotSchema = z.number().int().min(1).max(MAX_POOL_SIZE);

/** Deltas of one `pool.tasks` batch; 'callbacks': the caller's callbacks that ran. */
export const taskCountsSchema = z.strictObject({
  submitted: count,
  started: count,
  done: count,
  failed: count,
  lost: count,
  cancelled: count,
  rejected: count,
  callbacks: count,
});
export type TaskCounts = z.infer<typeof taskCountsSchema>;
export const TASK_COUNT_KEYS = Object.keys(taskCountsSchema.shape) as (keyof TaskCounts)[];

const mapMetaSchema = z.strictObject({ mapId: z.number().int().min(1), chunk: count, items: z.number().int().min(1) });

/** One step of one task, for explain mode. `t`: the lab's wall-clock time (ms, with a fraction), as events'. */
export const taskStepSchema = z.strictObject({
  id: z.number().int().min(1),
  step: z.enum(TASK_STEPS),
  t: z.number(),
  slot: slotSchema.nullable(),
  fn: z.string().max(64).optional(),
  map: mapMetaSchema.optional(),
  detail: z.string().max(STEP_DETAIL_MAX_CHARS).optional(),
});
export type TaskStepFact = z.infer<typeof taskStepSchema>;

const histSchema = z.array(count).length(HIST_BUCKETS);
const poolName = z.string().max(40);

export const poolEventSchemas = [
  /**
   * `origin` 'observed': a Python program's own Pool or executor (core/python/python-pools.ts), drawn
   * read-only, created at `where` (file:line); absent: the lab's.
   */
  z.strictObject({ type: z.literal('pool.created'), pool: poolSpecSchema, origin: z.enum(POOL_ORIGINS).optional(), where: z.string().max(300).optional() }),
  /** `reason`: why it broke or ended (BrokenProcessPool's words, a worker that would not start); null otherwise. */
  z.strictObject({ type: z.literal('pool.state'), pool: poolName, state: z.enum(POOL_STATES), reason: z.string().max(2_000).nullable() }),
  /** A worker took slot N (a start or a replacement); null: the slot went as the pool shrank. */
  z.strictObject({ type: z.literal('pool.slot'), pool: poolName, slot: slotSchema, workerId: z.string().max(64).nullable() }),
  /**
   * One turn of the host's loop of a pool's tasks (pool-facts.ts): count deltas, histogram deltas, and what
   * stands after the batch (the backlog, each slot's running task). Steps over EXPLAIN_STEPS_PER_SECOND are
   * counted in `skipped`, not kept.
   */
  z.strictObject({
    type: z.literal('pool.tasks'),
    pool: poolName,
    counts: taskCountsSchema,
    backlog: count,
    busy: z.array(z.number().int().min(1).nullable()).max(MAX_POOL_SIZE),
    /**
     * Per slot (index 0 = slot 1), the tasks it finished in this batch with a result or an error (done as
     * Future.done() means it): a worker's own count beside the pool's, for its row and its utilization.
     */
    doneBySlot: z.array(count).max(MAX_POOL_SIZE),
    /**
     * Per slot, the run time (ms, as the host saw it) of the tasks that ended on it in this batch, however
     * they ended: the worker's busy time, for its utilization. Absent: not told (an older recording).
     */
    busyMsBySlot: z.array(z.number().nonnegative()).max(MAX_POOL_SIZE).optional(),
    runHist: histSchema,
    waitHist: histSchema,
    steps: z.array(taskStepSchema).max(EXPLAIN_STEPS_PER_SECOND),
    skipped: count,
  }),
  z.strictObject({ type: z.literal('pool.deleted'), pool: poolName }),
] as const;
