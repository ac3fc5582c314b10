import type { WorkerDescriptor } from '../../shared/worker';
import type { Launched } from './launched';
import type { ThreadChildren } from './thread-children';
import { WorkerLifecycle, type LifecyclePort } from './worker-lifecycle';

/** The supervisor's book-keeping for one worker. */
export interface ManagedWorker {
  readonly descriptor: WorkerDescriptor;
  launched: Launched | null;
  /** Where it is in its life, and every way of ending it (worker-lifecycle.ts). */
  readonly lifecycle: WorkerLifecycle;
  /** It said ready (the lifecycle's). */
  readonly ready: boolean;
  /** It has exited or failed to start (the lifecycle's). */
  readonly ended: boolean;
  /** Python's exitcode once it has exited: the code, or -N for signal N (exit-code.ts). */
  readonly exitCode: number | null;
  /** Why it never ran, for a failed start. */
  readonly startFailure: string | null;
  /** Native thread id, from the ready message. */
  tid: number | null;
  /** Called once when the worker has exited or failed to start (joins wait here). */
  readonly endWaiters: Set<() => void>;
  reportedStdio: { stdoutBytes: number; stderrBytes: number };
  /** Malformed messages reported so far; a flood is reported only up to a limit. */
  rejectedCount: number;
  /** The process children the host started for a thread worker's spawn-children task. */
  threadChildren: ThreadChildren | null;
  /** A Python program's argv (interpreter, code or script, arguments); null for every other worker. */
  program: readonly string[] | null;
}

/** What the lifecycle of a worker needs besides the worker's id and handle (LifecyclePort). */
export type LifecycleDeps = Omit<LifecyclePort, 'workerId' | 'handle' | 'failStart'> & {
  /** The worker never ran: report it and keep the book (the supervisor's startFailed). */
  readonly failStart: (worker: ManagedWorker, reason: string) => void;
};

export function newManagedWorker(descriptor: WorkerDescriptor, deps: LifecycleDeps): ManagedWorker {
  const worker: ManagedWorker = {
    descriptor,
    launched: null,
    lifecycle: new WorkerLifecycle(descriptor.kind, {
      workerId: descriptor.id,
      clock: deps.clock,
      handle: () => worker.launched,
      emit: deps.emit,
      failStart: (reason) => deps.failStart(worker, reason),
    }),
    get ready() {
      return this.lifecycle.ready;
    },
    get ended() {
      return this.lifecycle.ended;
    },
    get exitCode() {
      const state = this.lifecycle.state;
      return state.phase === 'ended' ? state.exitCode : null;
    },
    get startFailure() {
      const state = this.lifecycle.state;
      return state.phase === 'ended' ? state.startFailure : null;
    },
    tid: null,
    rejectedCount: 0,
    threadChildren: null,
    program: null,
    endWaiters: new Set(),
    reportedStdio: { stdoutBytes: 0, stderrBytes: 0 },
  };
  return worker;
}

export function whenEnded(worker: ManagedWorker): Promise<void> {
  return worker.ended ? Promise.resolve() : new Promise((resolve) => worker.endWaiters.add(resolve));
}
