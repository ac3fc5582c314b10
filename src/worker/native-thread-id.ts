import { readlinkSync } from 'node:fs';

/**
 * The kernel's id of the calling thread (Linux TID), which Node does not expose: /proc/thread-self is a
 * link to /proc/PID/task/TID. Null elsewhere.
 */
export function nativeThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    return Number.isInteger(tid) ? tid : null;
  } catch {
    return null;
  }
}
