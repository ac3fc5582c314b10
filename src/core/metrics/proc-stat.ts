/**
 * Parsers for Linux /proc text. Pure functions over strings, so they are tested with real-format lines.
 * proc(5): after "pid (comm) " the fields are space-separated; comm may itself contain spaces and ')',
 * which is why parsing starts after the LAST ')'.
 */

export interface StatFields {
  readonly comm: string;
  /** R running, S sleeping, D disk wait, T stopped, t traced, Z zombie, X dead, I idle. */
  readonly state: string;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly ticks: number;
  readonly threads: number;
  /** Start time in clock ticks since boot: with the pid, the identity of a process. */
  readonly start: number;
  readonly rssPages: number;
}

// Field positions counted from the state field (field 3 in proc(5)), which is index 0 here.
const PPID = 1;
const UTIME = 11;
const STIME = 12;
const THREADS = 17;
const START = 19;
const RSS = 21;

export function parseStat(text: string): StatFields | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 2).split(' ');
  if (fields.length <= RSS) return null;
  return {
    comm: text.slice(open + 1, close),
    state: fields[0]!,
    ppid: Number(fields[PPID]),
    ticks: Number(fields[UTIME]) + Number(fields[STIME]),
    threads: Number(fields[THREADS]),
    start: Number(fields[START]),
    rssPages: Number(fields[RSS]),
  };
}

/** Busy and total jiffies of one line of /proc/stat ("cpu" or "cpuN"). */
export interface CpuTimes {
  readonly busy: number;
  readonly total: number;
}

/**
 * The aggregate "cpu" line and each "cpuN" line of /proc/stat. Idle time is idle + iowait: a core waiting
 * for the disk is not doing work. guest time is already counted in user time, so it is not added again.
 */
export function parseCpuLines(text: string): { total: CpuTimes; cores: CpuTimes[] } | null {
  let total: CpuTimes | null = null;
  const cores: CpuTimes[] = [];
  let lineStart = 0;
  while (lineStart < text.length && text.startsWith('cpu', lineStart)) {
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    const [label, ...numbers] = line.split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = numbers.map(Number);
    const idleAll = (idle ?? 0) + (iowait ?? 0);
    const all = [user, nice, system, irq, softirq, steal].reduce<number>((sum, value) => sum + (value ?? 0), idleAll);
    const times = { busy: all - idleAll, total: all };
    if (label === 'cpu') total = times;
    else cores.push(times);
    if (lineEnd < 0) break;
    lineStart = lineEnd + 1;
  }
  return total === null ? null : { total, cores };
}

/** Load in percent between two readings, clamped to 0..100 (counters can step back on CPU hotplug). */
export function loadBetween(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, ((after.busy - before.busy) / total) * 100));
}

/** The `btime` line of /proc/stat: boot time, seconds since the epoch. */
export function parseBootTime(text: string): number | null {
  const match = /^btime (\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}

/** /proc/PID/cmdline: arguments separated (and ended) by NUL. */
export function parseCmdline(raw: string, comm: string): string {
  const command = raw.replace(/\0+$/, '').replace(/\0/g, ' ').trim();
  return command === '' ? `[${comm}]` : command;
}
