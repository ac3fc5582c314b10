import { timeoutArg } from '../../shared/facts';
import { emptySnapshot, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp, type SyncReply } from '../../shared/sync';
import type { MutexLock } from './locks';
import { LAB_ID } from './lab-request';
import { fail, ok, TIMEOUT_TOO_LARGE, timeoutTooLarge, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

/** A Condition waiter remembers the lock's recursion count, to own it again as it was. */
interface ConditionWaiter extends Parked {
  readonly saved: number;
}

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['acquire', 'release', 'wait', 'notify', 'notify_all', 'is_owned']);

/**
 * threading.Condition over a Lock or RLock primitive (its own `${name}.lock`, or one it was given).
 * acquire/release go to the lock, so a worker blocked on them shows on the lock. A wait releases the lock
 * fully, waits here (op 'wait') for a notify or its timeout, then queues on the lock (op 'acquire', no
 * timeout, as Python's re-acquire) and only then answers: true if notified, false if timed out.
 *
 * Ownership is checked against the lock's recorded owner. With a plain Lock, CPython's Condition only asks
 * "is it locked?", so a thread could wait on a lock another thread holds; here that is refused, which is
 * what the code meant anyway.
 */
export class Condition implements Primitive {
  readonly kind = 'Condition';
  readonly ops = OPS;
  private readonly waiters = new WaitQueue<ConditionWaiter>();

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    private readonly lock: MutexLock,
  ) {}

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    switch (request.op) {
      case 'acquire':
      case 'release':
        return this.lock.handle(workerId, request);
      case 'wait':
        return this.wait(workerId, request.timeout);
      case 'notify':
        return this.notify(workerId, request.n);
      case 'notify_all':
        return this.notify(workerId, Number.POSITIVE_INFINITY);
      case 'is_owned':
        return ok(this.lock.isOwned(workerId));
      default:
        return fail('TypeError', `a Condition has no "${request.op}"`);
    }
  }

  private wait(workerId: string, timeout: number | null): Outcome {
    if (!this.lock.ownedBy(workerId)) return fail('RuntimeError', 'cannot wait on un-acquired lock');
    // CPython releases the lock, fails the waiter's acquire, and takes the lock back: the caller still holds it.
    if (timeoutTooLarge(timeout)) return TIMEOUT_TOO_LARGE;
    const saved = this.lock.releaseSave(workerId);
    return park(
      this.ctx,
      { workerId, op: 'wait', timeout },
      { saved },
      (waiter) => {
        this.waiters.push(waiter);
        this.ctx.fact({ op: 'condition.wait', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.waiters.remove(waiter)) return;
        this.ctx.fact({ op: 'condition.timedOut', actor: workerId, primitive: this.name });
        this.reacquire(waiter, false);
      },
    );
  }

  private notify(workerId: string, n: number): SyncReply {
    // The lab's "Notify" button is `with cv: cv.notify()`: it takes the lock if it is free, for the moment
    // of the notify. If a worker holds it, the lab cannot (and the button says so).
    // The broker does one thing at a time, so "the lock is free" is as good as holding it for that moment,
    // and leaves an owner-died mark on the lock for the next real acquirer.
    if (workerId === LAB_ID && this.lock.holders().length > 0 && !this.lock.ownedBy(LAB_ID)) {
      return fail('RuntimeError', `its lock ${this.lock.name} is held by a worker: notify from inside \`with ${this.name}:\``);
    }
    if (workerId !== LAB_ID && !this.lock.ownedBy(workerId)) return fail('RuntimeError', 'cannot notify on un-acquired lock');
    // FIFO: the longest waiter is woken first, as CPython's deque of waiter locks does.
    const woken = Math.min(n, this.waiters.size);
    this.ctx.fact({ op: 'condition.notify', actor: workerId, primitive: this.name, woken });
    for (let each = 0; each < woken; each += 1) {
      const waiter = this.waiters.next()!;
      this.ctx.fact({ op: 'condition.woken', actor: waiter.workerId, primitive: this.name });
      this.reacquire(waiter, true);
    }
    return ok();
  }

  /** The second half of a wait: queue for the lock, then answer with whether we were notified. */
  private reacquire(waiter: ConditionWaiter, notified: boolean): void {
    void Promise.resolve(this.lock.acquireRestore(waiter.workerId, waiter.saved)).then((reply) =>
      waiter.settle(reply.ok ? ok(notified, reply.ownerDied) : reply),
    );
  }

  workerEnded(workerId: string): boolean {
    // Only the waits here; the lock primitive releases what the worker held and drops its re-acquire.
    if (this.waiters.cancelWorker(workerId) > 0) this.ctx.fact({ op: 'wait.ended', actor: workerId, primitive: this.name });
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    return {
      ...emptySnapshot(this.name, this.kind),
      // Who is inside the condition, mirrored from the lock; the wait-for graph reads the lock's own entry.
      holders: this.lock.holders(),
      waiters: this.waiters.snapshot(),
      lock: this.lock.name,
    };
  }
}
