import { z } from 'zod';

/** Harvests of the samplers, as they cross to the renderer. CPU is percent of one core; null = unknown. */

const percent = z.number().min(0).nullable();

export const threadSampleSchema = z.strictObject({
  tid: z.number().int().nonnegative(),
  name: z.string(),
  /** One letter from /proc: R running, S sleeping, D disk wait, T stopped, Z zombie. */
  state: z.string().max(1),
  cpu: percent,
  /** CPU time this thread used so far, ms (Linux: utime + stime of /proc/PID/task/TID/stat); absent if unknown. */
  cpuTimeMs: z.number().nonnegative().optional(),
  /**
   * Percent of the interval since the previous sample that the thread was runnable but waiting for a core
   * (Linux: /proc/PID/task/TID/schedstat's run-queue time). Read only for Python processes, whose GIL the lab
   * infers from it (gil.ts); absent elsewhere. With it, `cpu` comes from schedstat's nanoseconds too.
   */
  queue: z.number().min(0).optional(),
});
export type ThreadSample = z.infer<typeof threadSampleSchema>;

/** A process's memory from /proc/PID/smaps_rollup, bytes (Python processes only, at most every few seconds). */
export const memorySampleSchema = z.strictObject({
  rss: z.number().nonnegative(),
  /** Proportional set size: each shared page divided among the processes that share it. */
  pss: z.number().nonnegative(),
  /** Pages shared with other processes (after a fork: the parent's, copy-on-write), and its own. */
  shared: z.number().nonnegative(),
  private: z.number().nonnegative(),
});
export type MemorySample = z.infer<typeof memorySampleSchema>;

export const processSampleSchema = z.strictObject({
  pid: z.number().int().nonnegative(),
  ppid: z.number().int().nonnegative(),
  /**
   * The process's start time as the platform counts it (Linux: clock ticks since boot). With the pid it
   * names one process for ever, because PIDs are reused.
   */
  start: z.number().nonnegative(),
  /** Wall-clock start, epoch ms. */
  startedAt: z.number().nonnegative(),
  name: z.string(),
  command: z.string(),
  state: z.string().max(1),
  cpu: percent,
  /** CPU time used so far, ms. */
  cpuTimeMs: z.number().nonnegative().nullable(),
  rss: z.number().nonnegative().nullable(),
  /** Null where threads are not visible on this platform (or not sampled this time). */
  threads: z.array(threadSampleSchema).nullable(),
  /** Once a descendant, now reparented to init or a subreaper because its parent died. */
  orphan: z.boolean(),
  /** The last smaps_rollup reading, for Python processes (absent elsewhere, and before the first). */
  memory: memorySampleSchema.optional(),
});
export type ProcessSample = z.infer<typeof processSampleSchema>;

export const cpuSampleSchema = z.strictObject({
  /** Load of each core in percent, in the order the OS numbers them. */
  cores: z.array(z.number().min(0).max(100)),
  total: z.number().min(0).max(100),
});
export type CpuSample = z.infer<typeof cpuSampleSchema>;

export function processKey(process: { pid: number; start: number }): string {
  return `${process.pid}@${process.start}`;
}

/**
 * A process's state the htop way, from its threads: running if any thread runs, else in uninterruptible
 * wait (D) if any thread is, else what its own stat line says. /proc/PID/stat gives the main thread's
 * state only, so a process whose worker threads burn two cores would read "sleeping".
 */
export function processStateOf(sample: Pick<ProcessSample, 'state' | 'threads'>): string {
  const threads = sample.threads;
  if (threads === null) return sample.state;
  if (threads.some((thread) => thread.state === 'R')) return 'R';
  if (threads.some((thread) => thread.state === 'D')) return 'D';
  return sample.state;
}
