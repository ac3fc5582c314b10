import type { SyncFact } from '../../shared/facts';
import { KeepRate } from '../../shared/keep-rate';
import { LOG_GET, LOG_PUT, type LogOp } from '../../shared/queue-log';
import type { QueueRing } from '../../shared/queue-ring';

/**
 * A queue's recording rate: 1,000 of its threads' ring ops a second on average, bursts of 16,384 (a demo's
 * queue, and the first ~5,000 items of a hot one, are kept whole). Over it, a drain's ops are stated as counts.
 */
export const QUEUE_KEEP_OPS_PER_SECOND = 1_000;
export const QUEUE_KEEP_BURST_OPS = 1 << 14;

/** What a drain needs of the broker: whose index is whose, the clock, and where facts go. */
export interface QueueLogSink {
  /** The workerId of a worker index (as in the lock cells); null for an index nobody has. */
  idOf(index: number): string | null;
  /** Host time now (epoch ms) and a monotonic ms for the rate. */
  now(): number;
  monotonic(): number;
  /** A fact with its own time (on the µs grid, no earlier than the queue's last). */
  fact(fact: SyncFact): void;
}

/**
 * Turns the threads' ops in a queue's op log (queue-log.ts) into facts, in the log's order: each one a
 * `queue.put` / `queue.get` (the depth after) or `queue.taskDone` (the unfinished tasks left), as the broker
 * states its own. The broker drains inside the queue's section before its own operation, so a fold of the
 * facts is the queue's state whatever threads did it (fold equivalence).
 *
 * Over the rate, a drain is kept whole or not at all: its ops but the last (and the last put or get, when
 * the last is a task_done) become, per actor, a count of puts (`queue.putsCounted`: puts and unfinished
 * tasks that many more), of gets (`queue.getsCounted`) and of task_dones (`queue.tasksDoneCounted`:
 * unfinished that many fewer), then the kept ops themselves, which state the depth (and after a task_done,
 * the unfinished tasks) as they are. Counts add up whatever their order, so a fold of them ends exactly
 * where the queue is: no restatement is needed (docs/facts.md).
 */
export class QueueLogFacts {
  private readonly rate: KeepRate;
  /** The time of the last fact stated: a thread's clock may run a little behind the host's. */
  private lastT = 0;
  private readonly ops: number[] = [];
  private readonly actors: string[] = [];
  private readonly args: number[] = [];
  private readonly times: number[] = [];

  constructor(
    private readonly primitive: string,
    private readonly sink: QueueLogSink,
  ) {
    this.rate = new KeepRate(QUEUE_KEEP_OPS_PER_SECOND, QUEUE_KEEP_BURST_OPS, sink.monotonic());
  }

  /** The broker stated a fact of this queue at `t`: the threads' later ones are dated no earlier. */
  notBefore(t: number): void {
    this.lastT = Math.max(this.lastT, t);
  }

  /** Inside the ring's section (the host): every logged op as facts; how many ops there were. */
  drain(ring: QueueRing): number {
    const ops = this.ops;
    ops.length = 0;
    this.actors.length = 0;
    this.args.length = 0;
    this.times.length = 0;
    ring.drainLog((op, index, arg, t) => {
      const actor = this.sink.idOf(index);
      // An index nobody has is a ring written over by a hostile thread: skipped (the ring's counts still hold).
      if (actor === null) return;
      ops.push(op);
      this.actors.push(actor);
      this.args.push(arg);
      this.times.push(t);
    });
    const size = ops.length;
    if (size === 0) return 0;
    const now = this.sink.now();
    if (this.rate.take(size, this.sink.monotonic())) for (let at = 0; at < size; at++) this.state(at, now);
    else this.stateCounted(size, now);
    return size;
  }

  private stateCounted(size: number, now: number): void {
    // Kept as themselves: the last op, and the last put or get before it when the last is a task_done (it
    // states the depth; a task_done states only the unfinished tasks).
    const last = size - 1;
    let lastDepth = last;
    while (lastDepth >= 0 && this.ops[lastDepth] !== LOG_PUT && this.ops[lastDepth] !== LOG_GET) lastDepth -= 1;
    const counts = new Map<string, [puts: number, gets: number, done: number]>();
    for (let at = 0; at < last; at++) {
      if (at === lastDepth) continue;
      let count = counts.get(this.actors[at]!);
      if (count === undefined) counts.set(this.actors[at]!, (count = [0, 0, 0]));
      count[this.ops[at] === LOG_PUT ? 0 : this.ops[at] === LOG_GET ? 1 : 2] += 1;
    }
    const t = this.time(this.times[last]!, now);
    for (const [actor, [puts, gets, tasks]] of counts) {
      const base = { t, actor, primitive: this.primitive };
      if (puts > 0) this.sink.fact({ ...base, op: 'queue.putsCounted', puts });
      if (gets > 0) this.sink.fact({ ...base, op: 'queue.getsCounted', gets });
      if (tasks > 0) this.sink.fact({ ...base, op: 'queue.tasksDoneCounted', tasks });
    }
    // Counts first, then the kept ops in order: a put's unfinished +1 and the counts add up whatever their
    // order, and a final task_done states the unfinished tasks as they are.
    if (lastDepth >= 0 && lastDepth !== last) this.state(lastDepth, now);
    this.state(last, now);
  }

  private state(at: number, now: number): void {
    const base = { t: this.time(this.times[at]!, now), actor: this.actors[at]!, primitive: this.primitive };
    const op = this.ops[at] as LogOp;
    const arg = this.args[at]!;
    this.sink.fact(op === LOG_PUT ? { ...base, op: 'queue.put', depth: arg } : op === LOG_GET ? { ...base, op: 'queue.get', depth: arg } : { ...base, op: 'queue.taskDone', unfinished: arg });
  }

  /** The thread's time, kept in order and no later than the host's now (the broker's next fact is stamped now). */
  private time(t: number, now: number): number {
    // A time that is no number (NaN written by a hostile thread) is taken as the last one: a NaN kept in
    // lastT would date every later op of every thread on this queue NaN.
    this.lastT = Math.min(now, Number.isFinite(t) ? Math.max(this.lastT, t) : this.lastT);
    return this.lastT;
  }
}
