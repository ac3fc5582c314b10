import { execFile, execFileSync } from 'node:child_process';

/** One row of the process table as `ps` reports it. */
export interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  /** Start time, epoch ms, to the second: with the pid, the identity of a process. */
  readonly startedAt: number;
  readonly command: string;
}

/**
 * `args` rather than `comm`: the lab shows the whole command line, and the program's name is its first word.
 * `lstart` is the only start time that Linux and macOS print the same way (with LC_ALL=C).
 */
const PS_ARGS = ['-A', '-o', 'pid=,ppid=,lstart=,args='];
const PS_OPTIONS = { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' } as const;
const ROW = /^\s*(\d+)\s+(\d+)\s+(\w{3}\s+\w{3}\s+\d+\s+[\d:]+\s+\d{4})\s+(.*)$/;

/** Parses `ps -A -o pid=,ppid=,lstart=,args=` output (lstart like "Tue Nov 24 09:02:01 2026", local time). */
export function parsePsTable(text: string): PsRow[] {
  const rows: PsRow[] = [];
  for (const line of text.split('\n')) {
    const match = ROW.exec(line);
    if (!match) continue;
    const startedAt = Date.parse(match[3]!.replace(/\s+/g, ' '));
    rows.push({ pid: Number(match[1]), ppid: Number(match[2]), startedAt: Number.isNaN(startedAt) ? 0 : startedAt, command: match[4]!.trim() });
  }
  return rows;
}

/** One `ps` run in the background: a child process, so it runs every few seconds, never per sample. */
export function readPsTable(): Promise<PsRow[]> {
  return new Promise((resolve, reject) => {
    execFile('ps', PS_ARGS, PS_OPTIONS, (error, stdout) => (error ? reject(error) : resolve(parsePsTable(stdout))));
  });
}

/** The same, blocking: only for a fresh look that cannot wait (finding a tree to terminate). */
export function readPsTableSync(): PsRow[] {
  return parsePsTable(execFileSync('ps', PS_ARGS, { ...PS_OPTIONS, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }));
}
