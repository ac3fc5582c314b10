import type { Holder, ParsedSyncRequest, PrimitiveSnapshot, SyncOp, SyncReply } from '../../shared/sync';
import { blankSnapshot, fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

interface Owner {
  readonly workerId: string;
  readonly since: number;
  count: number;
}

/** A lock waiter remembers the recursion count to own with: 1, or what a Condition.wait saved. */
interface LockWaiter extends Parked {
  readonly count: number;
}

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['acquire', 'release']);

/** The C lock's wording (Modules/_threadmodule.c), used by Lock and RLock alike. */
const NON_BLOCKING_TIMEOUT = fail('ValueError', "can't specify a timeout for a non-blocking call");

/**
 * threading.Lock (recursive = false) and threading.RLock (recursive = true). On release the lock is handed
 * straight to the first waiter, so waiters are served FIFO and a releaser cannot barge back in.
 * Invariant: the lock is free only when nobody waits.
 */
export class MutexLock implements Primitive {
  readonly ops = OPS;
  private owner: Owner | null = null;
  private readonly waiters = new WaitQueue<LockWaiter>();
  /** Set when an owner died holding the lock, until the next acquirer has been told. */
  private ownerDied: string | null = null;

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    readonly kind: 'Lock' | 'RLock',
  ) {}

  private get recursive(): boolean {
    return this.kind === 'RLock';
  }

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op === 'acquire') return this.acquire(workerId, request.blocking, request.timeout);
    if (request.op === 'release') {
      if (request.n !== 1) return fail('TypeError', `${this.kind}.release() takes no count`);
      return this.release(workerId);
    }
    return fail('TypeError', `a ${this.kind} has no "${request.op}"`);
  }

  acquire(workerId: string, blocking: boolean, timeout: number | null): Outcome {
    // CPython checks the arguments before looking at the lock, so even an RLock's owner gets the ValueError.
    if (!blocking && timeout !== null) return NON_BLOCKING_TIMEOUT;
    if (this.recursive && this.owner?.workerId === workerId) {
      this.owner.count += 1;
      return ok(true);
    }
    if (this.owner === null) return ok(true, this.take(workerId, 1));
    // A plain Lock acquired again by its owner blocks too: that self-deadlock is Python's behaviour.
    if (!blocking || timeout === 0) return ok(false);
    return this.wait(workerId, 1, timeout);
  }

  release(workerId: string): SyncReply {
    if (this.owner === null) {
      return this.recursive ? fail('RuntimeError', 'cannot release un-acquired lock') : fail('RuntimeError', 'release unlocked lock');
    }
    // Python lets any thread release a Lock; an RLock only by its owner.
    if (this.recursive && this.owner.workerId !== workerId) return fail('RuntimeError', 'cannot release un-acquired lock');
    this.owner.count -= 1;
    if (this.owner.count === 0) this.free();
    return ok();
  }

  ownedBy(workerId: string): boolean {
    return this.owner?.workerId === workerId;
  }

  /** Condition.wait: releases the lock completely and returns the recursion count to restore later. */
  releaseSave(workerId: string): number {
    const count = this.owner?.workerId === workerId ? this.owner.count : 0;
    this.free();
    return count;
  }

  /**
   * Condition.wait's re-acquire: queues for the lock for ever (Python's re-acquire has no timeout) and owns
   * it with the saved recursion count. Settles with true (and any owner-died mark), or ENDED.
   */
  acquireRestore(workerId: string, count: number): Outcome {
    if (this.owner === null) return ok(true, this.take(workerId, count));
    return this.wait(workerId, count, null);
  }

  workerEnded(workerId: string): boolean {
    this.waiters.cancelWorker(workerId);
    if (this.owner?.workerId !== workerId) return false;
    // Like a robust mutex: free it and tell the next acquirer (EOWNERDEAD), rather than block everyone.
    this.ownerDied = workerId;
    this.free();
    return true;
  }

  holders(): Holder[] {
    return this.owner === null ? [] : [{ workerId: this.owner.workerId, since: this.owner.since, count: this.owner.count }];
  }

  snapshot(): PrimitiveSnapshot {
    return { ...blankSnapshot(this.name, this.kind), holders: this.holders(), waiters: this.waiters.snapshot(), ownerDied: this.ownerDied };
  }

  /** Makes `workerId` the owner; returns the owner-died mark it must be told about, clearing it. */
  private take(workerId: string, count: number): string | undefined {
    this.owner = { workerId, since: this.ctx.clock.now(), count };
    const died = this.ownerDied ?? undefined;
    this.ownerDied = null;
    return died;
  }

  private wait(workerId: string, count: number, timeout: number | null): Promise<SyncReply> {
    return park(
      this.ctx,
      { workerId, op: 'acquire', timeout },
      { count },
      (waiter) => this.waiters.push(waiter),
      (waiter) => {
        if (this.waiters.remove(waiter)) waiter.settle(ok(false));
      },
    );
  }

  /** Frees the lock and hands it straight to the first waiter, if any. */
  private free(): void {
    this.owner = null;
    const next = this.waiters.next();
    if (next !== undefined) next.settle(ok(true, this.take(next.workerId, next.count)));
  }
}
