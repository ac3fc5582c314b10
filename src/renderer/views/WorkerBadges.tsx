import { describeExitCode, exitMeaning } from '../../shared/exit-code';
import type { WorkerView } from '../../shared/lab-state';
import { Badge } from './Badge';
import { PoolWorkerBadge } from './PoolWorkerBadge';
import { ForkHazardBadge, PythonBadges } from './PythonBadges';

const METHOD_TITLES: Readonly<Record<WorkerView['method'], string>> = {
  fork: 'child_process.fork: a Node child with an IPC channel',
  spawn: 'child_process.spawn: a child with stdio pipes only',
  exec: 'child_process.exec: a child started through a shell',
  command: 'a command line of your own',
  thread: 'worker_threads: a thread inside the lab process',
  python: 'a Python program, watched from the inside by the lab\'s shim',
};

/**
 * How a worker ended (first: it matters most), a fork hazard, then its pool slot (before the method: a ghost's "was pool
 * worker N (exited)" must not be the badge the name column cuts), its method, IPC, daemon and detached badges;
 * `compact`: end, pool slot and method only.
 */
export function WorkerBadges({ worker, compact = false }: { worker: WorkerView; compact?: boolean }) {
  // A Python thread's "Python thread" (PythonBadges) says its method already: the name column keeps its room
  // for what it is blocked on.
  const method =
    worker.method === 'python' && worker.kind === 'thread' ? null : (
      <Badge tone={worker.method} title={METHOD_TITLES[worker.method]}>
        {worker.method}
      </Badge>
    );
  if (compact) {
    return (
      <>
        <WorkerEnd worker={worker} />
        <ForkHazardBadge worker={worker} />
        <PoolWorkerBadge worker={worker} />
        {method}
        <PythonBadges worker={worker} />
      </>
    );
  }
  return (
    <>
      <WorkerEnd worker={worker} />
      <ForkHazardBadge worker={worker} />
      <PoolWorkerBadge worker={worker} />
      {method}
      <PythonBadges worker={worker} />
      {/* A Python thread has no channel of its own to speak of (its process's shim reports for it). */}
      {worker.method === 'python' && worker.kind === 'thread' ? null : worker.ipc ? (
        <Badge tone="ipc" title="it can message the lab (IPC channel / postMessage)">
          IPC
        </Badge>
      ) : (
        <Badge tone="no-ipc" title="no message channel: only stdio and signals">
          no IPC
        </Badge>
      )}
      {worker.daemon && (
        <Badge tone="daemon" title="daemon: ended at once when its parent ends">
          daemon
        </Badge>
      )}
      {worker.detached && (
        <Badge tone="detached" title="detached: its own session; it survives the lab">
          detached
        </Badge>
      )}
    </>
  );
}

export function WorkerEnd({ worker }: { worker: WorkerView }) {
  if (worker.startFailure !== null) {
    return (
      <Badge tone="error" title={worker.startFailure}>
        failed to start: {worker.startFailure}
      </Badge>
    );
  }
  if (worker.exit === null) return null;
  const meaning = exitMeaning(worker.exit.exitCode);
  return (
    <Badge tone={meaning === 'ok' ? 'ok' : meaning} title={worker.exit.detail ?? undefined}>
      exit {describeExitCode(worker.exit.exitCode, worker.exit.signal)}
    </Badge>
  );
}
