import { readdirSync, readFileSync } from 'node:fs';
import type { MemorySample, ProcessSample, ThreadSample } from '../../shared/samples';
import { systemClock, type Clock } from '../clock';
import { ForkCounter } from './fork-counter';
import { readLinuxHost, type LinuxHost } from './linux-host';
import { ThreadSampler } from './linux-threads';
import { SchedstatReader } from './schedstat';
import { readSmapsRollup } from './smaps-rollup';
import { cpuPercent, parseCmdline, type StatFields } from './proc-stat';
import { StatFileReader } from './stat-file';
import { ThreadOwners } from './thread-owners';
import type { ProcessHarvest, ProcessIdentity, ProcessOwner, ProcessSampler, Reparenting, TrackedProcess } from './types';

/**
 * Processes that are not ours are looked at again about this often: within one period their PID could
 * have been freed and handed to a new descendant without the listing ever showing a gap.
 */
const FOREIGN_RECHECK_MS = 10_000;
/** Python processes watched at once; far above what the lab runs (it caps its workers), bounding a flood of hellos. */
const MAX_SCHEDULED = 4096;
/** How often a Python process's smaps_rollup is read again: memory moves slowly, and the read walks page tables. */
const MEMORY_PERIOD_MS = 2_000;

export interface LinuxProcessSamplerOptions {
  readonly host?: LinuxHost;
  readonly clock?: Pick<Clock, 'monotonic'>;
}

interface TrackedEntry {
  readonly pid: number;
  readonly start: number;
  /** /proc/PID/stat, opened once: bound to this (pid, start) for good. */
  readonly fd: number;
  /** Pids above it when it was found, nearest first: an orphan still belongs to the tree it came from. */
  readonly ancestors: readonly number[];
  name: string;
  command: string;
  /** The command line is read again at the second sighting: the first may precede the child's exec. */
  commandSettled: boolean;
  ppid: number;
  session: number;
  /** Whose it is (types.ts), from the claim on a child of the root, passed down to what it starts. */
  owner: ProcessOwner | null;
  orphan: boolean;
  lastTicks: number | null;
  lastAt: number;
  threads: ThreadSampler | null;
  /** smaps_rollup's last reading and when (Python processes only: smaps-rollup.ts). */
  memory: MemorySample | null;
  memoryAt: number | null;
}

interface ForeignProcess {
  /** The discovery pass that last listed it: one not listed in the latest pass has exited. */
  listedInPass: number;
  recheckAt: number;
}

interface Newcomer {
  readonly pid: number;
  readonly fd: number;
  readonly fields: StatFields;
}

/**
 * The lab's process sampler on Linux. Discovery lists /proc (each sample where anything forked since the
 * last listing) and reads a newcomer's stat once to learn its parent; tracked processes are then read
 * through cached descriptors (stat-file.ts). Nothing is spawned per sample.
 */
export function createLinuxProcessSampler(rootPid: number, options: LinuxProcessSamplerOptions = {}): ProcessSampler {
  return new LinuxProcessSampler(rootPid, options.host ?? readLinuxHost(), options.clock ?? systemClock);
}

class LinuxProcessSampler implements ProcessSampler {
  private readonly tracked = new Map<number, TrackedEntry>();
  private readonly foreign = new Map<number, ForeignProcess>();
  private readonly reader = new StatFileReader();
  private readonly forks = new ForkCounter();
  /** The fork count at the last complete listing; null forces the next listing. */
  private forksListed: number | null = null;
  private pass = 0;
  private reparented: Reparenting[] = [];
  private readonly threadOwners: ThreadOwners;
  /** Pids whose threads' schedstat is read (Python processes: watchScheduling), tracked yet or not. */
  private readonly scheduled = new Set<number>();
  private readonly schedstat = new SchedstatReader();
  private readonly smapsBuffer = Buffer.alloc(4096);
  private closed = false;

  constructor(
    private readonly rootPid: number,
    private readonly host: LinuxHost,
    private readonly clock: Pick<Clock, 'monotonic'>,
  ) {
    const root = this.look(rootPid);
    if (root === null) throw new Error(`cannot read /proc/${rootPid}/stat: no process to sample`);
    this.track(root, [], clock.monotonic(), null);
    this.threadOwners = new ThreadOwners(rootPid);
  }

  claim(pid: number, owner: ProcessOwner): void {
    if (this.closed) return;
    const known = this.tracked.get(pid);
    if (known !== undefined) return this.own(known, owner);
    // Tracked at once: what it starts is found below it, and inherits its owner, from the next sample on.
    const newcomer = this.look(pid);
    if (newcomer === null) return; // gone already
    if (newcomer.fields.ppid !== this.rootPid) return this.reader.close(newcomer.fd);
    this.foreign.delete(pid);
    this.track(newcomer, [this.rootPid], this.clock.monotonic(), owner);
  }

  claimThread(tid: number, owner: ProcessOwner | null): void {
    this.threadOwners.set(tid, owner);
  }

  watchScheduling(pid: number): void {
    // A hello may come before the process is found; a pid never found stays until the bound makes room.
    if (this.closed || this.scheduled.size >= MAX_SCHEDULED) return;
    this.scheduled.add(pid);
    const threads = this.tracked.get(pid)?.threads;
    if (threads) threads.scheduling = this.schedstat;
  }

  /** A claim on a process found before it: it and what was found below it since are the owner's. */
  private own(claimed: TrackedEntry, owner: ProcessOwner): void {
    claimed.owner = owner;
    for (const tracked of this.tracked.values()) if (tracked.ancestors.includes(claimed.pid) && tracked.start >= claimed.start) tracked.owner = owner;
  }

  sample(): ProcessHarvest {
    if (this.closed) return { processes: [], reparented: [] };
    const now = this.clock.monotonic();
    const processes: ProcessSample[] = [];
    this.readTracked(now, processes);
    this.discover(now, processes, false);
    const reparented = this.reparented;
    this.reparented = [];
    return { processes, reparented };
  }

  descendantsOf(pid: number): number[] {
    if (this.closed) return [];
    // A fresh look: drop the dead, then find children born since the last sample. Reparentings noticed
    // here are reported with the next harvest; CPU deltas simply span the longer interval.
    const now = this.clock.monotonic();
    this.readTracked(now, null);
    this.discover(now, null, true);
    const found: TrackedEntry[] = [];
    for (const tracked of this.tracked.values()) if (tracked.ancestors.includes(pid)) found.push(tracked);
    return found.sort((a, b) => b.ancestors.length - a.ancestors.length).map((tracked) => tracked.pid);
  }

  trackedPids(): number[] {
    return [...this.tracked.keys()].filter((pid) => pid !== this.rootPid);
  }

  boundProcesses(fresh: boolean): ProcessIdentity[] {
    if (this.closed) return [];
    if (fresh) {
      const now = this.clock.monotonic();
      this.readTracked(now, null);
      this.discover(now, null, true);
    }
    const session = this.tracked.get(this.rootPid)?.session;
    const bound: ProcessIdentity[] = [];
    for (const { pid, start, owner, session: own } of this.tracked.values()) if (owner !== null && !owner.detached && own === session) bound.push({ pid, start });
    return bound;
  }

  trackedProcess(pid: number): TrackedProcess | null {
    const tracked = this.tracked.get(pid);
    if (this.closed || tracked === undefined || pid === this.rootPid) return null;
    // Read through its own descriptor: a process that has exited (or a zombie) is no longer there to act on.
    const fields = this.reader.fields;
    if (!this.reader.read(tracked.fd, tracked.name) || fields.start !== tracked.start || fields.state === 'Z' || fields.state === 'X') return null;
    tracked.session = fields.session;
    const otherSession = fields.session !== this.tracked.get(this.rootPid)?.session;
    return { start: tracked.start, name: tracked.name, owner: tracked.owner, otherSession };
  }

  close(): void {
    if (this.closed) return; // a second close could hit descriptor numbers reused since
    this.closed = true;
    for (const tracked of this.tracked.values()) this.release(tracked);
    this.tracked.clear();
    this.foreign.clear();
    this.forks.close();
  }

  /** Reads every tracked process; `out` null is a liveness check only (no samples, CPU baselines kept). */
  private readTracked(now: number, out: ProcessSample[] | null): void {
    const fields = this.reader.fields;
    for (const tracked of this.tracked.values()) {
      if (!this.reader.read(tracked.fd, tracked.name) || fields.start !== tracked.start) {
        this.forget(tracked);
        continue;
      }
      // The name first, so that a reparenting reports the program that runs now.
      if (fields.comm !== tracked.name || !tracked.commandSettled) this.refreshCommand(tracked, fields.comm);
      if (fields.ppid !== tracked.ppid) this.noticeNewParent(tracked, fields.ppid, fields.state);
      tracked.session = fields.session;
      if (out !== null) out.push(this.toSample(tracked, fields, now));
    }
  }

  /**
   * Newcomers in /proc whose parent we track become tracked; the others are remembered as foreign. Unless
   * `fresh`, the listing is skipped while no fork has happened since the last one (fork-counter.ts).
   */
  private discover(now: number, out: ProcessSample[] | null, fresh: boolean): void {
    const forks = this.forks.read();
    if (!fresh && forks !== null && forks === this.forksListed) return;
    this.forksListed = forks;
    const pass = ++this.pass;
    let newcomers: Newcomer[] | null = null;
    for (const name of readdirSync('/proc')) {
      const first = name.charCodeAt(0);
      if (first < 0x30 || first > 0x39) continue; // not a pid: self, stat, sys...
      const pid = Number(name);
      if (this.tracked.has(pid)) continue;
      const foreign = this.foreign.get(pid);
      if (foreign !== undefined) {
        foreign.listedInPass = pass;
        if (now < foreign.recheckAt) continue;
        this.foreign.delete(pid);
      }
      const newcomer = this.look(pid);
      if (newcomer !== null) (newcomers ??= []).push(newcomer);
      // Exited already, or out of descriptors: undecided, so the next sample lists again.
      else this.forksListed = null;
    }
    for (const [pid, foreign] of this.foreign) if (foreign.listedInPass !== pass) this.foreign.delete(pid);
    if (newcomers !== null) this.adopt(newcomers, pass, now, out);
  }

  /**
   * Tracks the newcomers whose parent is tracked, parents before children: in start order, and again
   * until nothing changes, because starts are clock ticks (10 ms) and a shell and the child it forked at
   * once share one. The rest are foreign.
   */
  private adopt(newcomers: Newcomer[], pass: number, now: number, out: ProcessSample[] | null): void {
    newcomers.sort((a, b) => a.fields.start - b.fields.start);
    // The root's new children that threads of workers started themselves, looked up once, if there are any.
    let startedByThreads: Map<number, ProcessOwner> | null = null;
    const ownerOf = (newcomer: Newcomer, parent: TrackedEntry): ProcessOwner | null => {
      if (parent.pid !== this.rootPid) return parent.owner;
      startedByThreads ??= this.threadOwners.childrenNow();
      return startedByThreads.get(newcomer.pid) ?? null;
    };
    let undecided = newcomers;
    for (let adopted = true; adopted; ) {
      adopted = false;
      const left: Newcomer[] = [];
      for (const newcomer of undecided) {
        const parent = this.tracked.get(newcomer.fields.ppid);
        // A parent that started after its child is a stranger who got the parent's pid.
        if (parent === undefined || parent.start > newcomer.fields.start) {
          left.push(newcomer);
          continue;
        }
        const tracked = this.track(newcomer, [parent.pid, ...parent.ancestors], now, ownerOf(newcomer, parent));
        if (out !== null) out.push(this.toSample(tracked, newcomer.fields, now));
        adopted = true;
      }
      undecided = left;
    }
    for (const newcomer of undecided) {
      this.reader.close(newcomer.fd);
      this.foreign.set(newcomer.pid, { listedInPass: pass, recheckAt: now + recheckDelay(newcomer.pid) });
    }
  }

  /** Opens a process's stat and reads it through that very descriptor, so what was read is what is held. */
  private look(pid: number): Newcomer | null {
    const fd = this.reader.open(`/proc/${pid}/stat`);
    if (fd === null) return null;
    if (!this.reader.read(fd)) {
      this.reader.close(fd);
      return null;
    }
    return { pid, fd, fields: { ...this.reader.fields } };
  }

  private track(newcomer: Newcomer, ancestors: readonly number[], now: number, owner: ProcessOwner | null): TrackedEntry {
    const { pid, fd, fields } = newcomer;
    const tracked: TrackedEntry = {
      pid,
      start: fields.start,
      fd,
      ancestors,
      name: fields.comm,
      command: readCommand(pid, fields.comm),
      commandSettled: false,
      ppid: fields.ppid,
      session: fields.session,
      owner,
      orphan: false,
      lastTicks: null,
      lastAt: now,
      threads: null,
      memory: null,
      memoryAt: null,
    };
    this.tracked.set(pid, tracked);
    return tracked;
  }

  private forget(tracked: TrackedEntry): void {
    this.release(tracked);
    this.tracked.delete(tracked.pid);
    this.scheduled.delete(tracked.pid);
  }

  private release(tracked: TrackedEntry): void {
    this.reader.close(tracked.fd);
    tracked.threads?.close();
  }

  /**
   * A new parent that we do not track means the old one died and the kernel handed this process to init or
   * a subreaper. It stays tracked (the lab started it, the user should still see and stop it). A zombie is
   * handed over too when its parent dies before reaping it, but it is already dead: no orphan to report.
   */
  private noticeNewParent(tracked: TrackedEntry, ppid: number, state: string): void {
    const fromPpid = tracked.ppid;
    tracked.ppid = ppid;
    if (tracked.pid === this.rootPid || this.tracked.has(ppid) || state === 'Z' || state === 'X') return;
    tracked.orphan = true;
    this.reparented.push({ pid: tracked.pid, start: tracked.start, name: tracked.name, fromPpid, toPpid: ppid });
  }

  /**
   * A new name means a new program (exec): its command line changed too. And a child found between fork and
   * exec still shows its parent's arguments, under the same name if node forked node: so the command line is
   * read again at the second sighting, whatever the name.
   */
  private refreshCommand(tracked: TrackedEntry, comm: string): void {
    const execed = comm !== tracked.name;
    if (!execed && tracked.lastTicks === null) return; // still the first sighting
    tracked.name = comm;
    tracked.command = readCommand(tracked.pid, comm);
    tracked.commandSettled = true;
  }

  private toSample(tracked: TrackedEntry, fields: StatFields, now: number): ProcessSample {
    const { clockTicks, pageSize, bootTimeMs } = this.host;
    const cpu = tracked.lastTicks === null ? null : cpuPercent(fields.ticks - tracked.lastTicks, clockTicks, now - tracked.lastAt);
    tracked.lastTicks = fields.ticks;
    tracked.lastAt = now;
    const sample: ProcessSample = {
      pid: tracked.pid,
      ppid: fields.ppid,
      start: fields.start,
      startedAt: bootTimeMs + (fields.start / clockTicks) * 1000,
      name: fields.comm,
      command: tracked.command,
      state: fields.state,
      cpu,
      cpuTimeMs: (fields.ticks / clockTicks) * 1000,
      rss: fields.rssPages * pageSize,
      threads: null,
      orphan: tracked.orphan,
    };
    // Last, because reading threads overwrites the shared record `fields` points to.
    sample.threads = this.threadsOf(tracked, fields, cpu, now);
    const memory = this.memoryOf(tracked, now);
    if (memory !== null) sample.memory = memory;
    return sample;
  }

  /** A watched Python process's smaps_rollup, read again at most every MEMORY_PERIOD_MS (the kernel walks its pages). */
  private memoryOf(tracked: TrackedEntry, now: number): MemorySample | null {
    if (!this.scheduled.has(tracked.pid)) return null;
    if (tracked.memoryAt === null || now - tracked.memoryAt >= MEMORY_PERIOD_MS) {
      tracked.memoryAt = now;
      tracked.memory = readSmapsRollup(tracked.pid, this.smapsBuffer);
    }
    return tracked.memory;
  }

  /** A single-threaded process is its own only thread: no extra read (unless its scheduling is watched). */
  private threadsOf(tracked: TrackedEntry, fields: StatFields, cpu: number | null, now: number): ThreadSample[] {
    // A watched Python process is read thread by thread even when it has one: its run-queue wait is the
    // other half of the threads-vs-processes comparison (a process that wants a whole core).
    if (fields.threads <= 1 && !this.scheduled.has(tracked.pid)) {
      tracked.threads?.close();
      tracked.threads = null;
      return [{ tid: tracked.pid, name: fields.comm, state: fields.state, cpu, cpuTimeMs: (fields.ticks / this.host.clockTicks) * 1000 }];
    }
    if (tracked.threads === null) {
      tracked.threads = new ThreadSampler(tracked.pid, this.reader, this.host.clockTicks);
      if (this.scheduled.has(tracked.pid)) tracked.threads.scheduling = this.schedstat;
    }
    return tracked.threads.sample(fields.threads, now);
  }
}

/** Spread over 5..10 s by pid, so the foreign processes of one first pass are not all re-read at once. */
function recheckDelay(pid: number): number {
  return FOREIGN_RECHECK_MS * (0.5 + (pid % 101) / 200);
}

/** NUL-separated arguments joined by spaces; `[comm]` for kernel threads, zombies and unreadable ones. */
function readCommand(pid: number, comm: string): string {
  try {
    return parseCmdline(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), comm);
  } catch {
    return `[${comm}]`;
  }
}
