import { execFile } from 'node:child_process';

/** One row of the process table as `ps` reports it. */
export interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  /** Start time, epoch ms (second resolution): with the pid, the identity of a process. */
  readonly startedAt: number;
  readonly command: string;
}

const ROW = /^\s*(\d+)\s+(\d+)\s+(\w{3}\s+\w{3}\s+\d+\s+[\d:]+\s+\d{4})\s+(.*)$/;

/** Parses `ps -A -o pid=,ppid=,lstart=,args=` (Linux and macOS print lstart the same way). */
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

/** One `ps` run: a child process, so it is used at a low rate and never in the sampling loop itself. */
export function readPsTable(): Promise<PsRow[]> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,lstart=,args='], { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout) =>
      error ? reject(error) : resolve(parsePsTable(stdout)),
    );
  });
}
