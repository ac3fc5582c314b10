/** What a worker said as it ended, within a pool's reason (pool.state's reason holds 2,000 characters). */
const DETAIL_MAX_CHARS = 500;
const excerptOf = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * How a pool's tasks end without a result, in the words the person reads (Python's where Python has them).
 */
export const crashWords = {
  /** concurrent.futures.process: what every pending future of a broken ProcessPoolExecutor raises. */
  broken: 'BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.',
  /** The lab's policy (Piscina's): the task the dead worker ran is rejected; the rest run on. */
  workerEnded: (exitCode: number | null) => `the worker running it ended (exit code ${exitCode ?? 'unknown'})`,
  /** Policy 'lose' (Python's Pool): its result never comes; the task says why. */
  lost: (workerId: string, exitCode: number | null) => `lost: worker ${workerId} ended (exit code ${exitCode ?? 'unknown'}) while running it; Python's get() would wait for ever`,
  startFailed: (reason: string) => `a worker of the pool could not start: ${reason}`,
  neverServed: (exitCode: number | null, detail: string | null) =>
    `it exited (exit code ${exitCode ?? 'unknown'}) before it served tasks${detail === null ? '' : `: ${excerptOf(detail, DETAIL_MAX_CHARS)}`}`,
  terminated: 'the pool was terminated before the task ended',
  labStopping: 'the lab is stopping: the pool ended before the task did',
} as const;
