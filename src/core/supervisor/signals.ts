import { readFileSync } from 'node:fs';

/** Sends a signal to one pid; false if it is gone (or not ours to signal). */
export function sendSignal(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    return process.kill(pid, signal);
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  return sendSignal(pid, 0);
}

/**
 * Processes started by one thread of the host (Linux keeps a child list per thread), so a thread worker's
 * tree can be found. Empty elsewhere.
 */
export function childrenOfThread(tid: number): number[] {
  if (process.platform !== 'linux') return [];
  try {
    return readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8')
      .split(' ')
      .map(Number)
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    return [];
  }
}
