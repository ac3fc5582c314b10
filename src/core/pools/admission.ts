import type { PoolSpec } from '../../shared/pools';
import { defaultChunksize } from './chunksize';
import type { FacadeCommand } from './pool-facade';

/**
 * What the lab's pools may hold at once, unfinished (in the backlogs, sent, running), over every pool: a
 * task costs the host about 0.8 KB and 8 µs to make (a map of {range: 1,000,000} with chunksize 1 froze the
 * host 8 s and took 770 MB; five of them would have ended it). Python's Pool holds as many as memory allows;
 * the lab refuses the command that would cross these, in words, and makes none of its tasks. A task whose
 * result waits behind a slow callback (Python's result handler runs them one at a time) counts until
 * its result is delivered.
 */
export const MAX_UNFINISHED_TASKS = 100_000;
/** Calls (a map's items, each chunk holding its share), about 75 bytes each: a map of 1,000,000 fits. */
export const MAX_UNFINISHED_CALLS = 2_000_000;

export interface Held {
  readonly tasks: number;
  readonly calls: number;
}

/** The tasks and calls a submit command makes, as its facade will make them (Python's chunking). */
export function madeBy(spec: PoolSpec, size: number, command: Extract<FacadeCommand, { type: 'pool.apply' | 'pool.map' }>): Held {
  if (command.type === 'pool.apply') return { tasks: 1, calls: 1 };
  const calls = command.items.length;
  // ThreadPoolExecutor.map makes a future per item whatever the chunksize; imap_unordered and
  // ProcessPoolExecutor.map default to chunks of one; Pool.map to Python's default chunksize.
  const threadExecutor = spec.api === 'executor' && spec.runtime === 'thread';
  const chunksize = threadExecutor ? 1 : (command.chunksize ?? (spec.api === 'pool' && !command.unordered ? defaultChunksize(calls, size) : 1));
  return { tasks: calls === 0 ? 0 : Math.ceil(calls / Math.max(1, chunksize)), calls };
}

/** Null when the lab may hold what a command makes beside what it holds; else why not, in words. */
export function admissionRefusal(held: Held, made: Held): string | null {
  if (held.tasks + made.tasks > MAX_UNFINISHED_TASKS) {
    return `the lab's pools hold at most ${MAX_UNFINISHED_TASKS} unfinished tasks (${held.tasks} now, and this makes ${made.tasks}): wait for some to end, or map with a bigger chunksize`;
  }
  if (held.calls + made.calls > MAX_UNFINISHED_CALLS) {
    return `the lab's pools hold at most ${MAX_UNFINISHED_CALLS} unfinished calls (${held.calls} now, and this makes ${made.calls}): wait for some to end`;
  }
  return null;
}
