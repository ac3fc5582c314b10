import type { TaskOrder, TaskReport } from '../shared/task-wire';
import { forever } from './pace';
import { callTaskFunction } from './task-library';
import { failureOf, reportError, reportResult } from './task-results';
import type { TaskContext } from './task-context';

type TaskRun = Extract<TaskOrder, { type: 'task.run' }>;

/**
 * The `serve-tasks` task: a worker that runs the tasks the host sends (task-wire.ts), one at a time, in the
 * order sent, until it is told to stop (a thread's polite stop, a process's SIGTERM), as a pool's worker
 * does. A task waiting its turn can be cancelled; one that has started runs to its end.
 */
export function serveTasks(context: TaskContext): Promise<never> {
  const host = context.host;
  if (host === null) throw new Error('serve-tasks needs a channel to the lab: run it in a thread or a forked process');
  const send = (report: TaskReport) => host.send(report);
  const waiting: TaskRun[] = [];
  let serving = false;

  const serve = async () => {
    if (serving) return;
    serving = true;
    for (let run = waiting.shift(); run !== undefined; run = waiting.shift()) {
      send({ type: 'task.started', taskId: run.taskId });
      let value: unknown;
      try {
        value = await callTaskFunction(run.fn, run.args);
      } catch (error) {
        reportError(send, run.taskId, failureOf(error));
        continue;
      }
      reportResult(send, context.isThread, run.taskId, value);
    }
    serving = false;
  };

  host.onMessage((message) => {
    if (message.type === 'task.run') {
      waiting.push(message);
      void serve();
    } else if (message.type === 'task.cancel') {
      const index = waiting.findIndex((run) => run.taskId === message.taskId);
      if (index === -1) return;
      waiting.splice(index, 1);
      send({ type: 'task.cancelled', taskId: message.taskId });
    }
  });
  return forever();
}
