import type { Cancel } from '../clock';
import type { SyncOp, SyncReply, Waiter } from '../../shared/sync';
import { ENDED, TIMEOUT_TOO_LARGE, timeoutMs, timeoutTooLarge, type SyncContext } from './primitive';

/** One blocked request: what the snapshot shows, plus how to stop its timer and answer it. */
export interface Parked {
  readonly workerId: string;
  readonly op: SyncOp;
  readonly since: number;
  readonly timeoutMs: number | null;
  /** Stops the timeout; called whenever the wait ends another way. */
  cancelTimer: Cancel;
  settle(reply: SyncReply): void;
}

const noop: Cancel = () => undefined;

/** The longest delay a Node timer takes (about 24.8 days); a longer one would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Schedules `callback` after `ms`, in hops of at most LONGEST_TIMER_MS (a timeout may be TIMEOUT_MAX). */
function afterLong(ctx: SyncContext, ms: number, callback: () => void): Cancel {
  if (ms <= LONGEST_TIMER_MS) return ctx.after(ms, callback);
  let cancel = ctx.after(LONGEST_TIMER_MS, () => {
    cancel = afterLong(ctx, ms - LONGEST_TIMER_MS, callback);
  });
  return () => cancel();
}

/**
 * Blocks a request: builds the waiter (handing it to `enqueue` before any timer can fire) and returns the
 * promise its eventual reply settles. `extra` carries what the kind needs to finish the wait (an item to
 * put, a count to restore); `onTimeout` runs if the timeout passes first, and must take the waiter out.
 * A timeout past TIMEOUT_MAX never parks: it is CPython's OverflowError, raised where the call would block
 * (a free semaphore, a set Event, a non-empty queue answer before getting here, as CPython's do).
 */
export function park<Extra extends object>(
  ctx: SyncContext,
  fields: { workerId: string; op: SyncOp; timeout: number | null },
  extra: Extra,
  enqueue: (waiter: Parked & Extra) => void,
  onTimeout: (waiter: Parked & Extra) => void,
): Promise<SyncReply> {
  if (timeoutTooLarge(fields.timeout)) return Promise.resolve(TIMEOUT_TOO_LARGE);
  return new Promise<SyncReply>((resolve) => {
    const ms = timeoutMs(fields.timeout);
    const waiter: Parked & Extra = {
      ...extra,
      workerId: fields.workerId,
      op: fields.op,
      since: ctx.clock.now(),
      timeoutMs: ms,
      cancelTimer: noop,
      settle: resolve,
    };
    enqueue(waiter);
    if (ms !== null) waiter.cancelTimer = afterLong(ctx, ms, () => onTimeout(waiter));
  });
}

/** Waiters in arrival order: FIFO service is what makes the lessons predictable. */
export class WaitQueue<W extends Parked> {
  private entries: W[] = [];

  get size(): number {
    return this.entries.length;
  }

  push(waiter: W): void {
    this.entries.push(waiter);
  }

  /** The next waiter to serve, left in place (to see whether it can be served). */
  first(): W | undefined {
    return this.entries[0];
  }

  /** The next waiter to serve, taken out and with its timer stopped. */
  next(): W | undefined {
    const waiter = this.entries.shift();
    waiter?.cancelTimer();
    return waiter;
  }

  /** Takes out a waiter whose timeout fired; false if it was already served. */
  remove(waiter: W): boolean {
    const index = this.entries.indexOf(waiter);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    waiter.cancelTimer();
    return true;
  }

  /** Takes out every waiter, timers stopped, for a broadcast (Event.set, a broken barrier). */
  drain(): W[] {
    const all = this.entries;
    this.entries = [];
    for (const waiter of all) waiter.cancelTimer();
    return all;
  }

  /** The waiters in order, as a copy (to serve some of them while walking the list). */
  waiting(): W[] {
    return [...this.entries];
  }

  has(workerId: string): boolean {
    return this.entries.some((waiter) => waiter.workerId === workerId);
  }

  /** A dead worker's waits: taken out and settled with ENDED. Returns how many there were. */
  cancelWorker(workerId: string): number {
    const mine = this.entries.filter((waiter) => waiter.workerId === workerId);
    if (mine.length === 0) return 0;
    this.entries = this.entries.filter((waiter) => waiter.workerId !== workerId);
    for (const waiter of mine) {
      waiter.cancelTimer();
      waiter.settle(ENDED);
    }
    return mine.length;
  }

  snapshot(): Waiter[] {
    return this.entries.map(({ workerId, op, since, timeoutMs }) => ({ workerId, op, since, timeoutMs }));
  }
}
