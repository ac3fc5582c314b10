import { timeoutArg } from '../../shared/facts';
import { emptySnapshot, type Holder, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['acquire', 'release', 'get_value']);

/** threading.Semaphore's own wording, which differs from the C lock's. */
const NON_BLOCKING_TIMEOUT = fail('ValueError', "can't specify timeout for non-blocking acquire");

/**
 * threading.Semaphore / BoundedSemaphore. Units freed by a release go straight to waiters, FIFO, so
 * invariant: value > 0 only when nobody waits. Holders are bookkeeping for the UI and the wait-for graph
 * (who has units out); Python does not track them, so a release by a worker holding none is allowed.
 *
 * A semaphore has no owner (lock_tests.py BaseSemaphoreTests): a worker that ends, however it ends,
 * leaves its units taken, as a Python thread or process would. The lab only remembers who took them
 * (`endedHolders`), so that the Locks view can say where the units went; nothing is given back for it.
 */
export class Semaphore implements Primitive {
  readonly ops = OPS;
  private value: number;
  private readonly held = new Map<string, { since: number; count: number }>();
  /** Units taken by workers that have ended without releasing them: still taken, shown, never given back. */
  private readonly ended = new Map<string, { since: number; count: number }>();
  private readonly waiters = new WaitQueue<Parked>();

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    readonly kind: 'Semaphore' | 'BoundedSemaphore',
    private readonly initial: number,
  ) {
    this.value = initial;
  }

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op === 'acquire') return this.acquire(workerId, request.blocking, request.timeout);
    if (request.op === 'release') return this.release(workerId, request.n);
    if (request.op === 'get_value') return ok(this.value);
    return fail('TypeError', `a ${this.kind} has no "${request.op}"`);
  }

  private acquire(workerId: string, blocking: boolean, timeout: number | null): Outcome {
    if (!blocking && timeout !== null) return NON_BLOCKING_TIMEOUT;
    if (this.value > 0) {
      this.value -= 1;
      this.hold(workerId);
      return ok(true);
    }
    if (!blocking || timeout === 0) {
      this.ctx.fact({ op: 'semaphore.timedOut', actor: workerId, primitive: this.name });
      return ok(false);
    }
    return park(
      this.ctx,
      { workerId, op: 'acquire', timeout },
      {},
      (waiter) => {
        this.waiters.push(waiter);
        this.ctx.fact({ op: 'semaphore.waiting', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.waiters.remove(waiter)) return;
        this.ctx.fact({ op: 'semaphore.timedOut', actor: workerId, primitive: this.name });
        waiter.settle(ok(false));
      },
    );
  }

  private release(workerId: string, n: number): Outcome {
    // Python 3.9+: BoundedSemaphore.release(n) refuses to go past the initial value at all.
    if (this.kind === 'BoundedSemaphore' && this.value + n > this.initial) return fail('ValueError', 'Semaphore released too many times');
    this.unhold(workerId, n);
    this.ctx.fact({ op: 'semaphore.released', actor: workerId, primitive: this.name, units: n });
    this.give(n);
    return ok();
  }

  /**
   * Units are interchangeable: a release by a worker that holds none (a producer signalling a consumer, or
   * the lab's Release button) returns units taken by others: first those of ended workers (who will never
   * release them), then live holders', oldest first. Otherwise a consumer would "hold" every unit it ever
   * got and look like it waits for itself.
   */
  private unhold(workerId: string, n: number): void {
    let left = n;
    const others = (book: Map<string, { count: number }>) => [...book.keys()].filter((id) => id !== workerId).map((id) => [book, id] as const);
    const order = [[this.held, workerId] as const, ...others(this.ended), ...others(this.held)];
    for (const [book, id] of order) {
      const entry = book.get(id);
      if (entry === undefined) continue;
      const taken = Math.min(left, entry.count);
      entry.count -= taken;
      left -= taken;
      if (entry.count === 0) book.delete(id);
      if (left === 0) return;
    }
  }

  /** Cancels the worker's waits; units it took stay taken (no owner, as in Python), remembered as its. */
  workerEnded(workerId: string): boolean {
    if (this.waiters.cancelWorker(workerId) > 0) this.ctx.fact({ op: 'wait.ended', actor: workerId, primitive: this.name });
    const mine = this.held.get(workerId);
    if (mine !== undefined) {
      this.held.delete(workerId);
      this.ended.set(workerId, mine);
    }
    // Nothing was given back, so no "owner died" for the next acquirer to be told.
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    const list = (book: Map<string, { since: number; count: number }>): Holder[] => [...book].map(([workerId, { since, count }]) => ({ workerId, since, count }));
    return { ...emptySnapshot(this.name, this.kind), holders: list(this.held), endedHolders: list(this.ended), waiters: this.waiters.snapshot(), value: this.value };
  }

  /** Adds units and wakes up to that many waiters, first come first served. */
  private give(n: number): void {
    this.value += n;
    while (this.value > 0) {
      const next = this.waiters.next();
      if (next === undefined) return;
      this.value -= 1;
      this.hold(next.workerId);
      next.settle(ok(true));
    }
  }

  /** Takes note of a unit taken (the value already counts it). */
  private hold(workerId: string): void {
    this.ctx.fact({ op: 'semaphore.acquired', actor: workerId, primitive: this.name, units: this.value });
    const mine = this.held.get(workerId);
    if (mine === undefined) this.held.set(workerId, { since: this.ctx.clock.now(), count: 1 });
    else mine.count += 1;
  }
}
