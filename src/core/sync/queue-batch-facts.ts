import type { SyncFactBody } from '../../shared/facts';
import type { Clock } from '../clock';
import { KeepRate } from '../../shared/keep-rate';
import type { SyncContext } from './primitive';
import { QUEUE_KEEP_BURST_OPS, QUEUE_KEEP_OPS_PER_SECOND } from './queue-log-facts';

/** The facts of a queue's own ops, which a batch over the rate states as counts. */
type OpFact = Extract<SyncFactBody, { op: 'queue.put' | 'queue.get' | 'queue.taskDone' }>;

/**
 * A queue's facts while the broker applies a forked worker's batch (docs/sync.md, "Queues between processes:
 * batching"), recorded at the rate of the threads' op log (queue-log-facts.ts): a queue keeps 1,000 ops a
 * second in bursts of 16,384, and over it a batch is stated as counts. A hot pair of processes moves tens of
 * thousands of items a second, and a fact per put, get and task_done was most of what the host spent on each
 * (measured: ~4 µs of ~10 per item in the broker's apply and facts, 1.2 in the reducer, 0.9 in the recorder).
 *
 * While a batch is applied its put / get / task_done facts are held with their times (`op`); any other fact
 * (a joiner released by the last task_done) first states what is held, whole, so the order of facts is the
 * order things happened. At the batch's end (`end`) what is held is stated whole if the rate allows it, else
 * as the threads' drains are: per actor, `queue.putsCounted` / `queue.getsCounted` /
 * `queue.tasksDoneCounted`, then the last op (and the last put or get, when the last is a task_done), which
 * state the depth and the unfinished tasks as they are. Counts add up in any order, so the fold stays exact.
 * Outside a batch every fact goes straight through.
 */
export class QueueBatchFacts {
  private collecting = false;
  private readonly held: OpFact[] = [];
  private readonly times: Array<number | null> = [];
  private pinned: number | null = null;
  private readonly rate: KeepRate;

  constructor(
    private readonly ctx: Pick<SyncContext, 'fact' | 'pin'> & { readonly clock: Pick<Clock, 'monotonic'> },
    private readonly primitive: string,
  ) {
    this.rate = new KeepRate(QUEUE_KEEP_OPS_PER_SECOND, QUEUE_KEEP_BURST_OPS, ctx.clock.monotonic());
  }

  begin(): void {
    this.collecting = true;
  }

  /** Dates the facts from now on at `at` (the batched op's time in its worker), as SyncContext.pin. */
  pin(at: number | null): void {
    this.pinned = at;
    if (!this.collecting) this.ctx.pin(at);
  }

  /** A put, get or task_done of the queue: held while a batch is applied. */
  op(fact: OpFact): void {
    if (!this.collecting) return this.ctx.fact(fact);
    this.held.push(fact);
    this.times.push(this.pinned);
  }

  /** Any other fact of the queue: after what is held (stated whole), in order. */
  fact(fact: SyncFactBody): void {
    if (this.collecting) this.stateWhole();
    this.ctx.fact(fact);
  }

  /** The batch is applied: what is held is stated, whole or counted; the time is the broker's again. */
  end(): void {
    this.collecting = false;
    const size = this.held.length;
    if (size > 0 && !this.rate.take(size, this.ctx.clock.monotonic())) this.stateCounted();
    else this.stateWhole();
    this.pinned = null;
    this.ctx.pin(null);
  }

  private stateWhole(): void {
    for (let at = 0; at < this.held.length; at++) this.state(at);
    this.clear();
  }

  private stateCounted(): void {
    const held = this.held;
    const last = held.length - 1;
    let lastDepth = last;
    while (lastDepth >= 0 && held[lastDepth]!.op === 'queue.taskDone') lastDepth -= 1;
    const counts = new Map<string, [puts: number, gets: number, tasks: number]>();
    for (let at = 0; at < last; at++) {
      if (at === lastDepth) continue;
      const fact = held[at]!;
      let count = counts.get(fact.actor);
      if (count === undefined) counts.set(fact.actor, (count = [0, 0, 0]));
      count[fact.op === 'queue.put' ? 0 : fact.op === 'queue.get' ? 1 : 2] += 1;
    }
    // Counts first, dated as the last op (they happened by then), then the kept ops in order.
    this.ctx.pin(this.times[last]!);
    for (const [actor, [puts, gets, tasks]] of counts) {
      const base = { actor, primitive: this.primitive };
      if (puts > 0) this.ctx.fact({ ...base, op: 'queue.putsCounted', puts });
      if (gets > 0) this.ctx.fact({ ...base, op: 'queue.getsCounted', gets });
      if (tasks > 0) this.ctx.fact({ ...base, op: 'queue.tasksDoneCounted', tasks });
    }
    if (lastDepth >= 0 && lastDepth !== last) this.state(lastDepth);
    this.state(last);
    this.clear();
  }

  private state(at: number): void {
    this.ctx.pin(this.times[at]!);
    this.ctx.fact(this.held[at]!);
  }

  private clear(): void {
    this.held.length = 0;
    this.times.length = 0;
    this.ctx.pin(this.pinned);
  }
}
