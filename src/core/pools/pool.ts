import type { Clock } from '../clock';
import { AsyncResult, readOutcome, type LostTask, type ResultCallbacks, type ResultContext, type Settled } from './async-result';
import { checkChunksize, chunks, defaultChunksize } from './chunksize';
import { IMapIterator } from './imap';
import { MapResult } from './map-result';
import type { PoolFactSink } from './pool-fact-sink';
import { PythonError, ValueError } from './python-errors';
import { ReadyEvent } from './ready-event';
import { ResultHandler, type PoolLog } from './result-handler';
import type { RunnerPort, TaskCall, TaskOutcome } from './runner-port';

export interface PoolOptions {
  readonly runner: RunnerPort;
  readonly facts: PoolFactSink;
  readonly clock: Clock;
  readonly log?: PoolLog;
}

/** Python's RUN, CLOSE and TERMINATE. */
export type PoolState = 'running' | 'closed' | 'terminated';

export interface MapOptions extends ResultCallbacks<unknown[]> {
  /** Items per task; Python's default (defaultChunksize) when absent. */
  readonly chunksize?: number;
}

/**
 * Python's multiprocessing.Pool (and ThreadPool) over a RunnerPort: the runner runs tasks on workers, this
 * keeps Python's semantics: results and callbacks through one result handler, map's chunks, imap's
 * iterators, close/join/terminate and their errors in Python's words. Methods Python makes block return
 * promises; methods that raise at once in Python throw at once.
 */
export class Pool {
  private stateNow: PoolState = 'running';
  private readonly results: ResultHandler;
  private readonly context: ResultContext;
  private nextJob = 1;
  private nextMapId = 1;
  private joined: ReadyEvent | null = null;

  constructor(private readonly options: PoolOptions) {
    const log = options.log ?? ((line: string) => console.error(line));
    this.results = new ResultHandler(log);
    this.context = { clock: options.clock, facts: options.facts, log };
  }

  get state(): PoolState {
    return this.stateNow;
  }

  /** Results in, waiting for the result handler (a slow callback holds them): not ready yet, as in Python. */
  get undelivered(): number {
    return this.results.waiting;
  }

  /** Pool.apply: apply_async(...).get(). */
  apply(fn: string, args: readonly unknown[]): Promise<unknown> {
    return this.blocking(() => this.applyAsync(fn, args));
  }

  applyAsync(fn: string, args: readonly unknown[], callbacks: ResultCallbacks<unknown> = {}): AsyncResult {
    this.checkRunning();
    const result = new AsyncResult(this.context, callbacks, `<ApplyResult job ${this.nextJob++}>`);
    let taskId = 0;
    taskId = this.options.runner.submit(
      { kind: 'call', fn, args },
      { onEnd: (outcome) => this.deliver(outcome, () => taskId, result, (end) => result.settle(end, taskId)) },
    );
    result.addTask(taskId);
    return result;
  }

  map(fn: string, items: readonly unknown[], chunksize?: number): Promise<unknown[]> {
    return this.blocking(() => this.mapAsync(fn, items, { chunksize }));
  }

  starmap(fn: string, items: readonly unknown[], chunksize?: number): Promise<unknown[]> {
    return this.blocking(() => this.starmapAsync(fn, items, { chunksize }));
  }

  mapAsync(fn: string, items: readonly unknown[], options: MapOptions = {}): MapResult {
    return this.mapTasks(fn, items, false, options);
  }

  starmapAsync(fn: string, items: readonly unknown[], options: MapOptions = {}): MapResult {
    return this.mapTasks(fn, items, true, options);
  }

  /** Pool.imap: values in item order; chunksize 1 (each item its own task) unless told. */
  imap(fn: string, items: readonly unknown[], chunksize = 1): IMapIterator {
    return this.iterate(fn, items, chunksize, true);
  }

  /** Pool.imap_unordered: values in the order their tasks ended. */
  imapUnordered(fn: string, items: readonly unknown[], chunksize = 1): IMapIterator {
    return this.iterate(fn, items, chunksize, false);
  }

  /** No more tasks; the workers leave once the backlog is done. Only a running pool changes. */
  close(): void {
    if (this.stateNow !== 'running') return;
    this.stateNow = 'closed';
    this.options.runner.close();
  }

  /**
   * Stops the workers now. Results not in yet never come, as in Python (get() would wait for ever). One
   * that ended just before and is still in the result handler is delivered, where Python's handler stops.
   */
  terminate(): Promise<void> {
    this.stateNow = 'terminated';
    return this.options.runner.terminate();
  }

  /**
   * Waits for every worker to exit and every delivered result's callback to have run. True once joined;
   * false when `timeoutMs` passed first (Python's join has no timeout; the lab's command does).
   * Unlike Python, a lost task does not keep the pool's workers alive, so join after close returns
   * even when a result will never come.
   */
  join(timeoutMs?: number): Promise<boolean> {
    if (this.stateNow === 'running') return Promise.reject(new ValueError('Pool is still running'));
    if (this.joined === null) {
      const joined = new ReadyEvent(this.options.clock);
      void this.options.runner
        .whenEnded()
        .then(() => this.results.idle())
        .then(() => joined.set());
      this.joined = joined;
    }
    return this.joined.wait(timeoutMs);
  }

  private checkRunning(): void {
    if (this.stateNow !== 'running') throw new ValueError('Pool not running');
  }

  /** apply = apply_async(...).get(), map = map_async(...).get(): a refusal becomes the promise's rejection. */
  private blocking<T>(start: () => AsyncResult<T>): Promise<T> {
    try {
      return start().get();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /**
   * Pool._map_async: the items in chunks, each chunk one task (Python's mapstar, also for chunksize 1), told to explain mode as chunk N (from 0, Python's task index) of map M.
   */
  private mapTasks(fn: string, items: readonly unknown[], star: boolean, options: MapOptions): MapResult {
    this.checkRunning();
    const size = options.chunksize === undefined ? defaultChunksize(items.length, this.options.runner.size) : checkChunksize(options.chunksize);
    const mapId = this.nextMapId++;
    const result = new MapResult(this.context, options, mapId, size, items.length);
    let chunk = 0;
    for (const { call, calls } of chunkCalls(fn, items, star, size)) {
      const index = chunk++;
      let taskId = 0;
      taskId = this.options.runner.submit(
        call,
        { onEnd: (outcome) => this.deliver(outcome, () => taskId, result, (end) => result.setChunk(index, end, taskId)) },
        { map: { mapId, chunk: index, items: calls } },
      );
      result.addTask(taskId);
    }
    return result;
  }

  /** imap / imap_unordered: chunksize 1 sends each item as a plain call, as Python does; more, as chunks. */
  private iterate(fn: string, items: readonly unknown[], chunksize: number, ordered: boolean): IMapIterator {
    this.checkRunning();
    checkChunksize(chunksize);
    const parts = [...chunks(items, chunksize)];
    const mapId = this.nextMapId++;
    const iterator = new IMapIterator(this.options.clock, mapId, ordered, parts.length, chunksize > 1);
    parts.forEach((part, index) => {
      const call: TaskCall = chunksize === 1 ? { kind: 'call', fn, args: [part[0]] } : { kind: 'items', fn, items: part };
      let taskId = 0;
      taskId = this.options.runner.submit(
        call,
        { onEnd: (outcome) => this.deliver(outcome, () => taskId, iterator, (end) => iterator.set(index, end, part.length)) },
        { map: { mapId, chunk: index, items: part.length } },
      );
      iterator.addTask(taskId);
    });
    return iterator;
  }

  /**
   * A task ended in the runner: a lost one is only noted (nothing is ever delivered for it, as in
   * Python); any other end waits its turn in the result handler.
   */
  private deliver(
    outcome: TaskOutcome,
    taskId: () => number,
    target: { markLost(task: LostTask): void },
    settle: (end: Settled<unknown>) => void | Promise<void>,
  ): void {
    const end = readOutcome(outcome, this.stateNow === 'terminated');
    if (end.kind === 'lost') target.markLost({ taskId: taskId(), reason: end.reason });
    else this.results.enqueue(() => settle(end));
  }
}

/**
 * starmap's item is the argument list. Python would raise its TypeError in the worker, at get(); the host
 * knows at once, so it refuses the whole map before any task is made.
 */
/**
 * A map's chunks: its items stay items (one argument each, as they cross to a worker); a starmap's become
 * argument lists, each checked first.
 */
function* chunkCalls(fn: string, items: readonly unknown[], star: boolean, size: number): Generator<{ readonly call: TaskCall; readonly calls: number }> {
  if (!star) {
    for (const part of chunks(items, size)) yield { call: { kind: 'items', fn, items: part }, calls: part.length };
    return;
  }
  for (const part of chunks(items.map((item) => starArgs(fn, item)), size)) yield { call: { kind: 'chunk', fn, calls: part }, calls: part.length };
}

function starArgs(fn: string, item: unknown): readonly unknown[] {
  if (Array.isArray(item)) return item;
  throw new PythonError('TypeError', `${fn}() argument after * must be an iterable, not ${item === null ? 'None' : typeof item}`);
}
