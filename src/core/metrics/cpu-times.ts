/**
 * Busy and total time of CPUs, from the `cpu` lines of /proc/stat or from os.cpus(), and the load between
 * two readings. Pure functions, tested with real-format text.
 */

/** Busy and total time of one CPU (or of all), in whatever unit the source counts (ticks, ms). */
export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

/** The aggregate `cpu ` line and each `cpuN` line, in the order of the file. */
export interface CpuLines {
  readonly total: CpuTimes;
  readonly cores: CpuTimes[];
}

/** Load in percent between two readings, clamped to 0..100 (iowait and hotplug can step counters back). */
export function loadBetween(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, ((after.busy - before.busy) / total) * 100));
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const ZERO = 0x30;
const NINE = 0x39;
/** user nice system idle iowait irq softirq steal: guest and guest_nice are already inside user and nice. */
const COUNTED_FIELDS = 8;
const IDLE = 3;
const IOWAIT = 4;

/**
 * Parses the `cpu` lines at the top of /proc/stat from the first `length` bytes of `bytes`. A core waiting
 * for the disk (iowait) is idle, not working. Null when the lines are missing or cut short (the text must
 * go on past them, as /proc/stat does), which tells the caller its buffer was too small.
 */
export function parseCpuLines(bytes: Uint8Array, length: number): CpuLines | null {
  let total: CpuTimes | null = null;
  const cores: CpuTimes[] = [];
  let i = 0;
  while (i + 3 < length && bytes[i] === 0x63 && bytes[i + 1] === 0x70 && bytes[i + 2] === 0x75) {
    const isTotal = bytes[i + 3] === SPACE;
    // Skip the label ("cpu" or "cpuN").
    i += 3;
    while (i < length && bytes[i] !== SPACE) i++;
    let field = -1;
    let value = 0;
    let inNumber = false;
    let all = 0;
    let idle = 0;
    for (; i < length; i++) {
      const byte = bytes[i]!;
      if (byte >= ZERO && byte <= NINE) {
        if (!inNumber) {
          inNumber = true;
          field++;
          value = 0;
        }
        value = value * 10 + (byte - ZERO);
        continue;
      }
      if (inNumber) {
        inNumber = false;
        if (field < COUNTED_FIELDS) all += value;
        if (field === IDLE || field === IOWAIT) idle += value;
      }
      if (byte === NEWLINE) break;
    }
    if (i >= length) return null; // the line was cut off: no newline within what was read
    i++;
    const times = { busy: all - idle, total: all };
    if (isTotal) total = times;
    else cores.push(times);
  }
  // The cpu lines are followed by others (intr, ctxt...): ending on a cpu line means the read was short.
  if (i + 3 >= length) return null;
  return total === null ? null : { total, cores };
}

/** The `btime` line of /proc/stat: boot time, seconds since the epoch. */
export function parseBootTime(text: string): number | null {
  const match = /^btime (\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}
