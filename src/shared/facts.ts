/**
 * Sync facts: one per outcome of an operation the broker handles (issue 8). A fact says what changed, when,
 * who did it (`actor`: a workerId, or 'lab' for the UI) and on which primitive (its name). Folding the facts
 * in order rebuilds every primitive's state (fold equivalence). Each op carries at most one number, so that
 * a fact fits the 16-byte hot encoding (fact-encoding.ts); what a number means is written beside each op.
 */

/** The actor of what the UI does to a primitive (the broker's LAB_ID). */
export const LAB_ACTOR = 'lab';

/** Every sync fact op, and the one number it carries (null: none). The order is the hot encoding's op code. */
export const SYNC_FACT_ARGS = {
  /** An acquire was asked for (before the outcome: acquired, waiting, or a refused try). */
  'lock.requested': null,
  /** The acquirer parked behind the holder; its timeout (timeoutArg: -1 for ever). */
  'lock.waiting': 'timeoutMs',
  /** The actor holds it now, with this recursion count (1 for a Lock). */
  'lock.acquired': 'count',
  /** A timed acquire gave up (or a non-blocking try found it held). */
  'lock.timedOut': null,
  /** The actor released once; the recursion count left (0: the lock is free or handed on). */
  'lock.released': 'count',
  /** The actor (the holder) ended holding it: freed, the next acquirer is told (EOWNERDEAD). */
  'lock.ownerDied': null,
  /** The actor took one unit; the units left. */
  'semaphore.acquired': 'units',
  /** The actor gave back this many units (then waiters are served, each an `acquired`). */
  'semaphore.released': 'units',
  /** The acquirer parked for a unit; its timeout (timeoutArg). */
  'semaphore.waiting': 'timeoutMs',
  'semaphore.timedOut': null,
  /** The flag is set; this many waiters are woken (each also a `woken`). */
  'event.set': 'woken',
  'event.clear': null,
  /** The actor parked until the flag is set; its timeout (timeoutArg). */
  'event.wait': 'timeoutMs',
  /** The actor's wait ended with the flag set. */
  'event.woken': null,
  'event.timedOut': null,
  /** The actor parked in the condition (its lock released: a `lock.released` fact before this one); its timeout. */
  'condition.wait': 'timeoutMs',
  /** The actor notified; this many waiters were woken (each a `woken`, then queueing for the lock). */
  'condition.notify': 'woken',
  'condition.woken': null,
  'condition.timedOut': null,
  /** The actor arrived and waits (how many wait now is the fold's count of arrivals); its timeout (timeoutArg). */
  'barrier.arrive': 'timeoutMs',
  /** The actor's arrival filled the barrier: this many parties are released. */
  'barrier.trip': 'parties',
  /** Broken (abort, a timeout, an action that failed, a waiter that ended): every waiter is answered. */
  'barrier.broken': null,
  'barrier.reset': null,
  /** An item went in; the depth after. */
  'queue.put': 'depth',
  /** An item came out; the depth after. */
  'queue.get': 'depth',
  /** The putter parked on a full queue; its timeout (timeoutArg). */
  'queue.fullWait': 'timeoutMs',
  /** The getter parked on an empty queue; its timeout (timeoutArg). */
  'queue.emptyWait': 'timeoutMs',
  /** A parked put or get gave up (Full, Empty). */
  'queue.timedOut': null,
  /** task_done(); the unfinished tasks left. */
  'queue.taskDone': 'unfinished',
  /** The actor parked in join() (unfinished tasks remain). */
  'queue.join': null,
  /** The actor's join() returned: no task is unfinished. */
  'queue.joined': null,
  /** shutdown(); the depth after (0 when immediate). Parked putters and getters leave (each a `wait.ended`). */
  'queue.shutdown': 'depth',
  /** A message went into the pipe (either end); its bytes. */
  'pipe.send': 'bytes',
  'pipe.recv': 'bytes',
  'pipe.close': 'end',
  /** A Value, an Array cell, a dict key or a list was written (what was written: the snapshot, for now). */
  'value.write': null,
  /** One assignment (a cell, a slice, a fill): how many cells it wrote. */
  'array.write': 'cells',
  'dict.write': null,
  'list.write': 'length',
  'timer.start': null,
  'timer.cancel': null,
  'timer.fired': null,
  /** The actor's wait here ended otherwise (it ended, the queue shut down, its put was refused memory). */
  'wait.ended': null,
  /**
   * A thread's fast-path ops on a Lock or RLock, coalesced: this many acquisitions (each with its release)
   * since the last such fact. Stands for them where every op is not wanted (the pages; the recorder keeps
   * every op too); the lock's last op follows it as its own fact, so the holder folds exactly.
   */
  'lock.fastPath': 'acquisitions',
  /**
   * A Pipe's reader parked in recv() (how 0) or recv_bytes() (how 1) on an empty end, for ever. Its wait ends
   * with its `pipe.recv`, or a `wait.ended` (EOF, a closed handle, a bad length, it ended). After the ops above,
   * so that their hot codes stay what recordings have.
   */
  'pipe.recvWait': 'how',
  /** A reader parked in poll(timeout); its timeout (timeoutArg). Ends with a `wait.ended` (answered or timed out). */
  'pipe.pollWait': 'timeoutMs',
  /** A sender parked on a full buffer in send() (how 0) or send_bytes() (how 1). Ends with its `pipe.send`, or a `wait.ended`. */
  'pipe.sendWait': 'how',
  /**
   * A Lock or RLock as its shared cell has it, stated by the host after a thread dropped fast-path ops
   * (backpressure: no batch may follow to say who holds it): held by the actor with this recursion count, or
   * free (0; the actor is the thread that dropped). Not an op anyone did: a restatement, kept apart from
   * `lock.acquired` / `lock.released` so that a thread's recorded ops stay its own.
   */
  'lock.restated': 'count',
  /**
   * A thread's puts on a queue's shared ring over the queue's recording rate, counted, not kept: this many
   * (the puts and the unfinished tasks that many more). Each stretch of counted ops ends with its last op,
   * kept as itself, which states the depth (src/core/sync/queue-log-facts.ts). Counts add up in any order.
   */
  'queue.putsCounted': 'puts',
  /** The same for gets: this many more. */
  'queue.getsCounted': 'gets',
  /** The same for task_done(): the unfinished tasks this many fewer. */
  'queue.tasksDoneCounted': 'tasks',
} as const satisfies Record<string, string | null>;

export type SyncFactOp = keyof typeof SYNC_FACT_ARGS;
export const SYNC_FACT_OPS = Object.keys(SYNC_FACT_ARGS) as SyncFactOp[];

/** The field name of an op's number, as a type. */
type ArgOf<Op extends SyncFactOp> = (typeof SYNC_FACT_ARGS)[Op];

interface FactBase {
  /** Wall-clock milliseconds (the broker's clock), as LabEvent.t. */
  readonly t: number;
  /** A workerId, or LAB_ACTOR. */
  readonly actor: string;
  /** The primitive's name. */
  readonly primitive: string;
}

/** One fact per op: `{ op: 'lock.acquired', count }`, `{ op: 'lock.waiting' }`; a union discriminated by op. */
export type SyncFact = {
  [Op in SyncFactOp]: FactBase & { readonly op: Op } & (ArgOf<Op> extends string ? { readonly [K in ArgOf<Op>]: number } : unknown);
}[SyncFactOp];

/** The fact of one op. */
export type SyncFactOf<Op extends SyncFactOp> = Extract<SyncFact, { op: Op }>;

/** A fact as a primitive states it; the broker stamps the time. */
export type SyncFactBody = SyncFact extends infer F ? (F extends SyncFact ? Omit<F, 't'> : never) : never;

/** A waiter's timeout as a fact's one int32: -1 for ever, else whole milliseconds, at most 2^31 - 1 (about 24.8 days). */
export const FOREVER_ARG = -1;
export const TIMEOUT_ARG_MAX = 2 ** 31 - 1;
export function timeoutArg(timeoutMs: number | null): number {
  return timeoutMs === null ? FOREVER_ARG : Math.min(TIMEOUT_ARG_MAX, Math.round(timeoutMs));
}

/** The timeout a waiting fact carries, as the views show it: null for ever. */
export function timeoutOfArg(arg: number): number | null {
  return arg < 0 ? null : arg;
}

/** The number an op carries, 0 when it has none. */
export function argOf(fact: SyncFact | SyncFactBody): number {
  const field = SYNC_FACT_ARGS[fact.op];
  return field === null ? 0 : (fact as unknown as Record<string, number>)[field]!;
}


/**
 * A thread's fast-path Lock/RLock operation, taken in the shared cell without the broker (locks.ts) and
 * reported later in a batch from the thread's ring: the count after it (recursion count; 0 when released).
 */
export interface FastPathOp {
  readonly t: number;
  readonly workerId: string;
  readonly name: string;
  readonly op: 'acquired' | 'released';
  readonly count: number;
}
