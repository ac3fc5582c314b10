import { z } from 'zod';
import { TYPECODES } from './ctypes';
import { CONTENTS_MAX_CHARS } from './data-facts';
import { QUEUE_KINDS } from './sync';

/**
 * What the views show of one primitive, derived from its facts by a fold (primitive-fold.ts): one shape per
 * kind, each with exactly its own fields, so that nothing is null because "this kind has none" and nothing
 * is parsed back out of display text. `origin` says where its state lives: 'lab' for the host's broker,
 * 'observed' for a primitive of another runtime (a Python program) whose state arrives as facts alone.
 *
 * The schema bounds everything a keyframe may carry to a page (lists, names, counts), so that a bad or huge
 * keyframe is refused with a message rather than folded.
 */

/** The most holders or waiters a keyframe lists per primitive (a lab allows 1,000 live workers). */
export const PEOPLE_MAX = 2_000;
/** The most primitives one keyframe carries (the broker's own bound on primitives is lower). */
export const KEYFRAME_PRIMITIVES_MAX = 20_000;

const actorSchema = z.string().min(1).max(64);
const nameSchema = z.string().min(1).max(200);
const countSchema = z.number().int().min(0).max(2 ** 31 - 1);
const timeSchema = z.number().finite();
/** Python's repr of what a Value, Array, Dict or List holds, cut to 200 characters with "…" (data-facts.ts). */
const contentsSchema = z.string().max(CONTENTS_MAX_CHARS);
/** What a queue, dict or list holds of the lab's memory budget, in bytes (memory-budget.ts), from `sync.held` facts. */
const heldSchema = z.number().int().min(0).max(2 ** 53 - 1);

/** One actor holding a primitive: a lock's owner (count: its recursion count) or a semaphore's acquirer (units). */
export const holderStateSchema = z.strictObject({ actor: actorSchema, since: timeSchema, count: countSchema });
export type HolderState = z.infer<typeof holderStateSchema>;

/** What a waiter waits to do, in Python's words. */
export const WAIT_OPS = ['acquire', 'wait', 'put', 'get', 'join'] as const;
export type WaitOp = (typeof WAIT_OPS)[number];

/** One parked request, in arrival order. `timeoutMs` null: for ever. */
export const waiterStateSchema = z.strictObject({
  actor: actorSchema,
  op: z.enum(WAIT_OPS),
  since: timeSchema,
  timeoutMs: z.number().min(0).nullable(),
});
export type WaiterState = z.infer<typeof waiterStateSchema>;

const people = <T extends z.ZodType>(schema: T) => z.array(schema).max(PEOPLE_MAX);
const base = { name: nameSchema, origin: z.enum(['lab', 'observed']) };

const lockFields = {
  ...base,
  /** Null: free. */
  holder: holderStateSchema.nullable(),
  waiters: people(waiterStateSchema),
  /** The actor that last ended holding it, until the next acquirer is told (EOWNERDEAD). */
  ownerDied: actorSchema.nullable(),
  /** Acquisitions threads made in the shared cell without the broker, drained from their rings. */
  fastAcquisitions: countSchema,
};

export const lockStateSchema = z.strictObject({ kind: z.literal('Lock'), ...lockFields });
export const rlockStateSchema = z.strictObject({ kind: z.literal('RLock'), ...lockFields });
export const semaphoreStateSchema = z.strictObject({
  kind: z.enum(['Semaphore', 'BoundedSemaphore']),
  ...base,
  /** Free units now. */
  value: countSchema,
  holders: people(holderStateSchema),
  /** Units taken by actors that ended without releasing them: still taken (a semaphore has no owner). */
  endedHolders: people(holderStateSchema),
  waiters: people(waiterStateSchema),
});
export const eventStateSchema = z.strictObject({ kind: z.literal('Event'), ...base, flag: z.boolean(), waiters: people(waiterStateSchema) });
export const conditionStateSchema = z.strictObject({
  kind: z.literal('Condition'),
  ...base,
  /** The Lock or RLock it uses. */
  lock: nameSchema,
  waiters: people(waiterStateSchema),
});
export const barrierStateSchema = z.strictObject({
  kind: z.literal('Barrier'),
  ...base,
  parties: countSchema,
  broken: z.boolean(),
  /** The arrivals waiting for the barrier to fill, in order. */
  waiters: people(waiterStateSchema),
});
export const queueStateSchema = z.strictObject({
  kind: z.enum(QUEUE_KINDS),
  ...base,
  depth: countSchema,
  /** 0: unbounded, as in Python. */
  maxsize: countSchema,
  /** Items put and not yet marked done (task_done); the Queues view shows it for a JoinableQueue. */
  unfinished: countSchema,
  puts: countSchema,
  gets: countSchema,
  shutdown: z.boolean(),
  producers: people(actorSchema),
  consumers: people(actorSchema),
  /** Getters, putters and joiners, in the order they parked. */
  waiters: people(waiterStateSchema),
  held: heldSchema,
});
/** What a Pipe's waiter waits in, by the op's name (a reader in recv, recv_bytes or poll, a sender on a full buffer). */
export const PIPE_WAIT_OPS = ['pipe_recv', 'pipe_recv_bytes', 'pipe_poll', 'pipe_send', 'pipe_send_bytes'] as const;
export const pipeWaiterStateSchema = z.strictObject({ actor: actorSchema, op: z.enum(PIPE_WAIT_OPS), since: timeSchema, timeoutMs: z.number().min(0).nullable() });
export type PipeWaiterState = z.infer<typeof pipeWaiterStateSchema>;

export const pipeStateSchema = z.strictObject({
  kind: z.literal('Pipe'),
  ...base,
  duplex: z.boolean(),
  /** Messages sent and not yet received, both directions together, and their bytes on the wire. */
  inFlight: countSchema,
  bytes: countSchema,
  sends: countSchema,
  receives: countSchema,
  /** Ends 0 and 1: closed (Connection.close()). */
  closed: z.tuple([z.boolean(), z.boolean()]),
  senders: people(actorSchema),
  receivers: people(actorSchema),
  /** Readers and blocked senders, in the order they parked. */
  waiters: people(pipeWaiterStateSchema),
});
export const valueStateSchema = z.strictObject({
  kind: z.literal('Value'),
  ...base,
  typecode: z.enum(TYPECODES),
  /** Writes so far. */
  writes: countSchema,
  contents: contentsSchema,
});
export const arrayStateSchema = z.strictObject({
  kind: z.literal('Array'),
  ...base,
  typecode: z.enum(TYPECODES),
  length: countSchema,
  /** Cells written so far. */
  cellsWritten: countSchema,
  contents: contentsSchema,
});
export const dictStateSchema = z.strictObject({ kind: z.literal('Dict'), ...base, writes: countSchema, contents: contentsSchema, held: heldSchema });
export const listStateSchema = z.strictObject({ kind: z.literal('List'), ...base, writes: countSchema, contents: contentsSchema, held: heldSchema });
export const timerStateSchema = z.strictObject({
  kind: z.literal('Timer'),
  ...base,
  /** Seconds. */
  interval: z.number().min(0),
  /** The Event it sets when it fires. */
  event: nameSchema,
  phase: z.enum(['new', 'waiting', 'fired', 'cancelled']),
});

export const primitiveStateSchema = z.discriminatedUnion('kind', [
  lockStateSchema,
  rlockStateSchema,
  semaphoreStateSchema,
  eventStateSchema,
  conditionStateSchema,
  barrierStateSchema,
  queueStateSchema,
  pipeStateSchema,
  valueStateSchema,
  arrayStateSchema,
  dictStateSchema,
  listStateSchema,
  timerStateSchema,
]);

export type LockState = z.infer<typeof lockStateSchema>;
export type RLockState = z.infer<typeof rlockStateSchema>;
export type SemaphoreState = z.infer<typeof semaphoreStateSchema>;
export type EventState = z.infer<typeof eventStateSchema>;
export type ConditionState = z.infer<typeof conditionStateSchema>;
export type BarrierState = z.infer<typeof barrierStateSchema>;
export type QueueState = z.infer<typeof queueStateSchema>;
export type PipeState = z.infer<typeof pipeStateSchema>;
export type ValueState = z.infer<typeof valueStateSchema>;
export type ArrayState = z.infer<typeof arrayStateSchema>;
export type DictState = z.infer<typeof dictStateSchema>;
export type ListState = z.infer<typeof listStateSchema>;
export type TimerState = z.infer<typeof timerStateSchema>;
export type PrimitiveState =
  | LockState
  | RLockState
  | SemaphoreState
  | EventState
  | ConditionState
  | BarrierState
  | QueueState
  | PipeState
  | ValueState
  | ArrayState
  | DictState
  | ListState
  | TimerState;

/** Every primitive's state at one moment, for a page that connects late (or a seek): at most KEYFRAME_PRIMITIVES_MAX. */
export const primitiveStatesSchema = z.array(primitiveStateSchema).max(KEYFRAME_PRIMITIVES_MAX);
