import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { POOL_THREADS } from './pool-raw';

/**
 * The bounds the 1 ms rows sit between, measured in the same run: 2 bare threads burning 1 ms tasks back to
 * back (what the cores can do at all, minus the scheduler and the neighbours), and 2 threads that each get
 * every task as a message and answer it with one (what any pool pays, and nothing else). Between the two is
 * the cost of messaging; between the second and a pool is that pool's own overhead.
 */

const RAW_BURN_THREAD = join(__dirname, 'fixtures', 'raw-burn-thread.js');

export type CeilingMode = 'bare' | 'port';

export interface CeilingThreads {
  /** Tasks/s of one round of `count` burns of `ms` over the threads; `ahead` tasks in each thread (port). */
  round(count: number, ahead?: number): Promise<number>;
  destroy(): Promise<void>;
}

/** Starts the threads and waits for them to listen: their start is not part of any round. */
export async function ceilingThreads(mode: CeilingMode, ms: number): Promise<CeilingThreads> {
  // Without this process's execArgv (tsx's loader), as pool-raw.ts starts Piscina's: plain CommonJS.
  // The bare threads' one shared counter: how many tasks of the round they have taken.
  const counter = new SharedArrayBuffer(4);
  const threads = Array.from({ length: POOL_THREADS }, () => new Worker(RAW_BURN_THREAD, { workerData: { mode, ms, counter }, execArgv: [] }));
  await Promise.all(threads.map((thread) => nextMessage(thread)));
  return {
    round: (count, ahead = 2) => (mode === 'bare' ? bareRound(threads, new Int32Array(counter), count) : portRound(threads, count, ahead)),
    destroy: async () => {
      await Promise.all(threads.map((thread) => thread.terminate()));
    },
  };
}

function nextMessage(thread: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      thread.off('error', onError);
      resolve(message);
    };
    const onError = (error: Error) => {
      thread.off('message', onMessage);
      reject(error);
    };
    thread.once('message', onMessage);
    thread.once('error', onError);
  });
}

/**
 * `count` burns over the threads, each taking the next from the shared counter until none is left: a static
 * half each would end with the slower thread, and on a busy machine measure the scheduler, not the cores.
 */
async function bareRound(threads: readonly Worker[], taken: Int32Array, count: number): Promise<number> {
  Atomics.store(taken, 0, 0);
  const started = performance.now();
  await Promise.all(
    threads.map((thread) => {
      const done = nextMessage(thread);
      thread.postMessage(count);
      return done;
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/**
 * Every task a message, every end a message; each thread holds `ahead` tasks (the one it runs and the next,
 * with 2), topped up as each ends, as a pool that prefetches does. 1: the next task is sent only when the
 * last has ended, so each task also waits a round trip.
 */
function portRound(threads: readonly Worker[], count: number, ahead: number): Promise<number> {
  const started = performance.now();
  let sent = 0;
  let ended = 0;
  return new Promise((resolve) => {
    for (const thread of threads) {
      const onDone = () => {
        ended += 1;
        if (sent < count) {
          sent += 1;
          thread.postMessage(0);
        }
        if (ended === count) {
          for (const each of threads) each.removeAllListeners('message');
          resolve(count / ((performance.now() - started) / 1000));
        }
      };
      thread.on('message', onDone);
    }
    for (let depth = 0; depth < ahead; depth++) {
      for (const thread of threads) {
        if (sent === count) break;
        sent += 1;
        thread.postMessage(0);
      }
    }
  });
}
