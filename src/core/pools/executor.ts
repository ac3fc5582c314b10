import type { Clock } from '../clock';
import { crashWords } from './crash-words';
import { chunkValues } from './map-result';
import { Future, type FutureContext } from './future';
import type { PoolFactSink } from './pool-fact-sink';
import { BrokenProcessPool, rejectionError, RuntimeError, taskError, ValueError, type PythonError } from './python-errors';
import { ResultHandler, type PoolLog } from './result-handler';
import type { CrashPolicy, RunnerPort, TaskCall, TaskMeta, TaskOutcome } from './runner-port';

export type ExecutorKind = 'thread' | 'process';

export interface ExecutorOptions {
  readonly runner: RunnerPort;
  readonly facts: PoolFactSink;
  readonly clock: Clock;
  /** The runner's policy: 'break' makes a crash break the executor (ProcessPoolExecutor's BrokenProcessPool). */
  readonly crash: CrashPolicy;
  readonly log?: PoolLog;
}

export interface ExecutorMapOptions {
  /** From the call of map, for the whole iteration. */
  readonly timeoutMs?: number;
  /** Calls per task; ProcessPoolExecutor only (ThreadPoolExecutor ignores it, as in Python). */
  readonly chunksize?: number;
}

/**
 * Executor.map's iterator (Python's result_iterator), with what it submitted: its tasks' ids in call order and
 * the map's id when its calls went in chunks (ProcessPoolExecutor with chunksize > 1), else null.
 */
export type ExecutorMap = AsyncGenerator<unknown, void, undefined> & { readonly taskIds: readonly number[]; readonly mapId: number | null };

export interface ShutdownOptions {
  readonly wait?: boolean;
  readonly cancelFutures?: boolean;
}

/** ProcessPoolExecutor._broken, what submit raises once a worker crashed under the 'break' policy. */
const BROKEN = 'A child process terminated abruptly, the process pool is not usable anymore';
/** What every pending future of a broken pool raises (_terminate_broken). */
const BROKEN_FUTURE = 'A process in the process pool was terminated abruptly while the future was running or pending.';

/**
 * Python's concurrent.futures executors over a RunnerPort. A ProcessPoolExecutor settles its futures on its
 * one manager thread, so a slow done callback holds up the futures behind it: here its results go through
 * a result handler, one at a time. A ThreadPoolExecutor settles each future on the worker thread that ran
 * it: here at once, each on its own.
 */
export class Executor {
  private shutDown = false;
  private closed = false;
  private brokenReason: string | null = null;
  private nextMapId = 1;
  /** The highest task id it submitted: the runner's ids, per pool from 1, are all this executor's. */
  private highestTaskId = 0;
  /** Futures not done yet, in submit order (shutdown(cancel_futures) cancels them in that order). */
  private readonly live = new Map<number, Future>();
  private readonly results: ResultHandler | null;
  private readonly context: FutureContext;

  constructor(
    readonly kind: ExecutorKind,
    private readonly options: ExecutorOptions,
  ) {
    const log = options.log ?? ((line: string) => console.error(line));
    this.context = { clock: options.clock, log };
    this.results = kind === 'process' ? new ResultHandler(log) : null;
  }

  /** Results in, waiting for the result handler behind a slow done callback (a process executor's). */
  get undelivered(): number {
    return this.results?.waiting ?? 0;
  }

  /** Why it is broken (what submit raises), or null. */
  get broken(): string | null {
    return this.brokenReason;
  }

  submit(fn: string, args: readonly unknown[]): Future {
    return this.submitCall({ kind: 'call', fn, args });
  }

  /** The future of task `taskId` while it is not done (a submit's, or one of a map's); undefined once done. */
  futureOf(taskId: number): Future | undefined {
    return this.live.get(taskId);
  }

  /** Did this executor make task `taskId` (done since, or not)? */
  made(taskId: number): boolean {
    return taskId >= 1 && taskId <= this.highestTaskId;
  }

  /**
   * Executor.map: every call is submitted now; the values come in order as the returned iterator is read,
   * each within what is left of `timeoutMs`. Leaving the iteration early (or an error) cancels the futures
   * not started yet, as Python's result_iterator does in its finally.
   */
  map(fn: string, iterables: readonly (readonly unknown[])[], options: ExecutorMapOptions = {}): ExecutorMap {
    const chunksize = options.chunksize ?? 1;
    if (!Number.isInteger(chunksize) || chunksize < 1) throw new ValueError('chunksize must be >= 1.');
    const calls = zip(iterables);
    const deadline = options.timeoutMs === undefined ? undefined : this.options.clock.monotonic() + options.timeoutMs;
    if (this.kind === 'thread' || chunksize === 1) {
      const futures = calls.map((args) => this.submitCall({ kind: 'call', fn, args }));
      return mapOf(this.mapResults(futures, deadline, null), futures, null);
    }
    // ProcessPoolExecutor.map: itertools.batched calls, each batch one task (_process_chunk).
    const mapId = this.nextMapId++;
    const sizes: number[] = [];
    const futures: Future[] = [];
    for (let start = 0, chunk = 0; start < calls.length; start += chunksize, chunk += 1) {
      const part = calls.slice(start, start + chunksize);
      sizes.push(part.length);
      futures.push(this.submitCall({ kind: 'chunk', fn, calls: part }, { map: { mapId, chunk, items: part.length } }));
    }
    return mapOf(this.mapResults(futures, deadline, sizes), futures, mapId);
  }

  /**
   * No more submits; with cancelFutures the futures still in the backlog are cancelled; with wait, resolves
   * once the workers have ended and every result was delivered.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    this.shutDown = true;
    if (options.cancelFutures === true) for (const future of [...this.live.values()]) future.cancel();
    if (!this.closed) {
      this.closed = true;
      this.options.runner.close();
    }
    if (options.wait ?? true) {
      await this.options.runner.whenEnded();
      await this.results?.idle();
    }
  }

  private submitCall(call: TaskCall, meta?: TaskMeta): Future {
    if (this.brokenReason !== null) throw new BrokenProcessPool(this.brokenReason);
    if (this.shutDown) throw new RuntimeError('cannot schedule new futures after shutdown');
    let taskId = 0;
    const future = new Future(this.context, {
      cancel: () => this.options.runner.cancel(taskId),
      callbacksRan: () => this.options.facts.step(taskId, 'callback', this.options.clock.monotonic(), null),
    });
    taskId = this.options.runner.submit(call, { onSent: () => future.setRunning(), onEnd: (outcome) => this.ended(future, outcome) }, meta);
    this.highestTaskId = Math.max(this.highestTaskId, taskId);
    future.setTaskId(taskId);
    if (!future.done()) this.live.set(taskId, future);
    return future;
  }

  private ended(future: Future, outcome: TaskOutcome): void {
    switch (outcome.kind) {
      case 'result':
        return this.settle(future, () => future.setResult(outcome.value));
      case 'error':
        return this.settle(future, () => future.setException(taskError(outcome.error)));
      case 'cancelled':
        this.live.delete(future.taskId);
        return future.setCancelled();
      case 'lost':
        // Python cannot kill a thread, so it has no answer for this: the future stays running for ever.
        return future.markLost(`${crashWords.lost(outcome.workerId, outcome.exitCode, outcome.terminated)}: this future never finishes`);
      case 'rejected': {
        // Now, not in the result handler's turn: a broken executor refuses the very next submit.
        const error = this.rejection(outcome.reason);
        return this.settle(future, () => future.setException(error));
      }
    }
  }

  private rejection(reason: string): PythonError {
    if (this.options.crash !== 'break') return rejectionError(reason);
    // _terminate_broken: the executor is unusable from here; the runner rejects every unfinished task.
    // A ThreadPoolExecutor given 'break' (the registry gives it 'lose' or 'reject') breaks the same way, as
    // BrokenProcessPool: Python's own BrokenThreadPool comes only from a failed initializer.
    this.brokenReason ??= BROKEN;
    this.shutDown = true;
    const error = rejectionError(reason);
    return error.type === 'BrokenProcessPool' ? error : new BrokenProcessPool(`${BROKEN_FUTURE} (${reason})`);
  }

  private settle(future: Future, set: () => void | Promise<void>): void {
    const job = (): void | Promise<void> => {
      this.live.delete(future.taskId);
      return set();
    };
    if (this.results === null) void job();
    else this.results.enqueue(job);
  }

  private async *mapResults(futures: readonly Future[], deadline: number | undefined, chunkSizes: readonly number[] | null): AsyncGenerator<unknown, void, undefined> {
    try {
      for (const [index, future] of futures.entries()) {
        const value = await future.result(deadline === undefined ? undefined : deadline - this.options.clock.monotonic());
        if (chunkSizes === null) {
          yield value;
          continue;
        }
        const values = chunkValues(value, chunkSizes[index]!, index);
        if (!values.success) throw values.error;
        yield* values.value;
      }
    } finally {
      for (const future of futures) future.cancel();
    }
  }
}

function mapOf(values: AsyncGenerator<unknown, void, undefined>, futures: readonly Future[], mapId: number | null): ExecutorMap {
  return Object.assign(values, { taskIds: futures.map((future) => future.taskId), mapId });
}

/** zip(*iterables): the calls' argument lists, as many as the shortest iterable has items. */
function zip(iterables: readonly (readonly unknown[])[]): (readonly unknown[])[] {
  if (iterables.length === 0) return [];
  const length = Math.min(...iterables.map((iterable) => iterable.length));
  return Array.from({ length }, (_, index) => iterables.map((iterable) => iterable[index]));
}

export class ThreadPoolExecutor extends Executor {
  constructor(options: ExecutorOptions) {
    super('thread', options);
  }
}

export class ProcessPoolExecutor extends Executor {
  constructor(options: ExecutorOptions) {
    super('process', options);
  }
}
