import type { CommandOutcome, LabEventBody } from '../../shared/protocol';
import type { SignalName } from '../../shared/signals';
import type { Clock } from '../clock';
import type { TrackedProcess } from '../metrics/types';
import { POSIX_ONLY } from './control';
import { refusals } from './errors';
import { escalate } from './escalation';
import { isAlive, sendSignal } from './signals';
import type { Supervisor } from './supervisor';

/** What the process sampler knows of the lab's tree. */
export interface ProcessBook {
  trackedProcess(pid: number): TrackedProcess | null;
}

export interface ProcessControlDeps {
  readonly supervisor: Supervisor;
  readonly book: ProcessBook;
  readonly clock: Clock;
  readonly emit: (event: LabEventBody) => void;
  readonly graceMs: () => number;
}

/**
 * Signals for processes the lab did not start as workers but sees in its tree: a shell's child, an orphaned
 * grandchild, a thread's children. Never an arbitrary pid: only one the process sampler tracks below the lab,
 * only while it is the very process the user saw (same pid and start time), and only a worker's: below a
 * worker, or once below one (an orphan), or started by a thread worker. Never the host's own children
 * (Electron's zygote, renderers and GPU process, a browser the lab opened), and never a process that left
 * the lab's session by itself, unless it is below a detached worker, which the user set free and may still
 * signal. Workers have their own actions, which keep their book (control.ts).
 */
export class ProcessControls {
  constructor(private readonly deps: ProcessControlDeps) {}

  signal(pid: number, start: number, signal: SignalName): CommandOutcome {
    const found = this.find(pid, start);
    if (!found.ok) return found;
    if (process.platform === 'win32' && POSIX_ONLY.has(signal)) return { ok: false, error: refusals.noSignalsHere(signal, process.platform) };
    return this.send(pid, start, found.name, signal);
  }

  /** SIGTERM now; SIGKILL after the grace period if the same process is still there. */
  terminate(pid: number, start: number): CommandOutcome {
    const found = this.find(pid, start);
    if (!found.ok) return found;
    let outcome: CommandOutcome = { ok: true, result: { workerIds: [] } };
    const escalation = escalate(this.deps.clock, this.deps.graceMs(), {
      polite: () => (outcome = this.send(pid, start, found.name, 'SIGTERM')),
      forceful: () => {
        const still = this.deps.book.trackedProcess(pid);
        if (still === null || still.start !== start || !isAlive(pid) || !sendSignal(pid, 'SIGKILL')) return;
        this.deps.emit({ type: 'process.signalled', pid, start, name: still.name, signal: 'SIGKILL', escalated: true });
      },
    });
    if (!outcome.ok) escalation.cancel();
    return outcome;
  }

  private send(pid: number, start: number, name: string, signal: SignalName): CommandOutcome {
    if (!sendSignal(pid, signal)) return { ok: false, error: refusals.notDelivered(signal, [`pid ${pid}`]) };
    this.deps.emit({ type: 'process.signalled', pid, start, name, signal, escalated: false });
    return { ok: true, result: { workerIds: [] } };
  }

  private find(pid: number, start: number): { ok: true; name: string } | { ok: false; error: string } {
    if (pid === process.pid) return { ok: false, error: refusals.theLabItself(pid) };
    const worker = this.deps.supervisor.live().find((each) => each.descriptor.kind === 'process' && each.launched?.pid === pid);
    if (worker !== undefined) return { ok: false, error: refusals.isAWorker(pid, worker.descriptor.name) };
    const tracked = this.deps.book.trackedProcess(pid);
    if (tracked === null) return { ok: false, error: refusals.notInTree(pid) };
    if (tracked.start !== start) return { ok: false, error: refusals.pidReused(pid) };
    if (tracked.owner === null) return { ok: false, error: refusals.notTheLabs(pid) };
    if (tracked.otherSession && !tracked.owner.detached) return { ok: false, error: refusals.leftTheSession(pid) };
    return { ok: true, name: tracked.name };
  }
}
