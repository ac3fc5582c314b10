/**
 * How the pools bench knows a round is over: it adds up the task ends of every `pool.tasks` batch the lab
 * sends (the contract's counts, deltas per batch), pool by pool, as a page does, and a round waits until
 * its pool has ended as many tasks as it submitted. Read from plain values, not the protocol's types: the
 * pools bench was written before the protocol named pool events, and must run unchanged once it does.
 */

/** The ends the contract counts: done is the only good one; the others make a round's figure worthless. */
const BAD_ENDS = ['failed', 'lost', 'cancelled', 'rejected'] as const;
type BadEnd = (typeof BAD_ENDS)[number];

/** What one `pool.tasks` batch says ended, or null for any other event. */
export interface TaskEnds {
  readonly pool: string;
  readonly done: number;
  readonly bad: Readonly<Record<BadEnd, number>>;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

export function taskEnds(event: unknown): TaskEnds | null {
  const fields = record(event);
  if (fields === null || fields.type !== 'pool.tasks' || typeof fields.pool !== 'string') return null;
  const counts = record(fields.counts) ?? {};
  return {
    pool: fields.pool,
    done: count(counts.done),
    bad: { failed: count(counts.failed), lost: count(counts.lost), cancelled: count(counts.cancelled), rejected: count(counts.rejected) },
  };
}

interface Waiter {
  readonly target: number;
  readonly resolve: (at: number) => void;
  readonly reject: (error: Error) => void;
}

export class PoolTally {
  private readonly ended = new Map<string, number>();
  private readonly lastBatchAt = new Map<string, number>();
  /** A pool's bad ends, for good: once one task has failed, every later round of that pool refuses to time. */
  private readonly troubles = new Map<string, string[]>();
  private readonly waiters = new Map<string, Waiter[]>();

  /** `now` stamps the batch that reaches a waiter's target: the moment a subscriber learns the round is over. */
  constructor(private readonly now: () => number) {}

  /** Every task end a pool has had so far (the start of a round's count). */
  endedSoFar(pool: string): number {
    return this.ended.get(pool) ?? 0;
  }

  /** Folds one batch of events; waiters whose target is reached settle, with the time of this batch. */
  add(events: readonly unknown[]): void {
    const touched = new Set<string>();
    for (const event of events) {
      const ends = taskEnds(event);
      if (ends === null) continue;
      const bad = BAD_ENDS.filter((end) => ends.bad[end] > 0).map((end) => `${ends.bad[end]} ${end}`);
      if (bad.length > 0) this.troubles.set(ends.pool, [...(this.troubles.get(ends.pool) ?? []), ...bad]);
      const total = ends.done + BAD_ENDS.reduce((sum, end) => sum + ends.bad[end], 0);
      this.ended.set(ends.pool, this.endedSoFar(ends.pool) + total);
      touched.add(ends.pool);
    }
    if (touched.size === 0) return;
    const at = this.now();
    for (const pool of touched) {
      this.lastBatchAt.set(pool, at);
      const waiting = this.waiters.get(pool) ?? [];
      const trouble = this.trouble(pool);
      const still = trouble === null ? waiting.filter((waiter) => this.endedSoFar(pool) < waiter.target) : [];
      for (const waiter of waiting) {
        if (trouble !== null) waiter.reject(trouble);
        else if (!still.includes(waiter)) waiter.resolve(at);
      }
      this.waiters.set(pool, still);
    }
  }

  /**
   * Resolves with the time of the batch in which `pool` has ended `target` tasks in all; rejects as soon as
   * one of its tasks fails, is lost, cancelled or rejected (a round of those would measure nothing). A
   * target already reached gives the time of the pool's last batch: rounds do not overlap, so that batch is
   * the one that reached it (a map's round learns its task count only when its commands return).
   */
  until(pool: string, target: number): Promise<number> {
    const trouble = this.trouble(pool);
    if (trouble !== null) return Promise.reject(trouble);
    if (this.endedSoFar(pool) >= target) return Promise.resolve(this.lastBatchAt.get(pool) ?? this.now());
    return new Promise((resolve, reject) => {
      this.waiters.set(pool, [...(this.waiters.get(pool) ?? []), { target, resolve, reject }]);
    });
  }

  private trouble(pool: string): Error | null {
    const bad = this.troubles.get(pool);
    return bad === undefined ? null : new Error(`bench: pool ${pool}'s tasks did not all succeed: ${bad.join(', ')}`);
  }
}
