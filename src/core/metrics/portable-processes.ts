import pidusage from 'pidusage';
import si from 'systeminformation';
import type { ProcessSample } from '../../shared/samples';
import { readPsTable, type PsRow } from './ps-table';
import type { ProcessHarvest, ProcessSampler, Reparenting } from './types';

export interface PortableOptions {
  /** How often the process table is read (a child process each time, so rarely). */
  readonly discoveryPeriodMs?: number;
}

interface Known {
  readonly pid: number;
  readonly startedAt: number;
  readonly ancestors: readonly number[];
  ppid: number;
  command: string;
  orphan: boolean;
}

interface Usage {
  readonly cpu: number;
  readonly memory: number;
  readonly ctime: number;
}

/**
 * The process sampler for platforms without /proc (macOS, Windows; it runs on Linux too): descendants from
 * `ps` (systeminformation on Windows) every couple of seconds, CPU and memory from pidusage. Both run in
 * the background; `sample()` returns the latest of each without waiting.
 */
export function createPortableProcessSampler(rootPid: number, options: PortableOptions = {}): ProcessSampler {
  const discoveryPeriodMs = options.discoveryPeriodMs ?? 2000;
  const known = new Map<number, Known>();
  let usage = new Map<number, Usage>();
  let reparented: Reparenting[] = [];
  let discoveredAt = 0;
  let discovering = false;
  let measuring = false;
  let closed = false;

  const absorb = (rows: PsRow[]) => {
    const byPid = new Map(rows.map((row) => [row.pid, row]));
    const root = byPid.get(rootPid);
    if (root && !known.has(rootPid)) known.set(rootPid, { pid: rootPid, startedAt: root.startedAt, ancestors: [], ppid: root.ppid, command: root.command, orphan: false });
    for (const [pid, entry] of known) {
      const row = byPid.get(pid);
      if (row === undefined || row.startedAt !== entry.startedAt) known.delete(pid);
    }
    for (const entry of known.values()) {
      const row = byPid.get(entry.pid)!;
      if (row.ppid !== entry.ppid && entry.pid !== rootPid && !known.has(row.ppid)) {
        entry.orphan = true;
        reparented.push({ pid: entry.pid, start: entry.startedAt, name: nameOf(entry.command), fromPpid: entry.ppid, toPpid: row.ppid });
      }
      entry.ppid = row.ppid;
      entry.command = row.command;
    }
    // Parents start before their children: in start order, one pass finds every generation.
    for (const row of [...rows].sort((a, b) => a.startedAt - b.startedAt)) {
      const parent = known.get(row.ppid);
      if (known.has(row.pid) || parent === undefined) continue;
      known.set(row.pid, { pid: row.pid, startedAt: row.startedAt, ancestors: [parent.pid, ...parent.ancestors], ppid: row.ppid, command: row.command, orphan: false });
    }
  };

  const discover = async () => {
    if (discovering || closed) return;
    discovering = true;
    try {
      absorb(process.platform === 'win32' ? await windowsTable() : await readPsTable());
      discoveredAt = Date.now();
    } catch {
      // A failed look leaves the last one in place; the next period tries again.
    } finally {
      discovering = false;
    }
  };

  const measure = async () => {
    if (measuring || closed || known.size === 0) return;
    measuring = true;
    try {
      const stats = await pidusage([...known.keys()]);
      usage = new Map(Object.entries(stats).map(([pid, stat]) => [Number(pid), { cpu: stat.cpu, memory: stat.memory, ctime: stat.ctime }]));
    } catch {
      // pidusage fails as a whole when one pid vanished mid-read; the next sample retries.
    } finally {
      measuring = false;
    }
  };

  void discover();
  return {
    sample(): ProcessHarvest {
      if (Date.now() - discoveredAt >= discoveryPeriodMs) void discover();
      void measure();
      const processes: ProcessSample[] = [...known.values()].map((entry) => {
        const stat = usage.get(entry.pid);
        return {
          pid: entry.pid,
          ppid: entry.ppid,
          start: entry.startedAt,
          startedAt: entry.startedAt,
          name: nameOf(entry.command),
          command: entry.command,
          state: '?',
          cpu: stat?.cpu ?? null,
          cpuTimeMs: stat?.ctime ?? null,
          rss: stat?.memory ?? null,
          threads: null,
          orphan: entry.orphan,
        };
      });
      const moved = reparented;
      reparented = [];
      return { processes, reparented: moved };
    },
    descendantsOf(pid: number): number[] {
      return [...known.values()]
        .filter((entry) => entry.ancestors.includes(pid))
        .sort((a, b) => b.ancestors.length - a.ancestors.length)
        .map((entry) => entry.pid);
    },
    trackedPids: () => [...known.keys()].filter((pid) => pid !== rootPid),
    close: () => {
      closed = true;
      pidusage.clear();
    },
  };
}

function nameOf(command: string): string {
  const program = command.split(' ')[0] ?? command;
  return program.split(/[\\/]/).at(-1) ?? program;
}

async function windowsTable(): Promise<PsRow[]> {
  const data = await si.processes();
  return data.list.map((p) => ({ pid: p.pid, ppid: p.parentPid, startedAt: Date.parse(p.started) || 0, command: p.command || p.name }));
}
