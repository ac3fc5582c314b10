import type { Lab } from '../src/core/lab-api';
import type { CommandResult } from '../src/shared/protocol';
import { POOL_THREADS, type PoolTask } from './pool-raw';
import { PoolTally } from './pool-tally';

/**
 * The lab side of the pools bench, through the lab's API exactly as a shell drives it: the contract's
 * commands (/work/notes/pool-contract.md: pool.create, pool.apply, pool.map) in, and a round is over when
 * the `pool.tasks` batches have told of as many task ends as it submitted (pool-tally.ts). Commands are
 * written as plain values: the bench must run unchanged once the lab wires pools.
 */

export type PoolRuntime = 'thread' | 'process';

/**
 * A round that has not ended by then never will: a lab that stopped telling of task ends (facts switched
 * off with recordFacts: false, a pool that broke) would otherwise hang the whole bench run.
 */
export const ROUND_TIMEOUT_MS = 120_000;

export interface MapRound {
  readonly itemsPerSecond: number;
  /** Tasks the lab made of the items (its chunks). */
  readonly tasks: number;
}

/** What the bench needs of a lab: the shell's two doors (a BenchLab's lab, or a unit test's scripted one). */
export type PoolsLab = Pick<Lab, 'execute' | 'subscribe'>;

export class BenchPools {
  private readonly tally: PoolTally;

  constructor(
    private readonly lab: PoolsLab,
    private readonly now: () => number = () => performance.now(),
    private readonly roundTimeoutMs = ROUND_TIMEOUT_MS,
  ) {
    this.tally = new PoolTally(now);
    lab.subscribe((events) => this.tally.add(events));
  }

  /** A Python Pool of 2 workers of `runtime`; null once created, or the lab's refusal in its own words. */
  async create(name: string, runtime: PoolRuntime): Promise<string | null> {
    const pool = { name, api: 'pool', runtime, size: POOL_THREADS, maxTasksPerChild: null, onCrash: 'python' };
    const outcome = await this.lab.execute({ type: 'pool.create', pool });
    return outcome.ok ? null : outcome.error;
  }

  /** The tally's wait for a round's end, bounded by the round timeout. */
  private ended(pool: string, target: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bench: pool ${pool} told of ${this.tally.endedSoFar(pool)} task ends, not ${target}, within ${this.roundTimeoutMs} ms: are its pool.tasks facts off?`)), this.roundTimeoutMs);
    });
    return Promise.race([this.tally.until(pool, target), timeout]).finally(() => clearTimeout(timer));
  }

  private async ok(command: unknown): Promise<CommandResult> {
    const outcome = await this.lab.execute(command);
    if (!outcome.ok) throw new Error(`bench: the lab refused ${JSON.stringify(command).slice(0, 200)}: ${outcome.error}`);
    return outcome.result;
  }

  /**
   * Tasks/s: `count` pool.apply commands (apply_async, one task each: as Piscina's run()) sent at once,
   * from the first command to the batch that tells of the last task's end.
   */
  async applyRound(pool: string, task: PoolTask, count: number): Promise<number> {
    const target = this.tally.endedSoFar(pool) + count;
    const started = this.now();
    const ended = this.ended(pool, target);
    const args = (index: number) => (task.fn === 'square' ? [index] : [task.ms]);
    const [at] = await Promise.all([ended, Promise.all(Array.from({ length: count }, (_, index) => this.ok({ type: 'pool.apply', pool, fn: task.fn, args: args(index) })))]);
    return count / ((at - started) / 1000);
  }

  /**
   * Items/s of one pool.map of `{range: count}`: the squares of 0 .. count-1 in one command, as Python's
   * `pool.map(square, range(count))` is one call, chunked by Python's default for the whole map (the lab
   * fills it in) where commands of a list of items would each be chunked on their own (and a list in one
   * command holds at most MAX_MAP_ITEMS, within the message limits); or in chunks of `chunksize` when given.
   */
  async rangeRound(pool: string, count: number, chunksize?: number): Promise<MapRound> {
    const before = this.tally.endedSoFar(pool);
    const started = this.now();
    const result = await this.ok({ type: 'pool.map', pool, fn: 'square', items: { range: count }, star: false, unordered: false, ...(chunksize === undefined ? {} : { chunksize }) });
    const tasks = mapTasks(result.value);
    const at = await this.ended(pool, before + tasks);
    return { itemsPerSecond: count / ((at - started) / 1000), tasks };
  }
}

/** pool.map's value is {mapId, tasks}: how many tasks (chunks) the lab made of the items. */
function mapTasks(value: unknown): number {
  const tasks = typeof value === 'object' && value !== null ? (value as { tasks?: unknown }).tasks : undefined;
  if (typeof tasks !== 'number' || !Number.isInteger(tasks) || tasks < 1) throw new Error(`bench: pool.map answered ${JSON.stringify(value)}, not {mapId, tasks}`);
  return tasks;
}
