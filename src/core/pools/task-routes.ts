import type { TaskReport } from '../../shared/task-wire';
import type { RoutedWorker, WorkerRouter } from '../worker-router';
import type { TaskRunner } from './task-runner';

const TWO_WAY = 'task reports need a two-way channel (thread or fork)';

/**
 * A pool worker's reports, to the runner of its pool: each single report type, a turn's batch of them
 * (task.reports, taken in order), and its word that it serves. A report from a worker of no pool, or of a
 * task its runner never sent it, is refused in words; the rest of a batch is still taken.
 */
export function routeTaskReports<W extends RoutedWorker>(router: WorkerRouter<W>, runnerOf: (workerId: string) => TaskRunner | undefined): void {
  const refusalOf = (workerId: string, report: TaskReport | { readonly type: 'task.serving' }) => {
    const runner = runnerOf(workerId);
    return runner === undefined ? `worker ${workerId} is not a pool's worker: its ${report.type} is not heard` : runner.report(workerId, report);
  };
  const take = (worker: W, report: TaskReport | { readonly type: 'task.serving' }) => {
    const refusal = refusalOf(worker.descriptor.id, report);
    if (refusal !== null) router.refuse(worker.descriptor.id, refusal);
  };
  const single = { from: 'ipc', handle: take, refused: { reason: TWO_WAY } } as const;
  router.on('task.started', single);
  router.on('task.result', single);
  router.on('task.error', single);
  router.on('task.cancelled', single);
  router.on('task.resultPart', single);
  router.on('task.serving', single);
  router.on('task.reports', {
    from: 'ipc',
    handle: (worker, message) => {
      // One refusal said per batch (with how many more), however many of its reports are refused.
      let first: string | null = null;
      let more = 0;
      for (const report of message.reports) {
        const refusal = refusalOf(worker.descriptor.id, report);
        if (refusal === null) continue;
        if (first === null) first = refusal;
        else more += 1;
      }
      if (first !== null) router.refuse(worker.descriptor.id, more === 0 ? first : `${first} (and ${more} more reports of this batch)`);
    },
    refused: { reason: TWO_WAY },
  });
}
