import type { Cancel } from '../clock';
import type { WorkerDescriptor } from '../../shared/worker';
import type { Escalation } from './escalation';
import type { Launched } from './launched';
import type { ThreadChildren } from './thread-children';

/** The supervisor's book-keeping for one worker. */
export interface ManagedWorker {
  readonly descriptor: WorkerDescriptor;
  launched: Launched | null;
  ready: boolean;
  /** Native thread id, from the ready message. */
  tid: number | null;
  ended: boolean;
  /** Python's exitcode once it has exited: the code, or -N for signal N (exit-code.ts). */
  exitCode: number | null;
  /** Why it never ran, for a failed start. */
  startFailure: string | null;
  /** Called once when the worker has exited or failed to start (joins wait here). */
  readonly endWaiters: Set<() => void>;
  /** The SIGKILL that follows a SIGTERM if the grace period runs out. */
  escalation: Escalation | null;
  /** Fails a start that never says ready, so a bad start is never a hang. */
  startTimeout: Cancel | null;
  /** The lab asked it to end, so an exit during start-up is not a failed start. */
  endRequested: boolean;
  reportedStdio: { stdoutBytes: number; stderrBytes: number };
  /** Malformed messages reported so far; a flood is reported only up to a limit. */
  rejectedCount: number;
  /** The process children the host started for a thread worker's spawn-children task. */
  threadChildren: ThreadChildren | null;
}

export function newManagedWorker(descriptor: WorkerDescriptor): ManagedWorker {
  return {
    descriptor,
    launched: null,
    ready: false,
    tid: null,
    ended: false,
    exitCode: null,
    startFailure: null,
    rejectedCount: 0,
    threadChildren: null,
    endWaiters: new Set(),
    escalation: null,
    startTimeout: null,
    endRequested: false,
    reportedStdio: { stdoutBytes: 0, stderrBytes: 0 },
  };
}

export function whenEnded(worker: ManagedWorker): Promise<void> {
  return worker.ended ? Promise.resolve() : new Promise((resolve) => worker.endWaiters.add(resolve));
}
