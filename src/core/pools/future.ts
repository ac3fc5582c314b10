import type { Clock } from '../clock';
import { CancelledError, describeError, TimeoutError, type PythonError } from './python-errors';
import { ReadyEvent } from './ready-event';
import type { PoolLog } from './result-handler';

/** Python's PENDING, RUNNING, CANCELLED (and CANCELLED_AND_NOTIFIED, one state here), FINISHED. */
export type FutureState = 'pending' | 'running' | 'cancelled' | 'finished';

/** Python's done callbacks are plain calls; one that returns a promise is waited for before the next. */
export type DoneCallback<T> = (future: Future<T>) => void | PromiseLike<void>;

export interface FutureContext {
  readonly clock: Clock;
  readonly log: PoolLog;
}

export interface FutureHooks {
  /** Asks the runner to drop the task; true only while it waits in the host's backlog. */
  readonly cancel: () => boolean;
  /** The future's done callbacks have all run (the facade tells the sink 'callback'). */
  readonly callbacksRan?: () => void;
}

/**
 * Python's concurrent.futures.Future, as an executor makes it: its waits are promises, its callbacks run
 * in the host. `lost` says why a future will never finish (a thread the lab killed: Python cannot kill one,
 * so it has no answer for it).
 */
export class Future<T = unknown> {
  private stateNow: FutureState = 'pending';
  private value: T | undefined;
  private error: PythonError | null = null;
  private lostReason: string | null = null;
  private readonly event: ReadyEvent;
  private readonly callbacks: DoneCallback<T>[] = [];
  private task = 0;

  constructor(
    private readonly context: FutureContext,
    private readonly hooks: FutureHooks,
  ) {
    this.event = new ReadyEvent(context.clock);
  }

  /** The runner's id of the task it stands for. */
  get taskId(): number {
    return this.task;
  }

  /** @internal The executor made the future before the runner gave its task an id. */
  setTaskId(taskId: number): void {
    this.task = taskId;
  }

  get state(): FutureState {
    return this.stateNow;
  }

  /** Why it will never finish, or null. */
  get lost(): string | null {
    return this.lostReason;
  }

  toString(): string {
    return `<Future task ${this.taskId} state=${this.stateNow}>`;
  }

  /**
   * True when cancelled (now or before). False once running or finished: here "running" starts when the
   * runner sent the task to a worker, where ProcessPoolExecutor's call queue would hold it (the runner's
   * cancel works only in its backlog), which for ThreadPoolExecutor is a little earlier than Python's
   * (a thread marks it when it takes it).
   */
  cancel(): boolean {
    if (this.stateNow === 'cancelled') return true;
    if (this.stateNow !== 'pending' || !this.hooks.cancel()) return false;
    this.setCancelled();
    return true;
  }

  cancelled(): boolean {
    return this.stateNow === 'cancelled';
  }

  running(): boolean {
    return this.stateNow === 'running';
  }

  done(): boolean {
    return this.stateNow === 'cancelled' || this.stateNow === 'finished';
  }

  async result(timeoutMs?: number): Promise<T> {
    await this.event.wait(timeoutMs);
    if (this.stateNow === 'cancelled') throw new CancelledError();
    if (this.stateNow !== 'finished') throw new TimeoutError();
    if (this.error !== null) throw this.error;
    return this.value as T;
  }

  async exception(timeoutMs?: number): Promise<PythonError | null> {
    await this.event.wait(timeoutMs);
    if (this.stateNow === 'cancelled') throw new CancelledError();
    if (this.stateNow !== 'finished') throw new TimeoutError();
    return this.error;
  }

  /** Runs `callback` once done (at once if it is); a callback's error is logged, never raised. */
  addDoneCallback(callback: DoneCallback<T>): void {
    if (!this.done()) {
      this.callbacks.push(callback);
      return;
    }
    void this.invoke([callback]);
  }

  /** @internal For wait() and as_completed(): `listener` runs once when done. */
  onDone(listener: () => void): () => void {
    return this.event.onSet(listener);
  }

  /** @internal The exception it finished with, without waiting (wait's FIRST_EXCEPTION). */
  peekException(): PythonError | null {
    return this.error;
  }

  /** @internal set_running_or_notify_cancel: the task left the backlog. */
  setRunning(): void {
    if (this.stateNow === 'pending') this.stateNow = 'running';
  }

  /** @internal Returns its callbacks' run, for an executor that delivers results one at a time. */
  setResult(value: T): void | Promise<void> {
    if (this.done()) return undefined;
    this.value = value;
    return this.finish();
  }

  /** @internal */
  setException(error: PythonError): void | Promise<void> {
    if (this.done()) return undefined;
    this.error = error;
    return this.finish();
  }

  /** @internal The runner dropped the task (cancel, or shutdown(cancel_futures)). */
  setCancelled(): void {
    if (this.done()) return;
    this.stateNow = 'cancelled';
    this.event.set();
    void this.invoke(this.takeCallbacks());
  }

  /** @internal The task will never end. */
  markLost(reason: string): void {
    this.lostReason = reason;
  }

  private finish(): void | Promise<void> {
    this.stateNow = 'finished';
    this.event.set();
    return this.invoke(this.takeCallbacks());
  }

  private takeCallbacks(): DoneCallback<T>[] {
    return this.callbacks.splice(0, this.callbacks.length);
  }

  /** _invoke_callbacks: each in the order added; an async one is waited for before the next. */
  private invoke(callbacks: readonly DoneCallback<T>[]): void | Promise<void> {
    if (callbacks.length === 0) return undefined;
    const pending = this.runFrom(callbacks, 0);
    if (pending === undefined) {
      this.hooks.callbacksRan?.();
      return undefined;
    }
    return pending.then(() => this.hooks.callbacksRan?.());
  }

  private runFrom(callbacks: readonly DoneCallback<T>[], start: number): Promise<void> | undefined {
    const logged = (error: unknown): void => this.context.log(`exception calling callback for ${this.toString()}: ${describeError(error)}`);
    for (let index = start; index < callbacks.length; index += 1) {
      let pending: void | PromiseLike<void>;
      try {
        pending = callbacks[index]!(this);
      } catch (error) {
        logged(error);
        continue;
      }
      if (pending !== undefined && typeof pending.then === 'function') {
        return Promise.resolve(pending)
          .catch(logged)
          .then(() => this.runFrom(callbacks, index + 1));
      }
    }
    return undefined;
  }
}
