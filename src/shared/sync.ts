import { z } from 'zod';
import { numberIn, wholeNumberIn } from './number-schema';
import { structuredValueSchema, type StructuredValue } from './structured-value';

/**
 * Synchronisation primitives with Python's semantics (threading / multiprocessing), shared by workers.
 * The host's broker (src/core/sync) owns every primitive; workers reach it with requests over their
 * message channel. This file is the contract: kinds, creation options, the requests a worker may send, the
 * replies, and the snapshot the broker publishes for the UI.
 */

/** The lock tables are sampled this often (when something changed); a deadlock is found within one period. */
export const SYNC_SAMPLE_MS = 200;

export const LOCK_KINDS = ['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore'] as const;
export const QUEUE_KINDS = ['Queue', 'LifoQueue', 'PriorityQueue', 'JoinableQueue'] as const;
export const SHARED_KINDS = ['Value', 'Array', 'Dict'] as const;
export const PRIMITIVE_KINDS = [...LOCK_KINDS, 'Event', 'Condition', 'Barrier', 'Timer', ...QUEUE_KINDS, 'Pipe', ...SHARED_KINDS] as const;
export type PrimitiveKind = (typeof PRIMITIVE_KINDS)[number];
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const isQueueKind = (kind: PrimitiveKind): kind is QueueKind => (QUEUE_KINDS as readonly string[]).includes(kind);

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,39}$/;
export const primitiveNameSchema = z
  .string({ error: 'a primitive name must be text' })
  .regex(NAME_PATTERN, 'a primitive name is a letter or _ then up to 39 letters, digits, _ . or -');

/** Timeouts in seconds, as in Python; null or absent means wait for ever. Negative is an error. */
const timeoutSchema = numberIn('timeout', 0, 86_400, 'seconds').nullable();

/** A Pipe's two ends, as Python's `conn0, conn1 = Pipe()`. */
const pipeEndSchema = z.union([z.literal(0), z.literal(1)], { error: 'a pipe end is 0 or 1' });

/** A Value's or an Array element's number. */
const valueSchema = z.number({ error: 'the value must be a number' });
const indexSchema = z.number({ error: 'the index must be a whole number' }).int('the index must be a whole number');

/**
 * A queue item, pipe message or Manager dict / list value: any JSON-able value, nested (Python's picklable
 * basics). Its size is bounded by the message limits before validation and by the memory budget after.
 */
export const itemSchema = structuredValueSchema;
export type Item = StructuredValue;

/** What the user (or a task) asks to create. Options not used by a kind are refused. */
export const createPrimitiveSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('Lock'), name: primitiveNameSchema }),
  z.strictObject({ kind: z.literal('RLock'), name: primitiveNameSchema }),
  z.strictObject({
    kind: z.enum(['Semaphore', 'BoundedSemaphore']),
    name: primitiveNameSchema,
    value: wholeNumberIn('value', 0, 1_000_000, 'free units at the start').default(1),
  }),
  z.strictObject({ kind: z.literal('Event'), name: primitiveNameSchema }),
  z.strictObject({
    kind: z.literal('Condition'),
    name: primitiveNameSchema,
    /** The name of an existing Lock or RLock to use; absent: the condition gets its own RLock, `${name}.lock`. */
    lock: primitiveNameSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('Barrier'),
    name: primitiveNameSchema,
    parties: wholeNumberIn('parties', 1, 256),
    timeout: timeoutSchema.optional(),
    /**
     * Python's Barrier(action=...): when the barrier trips, one waiter (the last to arrive) runs the action
     * it passed to wait() before anyone is released; if the action fails, the barrier breaks.
     */
    action: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.enum(QUEUE_KINDS),
    name: primitiveNameSchema,
    /** 0 means unbounded, as in Python. */
    maxsize: wholeNumberIn('maxsize', 0, 1_000_000, '0 = unbounded').default(0),
  }),
  /**
   * multiprocessing.Value(typecode, value, lock): 'i' holds whole numbers, 'd' any number. With `lock` it
   * comes with an RLock named `${name}.lock` (Python's get_lock()); get and set never take it by themselves.
   */
  z.strictObject({
    kind: z.literal('Value'),
    name: primitiveNameSchema,
    typecode: z.enum(['i', 'd'], { error: 'typecode must be "i" (int) or "d" (double)' }).default('d'),
    value: z.number({ error: 'value must be a number' }).default(0),
    lock: z.boolean().default(false),
  }),
  /** multiprocessing.Array(typecode, length): zero-filled; 'i' holds whole numbers, 'd' any number. */
  z.strictObject({
    kind: z.literal('Array'),
    name: primitiveNameSchema,
    typecode: z.enum(['i', 'd'], { error: 'typecode must be "i" (int) or "d" (double)' }).default('i'),
    length: wholeNumberIn('length', 1, 10_000),
    /** As Value's: an RLock named `${name}.lock`. */
    lock: z.boolean().default(false),
  }),
  /** A Manager().dict(): string keys, plain values. */
  z.strictObject({ kind: z.literal('Dict'), name: primitiveNameSchema }),
  /** multiprocessing.Pipe(duplex): two ends, 0 and 1; one-way means end 0 receives and end 1 sends. */
  z.strictObject({ kind: z.literal('Pipe'), name: primitiveNameSchema, duplex: z.boolean().default(true) }),
  /** threading.Timer(interval, function): the function the lab can run is "set this Event". */
  z.strictObject({
    kind: z.literal('Timer'),
    name: primitiveNameSchema,
    interval: numberIn('interval', 0, 86_400, 'seconds'),
    event: primitiveNameSchema,
  }),
]);
export type CreatePrimitive = z.infer<typeof createPrimitiveSchema>;

/**
 * A worker's request to the broker. Blocking requests carry `timeout` in seconds (null = for ever).
 * For a Condition, acquire/release act on its lock; `wait` releases it and re-acquires it after a notify.
 */
export const syncRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('acquire'), name: primitiveNameSchema, blocking: z.boolean().default(true), timeout: timeoutSchema.default(null) }),
  z.strictObject({ op: z.literal('release'), name: primitiveNameSchema, n: wholeNumberIn('n', 1, 1_000_000).default(1) }),
  z.strictObject({ op: z.literal('wait'), name: primitiveNameSchema, timeout: timeoutSchema.default(null) }),
  z.strictObject({ op: z.literal('notify'), name: primitiveNameSchema, n: wholeNumberIn('n', 0, 1_000_000).default(1) }),
  z.strictObject({ op: z.literal('notify_all'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('set'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('clear'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('is_set'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('abort'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('reset'), name: primitiveNameSchema }),
  /** The end of a Barrier's action, run by the waiter told `runAction`: releases everyone, or breaks it. */
  z.strictObject({ op: z.literal('action_done'), name: primitiveNameSchema, failed: z.boolean() }),
  z.strictObject({ op: z.literal('put'), name: primitiveNameSchema, item: itemSchema, priority: z.number().optional(), block: z.boolean().default(true), timeout: timeoutSchema.default(null) }),
  z.strictObject({ op: z.literal('get'), name: primitiveNameSchema, block: z.boolean().default(true), timeout: timeoutSchema.default(null) }),
  z.strictObject({ op: z.literal('qsize'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('full'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('task_done'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('join'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('value_get'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('value_set'), name: primitiveNameSchema, value: valueSchema }),
  z.strictObject({ op: z.literal('array_get'), name: primitiveNameSchema, index: indexSchema }),
  z.strictObject({ op: z.literal('array_set'), name: primitiveNameSchema, index: indexSchema, value: valueSchema }),
  z.strictObject({ op: z.literal('dict_get'), name: primitiveNameSchema, key: z.string().max(200) }),
  /** `a[:] = [value] * len(a)`: the lab's Reset of an Array is a fill with 0. */
  z.strictObject({ op: z.literal('array_fill'), name: primitiveNameSchema, value: valueSchema.default(0) }),
  z.strictObject({ op: z.literal('dict_set'), name: primitiveNameSchema, key: z.string().max(200), value: itemSchema }),
  /** `del d[key]`: KeyError when the key is missing. */
  z.strictObject({ op: z.literal('dict_delete'), name: primitiveNameSchema, key: z.string().max(200) }),
  z.strictObject({ op: z.literal('dict_clear'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('pipe_send'), name: primitiveNameSchema, end: pipeEndSchema, item: itemSchema }),
  /** Connection.recv() has no timeout in Python: poll(timeout) first to wait a bounded time. */
  z.strictObject({ op: z.literal('pipe_recv'), name: primitiveNameSchema, end: pipeEndSchema }),
  z.strictObject({ op: z.literal('pipe_poll'), name: primitiveNameSchema, end: pipeEndSchema, timeout: timeoutSchema.default(0) }),
  z.strictObject({ op: z.literal('pipe_close'), name: primitiveNameSchema, end: pipeEndSchema }),
  z.strictObject({ op: z.literal('timer_start'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('timer_cancel'), name: primitiveNameSchema }),
]);
export type SyncRequest = z.input<typeof syncRequestSchema>;
export type ParsedSyncRequest = z.output<typeof syncRequestSchema>;
export type SyncOp = ParsedSyncRequest['op'];

/** Python's exception names, so a lesson's words match the seeds. */
export type SyncErrorType =
  | 'RuntimeError'
  | 'ValueError'
  | 'KeyError'
  | 'TypeError'
  | 'Full'
  | 'Empty'
  | 'BrokenBarrierError'
  | 'EOFError'
  | 'OSError'
  | 'IndexError'
  /** A worker's misuse of another worker, in Python's words (worker-query.ts): "can only join a child process". */
  | 'AssertionError';

export type SyncReply =
  | {
      readonly ok: true;
      /** acquire/wait: true or false (timed out); get: the item; qsize/value_get: a number; barrier wait: its index. */
      readonly value: Item;
      /** Set when a lock was acquired whose previous owner died holding it (a robust mutex's EOWNERDEAD). */
      readonly ownerDied?: string;
      /** A Barrier with an action tripped and this waiter is to run it, then send `action_done`. */
      readonly runAction?: true;
    }
  | { readonly ok: false; readonly error: SyncErrorType; readonly message: string };

/** One worker holding a primitive (a lock's owner, a semaphore's acquirer). */
export const holderSchema = z.strictObject({
  workerId: z.string(),
  since: z.number(),
  /** RLock recursion count; for semaphores, how many units this worker holds. */
  count: z.number().int(),
});
export type Holder = z.infer<typeof holderSchema>;

const SYNC_OPS = syncRequestSchema.options.map((option) => option.shape.op.value);

/** One blocked request. `timeoutMs` null: for ever. */
export const waiterSchema = z.strictObject({
  workerId: z.string(),
  op: z.enum(SYNC_OPS as [SyncOp, ...SyncOp[]]),
  since: z.number(),
  timeoutMs: z.number().nullable(),
});
export type Waiter = z.infer<typeof waiterSchema>;

/** What the UI sees of a primitive at one instant. Fields that do not apply to its kind are null. */
export const primitiveSnapshotSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(PRIMITIVE_KINDS),
  holders: z.array(holderSchema),
  waiters: z.array(waiterSchema),
  /** Semaphore counter, Value value. */
  value: z.number().nullable(),
  /** Event flag. */
  flag: z.boolean().nullable(),
  /** Barrier: parties, and whether it is broken (how many wait now: its waiters). */
  parties: z.number().nullable(),
  broken: z.boolean().nullable(),
  /** Condition: the lock it uses. */
  lock: z.string().nullable(),
  /** Queues: depth now, maxsize (0 = unbounded), unfinished tasks (JoinableQueue), totals since creation. */
  depth: z.number().nullable(),
  maxsize: z.number().nullable(),
  unfinished: z.number().nullable(),
  puts: z.number().nullable(),
  gets: z.number().nullable(),
  /** Workers that have put into / got from this queue. */
  producers: z.array(z.string()),
  consumers: z.array(z.string()),
  /** The worker that last died holding it, if the next acquirer has not been told yet. */
  ownerDied: z.string().nullable(),
  /** Array and Dict: their contents, as short text for the table. Pipe: which ends are closed. */
  contents: z.string().nullable(),
  /** Pipe: bytes in flight (JSON-encoded), both directions. */
  bytes: z.number().nullable(),
});
export type PrimitiveSnapshot = z.infer<typeof primitiveSnapshotSchema>;

/** A primitive's snapshot with every field that depends on its kind empty (null, or no one). */
export function emptySnapshot(name: string, kind: PrimitiveKind): PrimitiveSnapshot {
  return {
    name,
    kind,
    holders: [],
    waiters: [],
    value: null,
    flag: null,
    parties: null,
    broken: null,
    lock: null,
    depth: null,
    maxsize: null,
    unfinished: null,
    puts: null,
    gets: null,
    producers: [],
    consumers: [],
    ownerDied: null,
    contents: null,
    bytes: null,
  };
}

/** One step of a deadlock cycle: `workerId` waits for `primitive`, held by `heldBy`. */
export const cycleStepSchema = z.strictObject({ workerId: z.string(), primitive: z.string(), heldBy: z.string() });
export type CycleStep = z.infer<typeof cycleStepSchema>;

/** "Deadlock: w1 waits for lockB held by w2; w2 waits for lockA held by w1" */
export function describeCycle(cycle: readonly CycleStep[], nameOf: (workerId: string) => string = (id) => id): string {
  return `Deadlock: ${cycle.map((step) => `${nameOf(step.workerId)} waits for ${step.primitive} held by ${nameOf(step.heldBy)}`).join('; ')}`;
}
