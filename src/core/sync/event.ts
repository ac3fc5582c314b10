import { timeoutArg } from '../../shared/facts';
import { emptySnapshot, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['set', 'clear', 'is_set', 'wait']);

/** threading.Event: a flag; wait() returns the flag as it was when the wait ended. */
export class SyncEvent implements Primitive {
  readonly kind = 'Event';
  readonly ops = OPS;
  private flag = false;
  private readonly waiters = new WaitQueue<Parked>();

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
  ) {}

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    switch (request.op) {
      case 'set':
        this.flag = true;
        this.set(workerId);
        return ok();
      case 'clear':
        this.flag = false;
        this.ctx.fact({ op: 'event.clear', actor: workerId, primitive: this.name });
        return ok();
      case 'is_set':
        return ok(this.flag);
      case 'wait':
        return this.wait(workerId, request.timeout);
      default:
        return fail('TypeError', `an Event has no "${request.op}"`);
    }
  }

  private set(workerId: string): void {
    // Everyone waiting is answered true now, even if clear() follows at once (bpo-13502).
    const woken = this.waiters.drain();
    this.ctx.fact({ op: 'event.set', actor: workerId, primitive: this.name, woken: woken.length });
    for (const waiter of woken) {
      this.ctx.fact({ op: 'event.woken', actor: waiter.workerId, primitive: this.name });
      waiter.settle(ok(true));
    }
  }

  private wait(workerId: string, timeout: number | null): Outcome {
    if (this.flag) return ok(true);
    if (timeout === 0) return ok(false);
    return park(
      this.ctx,
      { workerId, op: 'wait', timeout },
      {},
      (waiter) => {
        this.waiters.push(waiter);
        this.ctx.fact({ op: 'event.wait', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.waiters.remove(waiter)) return;
        this.ctx.fact({ op: 'event.timedOut', actor: workerId, primitive: this.name });
        waiter.settle(ok(this.flag));
      },
    );
  }

  workerEnded(workerId: string): boolean {
    if (this.waiters.cancelWorker(workerId) > 0) this.ctx.fact({ op: 'wait.ended', actor: workerId, primitive: this.name });
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    return { ...emptySnapshot(this.name, this.kind), waiters: this.waiters.snapshot(), flag: this.flag };
  }
}
