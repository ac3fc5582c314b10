import type { Clock } from '../clock';
import { crashWords } from './crash-words';
import type { PoolFactSink } from './pool-fact-sink';
import { CancelledError, describeError, rejectionError, taskError, TimeoutError, ValueError, type PythonError } from './python-errors';
import { ReadyEvent } from './ready-event';
import type { PoolLog } from './result-handler';
import type { TaskOutcome } from './runner-port';

/** A task whose result will never come, and why (for the UI to say so on the task). */
export interface LostTask {
  readonly taskId: number;
  readonly reason: string;
}

export interface ResultCallbacks<T> {
  /** Runs in the result handler before the result is ready; a returned promise holds up later results. */
  readonly callback?: (value: T) => void | PromiseLike<void>;
  readonly errorCallback?: (error: PythonError) => void | PromiseLike<void>;
}

/** What a result needs of its pool: time for waits, the sink for 'callback' steps, a log for callback errors. */
export interface ResultContext {
  readonly clock: Clock;
  readonly facts: PoolFactSink;
  readonly log: PoolLog;
}

export type Settled<T> = { readonly success: true; readonly value: T } | { readonly success: false; readonly error: PythonError };

/** A task's end as Python's Pool sees it: a value, an exception, or nothing ever (lost). */
export type PoolEnd = ({ readonly kind: 'settled' } & Settled<unknown>) | { readonly kind: 'lost'; readonly reason: string };

/**
 * How Pool reads a runner's outcome. `lost` and a rejection after terminate() are Python's silence: the
 * result never comes (get() without a timeout would wait for ever). A cancel (the lab's, Pool has none) and
 * the lab's reject policy are raised as errors.
 */
export function readOutcome(outcome: TaskOutcome, terminated: boolean): PoolEnd {
  switch (outcome.kind) {
    case 'result':
      return { kind: 'settled', success: true, value: outcome.value };
    case 'error':
      return { kind: 'settled', success: false, error: taskError(outcome.error) };
    case 'cancelled':
      return { kind: 'settled', success: false, error: new CancelledError() };
    case 'lost':
      return { kind: 'lost', reason: `${crashWords.lost(outcome.workerId, outcome.exitCode, outcome.terminated)}: Python's Pool never returns this result` };
    case 'rejected':
      return terminated
        ? { kind: 'lost', reason: "the pool was terminated before it ended: Python's Pool never returns this result" }
        : { kind: 'settled', success: false, error: rejectionError(outcome.reason) };
  }
}

/**
 * Python's ApplyResult (AsyncResult): ready once its value or exception is in and its callback has run.
 * Waits are promises here; Python's get() blocks its thread.
 */
export class AsyncResult<T = unknown> {
  private settled: Settled<T> | null = null;
  private readonly event: ReadyEvent;
  private readonly lostTasks: LostTask[] = [];
  private readonly tasks: number[] = [];

  constructor(
    private readonly context: ResultContext,
    private readonly callbacks: ResultCallbacks<T>,
    /** Its repr, as Python's "<...ApplyResult object at 0x...> not ready" names it. */
    readonly label: string,
  ) {
    this.event = new ReadyEvent(context.clock);
  }

  ready(): boolean {
    return this.event.isSet;
  }

  successful(): boolean {
    if (!this.event.isSet || this.settled === null) throw new ValueError(`${this.label} not ready`);
    return this.settled.success;
  }

  async wait(timeoutMs?: number): Promise<void> {
    await this.event.wait(timeoutMs);
  }

  async get(timeoutMs?: number): Promise<T> {
    await this.event.wait(timeoutMs);
    const settled = this.settled;
    if (!this.event.isSet || settled === null) throw new TimeoutError();
    if (settled.success) return settled.value;
    throw settled.error;
  }

  /** The runner's ids of its tasks (apply: one; map: one per chunk), for the registry to answer with. */
  get taskIds(): readonly number[] {
    return this.tasks;
  }

  /** @internal The pool submitted one of its tasks. */
  addTask(taskId: number): void {
    this.tasks.push(taskId);
  }

  /** Tasks of this result that will never end: while there is one, it never becomes ready. */
  get lost(): readonly LostTask[] {
    return this.lostTasks;
  }

  /** @internal The pool tells a task of this result was lost. */
  markLost(task: LostTask): void {
    this.lostTasks.push(task);
  }

  /** Ready with no callback run: a map of no items (Python's MapResult with chunksize 0). */
  protected settleSilently(settled: Settled<T>): void {
    this.settled = settled;
    this.event.set();
  }

  /**
   * @internal ApplyResult._set: keep the outcome, run the callback for it, then be ready (so get() returns after the
   * callback ran). Called in the result handler; a callback's promise is returned for it to wait on.
   * A callback that raises is logged and the result still becomes ready: in Python it would kill the
   * result-handler thread and hang the pool, which the lab does not copy.
   */
  settle(settled: Settled<T>, taskId: number): void | Promise<void> {
    this.settled = settled;
    const { callback, errorCallback } = this.callbacks;
    const run = settled.success
      ? callback === undefined ? undefined : () => callback(settled.value)
      : errorCallback === undefined ? undefined : () => errorCallback(settled.error);
    if (run === undefined) {
      this.event.set();
      return undefined;
    }
    const after = (failure: { readonly error: unknown } | null): void => {
      const detail = failure === null ? undefined : `callback raised ${describeError(failure.error)}`;
      if (detail !== undefined) this.context.log(`pool: ${this.label}: ${detail}`);
      this.context.facts.step(taskId, 'callback', this.context.clock.monotonic(), null, detail === undefined ? undefined : { detail });
      this.event.set();
    };
    let pending: void | PromiseLike<void>;
    try {
      pending = run();
    } catch (error) {
      after({ error });
      return undefined;
    }
    if (pending === undefined || typeof pending.then !== 'function') {
      after(null);
      return undefined;
    }
    return Promise.resolve(pending).then(
      () => after(null),
      (error: unknown) => after({ error }),
    );
  }
}
