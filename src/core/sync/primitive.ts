import type { Cancel, Clock } from '../clock';
import type { SyncFact, SyncFactBody } from '../../shared/facts';
import { TIMEOUT_OVERFLOW_S, type Item, type ParsedSyncRequest, type PrimitiveKind, type PrimitiveSnapshot, type SyncErrorType, type SyncOp, type SyncReply } from '../../shared/sync';
import type { MemoryBudget } from './memory-budget';
import type { WorkerIndex } from './worker-index';

/** What every primitive gets from the broker. */
export interface SyncContext {
  readonly clock: Clock;
  /**
   * Schedules a timeout. The broker wraps it so that a timer firing (which changes state outside any
   * request) also bumps its version.
   */
  after(ms: number, callback: () => void): Cancel;
  /** The small integer each worker (and the lab) is known by in shared lock cells. */
  readonly workers: WorkerIndex;
  /** What queues, dicts and lists may hold, together (memory-budget.ts). */
  readonly budget: MemoryBudget;
  /**
   * States one fact (src/shared/facts.ts) the moment the state changes, in the order things happen: a release
   * that hands the lock on is `lock.released` by the releaser, then `lock.acquired` by the waiter. The broker
   * stamps the time.
   */
  fact(body: SyncFactBody): void;
  /**
   * States a fact that carries its own time (a thread's op drained from a queue's op log: queue-log-facts.ts),
   * put on the µs grid. After the ops it stands for and before the broker's next fact, as `fact`.
   */
  factAt(fact: SyncFact): void;
  /**
   * Dates the facts stated from now on at `at` (epoch ms: when a batched op happened in its worker), kept
   * no earlier than the last fact and no later than now; null goes back to stamping the time of stating.
   */
  pin(at: number | null): void;
  /** A Timer fired (a fact for the log; its Event is set through the broker as usual). */
  timerFired(timer: string, event: string): void;
}

/** One request narrowed to its op, so a primitive's handlers are typed by what they accept. */
export type RequestOf<Op extends SyncOp> = Extract<ParsedSyncRequest, { op: Op }>;

/** A reply now, or later for a request that blocks. */
export type Outcome = SyncReply | Promise<SyncReply>;

/** One primitive owned by the broker. The broker checks the name and the op before calling `handle`. */
export interface Primitive {
  readonly name: string;
  readonly kind: PrimitiveKind;
  /** The ops this kind has; anything else is a TypeError, worded by the broker. */
  readonly ops: ReadonlySet<SyncOp>;
  handle(workerId: string, request: ParsedSyncRequest): Outcome;
  /** Cancels the worker's waits and gives back what it held; true when it held something here. */
  workerEnded(workerId: string): boolean;
  snapshot(): PrimitiveSnapshot;
  /**
   * Shared data (Value, Array, Dict, List): Python's repr of what it holds, cut to CONTENTS_CHARS with "…"
   * (data-facts.ts). The broker states it as a `sync.write` fact after each write that changed it.
   */
  contents?(): string;
  /** Kinds with state that threads change in shared memory: reads it, true when it changed since the last look. */
  observe?(): boolean;
}

export const ok = (value: Item = null, ownerDied?: string): SyncReply =>
  ownerDied === undefined ? { ok: true, value } : { ok: true, value, ownerDied };

export const fail = (error: SyncErrorType, message: string): SyncReply => ({ ok: false, error, message });

/**
 * The reply a cancelled wait settles with when its worker ended. Nobody reads it (the worker is gone), but
 * settling keeps the broker's promises from dangling for ever.
 */
export const ENDED: SyncReply = fail('RuntimeError', 'the worker ended while waiting');


/**
 * A timeout past threading.TIMEOUT_MAX, in CPython's words for it (_threadmodule.c; the time conversion's own
 * words vary by version: "timestamp out of range for platform time_t" in 3.12 and 3.13).
 */
export const TIMEOUT_TOO_LARGE: SyncReply = fail('OverflowError', 'timeout value is too large');

/** True when a wait with this timeout would overflow CPython's clock (OverflowError). */
export const timeoutTooLarge = (seconds: number | null): boolean => seconds !== null && seconds >= TIMEOUT_OVERFLOW_S;

/** Python timeouts are seconds; null is for ever. */
export const timeoutMs = (seconds: number | null): number | null => (seconds === null ? null : seconds * 1000);
