import { readSync } from 'node:fs';

/**
 * /proc/PID/task/TID/schedstat (the kernel's Documentation/scheduler/sched-stats.rst): three numbers, "time
 * spent on the cpu (ns)", "time spent waiting on a runqueue (ns)" and "# of timeslices run on this cpu".
 * The second is what tells a thread the OS keeps from running (runnable, waiting for a core) from one that
 * chose to sleep (a lock, a condition variable: CPython's GIL): the GIL inference rests on it
 * (src/shared/gil.ts, docs/python.md). About 30 bytes, read through a cached descriptor like stat.
 */
export interface Schedstat {
  /** Nanoseconds on a CPU, and waiting on a run queue, since the thread began. */
  runNs: number;
  queueNs: number;
}

const SCHEDSTAT_BYTES = 128;
const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;

/** The two first numbers of one schedstat line, or null when the text is not one (an empty read: gone). */
export function parseSchedstat(bytes: Uint8Array, length: number): Schedstat | null {
  let at = 0;
  const numbers: number[] = [];
  while (numbers.length < 2) {
    if (at >= length || bytes[at]! < ZERO || bytes[at]! > NINE) return null;
    let value = 0;
    for (; at < length && bytes[at]! >= ZERO && bytes[at]! <= NINE; at++) value = value * 10 + (bytes[at]! - ZERO);
    numbers.push(value);
    if (at < length && bytes[at] === SPACE) at++;
  }
  return { runNs: numbers[0]!, queueNs: numbers[1]! };
}

/** Reads schedstat files through descriptors the caller keeps open, into one reused buffer. */
export class SchedstatReader {
  private readonly buffer = Buffer.alloc(SCHEDSTAT_BYTES);

  /** Null when the thread is gone (or the kernel has no schedstat: CONFIG_SCHED_INFO off). */
  read(fd: number): Schedstat | null {
    let length: number;
    try {
      length = readSync(fd, this.buffer, 0, SCHEDSTAT_BYTES, 0);
    } catch {
      return null;
    }
    return parseSchedstat(this.buffer, length);
  }
}
