import { readdirSync } from 'node:fs';
import type { ThreadSample } from '../../shared/samples';
import { cpuPercent } from './proc-stat';
import type { SchedstatReader } from './schedstat';
import type { StatFileReader } from './stat-file';

interface TrackedThread {
  readonly tid: number;
  readonly fd: number;
  lastTicks: number;
  name: string;
  /** Its schedstat, held open once the process's scheduling is watched; null until then or if unreadable. */
  schedFd: number | null;
  lastRunNs: number | null;
  lastQueueNs: number | null;
}

/**
 * The threads of one multithreaded process, from /proc/PID/task/TID/stat, each read through its own cached
 * descriptor. The task directory is listed only when the kernel's thread count disagrees with the threads
 * already held (a thread was born or died), so a process whose threads are stable costs one pread each.
 */
export class ThreadSampler {
  private readonly threads = new Map<number, TrackedThread>();
  private lastAt: number | null = null;
  /**
   * Read each thread's schedstat too (its run-queue wait), for the processes whose threads the lab infers
   * the GIL of (Python's): one more pread per thread, so not for every process.
   */
  scheduling: SchedstatReader | null = null;

  constructor(
    private readonly pid: number,
    private readonly reader: StatFileReader,
    private readonly clockTicks: number,
  ) {}

  /** `count` is num_threads from the process's own stat, read just before. */
  sample(count: number, now: number): ThreadSample[] {
    const elapsedMs = this.lastAt === null ? null : now - this.lastAt;
    this.lastAt = now;
    const samples: ThreadSample[] = [];
    for (const thread of this.threads.values()) {
      if (!this.reader.read(thread.fd, thread.name)) {
        this.drop(thread);
        continue;
      }
      const fields = this.reader.fields;
      const cpu = elapsedMs === null ? null : cpuPercent(fields.ticks - thread.lastTicks, this.clockTicks, elapsedMs);
      thread.lastTicks = fields.ticks;
      thread.name = fields.comm;
      const sample: ThreadSample = { tid: thread.tid, name: fields.comm, state: fields.state, cpu, cpuTimeMs: this.msOf(fields.ticks) };
      if (this.scheduling !== null) this.addScheduling(thread, sample, elapsedMs);
      samples.push(sample);
    }
    if (samples.length !== count) this.findNewThreads(samples);
    return samples;
  }

  close(): void {
    for (const thread of this.threads.values()) this.closeThread(thread);
    this.threads.clear();
    this.lastAt = null;
  }

  private findNewThreads(samples: ThreadSample[]): void {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${this.pid}/task`);
    } catch {
      return; // the process is gone; its own read will notice
    }
    for (const name of tids) {
      const tid = Number(name);
      if (this.threads.has(tid)) continue;
      const fd = this.reader.open(`/proc/${this.pid}/task/${name}/stat`);
      if (fd === null) continue; // the thread ended between the listing and the open
      if (!this.reader.read(fd)) {
        this.reader.close(fd);
        continue;
      }
      const fields = this.reader.fields;
      this.threads.set(tid, { tid, fd, lastTicks: fields.ticks, name: fields.comm, schedFd: null, lastRunNs: null, lastQueueNs: null });
      // First sight of a thread: its CPU is a difference, so unknown until the next sample.
      samples.push({ tid, name: fields.comm, state: fields.state, cpu: null, cpuTimeMs: this.msOf(fields.ticks) });
    }
  }

  /**
   * CPU and run-queue shares from schedstat's nanoseconds, over the same interval as the stat read: finer
   * than stat's 10 ms ticks, and the two add up against the interval (what is left is time asleep).
   */
  private addScheduling(thread: TrackedThread, sample: ThreadSample, elapsedMs: number | null): void {
    thread.schedFd ??= this.reader.open(`/proc/${this.pid}/task/${thread.tid}/schedstat`);
    const read = thread.schedFd === null || this.scheduling === null ? null : this.scheduling.read(thread.schedFd);
    if (read === null) return;
    if (elapsedMs !== null && elapsedMs > 0 && thread.lastRunNs !== null && thread.lastQueueNs !== null) {
      const intervalNs = elapsedMs * 1e6;
      sample.cpu = Math.max(0, ((read.runNs - thread.lastRunNs) / intervalNs) * 100);
      sample.queue = Math.max(0, ((read.queueNs - thread.lastQueueNs) / intervalNs) * 100);
    }
    thread.lastRunNs = read.runNs;
    thread.lastQueueNs = read.queueNs;
  }

  /** utime + stime are counted in clock ticks. */
  private msOf(ticks: number): number {
    return (ticks / this.clockTicks) * 1000;
  }

  private drop(thread: TrackedThread): void {
    this.closeThread(thread);
    this.threads.delete(thread.tid);
  }

  private closeThread(thread: TrackedThread): void {
    this.reader.close(thread.fd);
    if (thread.schedFd !== null) this.reader.close(thread.schedFd);
  }
}
