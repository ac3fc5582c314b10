import type { WorkerDescriptor } from '../worker';
import { metadata, type QuotedNames, type TraceThread } from './trace-json';

/**
 * Linux never gives a pid or tid at or above PID_MAX_LIMIT (2^22 on 64-bit kernels), so ids from here up
 * cannot collide with a real process or thread: the machine's own counters, and threads whose native tid
 * the lab does not know, get one of these, and their metadata says so ("synthetic": true).
 */
export const SYNTHETIC_ID_BASE = 4_194_304;
/** The pseudo-process that carries the machine's counters (CPU per core). */
export const MACHINE_PID = SYNTHETIC_ID_BASE;

interface KnownWorker {
  readonly name: string;
  readonly kind: WorkerDescriptor['kind'];
  readonly method: WorkerDescriptor['method'];
  pid: number | null;
  tid: number | null;
  /** Fixed the first time the worker is drawn: a trace's tracks never move. */
  thread: TraceThread | null;
}

/**
 * Who is who in the trace: each actor (a worker, or the lab itself) as the real process and thread it ran
 * as, named once with `M` metadata the first time it is drawn. A thread worker runs in the host's process
 * under its native tid; a process worker is its own process, its main thread's tid being its pid (Linux).
 * Holds one entry per worker of the run, never per fact.
 */
export class TraceIdentities {
  private readonly workers = new Map<string, KnownWorker>();
  private readonly namedProcesses = new Set<number>();
  /** Process workers by pid, so that a sample arriving before a worker is drawn names it as the worker. */
  private readonly workerOfPid = new Map<number, string>();
  private nextSynthetic = SYNTHETIC_ID_BASE + 1;
  private nextSort = 1;
  private hostPid: number;
  /** Set once a track is drawn in the host's process (or its pid was given): from then on that pid stays. */
  private hostFixed: boolean;
  /** The host's main thread, once named (asked for at every queue depth and lock event). */
  private host: TraceThread | null = null;

  constructor(
    private readonly quoted: QuotedNames,
    private readonly write: (line: string) => void,
    hostPid: number | null,
  ) {
    // Until lab.started says (a recording whose start was dropped by retention may never say), a synthetic one.
    this.hostPid = hostPid ?? this.synthetic();
    this.hostFixed = hostPid !== null;
  }

  /**
   * The host's process (its main thread's ids), named the first time anything is drawn in it: its counters
   * (queue depths), its lock tracks and the lab's instants go there as well as its thread workers.
   */
  hostProcess(): TraceThread {
    if (this.host !== null) return this.host;
    this.hostFixed = true;
    this.nameProcess(this.hostPid, 'Concurrency Lab host', false);
    return (this.host = { pid: this.hostPid, tid: this.hostPid });
  }

  /** lab.started: the host's real pid, unless one was given or a track already used another (one pid for the host). */
  labStarted(hostPid: number): void {
    if (!this.hostFixed) this.hostPid = hostPid;
  }

  starting(worker: WorkerDescriptor): void {
    this.workers.set(worker.id, { name: worker.name, kind: worker.kind, method: worker.method, pid: null, tid: null, thread: null });
  }

  spawned(workerId: string, pid: number): void {
    const worker = this.workers.get(workerId);
    if (worker === undefined) return;
    worker.pid = pid;
    if (worker.kind === 'process') this.workerOfPid.set(pid, workerId);
  }

  ready(workerId: string, pid: number, tid: number | null): void {
    const worker = this.workers.get(workerId);
    if (worker === undefined) return;
    worker.pid = pid;
    worker.tid = tid;
    if (worker.kind === 'process') this.workerOfPid.set(pid, workerId);
  }

  nameOf(actor: string): string {
    return this.workers.get(actor)?.name ?? actor;
  }

  /** The thread an actor's slices are drawn on, named (M) the first time it is asked for. */
  threadOf(actor: string): TraceThread {
    const worker = this.workers.get(actor);
    if (worker === undefined) return this.unknownActor(actor);
    if (worker.thread !== null) return worker.thread;
    let thread: TraceThread;
    let synthetic = false;
    if (worker.kind === 'thread') {
      synthetic = worker.tid === null;
      thread = { pid: this.hostProcess().pid, tid: worker.tid ?? this.synthetic() };
    } else if (worker.pid !== null) {
      thread = { pid: worker.pid, tid: worker.pid };
      this.nameProcess(worker.pid, `${worker.name} (${worker.method})`, false);
    } else {
      // A process that never got a pid (it failed to start): drawn in the host, on a thread of its own.
      synthetic = true;
      thread = { pid: this.hostProcess().pid, tid: this.synthetic() };
    }
    worker.thread = thread;
    this.nameThread(thread, worker.kind === 'thread' ? worker.name : `${worker.name} (main thread)`, synthetic);
    return thread;
  }

  /** A process seen in a sample (a worker, a shell's child, an orphan), named by what the sample calls it. */
  sampledProcess(pid: number, name: string): void {
    const workerId = this.workerOfPid.get(pid);
    if (workerId !== undefined && this.workers.get(workerId)?.thread === null) this.threadOf(workerId);
    this.nameProcess(pid, pid === this.hostPid ? 'Concurrency Lab host' : name, false);
  }

  /** The machine's pseudo-process, named the first time a counter is drawn on it. */
  machine(): number {
    this.nameProcess(MACHINE_PID, 'Machine (CPU per core)', true);
    return MACHINE_PID;
  }

  private unknownActor(actor: string): TraceThread {
    // The lab itself acts from the host's main thread; an actor whose start was not recorded, on a thread of its own.
    const known: KnownWorker = { name: actor, kind: 'thread', method: 'thread', pid: null, tid: null, thread: null };
    this.workers.set(actor, known);
    const lab = actor === 'lab';
    const host = this.hostProcess();
    const thread = lab ? host : { pid: host.pid, tid: this.synthetic() };
    known.thread = thread;
    this.nameThread(thread, lab ? 'lab (host main thread)' : `${actor} (not in the recording)`, !lab);
    return thread;
  }

  private nameProcess(pid: number, name: string, synthetic: boolean): void {
    if (this.namedProcesses.has(pid)) return;
    this.namedProcesses.add(pid);
    const thread = { pid, tid: pid };
    this.write(metadata(thread, 'process_name', `"name":${this.quoted.of(name)}${synthetic ? ',"synthetic":true' : ''}`));
    this.write(metadata(thread, 'process_sort_index', `"sort_index":${pid === MACHINE_PID ? 0 : this.nextSort++}`));
  }

  private nameThread(thread: TraceThread, name: string, synthetic: boolean): void {
    const note = synthetic ? ',"synthetic":true,"why":"the lab does not know this thread\'s native tid"' : '';
    this.write(metadata(thread, 'thread_name', `"name":${this.quoted.of(name)}${note}`));
    this.write(metadata(thread, 'thread_sort_index', `"sort_index":${this.nextSort++}`));
  }

  private synthetic(): number {
    return this.nextSynthetic++;
  }
}
