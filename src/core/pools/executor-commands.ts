import type { PoolReply } from '../../shared/pool-calls';
import type { Clock } from '../clock';
import { ProcessPoolExecutor, ThreadPoolExecutor, type Executor, type ExecutorMap } from './executor';
import type { Future } from './future';
import { answered, refusingPython, raisedReply, refusedWith, replyOf, standInCallback, type FacadeCommand, type PoolFacade } from './pool-facade';
import type { PoolFactSink } from './pool-fact-sink';
import type { CrashPolicy, PoolRuntime, RunnerPort } from './runner-port';

/**
 * concurrent.futures' ThreadPoolExecutor / ProcessPoolExecutor, driven by the `pool.*` commands. What a
 * command made is told by what the executor gives back (a future's task id, a map's task ids), and
 * `pool.cancel` finds its future in the executor: the executor is the one owner of its futures and ids.
 */
export class ExecutorCommands implements PoolFacade {
  private readonly executor: Executor;

  constructor(
    runtime: PoolRuntime,
    private readonly runner: RunnerPort,
    facts: PoolFactSink,
    private readonly clock: Clock,
    crash: CrashPolicy,
  ) {
    const options = { runner, facts, clock, crash, log: (line: string) => console.error(`lab: ${line}`) };
    this.executor = runtime === 'thread' ? new ThreadPoolExecutor(options) : new ProcessPoolExecutor(options);
  }

  get undelivered(): number {
    return this.executor.undelivered;
  }

  run(command: FacadeCommand) {
    return refusingPython(() => this.runOrRaise(command));
  }

  async call(command: FacadeCommand): Promise<PoolReply> {
    try {
      switch (command.type) {
        case 'pool.apply':
          return { ok: true, value: await this.submit(command.fn, command.args, undefined).result() };
        case 'pool.map': {
          const refusal = this.mapRefusal(command);
          if (refusal !== null) return replyOf(refusedWith(refusal));
          const values: unknown[] = [];
          for await (const value of this.executor.map(command.fn, [command.items], { chunksize: command.chunksize })) values.push(value);
          return { ok: true, value: values };
        }
        default:
          return replyOf(await this.run(command));
      }
    } catch (error) {
      return raisedReply(error);
    }
  }

  private async runOrRaise(command: FacadeCommand) {
    switch (command.type) {
      case 'pool.apply':
        return answered(this.submit(command.fn, command.args, standInCallback(this.clock, command.callbackMs)).taskId);
      case 'pool.map': {
        const refusal = this.mapRefusal(command);
        if (refusal !== null) return refusedWith(refusal);
        const values = this.executor.map(command.fn, [command.items], { chunksize: command.chunksize });
        void drain(values);
        return answered({ mapId: values.mapId, tasks: values.taskIds.length });
      }
      case 'pool.cancel': {
        const future = this.executor.futureOf(command.taskId);
        // A done future's cancel() is False in Python too; one this executor never made is the caller's mistake.
        if (future === undefined) return this.executor.made(command.taskId) ? answered(false) : refusedWith(`no task ${command.taskId} in this executor`);
        return answered(future.cancel());
      }
      case 'pool.shutdown':
        await this.executor.shutdown({ wait: command.wait, cancelFutures: command.cancelFutures });
        return answered();
      case 'pool.terminate':
        // Python 3.14's terminate_workers(): the workers end now, the futures not done fail.
        await this.runner.terminate();
        return answered();
      case 'pool.close':
        return refusedWith("AttributeError: an executor has no close(): shutdown(wait=False) stops new submits");
      case 'pool.join':
        return refusedWith('AttributeError: an executor has no join(): shutdown(wait=True) waits for its workers');
    }
  }

  private submit(fn: string, args: readonly unknown[], callback: (() => Promise<void>) | undefined): Future {
    const future = this.executor.submit(fn, args);
    if (callback !== undefined) future.addDoneCallback(() => void callback());
    return future;
  }

  /** Executor.map(fn, *iterables) has no star or unordered form. */
  private mapRefusal(command: Extract<FacadeCommand, { type: 'pool.map' }>): string | null {
    if (command.star) return 'TypeError: an executor has no starmap: Executor.map(fn, *iterables) zips its iterables';
    if (command.unordered) return 'TypeError: Executor.map gives results in order: use submit and as_completed';
    return null;
  }
}

/** map's values, taken as they come so none are kept; an error ends it, as Python's iterator does. */
async function drain(values: ExecutorMap): Promise<void> {
  try {
    for await (const value of values) void value;
  } catch {
    // The first failing future's exception: its task's 'failed' step says it; the rest were cancelled.
  }
}
