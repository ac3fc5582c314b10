import { readdirSync, readFileSync } from 'node:fs';
import type { ThreadSample } from '../../shared/samples';
import { parseStat } from './proc-stat';

/**
 * The threads of one process from /proc/PID/task, with CPU from per-thread tick deltas. A single-threaded
 * process needs no extra read: its only thread is the process itself.
 */
export class ThreadReader {
  private readonly lastTicks = new Map<number, number>();

  constructor(private readonly pid: number) {}

  read(elapsedMs: number | null, toPercent: (ticks: number, ms: number) => number): ThreadSample[] {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${this.pid}/task`);
    } catch {
      return [];
    }
    const threads: ThreadSample[] = [];
    const seen = new Set<number>();
    for (const name of tids) {
      const tid = Number(name);
      let text: string;
      try {
        text = readFileSync(`/proc/${this.pid}/task/${name}/stat`, 'latin1');
      } catch {
        continue; // the thread ended between the listing and the read
      }
      const stat = parseStat(text);
      if (stat === null) continue;
      seen.add(tid);
      const before = this.lastTicks.get(tid);
      this.lastTicks.set(tid, stat.ticks);
      const cpu = before === undefined || elapsedMs === null ? null : toPercent(stat.ticks - before, elapsedMs);
      threads.push({ tid, name: stat.comm, state: stat.state, cpu });
    }
    for (const tid of this.lastTicks.keys()) if (!seen.has(tid)) this.lastTicks.delete(tid);
    return threads;
  }
}
