import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import type { ProcessSample } from '../../shared/samples';
import { readLinuxHost, type LinuxHost } from './linux-host';
import { ThreadReader } from './linux-threads';
import { parseCmdline, parseStat, type StatFields } from './proc-stat';
import type { ProcessHarvest, ProcessSampler, Reparenting } from './types';

/** Processes that are not ours are looked at again this often, in case a PID was reused by one of ours. */
const FOREIGN_RECHECK_MS = 10_000;

interface Tracked {
  readonly pid: number;
  readonly start: number;
  /** /proc/PID/stat opened once: it stays bound to this process even if the PID is reused. */
  readonly fd: number;
  /** Pids above it when it was found, nearest first: a tree stays a tree after orphans are reparented. */
  readonly ancestors: readonly number[];
  readonly threads: ThreadReader;
  name: string;
  command: string;
  ppid: number;
  orphan: boolean;
  lastTicks: number | null;
  lastAt: number | null;
}

/**
 * The lab's process sampler on Linux: finds the root's descendants with one listing of /proc per sample
 * (a newcomer's stat is read once to learn its parent), then reads each tracked process through a cached
 * file descriptor. Nothing is spawned per sample.
 */
export function createLinuxProcessSampler(rootPid: number, host: LinuxHost = readLinuxHost()): ProcessSampler {
  return new LinuxProcessSampler(rootPid, host);
}

class LinuxProcessSampler implements ProcessSampler {
  private readonly tracked = new Map<number, Tracked>();
  private foreign = new Set<number>();
  private foreignCheckedAt = 0;
  private readonly buffer = Buffer.alloc(4096);
  private pendingReparentings: Reparenting[] = [];

  constructor(
    private readonly rootPid: number,
    private readonly host: LinuxHost,
  ) {
    const root = this.readOnce(rootPid);
    if (root === null) throw new Error(`no process ${rootPid} to sample`);
    this.track(rootPid, root, []);
  }

  sample(): ProcessHarvest {
    this.discover();
    const now = performance.now();
    const processes: ProcessSample[] = [];
    for (const process of this.tracked.values()) {
      const stat = this.read(process);
      if (stat === null) {
        this.forget(process);
        continue;
      }
      processes.push(this.toSample(process, stat, now));
    }
    const reparented = this.pendingReparentings;
    this.pendingReparentings = [];
    return { processes, reparented };
  }

  descendantsOf(pid: number): number[] {
    this.discover();
    return [...this.tracked.values()]
      .filter((process) => process.ancestors.includes(pid) && this.read(process) !== null)
      .sort((a, b) => b.ancestors.length - a.ancestors.length)
      .map((process) => process.pid);
  }

  trackedPids(): number[] {
    return [...this.tracked.keys()].filter((pid) => pid !== this.rootPid);
  }

  close(): void {
    for (const process of this.tracked.values()) closeSync(process.fd);
    this.tracked.clear();
  }

  /** Newcomers in /proc whose parent we track become tracked; the others are remembered as foreign. */
  private discover(): void {
    const now = performance.now();
    if (now - this.foreignCheckedAt > FOREIGN_RECHECK_MS) {
      this.foreign = new Set();
      this.foreignCheckedAt = now;
    }
    const listed = new Set<number>();
    const newcomers: Array<{ pid: number; stat: StatFields }> = [];
    for (const name of readdirSync('/proc')) {
      const first = name.charCodeAt(0);
      if (first < 48 || first > 57) continue;
      const pid = Number(name);
      listed.add(pid);
      if (this.tracked.has(pid) || this.foreign.has(pid)) continue;
      const stat = this.readOnce(pid);
      if (stat !== null) newcomers.push({ pid, stat });
    }
    for (const pid of this.foreign) if (!listed.has(pid)) this.foreign.delete(pid);
    // Parents start before their children, so in start order a parent is tracked before its child.
    newcomers.sort((a, b) => a.stat.start - b.stat.start);
    for (const { pid, stat } of newcomers) {
      const parent = this.tracked.get(stat.ppid);
      if (parent !== undefined && parent.start <= stat.start) this.track(pid, stat, [parent.pid, ...parent.ancestors]);
      else this.foreign.add(pid);
    }
  }

  private track(pid: number, stat: StatFields, ancestors: number[]): void {
    let fd: number;
    try {
      fd = openSync(`/proc/${pid}/stat`, 'r');
    } catch {
      return; // gone already
    }
    const process: Tracked = {
      pid,
      start: stat.start,
      fd,
      ancestors,
      threads: new ThreadReader(pid),
      name: stat.comm,
      command: this.commandOf(pid, stat.comm),
      ppid: stat.ppid,
      orphan: false,
      lastTicks: null,
      lastAt: null,
    };
    // The pid may have been reused between the first read and the open: check it is the same process.
    const confirmed = this.read(process);
    if (confirmed === null || confirmed.start !== stat.start) {
      closeSync(fd);
      return;
    }
    this.tracked.set(pid, process);
  }

  private forget(process: Tracked): void {
    closeSync(process.fd);
    this.tracked.delete(process.pid);
  }

  private read(process: Tracked): StatFields | null {
    try {
      const length = readSync(process.fd, this.buffer, 0, this.buffer.length, 0);
      return length === 0 ? null : parseStat(this.buffer.toString('latin1', 0, length));
    } catch {
      return null; // ESRCH: the process is gone
    }
  }

  private readOnce(pid: number): StatFields | null {
    try {
      return parseStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
    } catch {
      return null;
    }
  }

  private commandOf(pid: number, comm: string): string {
    try {
      return parseCmdline(readFileSync(`/proc/${pid}/cmdline`, 'latin1'), comm);
    } catch {
      return `[${comm}]`;
    }
  }

  private toSample(process: Tracked, stat: StatFields, now: number): ProcessSample {
    if (stat.comm !== process.name) {
      // A new name means a new program (exec): its command line changed too.
      process.name = stat.comm;
      process.command = this.commandOf(process.pid, stat.comm);
    }
    if (stat.ppid !== process.ppid) this.noticeNewParent(process, stat.ppid);
    const elapsedMs = process.lastAt === null ? null : now - process.lastAt;
    const cpu = process.lastTicks === null || elapsedMs === null ? null : this.percent(stat.ticks - process.lastTicks, elapsedMs);
    process.lastTicks = stat.ticks;
    process.lastAt = now;
    const threads =
      stat.threads <= 1
        ? [{ tid: process.pid, name: stat.comm, state: stat.state, cpu }]
        : process.threads.read(elapsedMs, (ticks, ms) => this.percent(ticks, ms));
    return {
      pid: process.pid,
      ppid: stat.ppid,
      start: stat.start,
      startedAt: this.host.bootTimeMs + (stat.start / this.host.clockTicks) * 1000,
      name: stat.comm,
      command: process.command,
      state: stat.state,
      cpu,
      cpuTimeMs: (stat.ticks / this.host.clockTicks) * 1000,
      rss: stat.rssPages * this.host.pageSize,
      threads,
      orphan: process.orphan,
    };
  }

  private noticeNewParent(process: Tracked, ppid: number): void {
    const from = process.ppid;
    process.ppid = ppid;
    if (this.tracked.has(ppid) || process.pid === this.rootPid) return;
    process.orphan = true;
    this.pendingReparentings.push({ pid: process.pid, start: process.start, name: process.name, fromPpid: from, toPpid: ppid });
  }

  private percent(ticks: number, elapsedMs: number): number {
    if (elapsedMs <= 0) return 0;
    return Math.max(0, ((ticks / this.host.clockTicks) * 1000 * 100) / elapsedMs);
  }
}
