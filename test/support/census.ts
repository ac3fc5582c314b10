import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One process as /proc has it right now. `start` (clock ticks since boot) with the pid names it for ever. */
export interface ProcRow {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
  readonly pgrp: number;
  readonly session: number;
  readonly start: number;
}

export function readProc(pid: number): ProcRow | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]), session: Number(fields[3]), start: Number(fields[19]) };
  } catch {
    return null;
  }
}

/** Every process on the machine, from one listing of /proc. */
export function processTable(): Map<number, ProcRow> {
  const table = new Map<number, ProcRow>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const row = readProc(Number(name));
    if (row !== null) table.set(row.pid, row);
  }
  return table;
}

/** Live descendants of `root` (not itself), from one table. */
export function descendantsIn(table: ReadonlyMap<number, ProcRow>, root: number): ProcRow[] {
  const children = new Map<number, ProcRow[]>();
  for (const row of table.values()) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row]);
  const found: ProcRow[] = [];
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Zombie children of `parent`: exited, never reaped. */
export function zombiesOf(parent: number, table = processTable()): ProcRow[] {
  return [...table.values()].filter((row) => row.ppid === parent && row.state === 'Z');
}

/**
 * Everything ever seen below a root, kept by (pid, start), so that what remains can be counted after the
 * root is gone: survivors (still running), orphans among them (reparented away from what they descended
 * from), and zombies. A pid the kernel has since given to another process is not counted.
 */
export class Census {
  private readonly seen = new Map<string, ProcRow>();

  constructor(readonly root: number) {}

  /** Adds every live descendant of the root, and returns them. */
  look(table = processTable()): ProcRow[] {
    const found = descendantsIn(table, this.root);
    for (const row of found) this.seen.set(`${row.pid}@${row.start}`, row);
    return found;
  }

  get size(): number {
    return this.seen.size;
  }

  /** The processes seen that are still there now (the same processes: same pid, same start). */
  remaining(table = processTable()): { survivors: ProcRow[]; orphans: ProcRow[]; zombies: ProcRow[] } {
    const now = [...this.seen.values()].map((row) => table.get(row.pid)).filter((row): row is ProcRow => row !== undefined && this.has(row));
    const seenPids = new Set([...this.seen.values()].map((row) => row.pid));
    const survivors = now.filter((row) => row.state !== 'Z' && row.state !== 'X');
    return {
      survivors,
      orphans: survivors.filter((row) => row.ppid !== this.root && !seenPids.has(row.ppid)),
      zombies: now.filter((row) => row.state === 'Z'),
    };
  }

  has(row: ProcRow): boolean {
    return this.seen.get(`${row.pid}@${row.start}`) !== undefined;
  }
}

/** What a process's descriptors point at ("/dev/null", "socket:[123]", "pipe:[456]"), by descriptor number. */
export function descriptors(pid: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      out.set(Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

/** SIGKILL to a process, only if it is still the one seen (same start): never a stranger with a reused pid. */
export function killIfSame(row: ProcRow, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  if (readProc(row.pid)?.start !== row.start) return false;
  try {
    return process.kill(row.pid, signal);
  } catch {
    return false;
  }
}
