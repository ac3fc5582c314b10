import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Piscina } from 'piscina';
import { Tinypool } from 'tinypool';

/**
 * The raw side of the pools bench: Piscina and Tinypool with 2 threads each, on their defaults, running
 * the same two functions as the lab's task library (fixtures/pool-task.js), and Python's own
 * multiprocessing.Pool(2).map timed inside Python (fixtures/python-pool-map.py).
 */

const POOL_TASK = join(__dirname, 'fixtures', 'pool-task.js');
const PYTHON_POOL_MAP = join(__dirname, 'fixtures', 'python-pool-map.py');

export const POOL_THREADS = 2;

/** One task of a round: the trivial `square(index)` or `burn(ms)`, as the lab's task library names them. */
export type PoolTask = { readonly fn: 'square' } | { readonly fn: 'burn'; readonly ms: number };

/** What Piscina and Tinypool have in common, as far as a round needs. */
export interface RawPool {
  readonly name: string;
  run(task: PoolTask, index: number): Promise<unknown>;
  destroy(): Promise<void>;
}

/**
 * Workers start without this process's execArgv (tsx's loader): the fixture is plain CommonJS, and a pool
 * worker running under the loader would pay for it in every require, which neither library's users do.
 */
export function piscinaPool(): RawPool {
  const pool = new Piscina({ filename: POOL_TASK, minThreads: POOL_THREADS, maxThreads: POOL_THREADS, execArgv: [] });
  return {
    name: 'Piscina',
    run: (task, index) => (task.fn === 'square' ? pool.run(index) : pool.run(task.ms, { name: 'burn' })),
    destroy: () => pool.destroy(),
  };
}

export function tinypoolPool(): RawPool {
  const pool = new Tinypool({ filename: POOL_TASK, minThreads: POOL_THREADS, maxThreads: POOL_THREADS, execArgv: [] });
  return {
    name: 'Tinypool',
    run: (task, index) => (task.fn === 'square' ? pool.run(index) : pool.run(task.ms, { name: 'burn' })),
    destroy: () => pool.destroy(),
  };
}

/** Tasks/s: `count` tasks submitted at once (as a caller of run() does), until the last has resolved. */
export async function rawRound(pool: RawPool, task: PoolTask, count: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, (_, index) => pool.run(task, index)));
  return count / ((performance.now() - started) / 1000);
}

interface PythonMap {
  readonly items: number;
  readonly seconds: number;
  readonly chunksize: number;
}

/** Items/s of one multiprocessing.Pool(2).map of `items` squares, timed inside Python (its start is not). */
export async function pythonMapRound(items: number): Promise<number> {
  const { stdout } = await promisify(execFile)('python3', [PYTHON_POOL_MAP, String(items)], { encoding: 'utf8' });
  const line = JSON.parse(stdout.trim()) as PythonMap;
  if (line.items !== items || !(line.seconds > 0)) throw new Error(`bench: python-pool-map.py said ${stdout.trim()}`);
  return items / line.seconds;
}

/** Python's default chunksize for a map of `items` over `workers` (Pool._map_async), for the figure's words. */
export function pythonChunksize(items: number, workers: number): number {
  return Math.ceil(items / (workers * 4));
}
