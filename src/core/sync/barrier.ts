import type { ParsedSyncRequest, PrimitiveSnapshot, SyncOp } from '../../shared/sync';
import { blankSnapshot, fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

interface BarrierWaiter extends Parked {
  readonly index: number;
}

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['wait', 'abort', 'reset', 'action_done']);

/**
 * threading.Barrier. wait() returns the arrival index 0..parties-1; the arrival that makes
 * `parties` releases everyone. A timed-out wait breaks the barrier for all (CPython's `_break`), abort
 * breaks it, reset answers the current waiters with BrokenBarrierError and leaves it usable.
 * With an action, the arrival that trips it is answered first, told to run its action; the others stay
 * parked until it says `action_done` (released) or that the action failed (broken, as CPython's `_break`).
 */
export class Barrier implements Primitive {
  readonly kind = 'Barrier';
  readonly ops = OPS;
  private broken = false;
  private readonly waiters = new WaitQueue<BarrierWaiter>();
  /** A trip whose action is running: who runs it, and the waiters it will release. */
  private tripping: { readonly by: string; readonly released: BarrierWaiter[] } | null = null;

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    private readonly parties: number,
    /** Seconds; used when wait() is given none, as Python's Barrier(timeout=...). */
    private readonly defaultTimeout: number | null,
    private readonly action: boolean,
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
      case 'action_done':
        return this.actionDone(workerId, request.failed);
      default:
        return fail('TypeError', `a Barrier has no "${request.op}"`);
    }
  }

  private wait(workerId: string, timeout: number | null): Outcome {
    if (this.broken) return fail('BrokenBarrierError', 'the barrier is broken');
    const index = this.waiters.size;
    if (index + 1 === this.parties) {
      const released = this.waiters.drain();
      if (!this.action) {
        for (const waiter of released) waiter.settle(ok(waiter.index));
        return ok(index);
      }
      this.tripping = { by: workerId, released };
      return { ok: true, value: index, runAction: true };
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

  private actionDone(workerId: string, failed: boolean): Outcome {
    if (this.tripping === null || this.tripping.by !== workerId) return fail('RuntimeError', 'no action of yours is running at this barrier');
    const { released } = this.tripping;
    this.tripping = null;
    if (failed) {
      this.broken = true;
      for (const waiter of released) waiter.settle(fail('BrokenBarrierError', 'the barrier\'s action failed'));
      this.breakAll('the barrier\'s action failed');
    } else {
      for (const waiter of released) waiter.settle(ok(waiter.index));
    }
    return ok();
  }

  /** Breaks the barrier: every waiter gets BrokenBarrierError (those of a trip whose action runs, too). */
  private breakAll(message: string): void {
    this.broken = true;
    const tripped = this.tripping?.released ?? [];
    this.tripping = null;
    for (const waiter of [...tripped, ...this.waiters.drain()]) waiter.settle(fail('BrokenBarrierError', message));
  }

  workerEnded(workerId: string): boolean {
    // The barrier can never fill now: break it, as CPython would once the others' timeouts ran out.
    if (this.waiters.cancelWorker(workerId) > 0) this.breakAll(`${workerId} ended while waiting at the barrier`);
    else if (this.tripping?.by === workerId) this.breakAll(`${workerId} ended while running the barrier's action`);
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    // While an action runs, the waiters it will release are still waiting, and shown so.
    const tripped = (this.tripping?.released ?? []).map(({ workerId, op, since, timeoutMs }) => ({ workerId, op, since, timeoutMs }));
    return {
      ...blankSnapshot(this.name, this.kind),
      waiters: [...tripped, ...this.waiters.snapshot()],
      parties: this.parties,
      broken: this.broken,
      contents: this.tripping === null ? null : `${this.tripping.by} runs the action`,
    };
  }
}
