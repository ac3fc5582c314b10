import type { PythonRole, PythonStartMethod } from './python-wire';

/** A Python process's role in the words the seeds use (the tree's badge, the log). */
export const ROLE_WORDS: Readonly<Record<PythonRole, string>> = {
  main: 'main',
  process: 'Process',
  'pool-worker': 'Pool worker',
  'executor-worker': 'executor worker',
  forkserver: 'forkserver',
  'resource-tracker': 'resource tracker',
  manager: 'Manager server',
  subprocess: 'subprocess',
};

/** "Python 3.12.1, Pool worker, started by fork". */
export function describePythonProcess(role: PythonRole, startMethod: PythonStartMethod | null, version: string): string {
  return `Python ${version}, ${ROLE_WORDS[role]}${startMethod === null ? '' : `, started by ${startMethod}`}`;
}

/** Why a child forked from a multi-threaded parent is at risk, in the words of CPython 3.12's DeprecationWarning. */
export function describeForkHazard(parentThreads: number): string {
  return `forked while its parent ran ${parentThreads} threads: a lock another thread held at the fork stays held for ever in this child (Python 3.12+ warns: "use of fork() may lead to deadlocks in the child")`;
}

/** "started by spawn in 112.4 ms (its parent's start() to its hello)", and the fork hazard when there is one. */
export function describePythonStart(startMethod: PythonStartMethod, latencyMs: number, parentThreads: number): string {
  const started = `started by ${startMethod} in ${latencyMs.toFixed(1)} ms (its parent's start() to its hello)`;
  return startMethod === 'fork' && parentThreads > 1 ? `${started}; ${describeForkHazard(parentThreads)}` : started;
}
