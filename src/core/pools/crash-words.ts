/** What a worker said as it ended, within a pool's reason (pool.state's reason holds 2,000 characters). */
const DETAIL_MAX_CHARS = 500;
const excerptOf = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * How a worker ended, as a task's end tells it. A thread has no signals: the lab stops one with
 * worker.terminate(), and Node gives it exit code 1 (the lab's exit code for a thread, everywhere it shows one).
 */
const endedWith = (exitCode: number | null, terminated: boolean): string =>
  terminated ? `was stopped with worker.terminate() (a thread has no signals: exit code ${exitCode ?? 1})` : `ended (exit code ${exitCode ?? 'unknown'})`;

/**
 * How a pool's tasks end without a result, in the words the person reads (Python's where Python has them).
 */
export const crashWords = {
  /** concurrent.futures.process: what every pending future of a broken ProcessPoolExecutor raises. */
  broken: 'BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.',
  /** The lab's policy (Piscina's): the task the dead worker ran is rejected; the rest run on. */
  workerEnded: (exitCode: number | null, terminated = false) => `the worker running it ${endedWith(exitCode, terminated)}`,
  /** Policy 'lose' (Python's Pool): its result never comes (the page says so, by api); the task says how its worker ended. */
  lost: (workerId: string, exitCode: number | null, terminated = false) => `worker ${workerId} ${endedWith(exitCode, terminated)} while running it`,
  startFailed: (reason: string) => `a worker of the pool could not start: ${reason}`,
  neverServed: (exitCode: number | null, detail: string | null) =>
    `it exited (exit code ${exitCode ?? 'unknown'}) before it served tasks${detail === null ? '' : `: ${excerptOf(detail, DETAIL_MAX_CHARS)}`}`,
  terminated: 'the pool was terminated before the task ended',
  labStopping: 'the lab is stopping: the pool ended before the task did',
} as const;
