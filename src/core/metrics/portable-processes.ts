import pidusage from 'pidusage';
import si from 'systeminformation';
import type { ProcessSample } from '../../shared/samples';
import { systemClock, type Clock } from '../clock';
import { DescendantTable } from './descendant-table';
import { readPsTable, readPsTableSync, type PsRow } from './ps-table';
import type { ProcessHarvest, ProcessSampler } from './types';

export interface PortableProcessSamplerOptions {
  /** How often the whole process table is read: a child process (`ps`, PowerShell) each time. */
  readonly discoveryPeriodMs?: number;
  /** How often CPU and memory are read with pidusage: on macOS and Windows also a child process each time. */
  readonly usagePeriodMs?: number;
  readonly clock?: Pick<Clock, 'monotonic'>;
}

interface Usage {
  /** The process the figures belong to, in case its pid was reused since. */
  readonly start: number;
  readonly cpu: number | null;
  readonly memory: number;
  readonly ctime: number;
}

/**
 * The process sampler where there is no /proc (macOS, Windows; it runs on Linux too, for tests):
 * descendants from `ps` (systeminformation on Windows), CPU and memory from pidusage. Both can only be
 * had asynchronously and through child processes, so they refresh in the background at their own lower
 * rates and `sample()` returns the latest of each at once. Threads are not visible here.
 */
export function createPortableProcessSampler(rootPid: number, options: PortableProcessSamplerOptions = {}): ProcessSampler {
  const discoveryPeriodMs = options.discoveryPeriodMs ?? 2000;
  const usagePeriodMs = options.usagePeriodMs ?? 1000;
  const clock = options.clock ?? systemClock;
  const table = new DescendantTable(rootPid);
  let usage = new Map<number, Usage>();
  let discoveredAt = Number.NEGATIVE_INFINITY;
  let measuredAt = Number.NEGATIVE_INFINITY;
  let discovering = false;
  let measuring = false;
  let closed = false;

  const discover = async (): Promise<void> => {
    if (discovering || closed) return;
    discovering = true;
    discoveredAt = clock.monotonic();
    try {
      const rows = await readProcessTable();
      if (!closed) table.absorb(rows);
    } catch {
      // A failed look leaves the last one in place; the next period tries again.
    } finally {
      discovering = false;
    }
  };

  const measure = async (): Promise<void> => {
    const pids = table.pids();
    if (measuring || closed || pids.length === 0) return;
    const asked = new Set(pids);
    measuring = true;
    measuredAt = clock.monotonic();
    try {
      const stats = await readUsage(pids);
      if (closed) return;
      const next = new Map<number, Usage>();
      for (const entry of table.entries()) {
        const stat = stats.get(entry.pid);
        if (stat === undefined) {
          // pidusage could not find it: gone, sooner than the next table would say.
          if (asked.has(entry.pid)) table.forget(entry.pid);
          continue;
        }
        const before = usage.get(entry.pid);
        // First sight: pidusage's figure is an average since the process started, not a current load.
        const cpu = before !== undefined && before.start === entry.start ? stat.cpu : null;
        next.set(entry.pid, { start: entry.start, cpu, memory: stat.memory, ctime: stat.ctime });
      }
      usage = next;
    } finally {
      measuring = false;
    }
  };

  /** A fresh table, blocking; Windows has no quick synchronous one, so there the last one is used. */
  const lookAgain = () => {
    if (process.platform === 'win32' || closed) return;
    try {
      table.absorb(readPsTableSync());
    } catch {
      // Fall back on the last table.
    }
  };

  void discover();
  return {
    sample(): ProcessHarvest {
      const now = clock.monotonic();
      if (now - discoveredAt >= discoveryPeriodMs) void discover();
      if (now - measuredAt >= usagePeriodMs) void measure();
      const processes: ProcessSample[] = [];
      for (const entry of table.entries()) {
        const measured = usage.get(entry.pid);
        const stat = measured !== undefined && measured.start === entry.start ? measured : undefined;
        processes.push({
          pid: entry.pid,
          ppid: entry.ppid,
          start: entry.start,
          startedAt: entry.start,
          name: entry.name,
          command: entry.command,
          state: '?',
          cpu: stat?.cpu ?? null,
          cpuTimeMs: stat?.ctime ?? null,
          rss: stat?.memory ?? null,
          threads: null,
          orphan: entry.orphan,
        });
      }
      return { processes, reparented: table.takeReparented() };
    },
    descendantsOf(pid: number): number[] {
      // A fresh look, blocking: it is asked for when a tree is about to be terminated, where missing a child
      // born since the last table matters more than a few ms.
      lookAgain();
      return table.descendantsOf(pid);
    },
    trackedPids: () => table.pids().filter((pid) => pid !== rootPid),
    claim: (pid, owner) => table.claim(pid, owner, Date.now()),
    // ps shows no thread's children: a child a thread worker's script starts itself is nobody's here.
    claimThread: () => undefined,
    // ps shows no threads: no GIL to infer.
    watchScheduling: () => undefined,
    boundProcesses: (fresh) => {
      if (closed) return [];
      if (fresh) lookAgain();
      return [...table.entries()].filter((entry) => entry.owner !== null && !entry.owner.detached).map(({ pid, start }) => ({ pid, start }));
    },
    trackedProcess: (pid) => {
      if (closed || pid === rootPid) return null;
      // Fresh, for a signal is about to be sent: a process gone since the last table must not be named.
      lookAgain();
      const entry = table.entry(pid);
      // ps gives no session here: every process counts as the host's.
      return entry === undefined ? null : { start: entry.start, name: entry.name, owner: entry.owner, otherSession: false };
    },
    close: () => {
      // pidusage.clear() is not called: it drops the history without closing the descriptors pidusage keeps
      // on Linux, whereas its own expiry (60 s, on an unref'd timer) closes them.
      closed = true;
    },
  };
}

function readProcessTable(): Promise<PsRow[]> {
  return process.platform === 'win32' ? windowsTable() : readPsTable();
}

async function windowsTable(): Promise<PsRow[]> {
  const data = await si.processes();
  return data.list.map((row) => ({
    pid: row.pid,
    ppid: row.parentPid,
    startedAt: Date.parse(row.started) || 0,
    command: [row.command || row.name, row.params].filter(Boolean).join(' '),
  }));
}

/**
 * pidusage fails a whole batch on some platforms when one pid has exited in the meantime (macOS `ps -p`
 * exits 1, for one): then each pid is asked alone, and the missing ones are left out.
 */
async function readUsage(pids: number[]): Promise<Map<number, { cpu: number; memory: number; ctime: number }>> {
  const found = new Map<number, { cpu: number; memory: number; ctime: number }>();
  try {
    const stats = await pidusage(pids);
    for (const pid of pids) {
      const stat = stats[pid];
      if (stat) found.set(pid, stat);
    }
  } catch {
    const results = await Promise.allSettled(pids.map((pid) => pidusage(pid)));
    results.forEach((result, index) => {
      if (result.status === 'fulfilled' && result.value) found.set(pids[index]!, result.value);
    });
  }
  return found;
}
