import { timeoutArg } from '../../shared/facts';
import { emptySnapshot, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

interface BarrierWaiter extends Parked {
  readonly index: number;
}

/** An arrival while an action runs: it waits to enter, as CPython's `_enter` does while the barrier drains. */
interface HeldArrival extends Parked {
  readonly requested: number | null;
}

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['wait', 'abort', 'reset', 'action_done', 'n_waiting', 'broken', 'parties']);

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
  /** Arrivals during an action, let in (in order) once it is done. */
  private readonly held = new WaitQueue<HeldArrival>();
  /** The worker whose action was cut short by abort or reset: its `action_done` is still answered ok. */
  private interruptedActionBy: string | null = null;

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
        this.breakAll(workerId, 'the barrier was aborted');
        return ok();
      case 'reset':
        this.breakAll(workerId, 'the barrier was reset while waiting');
        this.broken = false;
        this.ctx.fact({ op: 'barrier.reset', actor: workerId, primitive: this.name });
        return ok();
      case 'action_done':
        return this.actionDone(workerId, request.failed);
      // CPython's n_waiting is its count while filling (0 once broken); while an action runs, every party
      // has arrived and none has left yet.
      case 'n_waiting':
        return ok(this.broken ? 0 : this.tripping !== null ? this.parties : this.waiters.size);
      case 'broken':
        return ok(this.broken);
      case 'parties':
        return ok(this.parties);
      default:
        return fail('TypeError', `a Barrier has no "${request.op}"`);
    }
  }

  private wait(workerId: string, timeout: number | null): Outcome {
    if (this.broken) return fail('BrokenBarrierError', 'the barrier is broken');
    if (this.tripping !== null) {
      return park(this.ctx, { workerId, op: 'wait', timeout: null }, { requested: timeout }, (arrival) => this.held.push(arrival), () => undefined);
    }
    const index = this.waiters.size;
    if (index + 1 === this.parties) {
      const released = this.waiters.drain();
      this.ctx.fact({ op: 'barrier.trip', actor: workerId, primitive: this.name, parties: this.parties });
      if (!this.action) {
        for (const waiter of released) waiter.settle(ok(waiter.index));
        return ok(index);
      }
      this.tripping = { by: workerId, released };
      return { ok: true, value: index, runAction: true };
    }
    if (timeout === 0) {
      this.breakAll(workerId, 'a wait at the barrier timed out');
      return fail('BrokenBarrierError', 'a wait at the barrier timed out');
    }
    return park(
      this.ctx,
      { workerId, op: 'wait', timeout },
      { index },
      (waiter) => {
        this.waiters.push(waiter);
        this.ctx.fact({ op: 'barrier.arrive', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.waiters.remove(waiter)) return;
        this.breakAll(workerId, 'a wait at the barrier timed out');
        waiter.settle(fail('BrokenBarrierError', 'a wait at the barrier timed out'));
      },
    );
  }

  private actionDone(workerId: string, failed: boolean): Outcome {
    if (this.interruptedActionBy === workerId) {
      // Aborted or reset while its action ran: in CPython the action finishes first, and its wait returns.
      this.interruptedActionBy = null;
      return ok();
    }
    if (this.tripping === null || this.tripping.by !== workerId) return fail('RuntimeError', 'no action of yours is running at this barrier');
    const { released } = this.tripping;
    if (failed) {
      this.breakAll(workerId, 'the barrier\'s action failed');
      this.interruptedActionBy = null;
      return ok();
    }
    this.tripping = null;
    for (const waiter of released) waiter.settle(ok(waiter.index));
    // The next cycle: those who arrived during the action now enter, in order.
    for (const arrival of this.held.drain()) void Promise.resolve(this.wait(arrival.workerId, arrival.requested)).then(arrival.settle);
    return ok();
  }

  /** Breaks the barrier: every waiter gets BrokenBarrierError (those of a trip whose action runs, too). */
  private breakAll(by: string, message: string): void {
    this.broken = true;
    this.ctx.fact({ op: 'barrier.broken', actor: by, primitive: this.name });
    const tripped = this.tripping?.released ?? [];
    if (this.tripping !== null) this.interruptedActionBy = this.tripping.by;
    this.tripping = null;
    for (const waiter of [...tripped, ...this.waiters.drain(), ...this.held.drain()]) waiter.settle(fail('BrokenBarrierError', message));
  }

  workerEnded(workerId: string): boolean {
    // The barrier can never fill now: break it, as CPython would once the others' timeouts ran out.
    this.held.cancelWorker(workerId);
    if (this.waiters.cancelWorker(workerId) > 0) {
      this.ctx.fact({ op: 'wait.ended', actor: workerId, primitive: this.name });
      this.breakAll(workerId, `${workerId} ended while waiting at the barrier`);
    } else if (this.tripping?.by === workerId) this.breakAll(workerId, `${workerId} ended while running the barrier's action`);
    if (this.interruptedActionBy === workerId) this.interruptedActionBy = null;
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    // While an action runs, the waiters it will release are still waiting, and shown so.
    const tripped = (this.tripping?.released ?? []).map(({ workerId, op, since, timeoutMs }) => ({ workerId, op, since, timeoutMs }));
    return {
      ...emptySnapshot(this.name, this.kind),
      waiters: [...tripped, ...this.waiters.snapshot(), ...this.held.snapshot()],
      parties: this.parties,
      broken: this.broken,
      contents: this.tripping === null ? null : `${this.tripping.by} runs the action`,
    };
  }
}
