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
