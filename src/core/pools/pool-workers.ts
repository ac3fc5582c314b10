import type { HostMessage } from '../../shared/worker-wire';
import type { StartSpec } from '../../shared/start-spec';
import type { Supervisor } from '../supervisor/supervisor';
import type { PoolRuntime } from './runner-port';

/** How a pool's worker ended, as the runner needs it: its exit code, or why it never ran. */
export interface WorkerExit {
  /** Python's exitcode: the code, or -N for signal N; null when it never ran. */
  readonly exitCode: number | null;
  readonly startFailure: string | null;
  /**
   * What it said as it went, when it ended by itself (a thread's uncaught error, a process's last stderr
   * line): a module that throws at import is told by its own words.
   */
  readonly detail?: string | null;
  /**
   * A thread the lab ended with worker.terminate() (Kill, Terminate): a thread has no signals, so its exit code
   * is 1, as for an uncaught error; this tells the two apart. Absent: false.
   */
  readonly terminated?: boolean;
}

export type PoolWorkerStart = { readonly ok: true; readonly workerId: string } | { readonly ok: false; readonly error: string };

/**
 * What a pool's runner needs of the supervisor, and no more: start one worker serving tasks, talk to it, end
 * it politely or at once. The registry composes it (supervisedPoolWorkers); a runner never sees the rest.
 */
export interface PoolWorkers {
  /** Starts one `serve-tasks` worker named after the pool. */
  start(pool: string, runtime: PoolRuntime, module: string | null): PoolWorkerStart;
  /** The lab is stopping: no worker will start again. */
  readonly stopping: boolean;
  post(workerId: string, message: HostMessage): void;
  /** Terminate: a thread's terminate(), a process's SIGTERM then SIGKILL after the lab's grace period. */
  stop(workerId: string): void;
  /** Kill: at once. */
  kill(workerId: string): void;
}

/**
 * The supervisor's ways, for a pool. Pool workers are daemons, as Python's Pool makes them: the lab's stop
 * ends them at once, and they may start no children of their own. The supervisor names workers by a prefix
 * and its own count ("p-1", "p-2", then "p-3" for a replacement): its start spec takes no whole name, and
 * which slot a worker holds is the pool's `pool.slot` fact.
 */
export function supervisedPoolWorkers(supervisor: Supervisor): PoolWorkers {
  const live = (workerId: string) => {
    const worker = supervisor.workers.get(workerId);
    return worker === undefined || worker.ended ? null : worker;
  };
  const emitAll = (events: readonly Parameters<typeof supervisor.deps.emit>[0][]) => {
    for (const event of events) supervisor.deps.emit(event);
  };
  return {
    start(pool, runtime, module) {
      const task = module === null ? { name: 'serve-tasks' as const } : { name: 'serve-tasks' as const, module };
      const common = { count: 1, namePrefix: pool, daemon: true, task };
      const spec: StartSpec = runtime === 'thread' ? { kind: 'thread', ...common } : { kind: 'process', method: 'fork', detached: false, ...common };
      const outcome = supervisor.start(spec);
      if (!outcome.ok) return { ok: false, error: outcome.error };
      const workerId = (outcome.result as { workerIds?: readonly string[] } | undefined)?.workerIds?.[0];
      return workerId === undefined ? { ok: false, error: 'the supervisor started no worker' } : { ok: true, workerId };
    },
    get stopping() {
      return supervisor.stopping;
    },
    post(workerId, message) {
      live(workerId)?.launched?.post(message);
    },
    stop(workerId) {
      const worker = live(workerId);
      if (worker !== null) emitAll(worker.lifecycle.terminate(supervisor.deps.config().gracePeriodMs));
    },
    kill(workerId) {
      const worker = live(workerId);
      if (worker !== null) emitAll(worker.lifecycle.kill());
    },
  };
}

/** How a worker the supervisor has just reported ended went (its onEnded gives the id only). */
export function workerExitOf(supervisor: Supervisor, workerId: string): WorkerExit {
  const worker = supervisor.workers.get(workerId);
  const state = worker?.lifecycle.state;
  const endedByLab = state?.phase === 'ended' && (state.how === 'forceful' || state.how === 'polite');
  return { exitCode: worker?.exitCode ?? null, startFailure: worker?.startFailure ?? null, terminated: worker?.descriptor.kind === 'thread' && endedByLab };
}
