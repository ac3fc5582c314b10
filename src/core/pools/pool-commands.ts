import type { Clock } from '../clock';
import type { IMapIterator } from './imap';
import { Pool } from './pool';
import type { PoolReply } from '../../shared/pool-calls';
import { answered, refusingPython, raisedReply, refusedWith, replyOf, standInCallback, type FacadeCommand, type PoolFacade } from './pool-facade';
import type { PoolFactSink } from './pool-fact-sink';
import type { RunnerPort } from './runner-port';

/**
 * Python's multiprocessing.Pool (ThreadPool for threads), driven by the `pool.*` commands. The results
 * are not kept: the page sees them as facts (pool.tasks); what the command answers is the ids it made, as
 * the result itself tells them (its task ids, its map's id): one owner of what a call submitted.
 */
export class PoolCommands implements PoolFacade {
  private readonly pool: Pool;

  constructor(
    private readonly runner: RunnerPort,
    facts: PoolFactSink,
    private readonly clock: Clock,
  ) {
    this.pool = new Pool({ runner, facts, clock, log: (line) => console.error(`lab: ${line}`) });
  }

  get undelivered(): number {
    return this.pool.undelivered;
  }

  run(command: FacadeCommand) {
    return refusingPython(() => this.runOrRaise(command));
  }

  async call(command: FacadeCommand): Promise<PoolReply> {
    const { pool } = this;
    try {
      switch (command.type) {
        case 'pool.apply':
          return { ok: true, value: await pool.apply(command.fn, command.args) };
        case 'pool.map': {
          if (command.unordered) return { ok: true, value: await collect(pool.imapUnordered(command.fn, command.items, command.chunksize ?? 1)) };
          const values = command.star ? pool.starmap(command.fn, command.items, command.chunksize) : pool.map(command.fn, command.items, command.chunksize);
          return { ok: true, value: await values };
        }
        default:
          return replyOf(await this.run(command));
      }
    } catch (error) {
      return raisedReply(error);
    }
  }

  private async runOrRaise(command: FacadeCommand) {
    const { pool, runner } = this;
    switch (command.type) {
      case 'pool.apply': {
        const callback = standInCallback(this.clock, command.callbackMs);
        const result = pool.applyAsync(command.fn, command.args, callback === undefined ? {} : { callback, errorCallback: callback });
        return answered(result.taskIds[0] ?? null);
      }
      case 'pool.map': {
        if (command.unordered) {
          const iterator = pool.imapUnordered(command.fn, command.items, command.chunksize ?? 1);
          void drain(iterator);
          return answered({ mapId: iterator.mapId, tasks: iterator.taskIds.length });
        }
        const callback = standInCallback(this.clock, command.callbackMs);
        const callbacks = { chunksize: command.chunksize, ...(callback === undefined ? {} : { callback, errorCallback: callback }) };
        const result = command.star ? pool.starmapAsync(command.fn, command.items, callbacks) : pool.mapAsync(command.fn, command.items, callbacks);
        return answered({ mapId: result.mapId, tasks: result.taskIds.length });
      }
      case 'pool.cancel':
        // Python's AsyncResult has no cancel(); the lab's drops a task still in the backlog (its get() raises CancelledError).
        return answered(runner.cancel(command.taskId));
      case 'pool.close':
        pool.close();
        return answered();
      case 'pool.terminate':
        await pool.terminate();
        return answered();
      case 'pool.join':
        return answered(await pool.join(command.timeoutMs));
      case 'pool.shutdown':
        return refusedWith("AttributeError: 'Pool' object has no attribute 'shutdown': close() then join(), or terminate() (shutdown is an executor's)");
    }
  }
}

/** imap_unordered's values, taken as they come so the iterator keeps none; an item's error is the page's to see. */
async function drain(iterator: IMapIterator): Promise<void> {
  for (;;) {
    try {
      if ((await iterator.next()).done === true) return;
    } catch {
      // The item's exception: told as its task's 'failed' step, nothing to do here.
    }
  }
}

/** list(imap_unordered(...)): the values in the order their tasks ended; the first error raised, as Python's loop would. */
async function collect(iterator: IMapIterator): Promise<unknown[]> {
  const values: unknown[] = [];
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) values.push(next.value);
  return values;
}
