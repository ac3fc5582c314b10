import { describeError } from './python-errors';

/** One delivered result: settles a result and runs its callback; a returned promise holds up the queue. */
export type ResultJob = () => void | PromiseLike<void>;

/** Where a facade says what went wrong outside any caller's reach (a callback that raised). */
export type PoolLog = (line: string) => void;

/**
 * Python's Pool._handle_results, for the host's one thread: results are delivered one at a time, in the
 * order their tasks ended, and a job that returns a promise (a slow, async callback) holds up every result
 * behind it, as a slow callback holds up Python's result-handler thread. Jobs start on a microtask, never
 * inside the runner's own call, as Python's handler is another thread.
 */
export class ResultHandler {
  private jobs: (ResultJob | undefined)[] = [];
  private head = 0;
  private draining = false;
  private delivering = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly log: PoolLog) {}

  enqueue(job: ResultJob): void {
    this.jobs.push(job);
    if (this.draining) return;
    this.draining = true;
    queueMicrotask(() => void this.drain());
  }

  /** Results handed in and not delivered yet, the one whose callback runs now included: held with their values. */
  get waiting(): number {
    return this.jobs.length - this.head + (this.delivering ? 1 : 0);
  }

  /** Resolves once every result handed in so far (and any handed in meanwhile) was delivered. */
  idle(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    while (this.head < this.jobs.length) {
      const job = this.jobs[this.head]!;
      this.jobs[this.head] = undefined;
      this.head += 1;
      this.compact();
      this.delivering = true;
      try {
        const pending = job();
        if (pending !== undefined) await pending;
      } catch (error) {
        // A job catches its callback's errors itself; this is the last guard so one bad job cannot stop
        // every later result (Python's handler thread would die here and the pool hang).
        this.log(`pool: delivering a result failed: ${describeError(error)}`);
      } finally {
        this.delivering = false;
      }
    }
    this.draining = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Drops delivered slots now and then, so a long run does not keep a growing array of holes. */
  private compact(): void {
    if (this.head >= 1024 && this.head * 2 >= this.jobs.length) {
      this.jobs = this.jobs.slice(this.head);
      this.head = 0;
    }
  }
}
