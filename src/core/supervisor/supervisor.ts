import type { LabConfig } from '../../shared/config';
import type { OutputStream } from '../../shared/output';
import { exitCodeOf } from '../../shared/exit-code';
import type { CommandOutcome, LabEventBody } from '../../shared/protocol';
import type { StartSpec } from '../../shared/start-spec';
import type { WorkerDescriptor } from '../../shared/worker';
import type { CheckedWorkerMessage } from '../../shared/worker-messages';
import { newWorkerSpec } from '../../shared/launch-plan';
import type { Cancel, Clock } from '../clock';
import type { WorkerEntries } from '../lab-api';
import type { ProcessClaims, ProcessOwner } from '../metrics/types';
import { describeStart, pythonArgv } from './describe-start';
import { refusals } from './errors';
import { StartLines } from './start-line';
import { launchProcess } from './launch-process';
import { launchThread } from './launch-thread';
import type { LaunchCallbacks, WorkerExitFacts } from './launched';
import { newManagedWorker, type ManagedWorker } from './managed-worker';
import { ThreadChildren } from './thread-children';

/** How many malformed messages of one worker are reported one by one. */
export const MAX_REJECTIONS_REPORTED = 20;

/**
 * Workers of one start are launched for at most this long per turn of the host's loop, then the loop runs
 * (events go out, commands come in) before the next slice. A thread start blocks the loop for 3 to 20 ms,
 * so 100 threads at once froze the host, and every page, for 0.3 to 1.6 s.
 */
export const LAUNCH_SLICE_MS = 16;

/**
 * And at most this many launched workers may be booting (not ready yet) at once: each boots a runtime
 * (a V8 isolate, or a whole process), and a crowd of them starves the host's own thread of CPU, each
 * launch then blocking the loop for 60 to 240 ms on 2 cores. The next waits for one of them to be ready.
 */
export const MAX_BOOTING = 4;

export interface SupervisorDeps {
  readonly clock: Clock;
  readonly emit: (event: LabEventBody) => void;
  readonly entries: WorkerEntries;
  readonly config: () => LabConfig;
  readonly signalNumbers: Readonly<Record<string, number>>;
  /** util-linux's setpriv, for parent-death signals (parent-death.ts); null where there is none. */
  readonly setpriv: string | null;
  /** The POSIX shell of `exec` workers (launch-plan.ts; /bin/sh unless the lab was given another). */
  readonly shell: string;
  /**
   * What the environment of every process of the lab's carries, inherited by all they start (the watchdog's
   * mark, watchdog.ts); never a detached worker's. Empty where there is no watchdog.
   */
  readonly labEnvironment: Readonly<Record<string, string>>;
  /** Tells the process sampler which of the host's children are the workers' (the rest are the host's own). */
  readonly claims: ProcessClaims;
  /** A validated message other than ready (a sync request), with the worker that sent it. */
  readonly onMessage?: (worker: ManagedWorker, message: CheckedWorkerMessage) => void;
  /** A message that failed validation (the worker may be waiting for an answer to it). */
  readonly onRejected?: (worker: ManagedWorker, raw: unknown, reason: string) => void;
  /** A worker is gone, however it ended: what it held must not stay held. */
  readonly onEnded?: (workerId: string) => void;
  /** What a worker printed (src/core/output relays it to the pages). */
  readonly onOutput?: (workerId: string, stream: OutputStream, chunk: Buffer) => void;
  /** A worker's output is complete: called just before its end is reported, so its last words come first. */
  readonly onOutputEnded?: (workerId: string) => void;
  /** What a Python program's environment adds (the shim on PYTHONPATH, the listener's socket and token: docs/python-wire.md). */
  readonly pythonEnvironment?: (workerId: string) => Readonly<Record<string, string>>;
}

/** Descriptors are passed down to children everywhere but on Windows (worker-wire.ts `lifeline`). */
const LIFELINES = process.platform !== 'win32';

/**
 * The lab's own process workers hold the lifeline and pass it down; a thread has no descriptors of its own,
 * a detached worker must not end with the lab, and a command line would not watch it.
 */
function holdsLifeline(worker: WorkerDescriptor): boolean {
  return LIFELINES && worker.kind === 'process' && !worker.detached && worker.method !== 'command' && worker.method !== 'python';
}

export type Selection = { ok: true; workers: ManagedWorker[] } | { ok: false; error: string };


/**
 * Starts workers and keeps their book: every fact about a worker's life (spawned, ready, exited) becomes
 * an event. Each worker's state and every way of ending it are its lifecycle's (worker-lifecycle.ts); the
 * commands (join, terminate, signals, trees, shutdown) live in control.ts and shutdown.ts.
 */
export class Supervisor {
  readonly workers = new Map<string, ManagedWorker>();
  private workerCount = 0;
  private groupCount = 0;
  private readonly namesUsed = new Map<string, number>();
  private accepting = true;
  /** Workers asked for and announced, not launched yet (launchWaiting), oldest first. */
  private readonly waiting: ManagedWorker[] = [];
  private launchTurn: Cancel | null = null;
  /** Launched, not ready yet, not ended. */
  private readonly booting = new Set<ManagedWorker>();
  /** Starts whose workers have not all booted yet, with the messages held at their start line. */
  private readonly startLines: StartLines;

  constructor(readonly deps: SupervisorDeps) {
    this.startLines = new StartLines(deps.clock, (from, message) => this.deps.onMessage?.(from, message));
  }

  live(): ManagedWorker[] {
    return [...this.workers.values()].filter((worker) => !worker.ended);
  }

  /** Looks workers up by id; any unknown (or closed) id refuses the whole command, so nothing changes. */
  select(ids: readonly string[]): Selection {
    const closed = ids.find((id) => this.isClosed(id));
    if (closed !== undefined) return { ok: false, error: refusals.closed(closed) };
    const unknown = ids.filter((id) => !this.workers.has(id));
    if (unknown.length > 0) return { ok: false, error: refusals.unknownWorkers(unknown) };
    return { ok: true, workers: [...new Set(ids)].map((id) => this.workers.get(id)!) };
  }

  /** A worker the lab started and has closed since: ids are handed out in order, so nothing needs keeping. */
  isClosed(id: string): boolean {
    const number = /^w([1-9]\d{0,15})$/.exec(id)?.[1];
    return number !== undefined && Number(number) <= this.workerCount && !this.workers.has(id);
  }

  /**
   * Python's Process.close(): forgets ended workers, so the host's book stays bounded however many have run.
   * Refused, with nothing changed, while one still runs (or a thread's children do); closing twice is fine.
   */
  close(ids: readonly string[]): CommandOutcome {
    const open = ids.filter((id) => !this.isClosed(id));
    const selected = this.select(open);
    if (!selected.ok) return open.length === 0 ? { ok: true, result: { workerIds: [] } } : selected;
    const running = selected.workers.find((worker) => !worker.ended);
    if (running) return { ok: false, error: refusals.stillRunning(running.descriptor.name) };
    const parent = selected.workers.find((worker) => (worker.threadChildren?.pids().length ?? 0) > 0);
    if (parent) return { ok: false, error: refusals.childrenRunning(parent.descriptor.name) };
    for (const worker of selected.workers) {
      this.workers.delete(worker.descriptor.id);
      this.deps.emit({ type: 'worker.closed', workerId: worker.descriptor.id, name: worker.descriptor.name });
    }
    return { ok: true, result: { workerIds: selected.workers.map((worker) => worker.descriptor.id) } };
  }

  stopAccepting(): void {
    this.accepting = false;
  }

  /** The lab is stopping: no worker starts again (a pool must end rather than replace its workers). */
  get stopping(): boolean {
    return !this.accepting;
  }

  start(spec: StartSpec): CommandOutcome {
    if (!this.accepting) return { ok: false, error: refusals.stopping() };
    const limit = this.deps.config().maxLiveWorkers;
    const live = this.live().length;
    if (live + spec.count > limit) return { ok: false, error: refusals.tooMany(limit, live, spec.count) };
    const groupId = `g${++this.groupCount}`;
    const ids: string[] = [];
    for (let i = 0; i < spec.count; i++) ids.push(this.announce(spec, groupId));
    this.startLines.open(groupId, ids.map((id) => this.workers.get(id)!));
    this.launchWaiting();
    return { ok: true, result: { workerIds: ids } };
  }

  /** A worker asked for: known (it can be joined or terminated) and announced at once, launched in turn. */
  private announce(spec: StartSpec, groupId: string): string {
    const descriptor = this.describe(spec, groupId);
    const { clock, emit } = this.deps;
    const worker = newManagedWorker(descriptor, { clock, emit, failStart: (each, reason) => this.startFailed(each, reason) });
    if (spec.kind === 'python') worker.program = pythonArgv(spec);
    this.workers.set(descriptor.id, worker);
    this.deps.emit({ type: 'worker.starting', worker: descriptor });
    this.waiting.push(worker);
    return descriptor.id;
  }

  /**
   * Launches waiting workers while fewer than MAX_BOOTING are booting, for one slice of this turn; the rest
   * in a later turn, or when one of those booting is ready (or has ended).
   */
  private launchWaiting(): void {
    const { clock } = this.deps;
    const sliceStart = clock.monotonic();
    while (this.waiting.length > 0 && this.booting.size < MAX_BOOTING) {
      const worker = this.waiting.shift()!;
      if (worker.ended) continue;
      this.booting.add(worker);
      this.startOne(worker);
      if (clock.monotonic() - sliceStart >= LAUNCH_SLICE_MS) break;
    }
    if (this.waiting.length === 0 || this.booting.size >= MAX_BOOTING || this.launchTurn !== null) return;
    this.launchTurn = clock.setTimeout(() => {
      this.launchTurn = null;
      this.launchWaiting();
    }, 0);
  }

  /** One that was booting is ready, or has ended: room for the next, and maybe its start line is complete. */
  private booted(worker: ManagedWorker): void {
    if (this.booting.delete(worker) && this.waiting.length > 0) this.launchWaiting();
    this.startLines.booted(worker);
  }

  /**
   * A worker ended before it was launched (terminated, killed, or the lab is stopping): it never runs, and
   * says so. False for a worker that has been launched, which must be ended for real.
   */
  cancelWaiting(worker: ManagedWorker, reason: string): boolean {
    if (worker.lifecycle.state.phase !== 'waiting') return false;
    this.startFailed(worker, reason);
    return true;
  }

  private startFailed(worker: ManagedWorker, reason: string): void {
    if (!worker.lifecycle.failedToStart(reason)) return;
    this.ended(worker, () => this.deps.emit({ type: 'worker.startFailed', workerId: worker.descriptor.id, reason }));
  }

  private startOne(worker: ManagedWorker): void {
    const { descriptor } = worker;
    if (!this.accepting) {
      this.cancelWaiting(worker, refusals.stopping());
      return;
    }
    const callbacks = this.callbacksFor(worker);
    const { setpriv, shell } = this.deps;
    const workerSpec = newWorkerSpec({
      workerId: descriptor.id,
      // A command line has no task; the placeholder is never run.
      task: descriptor.task ?? { name: 'hang' },
      method: descriptor.method,
      daemon: descriptor.daemon,
      // Lab workers end with the lab if it dies without cleaning up, unless the user detached them.
      watchesParent: !descriptor.detached,
      lifeline: holdsLifeline(descriptor),
      setpriv,
      shell,
      entries: this.deps.entries,
    });
    worker.lifecycle.launching();
    const { method } = descriptor;
    // A Python program is launched as a command is (its own argv, no lab worker entry), with the shim's environment.
    const program = worker.program === null ? {} : { program: { argv: worker.program, environment: this.deps.pythonEnvironment?.(descriptor.id) ?? {} } };
    worker.launched =
      method === 'thread'
        ? launchThread(workerSpec, this.deps.clock, callbacks, this.deps.labEnvironment)
        : launchProcess(
            {
              method: method === 'python' ? 'command' : method,
              ...program,
              command: descriptor.command,
              spec: workerSpec,
              detached: descriptor.detached,
              setpriv,
              shell,
              labEnvironment: this.deps.labEnvironment,
              signalNumbers: this.deps.signalNumbers,
            },
            this.deps.clock,
            callbacks,
          );
  }

  private describe(spec: StartSpec, groupId: string): WorkerDescriptor {
    const number = (this.namesUsed.get(spec.namePrefix) ?? 0) + 1;
    this.namesUsed.set(spec.namePrefix, number);
    return describeStart(spec, { id: `w${++this.workerCount}`, name: `${spec.namePrefix}-${number}`, groupId });
  }

  private callbacksFor(worker: ManagedWorker): LaunchCallbacks {
    const workerId = worker.descriptor.id;
    const emit = this.deps.emit;
    return {
      spawned: (pid, ppid) => {
        if (worker.descriptor.kind === 'process') this.deps.claims.claim(pid, ownerOf(worker));
        emit({ type: 'worker.spawned', workerId, pid, ppid });
      },
      ready: (message, latencyMs) => {
        if (!worker.lifecycle.becameReady()) return;
        worker.tid = message.tid;
        // What a thread starts itself (a user's script) is the thread's, as its process children are.
        if (worker.descriptor.kind === 'thread' && message.tid !== null) this.deps.claims.claimThread(message.tid, ownerOf(worker));
        this.booted(worker);
        const isThread = worker.descriptor.kind === 'thread';
        emit({
          type: 'worker.ready',
          workerId,
          pid: isThread ? process.pid : (worker.launched?.pid ?? message.pid),
          ppid: isThread ? process.ppid : process.pid,
          tid: message.tid,
          latencyMs: Math.round(latencyMs * 100) / 100,
        });
      },
      message: (message) => {
        if (worker.ended) return;
        if (message.type === 'startChildren') return this.startThreadChildren(worker);
        if (!this.startLines.hold(worker, message)) this.deps.onMessage?.(worker, message);
      },
      rejected: (reason, raw) => {
        this.reportRejected(worker, reason);
        if (!worker.ended) this.deps.onRejected?.(worker, raw, reason);
      },
      failed: (reason) => this.startFailed(worker, reason),
      exited: (facts) => this.exited(worker, facts),
      output: (stream, chunk) => this.deps.onOutput?.(workerId, stream, chunk),
    };
  }

  private exited(worker: ManagedWorker, facts: WorkerExitFacts): void {
    const workerId = worker.descriptor.id;
    if (worker.lifecycle.exitIsFailedStart) {
      return this.startFailed(worker, facts.detail ?? `exited with code ${facts.code ?? facts.signal} before it was ready`);
    }
    const exitCode = exitCodeOf(facts.code, facts.signal, this.deps.signalNumbers);
    if (!worker.lifecycle.exited(exitCode)) return;
    this.ended(worker, () =>
      this.deps.emit({ type: 'worker.exited', workerId, code: facts.code, signal: facts.signal, exitCode, detail: facts.detail }),
    );
  }

  /** A thread worker's spawn-children task asks for its process children (thread-children.ts); once. */
  private startThreadChildren(worker: ManagedWorker): void {
    const task = worker.descriptor.task;
    if (worker.descriptor.kind !== 'thread' || task?.name !== 'spawn-children' || worker.threadChildren !== null || worker.launched === null) {
      const reason = 'only a thread running spawn-children may ask the lab to start its children, and only once';
      return this.deps.emit({ type: 'worker.messageRejected', workerId: worker.descriptor.id, reason });
    }
    // Past the stop's census of what to end, nothing new may start (and the lab is about to end the thread).
    if (!this.accepting) return;
    const launched = worker.launched;
    worker.threadChildren = new ThreadChildren(worker.descriptor.id, task, {
      entries: this.deps.entries,
      setpriv: this.deps.setpriv,
      shell: this.deps.shell,
      labEnvironment: this.deps.labEnvironment,
      lifeline: LIFELINES,
      stdio: launched.stdio,
      started: (pid) => this.deps.claims.claim(pid, ownerOf(worker)),
      exited: (index) => {
        if (!worker.ended) launched.post({ type: 'childExited', index });
      },
    });
    worker.threadChildren.start();
  }

  /**
   * A worker's message refused, malformed or refused by the part of the lab it went to (a report of a task
   * never sent, worker-router.ts): a hostile worker may send millions, so the first few are reported, then
   * one line says the rest are not.
   */
  reportRejected(worker: ManagedWorker, reason: string): void {
    worker.rejectedCount += 1;
    const workerId = worker.descriptor.id;
    if (worker.rejectedCount <= MAX_REJECTIONS_REPORTED) this.deps.emit({ type: 'worker.messageRejected', workerId, reason });
    else if (worker.rejectedCount === MAX_REJECTIONS_REPORTED + 1) this.deps.emit({ type: 'worker.messageRejected', workerId, reason: 'more refused messages; no longer reported one by one' });
  }

  /** Keeps the book of a worker its lifecycle has just marked ended (once), reports it, and wakes whoever waits for it. */
  private ended(worker: ManagedWorker, report: () => void): void {
    this.booted(worker);
    worker.threadChildren?.parentEnded();
    if (worker.descriptor.kind === 'thread' && worker.tid !== null) this.deps.claims.claimThread(worker.tid, null);
    this.flushStdio(worker);
    this.deps.onOutputEnded?.(worker.descriptor.id);
    report();
    this.deps.onEnded?.(worker.descriptor.id);
    for (const waiter of worker.endWaiters) waiter();
    worker.endWaiters.clear();
  }

  /** Reports stdio byte counts that changed since the last report (called at the sampling rate). */
  flushStdio(worker?: ManagedWorker): void {
    for (const each of worker ? [worker] : this.workers.values()) {
      const counts = each.launched?.stdio;
      if (counts === undefined) continue;
      const reported = each.reportedStdio;
      if (counts.stdoutBytes === reported.stdoutBytes && counts.stderrBytes === reported.stderrBytes) continue;
      each.reportedStdio = { ...counts };
      this.deps.emit({ type: 'worker.stdio', workerId: each.descriptor.id, ...counts });
    }
  }
}

function ownerOf(worker: ManagedWorker): ProcessOwner {
  return { workerId: worker.descriptor.id, detached: worker.descriptor.detached };
}
