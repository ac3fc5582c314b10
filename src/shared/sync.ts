import { z } from 'zod';
import { cellInputSchema, TYPECODES, typecodeSchema } from './ctypes';
import { PIPE_MAX_BYTES } from './message-limits';
import { numberIn, wholeNumberIn } from './number-schema';
import { structuredValueSchema, type StructuredValue } from './structured-value';
import type { QueueGrant } from './queue-batch';

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
export const SHARED_KINDS = ['Value', 'Array', 'Dict', 'List'] as const;
export const PRIMITIVE_KINDS = [...LOCK_KINDS, 'Event', 'Condition', 'Barrier', 'Timer', ...QUEUE_KINDS, 'Pipe', ...SHARED_KINDS] as const;
export type PrimitiveKind = (typeof PRIMITIVE_KINDS)[number];
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const isQueueKind = (kind: PrimitiveKind): kind is QueueKind => (QUEUE_KINDS as readonly string[]).includes(kind);

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,39}$/;

/** A name the lab keeps things by (a primitive, a pool): Python's identifier start, then a few more characters. */
export const labNameSchema = (what: string) =>
  z
    .string({ error: `a ${what} name must be text` })
    .regex(NAME_PATTERN, `a ${what} name is a letter or _ then up to 39 letters, digits, _ . or -`)
    // The lab keeps them by name in JavaScript objects, where assigning "__proto__" replaces the
    // object's prototype instead of adding a key (a deliberate difference: Python allows the name).
    .refine((name) => name !== '__proto__', `"__proto__" cannot name a ${what} here (JavaScript gives that name a meaning of its own)`);

export const primitiveNameSchema = labNameSchema('primitive');

export { TIMEOUT_MAX, TIMEOUT_OVERFLOW_S } from './timeouts';

/**
 * Timeouts in seconds, as in Python; null or absent means wait for ever. Negative is an error. Any finite
 * length is carried: one past TIMEOUT_MAX is Python's OverflowError, raised by the broker where CPython
 * raises it (a Lock's acquire at once; any other wait only when it would block), not a refusal here.
 */
const timeoutSchema = z
  .number({ error: 'timeout must be a number of seconds' })
  .min(0, 'timeout must be 0 or more seconds')
  .nullable();

/**
 * Connection.poll(timeout): a negative timeout is as 0 (CPython 3.11-3.13 answer at once), None waits for
 * ever; the top is the lab's bound on any wait.
 */
const pollTimeoutSchema = z.number({ error: 'timeout must be a number of seconds' }).max(86_400, 'timeout must be at most 86400 seconds').nullable();

/** send_bytes' payload: the bytes as base64 (JSON IPC carries text only), at most PIPE_MAX_BYTES of them. */
const base64Schema = z
  .string({ error: 'the bytes must be base64 text' })
  .max(Math.ceil(PIPE_MAX_BYTES / 3) * 4, `a message is at most ${PIPE_MAX_BYTES} bytes`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the bytes must be base64 text');

/** A Pipe's two ends, as Python's `conn0, conn1 = Pipe()`. */
const pipeEndSchema = z.union([z.literal(0), z.literal(1)], { error: 'a pipe end is 0 or 1' });

/** A Value's or an Array element's value (ctypes.ts: wrapped as JSON cannot carry a BigInt, NaN or bytes). */
const valueSchema = cellInputSchema;
/** Python's slice bounds: null is "from the start / to the end", as `a[:]`. */
const sliceBoundSchema = z.number({ error: 'a slice bound must be a whole number or null' }).int('a slice bound must be a whole number').nullable().default(null);
/** An Array's longest length: also the most values a slice assignment may carry. */
export const ARRAY_MAX_LENGTH = 10_000;
const indexSchema = z.number({ error: 'the index must be a whole number' }).int('the index must be a whole number');
/** A Manager dict's key: text, as JSON's object keys are (Python's may be any hashable: docs/sync.md). */
const dictKeySchema = z.string({ error: 'a dict key must be text' }).max(200, 'a dict key is at most 200 characters');

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
   * multiprocessing.Value(typecode, value, lock): any of Python's typecodes (ctypes.ts), wrapped or rounded
   * as ctypes does. With `lock` it comes with an RLock named `${name}.lock` (Python's get_lock()); get and
   * set never take it by themselves.
   */
  z.strictObject({
    kind: z.literal('Value'),
    name: primitiveNameSchema,
    typecode: typecodeSchema.default('d'),
    value: cellInputSchema.default(0),
    lock: z.boolean().default(false),
  }),
  /**
   * multiprocessing.Array(typecode, size_or_initializer): `length` zero-filled cells, or the `values` given
   * (exactly one of the two).
   */
  z
    .strictObject({
      kind: z.literal('Array'),
      name: primitiveNameSchema,
      typecode: typecodeSchema.default('i'),
      length: wholeNumberIn('length', 0, ARRAY_MAX_LENGTH).optional(),
      values: z.array(cellInputSchema).max(ARRAY_MAX_LENGTH, `an Array has at most ${ARRAY_MAX_LENGTH} values`).optional(),
      /** As Value's: an RLock named `${name}.lock`. */
      lock: z.boolean().default(false),
    })
    .refine((spec) => (spec.length === undefined) !== (spec.values === undefined), { error: 'an Array takes a length or its values (one of the two)' }),
  /** A Manager().dict(): text keys, any item as a value. */
  z.strictObject({ kind: z.literal('Dict'), name: primitiveNameSchema }),
  /** A Manager().list(items): `manager.list(range(5))` is items [0, 1, 2, 3, 4]. */
  z.strictObject({ kind: z.literal('List'), name: primitiveNameSchema, items: z.array(itemSchema, { error: 'items must be a list, such as [0, 1, 2]' }).max(10_000, 'a List starts with at most 10000 items').default([]) }),
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
/** A creation as sent, before the defaults are filled in. */
export type CreatePrimitiveInput = z.input<typeof createPrimitiveSchema>;

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
  /** `batch`: the worker batches (a forked process, queue-batch.ts) and takes a grant in the reply. */
  z.strictObject({ op: z.literal('put'), name: primitiveNameSchema, item: itemSchema, priority: z.number().optional(), block: z.boolean().default(true), timeout: timeoutSchema.default(null), batch: z.literal(true).optional() }),
  z.strictObject({ op: z.literal('get'), name: primitiveNameSchema, block: z.boolean().default(true), timeout: timeoutSchema.default(null), batch: z.literal(true).optional() }),
  z.strictObject({ op: z.literal('qsize'), name: primitiveNameSchema }),
  /** `empty()`: OSError "handle is closed" once this worker put into it and then closed it (queues.py). */
  z.strictObject({ op: z.literal('empty'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('full'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('task_done'), name: primitiveNameSchema }),
  /** multiprocessing.Queue.close(): this worker's puts and gets raise ValueError from now on; others' go on. */
  z.strictObject({ op: z.literal('close'), name: primitiveNameSchema }),
  /** queue.Queue.shutdown(immediate) of Python 3.13: puts raise ShutDown, gets once empty (immediate: at once). */
  z.strictObject({ op: z.literal('shutdown'), name: primitiveNameSchema, immediate: z.boolean().default(false) }),
  z.strictObject({ op: z.literal('is_shutdown'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('join'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('value_get'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('value_set'), name: primitiveNameSchema, value: valueSchema }),
  z.strictObject({ op: z.literal('array_get'), name: primitiveNameSchema, index: indexSchema }),
  z.strictObject({ op: z.literal('array_set'), name: primitiveNameSchema, index: indexSchema, value: valueSchema }),
  /** `a[start:stop:step]`: a list, or bytes for a 'c' array. */
  z.strictObject({ op: z.literal('array_get_slice'), name: primitiveNameSchema, start: sliceBoundSchema, stop: sliceBoundSchema, step: sliceBoundSchema }),
  /** `a[start:stop:step] = values`: ValueError unless as many values as the slice has cells. */
  z.strictObject({
    op: z.literal('array_set_slice'),
    name: primitiveNameSchema,
    start: sliceBoundSchema,
    stop: sliceBoundSchema,
    step: sliceBoundSchema,
    values: z.array(valueSchema).max(ARRAY_MAX_LENGTH, `a slice has at most ${ARRAY_MAX_LENGTH} values`),
  }),
  /** `len(a)`. */
  z.strictObject({ op: z.literal('array_len'), name: primitiveNameSchema }),
  /** `d[key]` (KeyError when missing), or with `default` `d.get(key, default)`. */
  z.strictObject({ op: z.literal('dict_get'), name: primitiveNameSchema, key: dictKeySchema, default: itemSchema.optional() }),
  /** `a[:] = [value] * len(a)`: the lab's Reset of an Array is a fill with 0. */
  z.strictObject({ op: z.literal('array_fill'), name: primitiveNameSchema, value: valueSchema.default(0) }),
  z.strictObject({ op: z.literal('dict_set'), name: primitiveNameSchema, key: dictKeySchema, value: itemSchema }),
  /** `del d[key]`: KeyError when the key is missing. */
  z.strictObject({ op: z.literal('dict_delete'), name: primitiveNameSchema, key: dictKeySchema }),
  z.strictObject({ op: z.literal('dict_clear'), name: primitiveNameSchema }),
  /** `key in d`, `len(d)`, `d.keys()`, `d.values()`, `d.items()` (a proxy's are lists: a copy, not a view). */
  z.strictObject({ op: z.literal('dict_has'), name: primitiveNameSchema, key: dictKeySchema }),
  z.strictObject({ op: z.literal('dict_len'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('dict_keys'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('dict_values'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('dict_items'), name: primitiveNameSchema }),
  /** `d.pop(key)` (KeyError when missing) or `d.pop(key, default)`. */
  z.strictObject({ op: z.literal('dict_pop'), name: primitiveNameSchema, key: dictKeySchema, default: itemSchema.optional() }),
  /** `d.popitem()`: the last pair inserted, as [key, value]; KeyError "popitem(): dictionary is empty". */
  z.strictObject({ op: z.literal('dict_popitem'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('dict_setdefault'), name: primitiveNameSchema, key: dictKeySchema, default: itemSchema.default(null) }),
  /** `d.update(pairs)`: [key, value] pairs in order (a mapping's items; later pairs win). */
  z.strictObject({ op: z.literal('dict_update'), name: primitiveNameSchema, entries: z.array(z.tuple([dictKeySchema, itemSchema])) }),
  /** A Manager().list(): `l[i]`, `l[start:stop:step]`, `l[i] = item`, `del l[i]` (negative indices count from the end). */
  z.strictObject({ op: z.literal('list_get'), name: primitiveNameSchema, index: indexSchema }),
  z.strictObject({ op: z.literal('list_slice'), name: primitiveNameSchema, start: indexSchema.nullable().default(null), stop: indexSchema.nullable().default(null), step: indexSchema.nullable().default(null) }),
  z.strictObject({ op: z.literal('list_set'), name: primitiveNameSchema, index: indexSchema, item: itemSchema }),
  z.strictObject({ op: z.literal('list_delete'), name: primitiveNameSchema, index: indexSchema }),
  z.strictObject({ op: z.literal('list_append'), name: primitiveNameSchema, item: itemSchema }),
  z.strictObject({ op: z.literal('list_extend'), name: primitiveNameSchema, items: z.array(itemSchema) }),
  z.strictObject({ op: z.literal('list_insert'), name: primitiveNameSchema, index: indexSchema, item: itemSchema }),
  /** `l.pop(index=-1)`. */
  z.strictObject({ op: z.literal('list_pop'), name: primitiveNameSchema, index: indexSchema.default(-1) }),
  /** remove, index, count and `in` compare as Python's == does (1 == 1.0 == True). */
  z.strictObject({ op: z.literal('list_remove'), name: primitiveNameSchema, item: itemSchema }),
  z.strictObject({ op: z.literal('list_index'), name: primitiveNameSchema, item: itemSchema, start: indexSchema.default(0), stop: indexSchema.nullable().default(null) }),
  z.strictObject({ op: z.literal('list_count'), name: primitiveNameSchema, item: itemSchema }),
  z.strictObject({ op: z.literal('list_contains'), name: primitiveNameSchema, item: itemSchema }),
  z.strictObject({ op: z.literal('list_reverse'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('list_len'), name: primitiveNameSchema }),
  /** `del l[:]` (the lab's Clear). */
  z.strictObject({ op: z.literal('list_clear'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('pipe_send'), name: primitiveNameSchema, end: pipeEndSchema, item: itemSchema }),
  /** Connection.send_bytes(buf, offset, size): the slice is cut by the worker; `data` is its base64. */
  z.strictObject({ op: z.literal('pipe_send_bytes'), name: primitiveNameSchema, end: pipeEndSchema, data: base64Schema }),
  /** Connection.recv() has no timeout in Python: poll(timeout) first to wait a bounded time. */
  z.strictObject({ op: z.literal('pipe_recv'), name: primitiveNameSchema, end: pipeEndSchema }),
  /** Connection.recv_bytes(maxlength): OSError "bad message length" if the next message is longer. */
  z.strictObject({ op: z.literal('pipe_recv_bytes'), name: primitiveNameSchema, end: pipeEndSchema, maxlength: z.number().int('maxlength must be a whole number').nullable().default(null) }),
  z.strictObject({ op: z.literal('pipe_poll'), name: primitiveNameSchema, end: pipeEndSchema, timeout: pollTimeoutSchema.default(0) }),
  z.strictObject({ op: z.literal('pipe_close'), name: primitiveNameSchema, end: pipeEndSchema }),
  z.strictObject({ op: z.literal('timer_start'), name: primitiveNameSchema }),
  /** Introspection, each answered from the broker's state at that moment (what the Locks view shows). */
  /** Lock/RLock `locked()` (RLock's is Python 3.14's): held by anyone. */
  z.strictObject({ op: z.literal('locked'), name: primitiveNameSchema }),
  /** RLock / Condition `_is_owned()`: held by the caller (a Condition over a plain Lock: held by anyone, as CPython's). */
  z.strictObject({ op: z.literal('is_owned'), name: primitiveNameSchema }),
  /** A semaphore's value: threading's `_value`, multiprocessing's `get_value()`. */
  z.strictObject({ op: z.literal('get_value'), name: primitiveNameSchema }),
  /** Barrier `n_waiting`, `broken`, `parties`. */
  z.strictObject({ op: z.literal('n_waiting'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('broken'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('parties'), name: primitiveNameSchema }),
  z.strictObject({ op: z.literal('timer_cancel'), name: primitiveNameSchema }),
]);
export type SyncRequest = z.input<typeof syncRequestSchema>;
export type ParsedSyncRequest = z.output<typeof syncRequestSchema>;
export type SyncOp = ParsedSyncRequest['op'];

/** Python's exception names, so a lesson's words match the seeds. */
export type SyncErrorType =
  | 'RuntimeError'
  | 'ValueError'
  /** A timeout past TIMEOUT_MAX; a huge int into a float Value ("int too large to convert to float"). */
  | 'OverflowError'
  | 'KeyError'
  | 'TypeError'
  | 'Full'
  | 'Empty'
  | 'BrokenBarrierError'
  | 'EOFError'
  | 'OSError'
  | 'IndexError'
  /** queue.ShutDown (Python 3.13): a put or get on a queue that was shut down. */
  | 'ShutDown'
  /** The lab's memory budget for queues, dicts and lists is full (memory-budget.ts). */
  | 'MemoryError'
  /** Python's subclass of OSError: a send to a pipe whose other end is closed. */
  | 'BrokenPipeError'
  /** multiprocessing.BufferTooShort: recv_bytes_into's buffer cannot hold the message (raised in the worker). */
  | 'BufferTooShort'
  /** recv() of bytes sent with send_bytes that are not a message (the lab's pickle is JSON; raised in the worker). */
  | 'UnpicklingError'
  /** A worker's misuse of another worker, in Python's words (worker-query.ts): "can only join a child process". */
  | 'AssertionError'
  /** A method the kind does not have in Python either (a plain Lock's _is_owned). */
  | 'AttributeError';

export type SyncReply =
  | {
      readonly ok: true;
      /** acquire/wait: true or false (timed out); get: the item; qsize/value_get: a number; barrier wait: its index. */
      readonly value: Item;
      /** Set when a lock was acquired whose previous owner died holding it (a robust mutex's EOWNERDEAD). */
      readonly ownerDied?: string;
      /** A Barrier with an action tripped and this waiter is to run it, then send `action_done`. */
      readonly runAction?: true;
      /** A Pipe's recv or recv_bytes got a message sent with send_bytes: `value` is its bytes as base64. */
      readonly bytes?: true;
      /** A put or get asked with `batch: true` (a forked worker): credits and a lease for its next ops (queue-batch.ts). */
      readonly grant?: QueueGrant;
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
  /** Semaphore counter, Value value (null for a Value that is not a finite number: shown by `contents`). */
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
  /** Queues: shut down (Python 3.13's shutdown()), so puts raise ShutDown and gets do once it is empty. */
  shutdown: z.boolean().nullable(),
  /** Workers that have put into / got from this queue. */
  producers: z.array(z.string()),
  consumers: z.array(z.string()),
  /** The worker that last died holding it, if the next acquirer has not been told yet. */
  ownerDied: z.string().nullable(),
  /**
   * Semaphores: workers that ended without releasing units they acquired. The units stay taken (a
   * semaphore has no owner, as in Python); this says who took them. Not holders: nobody alive holds them.
   */
  endedHolders: z.array(holderSchema),
  /** Value, Array and Dict: their contents as Python prints them (`b'a'`, `[1, 2]`). Pipe: which ends are closed. */
  contents: z.string().nullable(),
  /** Pipe: bytes in flight (JSON-encoded), both directions. Queue, Dict, List: bytes held in the memory budget. */
  bytes: z.number().nullable(),
  /** Value and Array: the typecode (ctypes.ts), which says how their values print. */
  typecode: z.enum(TYPECODES).nullable(),
  /** Lock and RLock: acquisitions threads made on the fast path (their shared cell), drained from their rings. */
  fastAcquisitions: z.number().nullable(),
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
    shutdown: null,
    producers: [],
    consumers: [],
    ownerDied: null,
    endedHolders: [],
    contents: null,
    bytes: null,
    typecode: null,
    fastAcquisitions: null,
  };
}

/**
 * One step of a deadlock cycle: `workerId` waits for `primitive`, held by `heldBy`; or, `via` 'join', waits in
 * a join of the worker `primitive` names, which ends when `heldBy` ends (that worker, or its process's main thread).
 */
export const cycleStepSchema = z.strictObject({ workerId: z.string(), primitive: z.string(), heldBy: z.string(), via: z.literal('join').optional() });
export type CycleStep = z.infer<typeof cycleStepSchema>;

/** One step in words: "w1 waits for lockB held by w2", "MainThread waits to join counter-1". */
export function describeCycleStep(step: CycleStep, nameOf: (workerId: string) => string = (id) => id): string {
  if (step.via === 'join') return `${nameOf(step.workerId)} waits to join ${nameOf(step.primitive)}${step.heldBy === step.primitive ? '' : ` (its ${nameOf(step.heldBy)})`}`;
  return `${nameOf(step.workerId)} waits for ${step.primitive} held by ${nameOf(step.heldBy)}`;
}

/** "Deadlock: w1 waits for lockB held by w2; w2 waits for lockA held by w1" */
export function describeCycle(cycle: readonly CycleStep[], nameOf: (workerId: string) => string = (id) => id): string {
  return `Deadlock: ${cycle.map((step) => describeCycleStep(step, nameOf)).join('; ')}`;
}
