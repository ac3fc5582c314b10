import type { Cancel } from '../clock';
import { emptySnapshot, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['timer_start', 'timer_cancel']);

/**
 * threading.Timer(interval, function) where the function is "set this Event": start() once (a second
 * start is RuntimeError "threads can only be started once"), cancel() before it fires stops it for good.
 */
export class Timer implements Primitive {
  readonly kind = 'Timer';
  readonly ops = OPS;
  private state: 'new' | 'waiting' | 'fired' | 'cancelled' = 'new';
  /** cancel() may come before start(): then the timer still starts, as Python's does, and never fires. */
  private cancelRequested = false;
  private startedAt: number | null = null;
  private stopTimer: Cancel = () => undefined;

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    private readonly intervalS: number,
    private readonly event: string,
    /** Sets the Event by name through the broker, so its waiters are woken the usual way. */
    private readonly setEvent: (event: string) => void,
  ) {}

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op === 'timer_start') {
      if (this.startedAt !== null) return fail('RuntimeError', 'threads can only be started once');
      this.startedAt = this.ctx.clock.now();
      this.ctx.fact({ op: 'timer.start', actor: workerId, primitive: this.name });
      if (this.cancelRequested) return ok();
      this.state = 'waiting';
      this.stopTimer = this.ctx.after(this.intervalS * 1000, () => {
        if (this.state !== 'waiting') return;
        this.state = 'fired';
        // The timer's thread is the one who started it, as far as a lane can tell.
        this.ctx.fact({ op: 'timer.fired', actor: workerId, primitive: this.name });
        this.setEvent(this.event);
        this.ctx.timerFired(this.name, this.event);
      });
      return ok();
    }
    if (request.op === 'timer_cancel') {
      // Python's cancel() is silent whatever the state; it only matters while the timer waits.
      this.cancelRequested = true;
      this.ctx.fact({ op: 'timer.cancel', actor: workerId, primitive: this.name });
      if (this.state === 'waiting' || this.state === 'new') {
        this.state = 'cancelled';
        this.stopTimer();
      }
      return ok();
    }
    return fail('TypeError', `a Timer has no "${request.op}"`);
  }

  workerEnded(): boolean {
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    const left = this.state === 'waiting' && this.startedAt !== null ? Math.max(0, this.intervalS * 1000 - (this.ctx.clock.now() - this.startedAt)) : null;
    return {
      ...emptySnapshot(this.name, this.kind),
      value: left,
      flag: this.state === 'fired',
      lock: this.event,
      contents: `${this.state}; sets ${this.event} after ${this.intervalS} s`,
    };
  }
}
