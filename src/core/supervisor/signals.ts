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
 * The processes a process started (Linux keeps the list per thread; a shell has one thread), from the
 * kernel rather than from anything the children said. Empty elsewhere.
 */
export function childrenOf(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .map(Number)
      .filter((child) => Number.isInteger(child) && child > 0);
  } catch {
    return [];
  }
}
