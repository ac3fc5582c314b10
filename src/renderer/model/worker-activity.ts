import type { WorkerView } from '../../shared/lab-state';
import { describeTask } from '../../shared/tasks';
import { formatDuration } from '../format/units';

/** What a worker is doing now, in words: "joining… (timeout 2000 ms)", "terminating (SIGTERM) for 1.2 s". */
export function describeActivity(worker: WorkerView, now: number): string {
  if (worker.startFailure !== null) return `failed to start: ${worker.startFailure}`;
  if (worker.exit !== null) return `exited ${formatDuration(Math.max(0, now - worker.exit.at))} ago`;
  if (worker.terminating !== null) {
    const escalated = worker.terminating.escalated ? ', escalated to SIGKILL' : '';
    return `terminating (${worker.terminating.how}${escalated}) for ${formatDuration(now - worker.terminating.since)}`;
  }
  if (worker.join !== null) return describeJoin(worker.join, now);
  if (worker.state === 'starting') return 'starting…';
  const work = worker.task !== null ? describeTask(worker.task) : (worker.command ?? '');
  return worker.state === 'stopped' ? `stopped (SIGSTOP): ${work}` : work;
}

export function describeJoin(join: NonNullable<WorkerView['join']>, now: number): string {
  const timeout = join.timeoutMs === null ? 'no timeout' : `timeout ${join.timeoutMs} ms`;
  return `joining… (${timeout}) ${formatDuration(Math.max(0, now - join.since))}`;
}

/** How long a worker has lived: until now, or until it ended. */
export function elapsedMs(worker: WorkerView, now: number): number {
  const end = worker.exit?.at ?? (worker.startFailure !== null ? worker.requestedAt : now);
  return Math.max(0, end - (worker.readyAt ?? worker.requestedAt));
}
