import { readdirSync } from 'node:fs';
import type { ThreadSample } from '../../shared/samples';
import { cpuPercent } from './proc-stat';
import type { StatFileReader } from './stat-file';

interface TrackedThread {
  readonly tid: number;
  readonly fd: number;
  lastTicks: number;
  name: string;
}

/**
 * The threads of one multithreaded process, from /proc/PID/task/TID/stat, each read through its own cached
 * descriptor. The task directory is listed only when the kernel's thread count disagrees with the threads
 * already held (a thread was born or died), so a process whose threads are stable costs one pread each.
 */
export class ThreadSampler {
  private readonly threads = new Map<number, TrackedThread>();
  private lastAt: number | null = null;

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
      samples.push({ tid: thread.tid, name: fields.comm, state: fields.state, cpu, cpuTimeMs: this.msOf(fields.ticks) });
    }
    if (samples.length !== count) this.findNewThreads(samples);
    return samples;
  }

  close(): void {
    for (const thread of this.threads.values()) this.reader.close(thread.fd);
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
      this.threads.set(tid, { tid, fd, lastTicks: fields.ticks, name: fields.comm });
      // First sight of a thread: its CPU is a difference, so unknown until the next sample.
      samples.push({ tid, name: fields.comm, state: fields.state, cpu: null, cpuTimeMs: this.msOf(fields.ticks) });
    }
  }

  /** utime + stime are counted in clock ticks. */
  private msOf(ticks: number): number {
    return (ticks / this.clockTicks) * 1000;
  }

  private drop(thread: TrackedThread): void {
    this.reader.close(thread.fd);
    this.threads.delete(thread.tid);
  }
}
