/**
 * How many of a thread's fast-path ops the lab keeps: a token bucket, `perSecond` ops a second on average
 * with bursts of up to `burst`. What is over it is counted, not kept (fast-path-ring.ts): a thread's tight
 * loop makes millions of ops a second, and keeping them all would wipe the rest of the recording's history
 * in seconds and cost the thread (the post) and the host (the decoding) most of what the loop does.
 * Time is passed in (ms, any clock that does not go back), so the bucket has no clock of its own.
 */
export class KeepRate {
  private tokens: number;
  private at: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.at = nowMs;
  }

  /** True, and the ops taken from the bucket, when `ops` fit now; false (nothing taken) when they do not. */
  take(ops: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (ops > this.tokens) return false;
    this.tokens -= ops;
    return true;
  }

  /**
   * Ops already kept, paid for after the fact (a thread decides before it writes, then pays for what it
   * wrote): the bucket may go below empty by them, and then refills from there.
   */
  spend(ops: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= ops;
  }

  /** The ops that may be kept now. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  private refill(nowMs: number): void {
    if (nowMs > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.at) * this.perSecond) / 1000);
      this.at = nowMs;
    }
  }
}
