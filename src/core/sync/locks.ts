import { timeoutArg } from '../../shared/facts';
import { COUNT, CELL_INTS, FREE_SLOW, INDEX_MASK, PARKED, RETIRED, STATE, WAITERS, wakeCellWaiters, type LockAttachment } from '../../shared/lock-cell';
import { emptySnapshot, type Holder, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp, type SyncReply } from '../../shared/sync';
import { fail, ok, TIMEOUT_TOO_LARGE, timeoutTooLarge, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

/** A lock waiter remembers the recursion count to own with: 1, or what a Condition.wait saved. */
interface LockWaiter extends Parked {
  readonly count: number;
}

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['acquire', 'release', 'locked', 'is_owned']);

/** The C lock's wording (Modules/_threadmodule.c), used by Lock and RLock alike. */
const NON_BLOCKING_TIMEOUT = fail('ValueError', "can't specify a timeout for a non-blocking call");

/**
 * threading.Lock (recursive = false) and threading.RLock (recursive = true). On release the lock is handed
 * straight to the first waiter, so waiters are served FIFO and a releaser cannot barge back in.
 *
 * The owner and recursion count live in a shared cell (src/shared/lock-cell.ts) that thread workers may
 * attach: they take and free an uncontended lock there with one CAS and no message. Everything that blocks,
 * times out, or must be told (waiters, FIFO hand-off, owner died) stays here; the WAITERS bit in the cell
 * makes the holder's release come here while anyone waits.
 * Invariants: the lock is free only when nobody waits; WAITERS is set whenever somebody waits or an
 * owner-died mark is pending (then the free state is FREE_SLOW).
 */
export class MutexLock implements Primitive {
  readonly ops = OPS;
  readonly cell = new Int32Array(new SharedArrayBuffer(CELL_INTS * Int32Array.BYTES_PER_ELEMENT));
  private readonly waiters = new WaitQueue<LockWaiter>();
  /** Set when an owner died holding the lock, until the next acquirer has been told. */
  private ownerDied: string | null = null;
  /** The last observation of the cell, and since when (host time) its holder has been seen holding it. */
  private seenState = 0;
  private seenCount = 0;
  private seenHolder = 0;
  private seenSince = 0;
  /** Acquisitions threads made on the cell, as drained from their fast-path rings (sync-hub.ts). */
  fastAcquisitions = 0;

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    readonly kind: 'Lock' | 'RLock',
  ) {}

  private get recursive(): boolean {
    return this.kind === 'RLock';
  }

  /** What a thread worker needs to use the fast path. */
  attach(workerId: string): LockAttachment {
    return { cell: this.cell.buffer as SharedArrayBuffer, index: this.ctx.workers.indexOf(workerId), recursive: this.recursive };
  }

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op === 'acquire') return this.acquire(workerId, request.blocking, request.timeout);
    if (request.op === 'release') {
      if (request.n !== 1) return fail('TypeError', `${this.kind}.release() takes no count`);
      return this.release(workerId);
    }
    if (request.op === 'locked') return ok(this.holder() !== 0);
    if (request.op === 'is_owned') {
      // Only an RLock has _is_owned(); a Condition over a plain Lock asks isOwned() itself (its fallback).
      return this.recursive ? ok(this.ownedBy(workerId)) : fail('AttributeError', "'_thread.lock' object has no attribute '_is_owned'");
    }
    return fail('TypeError', `a ${this.kind} has no "${request.op}"`);
  }

  acquire(workerId: string, blocking: boolean, timeout: number | null): Outcome {
    // CPython checks the arguments before looking at the lock, so even an RLock's owner gets the ValueError;
    // the timeout's conversion comes first of all: acquire(False, 1e300) is an OverflowError.
    if (timeoutTooLarge(timeout)) return TIMEOUT_TOO_LARGE;
    if (!blocking && timeout !== null) return NON_BLOCKING_TIMEOUT;
    const me = this.ctx.workers.indexOf(workerId);
    this.ctx.fact({ op: 'lock.requested', actor: workerId, primitive: this.name });
    if (this.recursive && this.holder() === me) {
      const count = Atomics.add(this.cell, COUNT, 1) + 1;
      this.ctx.fact({ op: 'lock.acquired', actor: workerId, primitive: this.name, count });
      return ok(true);
    }
    // A plain Lock acquired again by its owner blocks too: that self-deadlock is Python's behaviour.
    return this.acquireOrWait(workerId, me, 1, blocking ? timeout : 0);
  }

  release(workerId: string): SyncReply {
    const me = this.ctx.workers.indexOf(workerId);
    for (;;) {
      const state = Atomics.load(this.cell, STATE);
      const holder = state & INDEX_MASK;
      if (holder === 0) {
        return this.recursive ? fail('RuntimeError', 'cannot release un-acquired lock') : fail('RuntimeError', 'release unlocked lock');
      }
      // Python lets any thread release a Lock; an RLock only by its owner.
      if (this.recursive) {
        if (holder !== me) return fail('RuntimeError', 'cannot release un-acquired lock');
        if (Atomics.load(this.cell, COUNT) > 1) {
          const count = Atomics.sub(this.cell, COUNT, 1) - 1;
          this.ctx.fact({ op: 'lock.released', actor: workerId, primitive: this.name, count });
          return ok();
        }
      }
      // Lost a race with the holder's own fast release: look again.
      if (this.free(state, workerId)) return ok();
    }
  }

  /**
   * `_is_owned()`: an RLock's asks "do I hold it?"; a plain Lock has none, and a Condition over one asks "is
   * it locked?" (CPython's fallback tries acquire(False)), so that is the answer here too.
   */
  isOwned(workerId: string): boolean {
    return this.recursive ? this.ownedBy(workerId) : this.holder() !== 0;
  }

  ownedBy(workerId: string): boolean {
    return this.holder() === this.ctx.workers.indexOf(workerId);
  }

  /** Condition.wait: releases the lock completely and returns the recursion count to restore later. */
  releaseSave(workerId: string): number {
    const me = this.ctx.workers.indexOf(workerId);
    for (;;) {
      const state = Atomics.load(this.cell, STATE);
      if ((state & INDEX_MASK) !== me) return 0;
      const count = this.recursive ? Math.max(1, Atomics.load(this.cell, COUNT)) : 1;
      if (this.free(state, workerId)) return count;
    }
  }

  /**
   * Condition.wait's re-acquire: queues for the lock for ever (Python's re-acquire has no timeout) and owns
   * it with the saved recursion count. Settles with true (and any owner-died mark), or ENDED.
   */
  acquireRestore(workerId: string, count: number): Outcome {
    return this.acquireOrWait(workerId, this.ctx.workers.indexOf(workerId), count, null);
  }

  workerEnded(workerId: string): boolean {
    if (this.waiters.cancelWorker(workerId) > 0) {
      this.ctx.fact({ op: 'wait.ended', actor: workerId, primitive: this.name });
      this.relax();
    }
    const me = this.ctx.workers.indexOf(workerId);
    for (;;) {
      const state = Atomics.load(this.cell, STATE);
      if ((state & INDEX_MASK) !== me) return false;
      // Like a robust mutex: free it and tell the next acquirer (EOWNERDEAD), rather than block everyone.
      // WAITERS first, so that no thread can move the cell while it is handed on.
      if ((state & WAITERS) === 0 && Atomics.compareExchange(this.cell, STATE, state, state | WAITERS) !== state) continue;
      this.ownerDied = workerId;
      this.free(state | WAITERS, workerId, 'lock.ownerDied');
      return true;
    }
  }

  /**
   * For deletion: marks the cell RETIRED if the lock is free and nobody waits, so that no thread can take it
   * on the fast path afterwards. False if it is held or waited for (a thread may have just taken it).
   */
  retire(): boolean {
    if (this.waiters.size > 0) return false;
    for (;;) {
      const state = Atomics.load(this.cell, STATE);
      if (state !== 0 && state !== FREE_SLOW) return false;
      if (Atomics.compareExchange(this.cell, STATE, state, RETIRED) === state) return true;
    }
  }

  /** Undoes a retire() when the deletion it was part of is refused after all. */
  unretire(): void {
    Atomics.compareExchange(this.cell, STATE, RETIRED, this.ownerDied === null ? 0 : FREE_SLOW);
  }

  holders(): Holder[] {
    this.observe();
    if (this.seenHolder === 0) return [];
    const workerId = this.ctx.workers.idOf(this.seenHolder) ?? `#${this.seenHolder}`;
    return [{ workerId, since: this.seenSince, count: this.recursive ? Math.max(1, this.seenCount) : 1 }];
  }

  snapshot(): PrimitiveSnapshot {
    return { ...emptySnapshot(this.name, this.kind), holders: this.holders(), waiters: this.waiters.snapshot(), ownerDied: this.ownerDied, fastAcquisitions: this.fastAcquisitions };
  }

  /**
   * Reads the cell (threads change it without telling the broker); true when it differs from the last look.
   * A holder first seen now is dated now: the host cannot know when a thread took it on the fast path.
   */
  observe(): boolean {
    const state = Atomics.load(this.cell, STATE);
    const count = this.recursive ? Atomics.load(this.cell, COUNT) : 1;
    if (state === this.seenState && count === this.seenCount) return false;
    const holder = state & INDEX_MASK;
    if (holder !== this.seenHolder) {
      this.seenHolder = holder;
      this.seenSince = this.ctx.clock.now();
    }
    this.seenState = state;
    this.seenCount = count;
    return true;
  }

  /** The holder's index in the cell, 0 when free (a RETIRED cell belongs to a deleted lock: nobody). */
  private holder(): number {
    const state = Atomics.load(this.cell, STATE);
    return state === RETIRED ? 0 : state & INDEX_MASK;
  }

  /**
   * Takes the lock if it is free, else (unless `timeout` is 0: a non-blocking try) sets WAITERS and queues.
   * Never blocks the host: a CAS lost to a thread just means looking again.
   */
  private acquireOrWait(workerId: string, me: number, count: number, timeout: number | null): Outcome {
    for (;;) {
      const state = Atomics.load(this.cell, STATE);
      if ((state & INDEX_MASK) === 0) {
        // 0, or FREE_SLOW (free with an owner-died mark): nobody waits on a free lock, so WAITERS goes too.
        if (Atomics.compareExchange(this.cell, STATE, state, me) === state) {
          this.ctx.fact({ op: 'lock.acquired', actor: workerId, primitive: this.name, count });
          return ok(true, this.took(me, count));
        }
        continue;
      }
      if (timeout === 0) {
        this.ctx.fact({ op: 'lock.timedOut', actor: workerId, primitive: this.name });
        return ok(false);
      }
      if ((state & WAITERS) !== 0 || Atomics.compareExchange(this.cell, STATE, state, state | WAITERS) === state) {
        return this.wait(workerId, count, timeout);
      }
    }
  }

  /** Makes the worker at `index` the owner (the cell already says so); returns the owner-died mark it must be told about, clearing it. */
  private took(index: number, count: number): string | undefined {
    Atomics.store(this.cell, COUNT, count);
    this.seenHolder = index;
    this.seenSince = this.ctx.clock.now();
    // What the cell says now is what was seen: otherwise a release back to the last state observed would
    // look unchanged, and the holder would stay in the Locks view (and block a deletion) for ever.
    this.seenState = Atomics.load(this.cell, STATE);
    this.seenCount = this.recursive ? Atomics.load(this.cell, COUNT) : 1;
    const died = this.ownerDied ?? undefined;
    this.ownerDied = null;
    return died;
  }

  private wait(workerId: string, count: number, timeout: number | null): Promise<SyncReply> {
    return park(
      this.ctx,
      { workerId, op: 'acquire', timeout },
      { count },
      (waiter) => {
        this.waiters.push(waiter);
        this.ctx.fact({ op: 'lock.waiting', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.waiters.remove(waiter)) return;
        this.ctx.fact({ op: 'lock.timedOut', actor: workerId, primitive: this.name });
        this.relax();
        waiter.settle(ok(false));
      },
    );
  }

  /**
   * Frees the lock from `expected` (the state just read) and hands it straight to the first waiter, if any.
   * False if a thread changed the cell meanwhile (possible only without WAITERS): the caller looks again.
   * `by` released it (or, with 'lock.ownerDied', ended holding it): that fact comes before the hand-off's.
   */
  private free(expected: number, by: string, op: 'lock.released' | 'lock.ownerDied' = 'lock.released'): boolean {
    if ((expected & WAITERS) === 0) {
      if (Atomics.compareExchange(this.cell, STATE, expected, 0) !== expected) return false;
      if ((expected & PARKED) !== 0) wakeCellWaiters(this.cell);
      this.freed(by, op);
      return true;
    }
    this.freed(by, op);
    // With WAITERS set no thread can move the cell: the broker alone writes it.
    const next = this.waiters.next();
    // Threads waiting on the cell itself (not queued here) look again: free, or another holder.
    if (next === undefined) {
      Atomics.store(this.cell, STATE, this.ownerDied === null ? 0 : FREE_SLOW);
      wakeCellWaiters(this.cell);
      return true;
    }
    const index = this.ctx.workers.indexOf(next.workerId);
    Atomics.store(this.cell, COUNT, next.count);
    Atomics.store(this.cell, STATE, this.waiters.size > 0 ? index | WAITERS : index);
    wakeCellWaiters(this.cell);
    this.ctx.fact({ op: 'lock.acquired', actor: next.workerId, primitive: this.name, count: next.count });
    next.settle(ok(true, this.took(index, next.count)));
    return true;
  }

  private freed(by: string, op: 'lock.released' | 'lock.ownerDied'): void {
    this.ctx.fact(op === 'lock.released' ? { op, actor: by, primitive: this.name, count: 0 } : { op, actor: by, primitive: this.name });
  }

  /** Clears WAITERS once nobody waits on a held lock any more (timeouts, a dead waiter), reopening the fast path. */
  private relax(): void {
    if (this.waiters.size > 0 || this.ownerDied !== null) return;
    const state = Atomics.load(this.cell, STATE);
    // PARKED stays: threads waiting on the cell are woken by the holder's release, as before WAITERS was set.
    if ((state & WAITERS) !== 0 && (state & INDEX_MASK) !== 0) Atomics.store(this.cell, STATE, state & ~WAITERS);
  }
}
