import type { ThreadSample } from './samples';

/**
 * The GIL, inferred from the OS's view of one Python process's threads over one sampling interval, at no cost
 * to the program (docs/python.md, "The GIL, inferred from the OS").
 *
 * For each thread the sampler gives three shares of the interval: on a CPU (`cpu`), runnable but waiting for
 * a core (`queue`, from schedstat), and the rest, asleep. A CPU-bound thread that has a core to itself is
 * never asleep: it is on a CPU or, on a busy machine, in the run queue. A CPU-bound thread that must take
 * turns with another for the GIL sleeps whenever the other holds it: CPython's waiters block on a condition
 * variable (Python/ceval_gil.c, take_gil), so /proc says S, not R, and the time shows as sleep. Hence:
 *
 * - a thread is *busy* when it wanted to run for a good part of the interval (cpu + queue >= BUSY);
 * - a busy thread that also slept for part of it (asleep >= ASLEEP) waited for something: with another busy
 *   thread in the same process and their CPU together about one core at most, that something is the GIL.
 *
 * It can be wrong: two threads that each compute a while and then sleep on I/O or a lock of their own, taking
 * turns by chance, look the same; a C extension that releases the GIL (hashlib, zlib, numpy) runs in
 * parallel and is rightly not flagged; a free-threaded build (3.13t) has no GIL and its threads do not sleep,
 * so they are not flagged either. Without schedstat (another OS, or a kernel without CONFIG_SCHED_INFO) no
 * inference is made.
 */

/** Percent of the interval a thread wanted a CPU (on one, or in the run queue) to count as busy. */
export const BUSY = 25;
/** Percent of the interval a busy thread slept to count as waiting (a CPU-bound thread alone sleeps ~0). */
export const ASLEEP = 5;
/** The busy threads' CPU together, percent of one core, above which they cannot all have needed one GIL. */
export const ONE_CORE = 125;

export interface GilThread {
  readonly tid: number;
  /** Percent of the interval it slept while busy: the time it waited for the GIL. */
  readonly waiting: number;
}

export interface GilReading {
  /** The busy threads, and their CPU together (percent of one core). */
  readonly busy: number;
  readonly busyCpu: number;
  /** At least two busy threads took turns: the process is bound by its GIL. */
  readonly bound: boolean;
  /** The threads that waited for the GIL in this interval (empty when not bound). */
  readonly waiting: readonly GilThread[];
}

/** Null when the threads' scheduling is not known this interval (not a Python process, first sample, no schedstat). */
export function inferGil(threads: readonly ThreadSample[] | null): GilReading | null {
  if (threads === null) return null;
  const busy: { tid: number; cpu: number; asleep: number }[] = [];
  let known = false;
  for (const thread of threads) {
    if (thread.cpu === null || thread.queue === undefined) continue;
    known = true;
    const wanted = thread.cpu + thread.queue;
    if (wanted >= BUSY) busy.push({ tid: thread.tid, cpu: thread.cpu, asleep: Math.max(0, 100 - wanted) });
  }
  if (!known) return null;
  const busyCpu = busy.reduce((sum, thread) => sum + thread.cpu, 0);
  const sleepers = busy.filter((thread) => thread.asleep >= ASLEEP);
  const bound = busy.length >= 2 && sleepers.length >= 2 && busyCpu <= ONE_CORE;
  return {
    busy: busy.length,
    busyCpu,
    bound,
    waiting: bound ? sleepers.map((thread) => ({ tid: thread.tid, waiting: thread.asleep })) : [],
  };
}

/** The thread's wait for the GIL in a reading, or null. */
export function gilWaitOf(reading: GilReading | null, tid: number | null): GilThread | null {
  if (reading === null || tid === null) return null;
  return reading.waiting.find((thread) => thread.tid === tid) ?? null;
}

/** The state's words wherever a thread is shown waiting for the GIL (tree, table, their sort and filter). */
export const GIL_WAIT = 'GIL wait';
