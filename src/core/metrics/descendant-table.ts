import type { PsRow } from './ps-table';
import type { ProcessOwner, Reparenting } from './types';

/**
 * `ps` prints start times to the second, and older procps derived them from the uptime, so one process can
 * show a start one second apart in two runs: within this, two starts are the same process.
 */
const SAME_START_MS = 1000;

export interface Descendant {
  readonly pid: number;
  /** The start first seen, epoch ms: kept so that (pid, start) names the process steadily. */
  readonly start: number;
  /** Pids above it when it was found, nearest first: an orphan still belongs to the tree it came from. */
  readonly ancestors: readonly number[];
  ppid: number;
  command: string;
  name: string;
  orphan: boolean;
  /** Whose it is (types.ts): from a claim on a child of the root, passed down to what it starts. */
  owner: ProcessOwner | null;
}

/** A claim on a child of the root that no table has shown yet. */
interface Claim {
  readonly owner: ProcessOwner;
  /** Epoch ms of the claim: the process started just before it (within a table's precision). */
  readonly at: number;
}

/** A claim no table has matched after this long names a process gone before any table saw it. */
const CLAIM_KEPT_MS = 60_000;

/**
 * The root and its descendants, kept up to date from whole process tables (`ps`, systeminformation) read
 * every few seconds. Pure bookkeeping, so it is tested with hand-written tables.
 */
export class DescendantTable {
  private readonly known = new Map<number, Descendant>();
  private reparented: Reparenting[] = [];
  private readonly claims = new Map<number, Claim>();

  constructor(private readonly rootPid: number) {}

  /** A child the root has just started for a worker (`at`, epoch ms): it and what it starts are the worker's. */
  claim(pid: number, owner: ProcessOwner, at: number): void {
    for (const [other, claim] of this.claims) if (claim.at + CLAIM_KEPT_MS < at) this.claims.delete(other);
    const known = this.known.get(pid);
    if (known === undefined) return void this.claims.set(pid, { owner, at });
    known.owner = owner;
    for (const entry of this.known.values()) if (entry.ancestors.includes(pid) && entry.start + SAME_START_MS >= known.start) entry.owner = owner;
  }

  absorb(rows: readonly PsRow[]): void {
    const byPid = new Map(rows.map((row) => [row.pid, row]));
    const rootRow = byPid.get(this.rootPid);
    if (rootRow !== undefined && !this.known.has(this.rootPid)) this.known.set(this.rootPid, describe(rootRow, [], null));
    // Gone, or the pid now names another process.
    for (const [pid, entry] of this.known) {
      const row = byPid.get(pid);
      if (row === undefined || Math.abs(row.startedAt - entry.start) > SAME_START_MS) this.known.delete(pid);
    }
    for (const entry of this.known.values()) {
      const row = byPid.get(entry.pid)!;
      if (row.ppid !== entry.ppid) this.noticeNewParent(entry, row.ppid);
      entry.command = row.command;
      entry.name = nameOf(row.command);
    }
    this.adoptNewcomers(rows);
  }

  /** A process known to be gone before the next table (its usage could not be read). */
  forget(pid: number): void {
    if (pid !== this.rootPid) this.known.delete(pid);
  }

  has(pid: number): boolean {
    return this.known.has(pid);
  }

  entry(pid: number): Descendant | undefined {
    return this.known.get(pid);
  }

  entries(): IterableIterator<Descendant> {
    return this.known.values();
  }

  pids(): number[] {
    return [...this.known.keys()];
  }

  /** Deepest first, so that terminating in this order never leaves a child to be reparented. */
  descendantsOf(pid: number): number[] {
    return [...this.known.values()]
      .filter((entry) => entry.ancestors.includes(pid))
      .sort((a, b) => b.ancestors.length - a.ancestors.length)
      .map((entry) => entry.pid);
  }

  takeReparented(): Reparenting[] {
    const reparented = this.reparented;
    this.reparented = [];
    return reparented;
  }

  /**
   * Breadth first from what is known, rather than in start order: starts are whole seconds, so a parent
   * and the child it started in the same second cannot be told apart by start.
   */
  private adoptNewcomers(rows: readonly PsRow[]): void {
    const children = new Map<number, PsRow[]>();
    for (const row of rows) {
      const siblings = children.get(row.ppid);
      if (siblings === undefined) children.set(row.ppid, [row]);
      else siblings.push(row);
    }
    const queue = [...this.known.keys()];
    for (let parentPid = queue.pop(); parentPid !== undefined; parentPid = queue.pop()) {
      const parent = this.known.get(parentPid)!;
      for (const row of children.get(parentPid) ?? []) {
        // A child cannot start before its parent: if it seems to, the parent's pid was reused.
        if (this.known.has(row.pid) || row.startedAt + SAME_START_MS < parent.start) continue;
        this.known.set(row.pid, describe(row, [parent.pid, ...parent.ancestors], this.ownerOf(row, parent)));
        queue.push(row.pid);
      }
    }
  }

  /** A claimed child of the root (one that started by the time of its claim) is its worker's; a descendant, its parent's. */
  private ownerOf(row: PsRow, parent: Descendant): ProcessOwner | null {
    if (parent.pid !== this.rootPid) return parent.owner;
    const claim = this.claims.get(row.pid);
    if (claim === undefined || row.startedAt > claim.at + SAME_START_MS) return null;
    this.claims.delete(row.pid);
    return claim.owner;
  }

  private noticeNewParent(entry: Descendant, ppid: number): void {
    const fromPpid = entry.ppid;
    entry.ppid = ppid;
    if (entry.pid === this.rootPid || this.known.has(ppid)) return;
    entry.orphan = true;
    this.reparented.push({ pid: entry.pid, start: entry.start, name: entry.name, fromPpid, toPpid: ppid });
  }
}

function describe(row: PsRow, ancestors: readonly number[], owner: ProcessOwner | null): Descendant {
  return { pid: row.pid, start: row.startedAt, ancestors, ppid: row.ppid, command: row.command, name: nameOf(row.command), orphan: false, owner };
}

/** The program's file name: the first word of the command line, without its directory. */
export function nameOf(command: string): string {
  const program = command.split(' ')[0] ?? command;
  return program.split(/[\\/]/).at(-1) || program;
}
