import type { CommandOutcome } from '../../shared/protocol';
import type { Cancel } from '../clock';
import type { SignalName } from '../../shared/signals';
import { refusals } from './errors';
import { escalate } from './escalation';
import type { ManagedWorker } from './managed-worker';
import { isAlive, sendSignal } from './signals';
import type { Supervisor } from './supervisor';

/** Finds a process's descendants; the process sampler answers from a fresh look at the system. */
export interface TreeFinder {
  descendantsOf(pid: number): number[];
}

export const POSIX_ONLY: ReadonlySet<string> = new Set(['SIGSTOP', 'SIGCONT', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT', 'SIGHUP']);

/**
 * What a user can do to running workers: join, terminate (polite, then forceful after a named grace
 * period), kill, send a signal, terminate a whole tree.
 */
export class Controls {
  constructor(
    private readonly supervisor: Supervisor,
    private readonly tree: TreeFinder,
  ) {}

  private get deps() {
    return this.supervisor.deps;
  }

  /**
   * Waits for workers to end; never ends them. A timed-out join leaves the worker running. A negative
   * timeout waits no time at all, as Python's `join(-1)`: the join says so, with the timeout it had (0).
   */
  join(ids: readonly string[], timeoutMs: number | undefined): CommandOutcome {
    const selected = this.supervisor.select(ids);
    if (!selected.ok) return selected;
    const timeout = timeoutMs === undefined ? undefined : Math.max(0, timeoutMs);
    for (const worker of selected.workers) this.joinOne(worker, timeout);
    return done(selected.workers);
  }

  private joinOne(worker: ManagedWorker, timeoutMs: number | undefined): void {
    const { clock, emit } = this.deps;
    const workerId = worker.descriptor.id;
    const since = clock.monotonic();
    emit({ type: 'join.started', workerId, timeoutMs: timeoutMs ?? null });
    let cancel: Cancel = () => undefined;
    const finished = () => {
      cancel();
      emit({ type: 'join.finished', workerId, waitedMs: Math.round(clock.monotonic() - since) });
    };
    // An ended worker is joined at once, whatever the timeout (Python's join of a finished thread or process).
    if (worker.ended) return finished();
    cancel =
      timeoutMs === undefined
        ? () => undefined
        : clock.setTimeout(() => {
            worker.endWaiters.delete(finished);
            emit({ type: 'join.timedOut', workerId, timeoutMs });
          }, timeoutMs);
    worker.endWaiters.add(finished);
  }

  terminate(ids: readonly string[], graceMs: number | undefined): CommandOutcome {
    const selected = this.liveOnes(ids);
    if (!selected.ok) return selected;
    const grace = graceMs ?? this.deps.config().gracePeriodMs;
    for (const worker of selected.workers) this.endPolitely(worker, grace);
    return done(selected.workers);
  }

  kill(ids: readonly string[]): CommandOutcome {
    const selected = this.liveOnes(ids);
    if (!selected.ok) return selected;
    for (const worker of selected.workers) this.endForcefully(worker);
    return done(selected.workers);
  }

  signal(ids: readonly string[], signal: SignalName): CommandOutcome {
    const selected = this.liveOnes(ids);
    if (!selected.ok) return selected;
    const thread = selected.workers.find((worker) => worker.descriptor.kind === 'thread');
    if (thread) return { ok: false, error: refusals.signalToThread(thread.descriptor.name) };
    if (process.platform === 'win32' && POSIX_ONLY.has(signal)) {
      return { ok: false, error: refusals.noSignalsHere(signal, process.platform) };
    }
    const failed: string[] = [];
    for (const worker of selected.workers) {
      if (signal === 'SIGKILL' || signal === 'SIGTERM') worker.lifecycle.signalled();
      const reached = worker.launched?.signal(signal) ?? [];
      if (reached.length > 0) this.deps.emit({ type: 'signal.sent', workerId: worker.descriptor.id, signal, pids: reached });
      else failed.push(worker.descriptor.name);
    }
    if (failed.length === selected.workers.length) return { ok: false, error: refusals.notDelivered(signal, failed) };
    return done(selected.workers);
  }

  /**
   * Ends a worker and every process below it: SIGTERM to the descendants (deepest first; to the whole
   * process group of a detached worker), the worker's own polite end, then SIGKILL for whatever is left
   * after the grace period. Works on an exited worker whose orphans live on.
   */
  terminateTree(ids: readonly string[]): CommandOutcome {
    const selected = this.supervisor.select(ids);
    if (!selected.ok) return selected;
    const targets = selected.workers.map((worker) => ({ worker, pids: this.descendants(worker) }));
    const acting = targets.filter(({ worker, pids }) => !worker.ended || pids.length > 0);
    if (acting.length === 0) return { ok: false, error: refusals.allEnded(selected.workers.map((w) => w.descriptor.name)) };
    const grace = this.deps.config().gracePeriodMs;
    for (const { worker, pids } of acting) this.endTree(worker, pids, grace);
    return done(acting.map(({ worker }) => worker));
  }

  /** Every worker with anything left running, each with its tree. */
  terminateAll(): CommandOutcome {
    const all = [...this.supervisor.workers.values()];
    const acting = all.filter((worker) => !worker.ended || this.descendants(worker).length > 0);
    if (acting.length === 0) return { ok: true, result: { workerIds: [] } };
    return this.terminateTree(acting.map((worker) => worker.descriptor.id));
  }

  private endTree(worker: ManagedWorker, pids: number[], graceMs: number): void {
    const { clock, emit } = this.deps;
    const workerId = worker.descriptor.id;
    const pid = worker.launched?.pid ?? null;
    let signalled: number[] = [];
    escalate(clock, graceMs, {
      polite: () => {
        if (worker.descriptor.detached && pid !== null && !worker.ended) sendSignal(-pid, 'SIGTERM');
        signalled = pids.filter((each) => sendSignal(each, 'SIGTERM'));
        if (signalled.length > 0) emit({ type: 'signal.sent', workerId, signal: 'SIGTERM', pids: signalled });
        // The worker itself has its own escalation, which keeps its book.
        if (!worker.ended) this.endPolitely(worker, graceMs);
      },
      forceful: () => {
        const left = signalled.filter((each) => isAlive(each) && sendSignal(each, 'SIGKILL'));
        if (left.length > 0) emit({ type: 'signal.sent', workerId, signal: 'SIGKILL', pids: left });
      },
    });
  }

  /** Threads: `worker.terminate()`. Processes: SIGTERM now, SIGKILL when the grace period runs out (worker-lifecycle.ts). */
  endPolitely(worker: ManagedWorker, graceMs: number): void {
    for (const event of worker.lifecycle.terminate(graceMs)) this.deps.emit(event);
  }

  endForcefully(worker: ManagedWorker): void {
    for (const event of worker.lifecycle.kill()) this.deps.emit(event);
  }

  /** Live descendants of a worker, deepest first (a thread's are the processes the host started for it). */
  descendants(worker: ManagedWorker): number[] {
    if (worker.descriptor.kind === 'thread') {
      return (worker.threadChildren?.pids() ?? []).flatMap((child) => [...this.tree.descendantsOf(child), child]);
    }
    const pid = worker.launched?.pid ?? null;
    return pid === null ? [] : this.tree.descendantsOf(pid);
  }

  private liveOnes(ids: readonly string[]) {
    const selected = this.supervisor.select(ids);
    if (!selected.ok) return selected;
    const live = selected.workers.filter((worker) => !worker.ended);
    if (live.length === 0) return { ok: false as const, error: refusals.allEnded(selected.workers.map((w) => w.descriptor.name)) };
    return { ok: true as const, workers: live };
  }
}

function done(workers: readonly ManagedWorker[]): CommandOutcome {
  return { ok: true, result: { workerIds: workers.map((worker) => worker.descriptor.id) } };
}
