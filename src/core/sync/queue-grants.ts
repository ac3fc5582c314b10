import { MAX_QUEUE_GRANT } from '../../shared/queue-batch';
import type { Item } from '../../shared/sync';
import { LAB_ID } from './lab-request';

/** A batched op once the host has checked it (worker-messages.ts). */
export type CheckedQueueOp = { readonly op: 'put'; readonly item: Item; readonly at: number } | { readonly op: 'get'; readonly at: number } | { readonly op: 'task_done'; readonly at: number };

interface Held {
  readonly workerId: string;
  count: number;
}

/**
 * What a Queue has handed out to forked workers that batch (queue-batch.ts): credits to its sole producer
 * (free slots set aside, so its puts need no answer) and a lease to its sole consumer (the next items,
 * sent ahead, still in the queue until the batch reports each get). At most one holder of each: a second
 * live producer or consumer ends the granting, and what was granted comes back at the holder's next batch
 * (within one turn of its event loop). Until then others see the set-aside slots as taken and the leased
 * items as not there: Python's "approximate" qsize/empty and its put-to-pipe delay (docs/sync.md).
 */
export class QueueGrants {
  private credit: Held | null = null;
  private lease: Held | null = null;
  /** Live workers that put into / got from the queue (the lab's own UI ops are not counted: they never hold). */
  private readonly producers = new Set<string>();
  private readonly consumers = new Set<string>();

  noteProducer(workerId: string): void {
    if (workerId !== LAB_ID) this.producers.add(workerId);
  }

  noteConsumer(workerId: string): void {
    if (workerId !== LAB_ID) this.consumers.add(workerId);
  }

  /** Slots set aside for another worker's puts. */
  reservedAgainst(workerId: string): number {
    return this.credit !== null && this.credit.workerId !== workerId ? this.credit.count : 0;
  }

  /** Whether the front items are leased to another worker (then the queue is empty to this one). */
  leasedAgainst(workerId: string): boolean {
    return this.lease !== null && this.lease.workerId !== workerId && this.lease.count > 0;
  }

  /** Takes one credit of this worker's; false when it has none (a batch claiming more puts than granted). */
  useCredit(workerId: string): boolean {
    return use(this.credit, workerId);
  }

  /** Takes one leased item of this worker's; false when it has none left. */
  useLease(workerId: string): boolean {
    return use(this.lease, workerId);
  }

  /**
   * This worker's unused credits and lease are back (its batch, its close, its end), or only its credits (a
   * brokered put of its own) or only its lease (a brokered get): a put and a get of one worker may be on
   * their way at once, and one must not void what the other's answer granted.
   */
  release(workerId: string, what: 'credit' | 'lease' | 'both' = 'both'): void {
    if (what !== 'lease' && this.credit?.workerId === workerId) this.credit = null;
    if (what !== 'credit' && this.lease?.workerId === workerId) this.lease = null;
  }

  /**
   * A shutdown: credits are void (puts raise ShutDown from now on; batched puts arriving later find none to
   * use). A lease is not: its holder may already have returned some of its items to its caller, and its
   * batch must still report those gets, or another getter would get them again.
   */
  voidCredits(): void {
    this.credit = null;
  }

  /** The leased items not yet reported got (by whoever holds the lease). */
  get leased(): number {
    return this.lease?.count ?? 0;
  }

  /** This worker's leased items not yet reported got. */
  leaseOf(workerId: string): number {
    return this.lease?.workerId === workerId ? this.lease.count : 0;
  }

  /** Whether any worker holds credits or a lease now. */
  holding(): boolean {
    return this.credit !== null || this.lease !== null;
  }

  workerEnded(workerId: string): void {
    this.release(workerId);
    this.producers.delete(workerId);
    this.consumers.delete(workerId);
  }

  /** Credits for this worker, its sole producer, out of `free` slots (`Infinity` when unbounded). */
  grantCredits(workerId: string, free: number): number {
    if (!sole(this.producers, workerId) || this.credit !== null) return 0;
    const count = Math.max(0, Math.min(MAX_QUEUE_GRANT, free));
    if (count > 0) this.credit = { workerId, count };
    return count;
  }

  /** How many front items to lease to this worker, its sole consumer, out of `available`. */
  grantLease(workerId: string, available: number): number {
    if (!sole(this.consumers, workerId) || this.lease !== null) return 0;
    const count = Math.max(0, Math.min(MAX_QUEUE_GRANT, available));
    if (count > 0) this.lease = { workerId, count };
    return count;
  }
}

function use(held: Held | null, workerId: string): boolean {
  if (held === null || held.workerId !== workerId || held.count <= 0) return false;
  held.count -= 1;
  return true;
}

const sole = (workers: ReadonlySet<string>, workerId: string): boolean => workers.size === 1 && workers.has(workerId);
