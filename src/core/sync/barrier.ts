import type { ParsedSyncRequest, PrimitiveSnapshot, SyncOp } from '../../shared/sync';
import { blankSnapshot, fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

interface BarrierWaiter extends Parked {
  readonly index: number;
}

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['wait', 'abort', 'reset']);

/**
 * threading.Barrier (no action). wait() returns the arrival index 0..parties-1; the arrival that makes
 * `parties` releases everyone. A timed-out wait breaks the barrier for all (CPython's `_break`), abort
 * breaks it, reset answers the current waiters with BrokenBarrierError and leaves it usable.
 * Everything happens inside one request here, so CPython's draining/resetting states are not needed.
 */
export class Barrier implements Primitive {
  readonly kind = 'Barrier';
  readonly ops = OPS;
  private broken = false;
  private readonly waiters = new WaitQueue<BarrierWaiter>();

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    private readonly parties: number,
    /** Seconds; used when wait() is given none, as Python's Barrier(timeout=...). */
    private readonly defaultTimeout: number | null,
  ) {}

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    switch (request.op) {
      case 'wait':
        return this.wait(workerId, request.timeout ?? this.defaultTimeout);
      case 'abort':
        this.breakAll('the barrier was aborted');
        return ok();
      case 'reset':
        this.breakAll('the barrier was reset while waiting');
        this.broken = false;
        return ok();
      default:
        return fail('TypeError', `a Barrier has no "${request.op}"`);
    }
  }

  private wait(workerId: string, timeout: number | null): Outcome {
    if (this.broken) return fail('BrokenBarrierError', 'the barrier is broken');
    const index = this.waiters.size;
    if (index + 1 === this.parties) {
      for (const waiter of this.waiters.drain()) waiter.settle(ok(waiter.index));
      return ok(index);
    }
    if (timeout === 0) {
      this.breakAll('a wait at the barrier timed out');
      return fail('BrokenBarrierError', 'a wait at the barrier timed out');
    }
    return park(
      this.ctx,
      { workerId, op: 'wait', timeout },
      { index },
      (waiter) => this.waiters.push(waiter),
      (waiter) => {
        if (!this.waiters.remove(waiter)) return;
        this.breakAll('a wait at the barrier timed out');
        waiter.settle(fail('BrokenBarrierError', 'a wait at the barrier timed out'));
      },
    );
  }

  /** Breaks the barrier: every waiter gets BrokenBarrierError. */
  private breakAll(message: string): void {
    this.broken = true;
    for (const waiter of this.waiters.drain()) waiter.settle(fail('BrokenBarrierError', message));
  }

  workerEnded(workerId: string): boolean {
    // The barrier can never fill now: break it, as CPython would once the others' timeouts ran out.
    if (this.waiters.cancelWorker(workerId) > 0) this.breakAll(`${workerId} ended while waiting at the barrier`);
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    return { ...blankSnapshot(this.name, this.kind), waiters: this.waiters.snapshot(), parties: this.parties, broken: this.broken };
  }
}
