import { constants } from 'node:os';
import { basename } from 'node:path';
import { SYNC_FACT_ARGS, type SyncFact, type SyncFactOp } from '../../shared/facts';
import { onMicrosecondGrid } from '../../shared/fact-encoding';
import { foldFact, PrimitiveFold } from '../../shared/primitive-fold';
import type { LabEventBody } from '../../shared/protocol';
import type { JoinTarget, JoinWait } from '../../shared/joins';
import type { PythonFact, PythonHello, PythonPrimitiveKind, PythonPrimitiveParams } from '../../shared/python-wire';
import type { PrimitiveSnapshot } from '../../shared/sync';
import type { Clock } from '../clock';
import { PY_MERGE_HOLD_MS, PY_MERGE_WAIT_MS } from './fact-merge';
import { FreeNames, labelOf, observedSpec } from './observed-primitives';
import { ObservedRoom, PY_ENDED_PROCESSES_KEPT, PY_PRIMITIVES_SHOWN } from './observed-room';
import { snapshotsOf } from './observed-snapshots';
import type { PythonConnectionHandler } from './python-listener';
import type { ObservedTarget } from './observed-controls';
import { ObservedDicts, type DataKeyHow } from './observed-dicts';
import { RemoteQueues } from './remote-queues';
import { PythonJoins } from './python-joins';
import { PythonPools } from './python-pools';
import { StartLatencies, type StartMeasure } from './start-latency';

/** Threads of one process shown as workers; more are still actors of facts, with no row of their own. */
export const PY_THREADS_SHOWN = 512;
/** Ended threads of one process kept in the lists; older ones are closed (they leave, as Process.close()). */
export const PY_ENDED_THREADS_KEPT = 64;
/** Python processes observed at once (the listener's bound on connections is the same). */
export const PY_PROCESSES_MAX = 1_024;
/**
 * How long a process whose stream ended without its exit code (a signal) waits for its parent to say what
 * it reaped (`process.reaped`) before its end is told as not known, and how long a parent's report waits
 * for that end. The parent's report follows the child's death within milliseconds when it joins it (the
 * parent flushes the report at once): a second is ample for that. But the merge (fact-merge.ts) gives
 * the child's end on only after its last facts, which may wait PY_MERGE_WAIT_MS for another process's and
 * then PY_MERGE_HOLD_MS, while the parent's report goes on at once: the window covers both, or the code
 * is lost.
 */
export const PY_REAP_WAIT_MS = PY_MERGE_WAIT_MS + PY_MERGE_HOLD_MS + 1_000;
/** How long a process whose stream ended can still be named as the parent of a child's late hello. */
export const PY_PARENT_KEPT_MS = 60_000;

/** The lab worker a Python process is, or descends from. */
export interface PythonOwner {
  readonly workerId: string;
  readonly groupId: string;
}

export interface PythonSessionDeps {
  readonly clock: Clock;
  readonly emit: (event: LabEventBody) => void;
  /** A sync fact: recorded and sent to the pages, as the broker's are. */
  readonly fact: (fact: SyncFact) => void;
  /** The lab's own Python worker whose process this pid is (its parent `ppid`), if any. */
  readonly workerOfPid: (pid: number, ppid: number) => PythonOwner | null;
  /** The lab worker a process below the host descends from (the process sampler's book), if known. */
  readonly ownerOfPid: (pid: number) => PythonOwner | null;
  /** A primitive name already in use (the lab's or another program's). */
  readonly nameTaken: (name: string) => boolean;
  /** Observed holders or waiters changed: a deadlock check is due. */
  readonly changed: () => void;
  /** A pool name already in use (a Python program's pools are named by their variables too). */
  readonly poolNameTaken?: (name: string) => boolean;
  /** A thread stopped by its shim in step mode (`step.held`), named: python-stepping.ts holds it or lets it go. */
  readonly stepHeld?: (connection: number, workerId: string, tid: number, primitive: string, op: string) => void;
  /** That thread left its hold without its go (an exception took it out). */
  readonly stepLeft?: (workerId: string) => void;
}

interface ObservedProcess {
  readonly workerId: string;
  /** The listener's connection it reports on. */
  readonly connection: number;
  readonly name: string;
  readonly pid: number;
  readonly groupId: string;
  /** The worker the lab started (its end is the supervisor's to report), not one this session announced. */
  readonly started: boolean;
  /** Live threads by native id: their worker ids. */
  readonly threads: Map<number, string>;
  /** The last ended threads by native id (at most PY_ENDED_THREADS_KEPT): a join of a thread that has ended returns at once, and is still told. */
  readonly endedByTid: Map<number, string>;
  readonly ended: string[];
  threadCount: number;
  /** Its first thread (the main thread, or a forked child's forking thread): the one a join of the process waits for. */
  mainThread: string | null;
  /** Its primitives by the shim's id: their lab names. */
  readonly primitives: Map<number, string>;
  /** The names this process made and shares with no other (deleted, once it has ended, when room is needed). */
  readonly made: string[][];
  /** Primitives it made past the lab's bound (PY_PRIMITIVES_SHOWN): counted, not shown; their ops are dropped. */
  hidden: number;
  exitCode: number | null;
  daemonsAtExit: ReadonlySet<number>;
}

/**
 * Folds what Python programs' shims report (docs/python-wire.md) into the lab's model: each process a
 * worker (the lab's own, or an observed one of method "python" with its role and start method), each thread
 * an observed thread worker inside it, each primitive a `sync.created` of origin 'observed' (one for all
 * the processes that share a multiprocessing primitive), each op a sync fact whose actor is the thread.
 * Work per fact is O(that fact): a map lookup for its thread and its primitive, and its primitive's fold.
 */
export class PythonSession implements PythonConnectionHandler {
  private readonly byConnection = new Map<number, ObservedProcess>();
  private readonly byPid = new Map<number, ObservedProcess>();
  private readonly byWorker = new Map<string, ObservedProcess>();
  /**
   * Processes whose stream ended, by pid, oldest first, kept PY_PARENT_KEPT_MS (at most PY_ENDED_PROCESSES_KEPT):
   * a parent's shim can end its stream before multiprocessing's exit handler joins its children, and a child
   * forked just before says its hello after that; it is still that parent's child (its ppid is that pid, and
   * it is alive), so its row hangs under the parent's. A pid the kernel gives again is claimed by its own hello.
   */
  private readonly closedParents = new Map<number, { workerId: string; groupId: string; at: number }>();
  /** Live observed threads: their process, and their name (the controls' refusals say them). */
  private readonly threadOwner = new Map<string, ObservedProcess>();
  private readonly threadNames = new Map<string, string>();
  /** multiprocessing primitives by their `shared` key: the one lab name they all fold into. */
  private readonly shared = new Map<string, string>();
  /** How many live processes hold each observed primitive; those no live process holds are left over from an ended program. */
  private readonly holders = new Map<string, number>();
  /** The observed primitives' states (deadlock detection reads them; a fact that does not fit its kind is refused here). */
  private readonly fold = new PrimitiveFold();
  private readonly room = new ObservedRoom();
  private readonly names = new FreeNames();
  /** Ended observed processes still shown, oldest first (PY_ENDED_PROCESSES_KEPT). */
  private readonly endedProcesses: ObservedProcess[] = [];
  private processCount = 0;
  private lastT = 0;
  private stopping = false;
  /**
   * Exit codes parents reported for children whose stream has not ended yet (or is ending: the two
   * connections are read in no set order), oldest first, each with when it came: used by the child's end
   * within PY_REAP_WAIT_MS, so that a pid the kernel gave again later is not taken for the reaped one.
   */
  private readonly reaped = new Map<number, { code: number; at: number }>();
  /** Observed processes whose stream ended with no code, waiting a little for their parent's report. */
  private readonly awaitingReap = new Map<number, { process: ObservedProcess; cancel: () => void }>();

  /** The programs' own Pools and executors (python-pools.ts). */
  private readonly pools: PythonPools;
  /** Each multiprocessing child's start latency, from its parent's start() call and its own hello. */
  private readonly starts: StartLatencies;
  /** Threads waiting in Thread.join or Process.join (python-joins.ts). */
  private readonly joins: PythonJoins;
  /** A Manager's queues (params.remote): their depth and unfinished tasks, counted here (remote-queues.ts). */
  private readonly remote = new RemoteQueues();
  /** Manager dicts' contents, rebuilt from their keyed facts (observed-dicts.ts). */
  private readonly dicts = new ObservedDicts();

  constructor(private readonly deps: PythonSessionDeps) {
    const { clock, emit } = deps;
    const processOf = (pid: number) => this.byPid.get(pid)?.workerId ?? null;
    const threadOf = (pid: number, tid: number) => this.byPid.get(pid)?.threads.get(tid) ?? null;
    this.pools = new PythonPools({ clock, emit, nameTaken: deps.poolNameTaken ?? (() => false), processOf, threadOf });
    this.starts = new StartLatencies(() => clock.monotonic());
    this.joins = new PythonJoins(emit);
  }

  /** Every Python thread's join in progress whose target is known, as the deadlock check reads them. */
  joinWaits(): JoinWait[] {
    return this.joins.waits();
  }

  /** Every observed primitive with holders or waiters, as the deadlock check reads the broker's. */
  snapshots(): PrimitiveSnapshot[] {
    return snapshotsOf(this.fold.states.values());
  }

  /** A live observed process or thread the lab did not start (the controls act on it by pid, or refuse), else null. */
  targetOf(workerId: string): ObservedTarget | null {
    const process = this.byWorker.get(workerId);
    if (process !== undefined) return process.started ? null : { kind: 'process', pid: process.pid, name: process.name };
    const owner = this.threadOwner.get(workerId);
    return owner === undefined ? null : { kind: 'thread', name: this.threadNames.get(workerId) ?? workerId, processName: owner.name };
  }

  /**
   * Whether a fact can be folded now without showing what cannot be (fact-merge.ts waits while it cannot;
   * `mayWait` names the facts it asks about):
   * false for a Lock's acquire (or an uncontended run of them) by one process while a live thread of another
   * process holds it. That holder's release is on its way on its own connection, however late (a process that
   * computes after its release sends it at its next op, or at its exit). And false for a process pool's task
   * end before its worker's `task.run` (python-pools.ts).
   */
  mayWait(fact: PythonFact): boolean {
    return fact[0] === 'lock.acquired' || fact[0] === 'lock.fastPath' || (fact[0] === 'task.step' && (fact[4] === 'done' || fact[4] === 'failed'));
  }

  ready(connection: number, fact: PythonFact): boolean {
    if (fact[0] === 'task.step') {
      const owner = this.byConnection.get(connection);
      return owner === undefined || this.pools.ready(owner, fact);
    }
    if (fact[0] !== 'lock.acquired' && fact[0] !== 'lock.fastPath') return true;
    const process = this.byConnection.get(connection);
    const named = process?.primitives.get(fact[3]);
    if (process === undefined || named === undefined) return true;
    const state = this.fold.states.get(named);
    const lock = state?.kind === 'Condition' ? this.fold.states.get(state.lock) : state;
    if ((lock?.kind !== 'Lock' && lock?.kind !== 'RLock') || lock.holder === null) return true;
    const owner = this.threadOwner.get(lock.holder.actor);
    return owner === undefined || owner === process;
  }

  /** The lab is stopping: connections closed now are not news. */
  stop(): void {
    this.stopping = true;
    for (const [pid, { process, cancel }] of this.awaitingReap) {
      cancel();
      this.awaitingReap.delete(pid);
      this.exited(process, null);
    }
  }

  hello(connection: number, hello: PythonHello): void {
    const started = this.deps.workerOfPid(hello.pid, hello.ppid);
    const parent = this.byPid.get(hello.ppid) ?? this.closedParent(hello.ppid);
    const owner = started ?? (parent === undefined ? null : { workerId: parent.workerId, groupId: parent.groupId }) ?? this.deps.ownerOfPid(hello.pid);
    const workerId = started?.workerId ?? `py${++this.processCount}`;
    const process: ObservedProcess = {
      workerId,
      connection,
      name: started === null ? hello.name.slice(0, 64) || `pid ${hello.pid}` : workerId,
      pid: hello.pid,
      groupId: owner?.groupId ?? 'python',
      started: started !== null,
      threads: new Map(),
      endedByTid: new Map(),
      ended: [],
      threadCount: 0,
      mainThread: null,
      primitives: new Map(),
      made: [],
      hidden: 0,
      exitCode: null,
      daemonsAtExit: new Set(),
    };
    if (started === null) {
      this.deps.emit({
        type: 'worker.starting',
        worker: {
          id: workerId,
          name: hello.name.slice(0, 64) || `pid ${hello.pid}`,
          groupId: process.groupId,
          kind: 'process',
          method: 'python',
          command: hello.argv.join(' ').slice(0, 500),
          task: null,
          daemon: hello.daemon ?? false,
          detached: false,
          ipc: false,
          observed: { process: parent?.workerId ?? owner?.workerId ?? null, role: hello.role, startMethod: hello.startMethod, ident: null },
        },
      });
      this.deps.emit({ type: 'worker.ready', workerId, pid: hello.pid, ppid: hello.ppid, tid: null, latencyMs: 0 });
    }
    this.deps.emit({ type: 'python.process', workerId, pid: hello.pid, role: hello.role, startMethod: hello.startMethod, version: hello.version });
    this.byConnection.set(connection, process);
    this.byPid.set(hello.pid, process);
    this.closedParents.delete(hello.pid);
    this.byWorker.set(workerId, process);
    this.pools.processSeen();
    this.joins.processSeen(hello.pid, { workerId, mainThread: null });
    if (hello.startMethod !== null && hello.role !== 'forkserver' && hello.role !== 'resource-tracker') {
      this.startMeasured(this.starts.hello(workerId, hello.pid, hello.ppid, hello.startMethod, hello.t, hello.mono));
    }
  }

  private startMeasured(measure: StartMeasure | null): void {
    if (measure !== null) this.deps.emit({ type: 'python.started', ...measure });
  }

  facts(connection: number, facts: readonly PythonFact[]): string | null {
    const process = this.byConnection.get(connection);
    if (process === undefined) return 'facts from a connection that said no hello';
    let changed = false;
    for (const fact of facts) {
      const refused = this.one(process, fact);
      if (refused === true) changed = true;
      else if (typeof refused === 'string') {
        if (changed) this.deps.changed();
        return refused;
      }
    }
    if (changed) this.deps.changed();
    return null;
  }

  closed(connection: number, reason: string | null, hello: PythonHello | null): void {
    const process = this.byConnection.get(connection);
    if (reason !== null && !this.stopping) this.deps.emit({ type: 'python.unobserved', workerId: process?.workerId ?? null, pid: hello?.pid ?? null, reason });
    if (process === undefined) return;
    this.byConnection.delete(connection);
    if (this.byPid.get(process.pid) === process) {
      this.byPid.delete(process.pid);
      this.rememberParent(process);
    }
    if (this.byWorker.get(process.workerId) === process) this.byWorker.delete(process.workerId);
    const why = reason === null ? null : `no longer observed: ${reason}`;
    const threads = new Set(process.threads.values());
    for (const [tid, threadId] of process.threads) {
      const killed = process.daemonsAtExit.has(tid);
      this.endThread(process, tid, threadId, killed ? 'killed at exit: a daemon thread still running when the interpreter ended' : (why ?? 'ended with its process'));
    }
    this.leftBehind(process, threads);
    for (const name of new Set(process.primitives.values())) this.holders.set(name, (this.holders.get(name) ?? 1) - 1);
    this.pools.processEnded(process.pid);
    if (!process.started) {
      const report = this.reaped.get(process.pid);
      this.reaped.delete(process.pid);
      const code = process.exitCode ?? (report !== undefined && this.deps.clock.monotonic() - report.at <= PY_REAP_WAIT_MS ? report.code : null);
      if (why !== null) this.exited(process, code, why);
      else if (code !== null || this.stopping) this.exited(process, code);
      else {
        // Killed by a signal, most likely: its parent, if it is a multiprocessing parent, is about to say how.
        const pid = process.pid;
        this.awaitingReap.get(pid)?.cancel();
        const cancel = this.deps.clock.setTimeout(() => {
          this.awaitingReap.delete(pid);
          this.exited(process, null);
        }, PY_REAP_WAIT_MS);
        this.awaitingReap.set(pid, { process, cancel });
      }
    }
    if (process.hidden > 0) this.limited(process, `ended: ${process.hidden.toLocaleString('en')} of its primitives were counted, not shown`);
    this.room.retire(process.made);
    this.deps.changed();
  }

  private rememberParent(process: ObservedProcess): void {
    const now = this.deps.clock.monotonic();
    this.closedParents.delete(process.pid);
    this.closedParents.set(process.pid, { workerId: process.workerId, groupId: process.groupId, at: now });
    for (const [pid, { at }] of this.closedParents) {
      if (now - at <= PY_PARENT_KEPT_MS && this.closedParents.size <= PY_ENDED_PROCESSES_KEPT) break;
      this.closedParents.delete(pid);
    }
  }

  private closedParent(pid: number): { workerId: string; groupId: string } | undefined {
    const closed = this.closedParents.get(pid);
    return closed !== undefined && this.deps.clock.monotonic() - closed.at <= PY_PARENT_KEPT_MS ? closed : undefined;
  }

  /** The lists keep the last ended processes only: a program that forks thousands of children stays drawable. */
  private keepEnded(process: ObservedProcess): void {
    this.endedProcesses.push(process);
    if (this.endedProcesses.length <= PY_ENDED_PROCESSES_KEPT) return;
    const closed = this.endedProcesses.shift()!;
    for (const threadId of closed.ended) this.deps.emit({ type: 'worker.closed', workerId: threadId, name: threadId });
    this.deps.emit({ type: 'worker.closed', workerId: closed.workerId, name: closed.name });
  }

  private limited(process: ObservedProcess, what: string): void {
    this.deps.emit({ type: 'python.limited', workerId: process.workerId, reason: `${process.name} (pid ${process.pid}) ${what}`.slice(0, 500) });
  }

  /** An observed process's end, with the code it or its parent told (-N: signal N), or said not known. */
  private exited(process: ObservedProcess, code: number | null, why: string | null = null): void {
    const detail = why ?? (code === null ? 'ended without telling the lab its exit code (a signal, or os._exit before a flush): the code shown is not known' : null);
    const signal = code !== null && code < 0 ? (signalName(-code) ?? null) : null;
    this.deps.emit({ type: 'worker.exited', workerId: process.workerId, code: signal === null ? code : null, signal, exitCode: code ?? 0, detail });
    this.keepEnded(process);
  }

  /** A parent reaped a child (`process.reaped`): the code of that child's end, now or when its stream ends. */
  private childReaped(pid: number, code: number): void {
    const waiting = this.awaitingReap.get(pid);
    if (waiting !== undefined) {
      waiting.cancel();
      this.awaitingReap.delete(pid);
      this.exited(waiting.process, code);
      return;
    }
    const child = this.byPid.get(pid);
    if (child !== undefined && (child.started || child.exitCode !== null)) return;
    const now = this.deps.clock.monotonic();
    this.reaped.delete(pid);
    this.reaped.set(pid, { code, at: now });
    // Kept only as long as a child's end may still use it, and never more than there are processes.
    for (const [stale, { at }] of this.reaped) {
      if (now - at <= PY_REAP_WAIT_MS && this.reaped.size <= PY_PROCESSES_MAX) break;
      this.reaped.delete(stale);
    }
  }

  /** One fact: true when it changed an observed primitive, a sentence when it closes the connection. */
  private one(process: ObservedProcess, fact: PythonFact): boolean | string | null {
    switch (fact[0]) {
      case 'thread.start':
        this.startThread(process, fact[2], fact[3], fact[4], fact[5]);
        return null;
      case 'thread.end': {
        const threadId = process.threads.get(fact[2]);
        if (threadId !== undefined) this.endThread(process, fact[2], threadId, null);
        return null;
      }
      case 'process.name':
        return null;
      case 'process.exit':
        process.exitCode = fact[2];
        process.daemonsAtExit = new Set(fact[3]);
        return null;
      case 'process.reaped':
        this.childReaped(fact[2], fact[3]);
        return null;
      case 'process.started':
        this.startMeasured(this.starts.called(process.pid, fact[2], fact[3], fact[1], fact[4], fact[5]));
        return null;
      case 'prim.new':
        return this.created(process, fact[2], fact[3], fact[4], fact[5], fact[6], fact[7]);
      case 'pool.new':
      case 'pool.worker':
      case 'task.step':
      case 'task.run':
      case 'pool.state':
        return this.pools.fact(process, fact);
      case 'prim.contents':
        return this.contents(process, fact[2], fact[3], fact[4]);
      case 'data.key':
        return this.keyed(process, fact[1], fact[2], fact[3], fact[4], fact[5], fact[6]);
      case 'join.wait':
        return this.joinWait(process, fact[2], fact[3], fact[4], fact[5]);
      case 'join.end':
        return this.joins.returned(process.threads.get(fact[2]) ?? '', fact[5]);
      case 'step.held':
        return this.stepHeld(process, fact[2], fact[3], fact[4]);
      case 'step.left': {
        const actor = process.threads.get(fact[2]);
        if (actor !== undefined) this.deps.stepLeft?.(actor);
        return null;
      }
      default:
        return this.op(process, fact[0], fact[1], fact[2], fact[3], fact[4]);
    }
  }

  /** A thread held before an operation: its go is the stepping's to write (at once, for a primitive the lab does not show). */
  private stepHeld(process: ObservedProcess, tid: number, id: number, op: string): null {
    const actor = process.threads.get(tid) ?? this.startThread(process, tid, 0, '', false);
    const named = process.primitives.get(id);
    this.deps.stepHeld?.(process.connection, actor, tid, named ?? `primitive ${id}`, op);
    return null;
  }

  private startThread(process: ObservedProcess, tid: number, ident: number, name: string, daemon: boolean): string {
    // A native id the kernel gave again: the thread it named has ended.
    const before = process.threads.get(tid);
    if (before !== undefined) this.endThread(process, tid, before, null);
    process.threadCount += 1;
    const threadId = `${process.workerId}.${process.threadCount}`;
    process.threads.set(tid, threadId);
    if (process.mainThread === null) {
      process.mainThread = threadId;
      this.joins.mainThreadKnown(process.workerId, threadId);
    }
    this.threadOwner.set(threadId, process);
    this.threadNames.set(threadId, name.slice(0, 64) || `thread ${tid}`);
    if (process.threadCount > PY_THREADS_SHOWN) return threadId;
    this.deps.emit({
      type: 'worker.starting',
      worker: {
        id: threadId,
        name: name.slice(0, 64) || `thread ${tid}`,
        groupId: process.groupId,
        kind: 'thread',
        method: 'python',
        command: null,
        task: null,
        daemon,
        detached: false,
        ipc: false,
        observed: { process: process.workerId, role: null, startMethod: null, ident },
      },
    });
    this.deps.emit({ type: 'worker.ready', workerId: threadId, pid: process.pid, ppid: process.pid, tid, latencyMs: 0 });
    return threadId;
  }

  /**
   * What a process's threads still held or waited for when it ended (or went unobserved): their waits end
   * (`wait.ended`), and a lock one of them held is freed as one whose owner died (`lock.ownerDied`: for a
   * multiprocessing lock, what the next acquirer meets; for a thread's lock, the lock ended with its process).
   * Only this process's primitives are looked at, once, at its end.
   */
  private leftBehind(process: ObservedProcess, threads: ReadonlySet<string>): void {
    const now = this.timeOf(this.deps.clock.now());
    const names = new Set<string>();
    for (const name of process.primitives.values()) {
      names.add(name);
      const state = this.fold.states.get(name);
      if (state?.kind === 'Condition') names.add(state.lock);
    }
    for (const name of names) {
      const state = this.fold.states.get(name);
      if (state === undefined) continue;
      const facts: SyncFact[] = [];
      if ('waiters' in state) for (const waiter of new Set(state.waiters.map((each) => each.actor))) if (threads.has(waiter)) facts.push({ t: now, op: 'wait.ended', actor: waiter, primitive: name });
      if ((state.kind === 'Lock' || state.kind === 'RLock') && state.holder !== null && threads.has(state.holder.actor)) facts.push({ t: now, op: 'lock.ownerDied', actor: state.holder.actor, primitive: name });
      for (const fact of facts) {
        foldFact(state, fact);
        this.deps.fact(fact);
      }
    }
  }

  private endThread(process: ObservedProcess, tid: number, threadId: string, detail: string | null): void {
    process.threads.delete(tid);
    process.endedByTid.delete(tid);
    process.endedByTid.set(tid, threadId);
    if (process.endedByTid.size > PY_ENDED_THREADS_KEPT) process.endedByTid.delete(process.endedByTid.keys().next().value!);
    this.threadOwner.delete(threadId);
    this.threadNames.delete(threadId);
    this.fold.actorEnded(threadId);
    if (this.joins.actorEnded(threadId)) this.deps.changed();
    if (Number(threadId.slice(threadId.lastIndexOf('.') + 1)) > PY_THREADS_SHOWN) return;
    this.deps.emit({ type: 'worker.exited', workerId: threadId, code: 0, signal: null, exitCode: 0, detail });
    process.ended.push(threadId);
    // The lists keep the last ended threads only: a program that starts thousands stays drawable.
    if (process.ended.length > PY_ENDED_THREADS_KEPT) {
      const closed = process.ended.shift()!;
      this.deps.emit({ type: 'worker.closed', workerId: closed, name: closed });
    }
  }

  /**
   * What a Value or an Array holds now (`prim.contents`), as the lab's own data primitives state theirs: a
   * `sync.write` whose actor is the thread that last wrote it. Of another kind: the connection is closed.
   */
  private contents(process: ObservedProcess, tid: number, id: number, text: string): string | null {
    const named = process.primitives.get(id);
    if (named === undefined) return process.hidden > 0 ? null : `prim.contents on primitive ${id}, which the process never created`;
    const kind = this.fold.states.get(named)?.kind;
    if (kind !== 'Value' && kind !== 'Array' && kind !== 'Dict' && kind !== 'List') return `prim.contents on ${named}, a ${kind ?? 'primitive'}: only shared data has contents`;
    const actor = process.threads.get(tid) ?? this.startThread(process, tid, 0, '', false);
    this.deps.emit({ type: 'sync.write', primitive: named, actor, contents: text });
    return null;
  }

  /**
   * A Manager dict's read of a key (`sync.read`: what it returned) or write (`sync.write` with the key, the
   * value and the whole contents as observed-dicts.ts rebuilds them from every process's facts).
   */
  private keyed(process: ObservedProcess, t: number, tid: number, id: number, how: DataKeyHow, key: string, value: string): string | null {
    const named = process.primitives.get(id);
    if (named === undefined) return process.hidden > 0 ? null : `data.key on primitive ${id}, which the process never created`;
    const kind = this.fold.states.get(named)?.kind;
    if (kind !== 'Dict') return `data.key on ${named}, a ${kind ?? 'primitive'}: only a dict has keys`;
    const actor = process.threads.get(tid) ?? this.startThread(process, tid, 0, '', false);
    const contents = this.dicts.apply(named, how, key, value, t);
    if (contents === null) this.deps.emit({ type: 'sync.read', primitive: named, actor, key, value });
    else this.deps.emit({ type: 'sync.write', primitive: named, actor, contents, ...(how === 'write' || how === 'delete' ? { key } : {}), ...(how === 'write' ? { value } : {}) });
    return null;
  }

  /**
   * A thread's join of a thread of its process (by native id) or of a process (by pid): a join of a thread
   * the process never announced, or of a process the lab has never seen (unobserved), is not shown.
   */
  private joinWait(process: ObservedProcess, tid: number, kind: JoinTarget, target: number, timeoutArg: number): boolean {
    const joiner = process.threads.get(tid) ?? this.startThread(process, tid, 0, '', false);
    const timeoutMs = timeoutArg < 0 ? null : timeoutArg;
    if (kind === 'thread') {
      const joined = process.threads.get(target) ?? process.endedByTid.get(target);
      if (joined === undefined) return false;
      this.joins.thread(joiner, joined, timeoutMs);
      return true;
    }
    const child = this.byPid.get(target);
    const ended = child === undefined ? this.closedParent(target) : undefined;
    this.joins.process(joiner, target, child !== undefined ? { workerId: child.workerId, mainThread: child.mainThread } : ended !== undefined ? { workerId: ended.workerId, mainThread: null } : null, timeoutMs);
    return true;
  }

  private created(process: ObservedProcess, id: number, kind: PythonPrimitiveKind, label: string, file: string, line: number, params: PythonPrimitiveParams): string | null {
    if (process.primitives.has(id)) return `primitive ${id} created twice`;
    const known = params.shared === undefined ? undefined : this.shared.get(params.shared);
    if (known !== undefined) {
      process.primitives.set(id, known);
      this.holders.set(known, (this.holders.get(known) ?? 0) + 1);
      return null;
    }
    const wanted = labelOf(label, kind, id);
    // A program run again gets its names again: what an ended run left under this name goes first.
    this.forgetLeftOver(wanted);
    if (!this.room.makeRoom(() => this.fold.states.size, (each) => this.fold.states.has(each) && (this.holders.get(each) ?? 0) === 0, (names) => this.deleted(names))) {
      process.hidden += 1;
      if (process.hidden === 1) this.limited(process, `made more primitives than the lab shows (${PY_PRIMITIVES_SHOWN.toLocaleString('en')} observed at once): the rest are counted, not shown`);
      return null;
    }
    const lock = kind === 'Condition' && params.lock !== undefined ? (process.primitives.get(params.lock) ?? null) : null;
    // Only a Condition that brings no lock of its own gets one named after it (`name.lock`), whose name must be free too.
    const ownLock = kind === 'Condition' && lock === null;
    const name = this.names.of(wanted, (candidate) => this.deps.nameTaken(candidate) || this.fold.states.has(candidate) || (ownLock && (this.deps.nameTaken(`${candidate}.lock`) || this.fold.states.has(`${candidate}.lock`))));
    const spec = observedSpec(kind, name, params, lock);
    if (typeof spec === 'string') return spec;
    this.fold.created(spec, 'observed');
    if (params.remote === true) this.remote.created(name);
    process.primitives.set(id, name);
    this.holders.set(name, 1);
    if (params.shared !== undefined) this.shared.set(params.shared, name);
    else process.made.push(kind === 'Condition' && lock === null ? [`${name}.lock`, name] : [name]);
    this.deps.emit({ type: 'sync.created', primitive: spec, origin: 'observed', where: `${basename(file).slice(0, 200)}:${line}` });
    return null;
  }

  /**
   * An observed primitive of this name (and a Condition's own lock) that no live process holds any more is
   * deleted (`sync.deleted`), so that the name is free for the primitive about to be created. One that a
   * live process still holds is left alone: the new one is then named `name.2`.
   */
  private forgetLeftOver(name: string): void {
    if (this.holders.get(name) !== 0) return;
    const state = this.fold.states.get(name);
    const removed = [name, ...(state?.kind === 'Condition' && state.lock === `${name}.lock` && this.fold.states.has(state.lock) ? [state.lock] : [])];
    this.fold.deleted(removed);
    this.dicts.forget(name);
    this.remote.forget(name);
    this.holders.delete(name);
    for (const [key, value] of this.shared) if (value === name) this.shared.delete(key);
    this.deps.emit({ type: 'sync.deleted', name, removed });
  }

  private op(process: ObservedProcess, op: SyncFactOp, t: number, tid: number, id: number, arg: number): boolean | string {
    const named = process.primitives.get(id);
    // Past the bound an unknown id is one of the primitives counted, not shown (the host keeps no list of them).
    if (named === undefined) return process.hidden > 0 ? false : `${op} on primitive ${id}, which the process never created`;
    const actor = process.threads.get(tid) ?? this.startThread(process, tid, 0, '', false);
    const state = this.fold.states.get(named);
    // A Condition's acquire and release are its lock's (its own `name.lock` when the shim named none).
    const primitive = state?.kind === 'Condition' && op.startsWith('lock.') ? state.lock : named;
    const field = SYNC_FACT_ARGS[op];
    const fact = { t: this.timeOf(t), actor, primitive, op, ...(field === null ? {} : { [field]: this.remote.argOf(primitive, op, arg) }) } as SyncFact;
    const target = this.fold.states.get(primitive);
    if (target === undefined) return `${op} on ${primitive}, which is not known`;
    try {
      foldFact(target, fact);
    } catch {
      return `${op} on ${named}, a ${target.kind}: not one of its operations`;
    }
    this.deps.fact(fact);
    return true;
  }

  /** Retired primitives of ended processes, deleted to make room: gone from the views as a deleted primitive is. */
  private deleted(names: string[]): void {
    this.fold.deleted(names);
    for (const name of names) {
      this.dicts.forget(name);
      this.remote.forget(name);
    }
    for (const name of names) this.holders.delete(name);
    this.deps.emit({ type: 'sync.deleted', name: names.at(-1)!, removed: names });
  }

  /**
   * A fact's time: the program's clock, never later than the host's now nor earlier than the last fact's
   * (batches from several processes interleave; the recording keeps facts in order).
   */
  private timeOf(t: number): number {
    this.lastT = onMicrosecondGrid(Math.max(this.lastT, Math.min(t, this.deps.clock.now())));
    return this.lastT;
  }
}

/** SIGTERM for 15, as this platform numbers its signals. */
function signalName(number: number): string | undefined {
  return Object.entries(constants.signals).find(([, value]) => value === number)?.[0];
}
