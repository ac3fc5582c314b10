import type { TaskOrder, TaskReport } from '../shared/task-wire';
import { forever } from './pace';
import { isInstant, startTaskCall } from './task-library';
import { ReportBatch } from './task-report-batch';
import { failureOf, reportChunkResult, reportError, reportResult } from './task-results';
import type { TaskContext } from './task-context';

type TaskWork = Exclude<TaskOrder, { type: 'task.cancel' }>;

/** Orders done are dropped from the front of the list in blocks of this many. */
const COMPACT_AFTER = 1024;

/**
 * The `serve-tasks` task: a worker that runs the tasks the host sends (task-wire.ts), one at a time, in the
 * order sent, until it is told to stop (a thread's polite stop, a process's SIGTERM), as a pool's worker
 * does. A task waiting its turn can be cancelled; one that has started runs to its end. Reports go out in
 * one message per turn of the loop (task-report-batch.ts); tasks whose value is there at once run back to
 * back without a turn each.
 */
export function serveTasks(context: TaskContext): Promise<never> {
  const host = context.host;
  if (host === null) throw new Error('serve-tasks needs a channel to the lab: run it in a thread or a forked process');
  const post = (message: Parameters<typeof host.send>[0]) => host.send(message);
  // A report sent by itself: a thread's value it cannot clone is told as that task's error.
  const alone = (report: TaskReport) => {
    if (report.type === 'task.result') return reportResult(post, context.isThread, report.taskId, report.value);
    try {
      post(report);
    } catch (error) {
      // Only a value can fail to clone: a part of a chunk's list. The chunk fails; the host refuses the rest of it.
      if (report.type !== 'task.resultPart') throw error;
      reportError(post, report.taskId, { type: 'TypeError', message: `a result must be a structured-clone value from a thread (Python: must be picklable)` });
    }
  };
  const batch = new ReportBatch(post, alone);
  const send = (report: TaskReport) => batch.add(report);
  const waiting: TaskWork[] = [];
  let next = 0;
  let serving = false;

  const serve = async () => {
    if (serving) return;
    serving = true;
    while (next < waiting.length) {
      const work = waiting[next]!;
      next += 1;
      // A worker kept busy for hours must not keep every order it has done.
      if (next >= COMPACT_AFTER) {
        waiting.splice(0, next);
        next = 0;
      }
      send({ type: 'task.started', taskId: work.taskId });
      // The host shows a task running from its started report: one that takes time must not hold it back.
      if (!isInstant(work.fn)) batch.flush();
      let value: unknown;
      try {
        const pending =
          work.type === 'task.run'
            ? startTaskCall(work.fn, work.args)
            : work.type === 'task.runChunk'
              ? runChunk(work.fn, work.calls.length, (index) => work.calls[index]!)
              : runChunk(work.fn, work.items.length, (index) => [work.items[index]]);
        value = pending instanceof Promise ? await pending : pending;
      } catch (error) {
        reportError(send, work.taskId, failureOf(error));
        continue;
      }
      try {
        if (work.type !== 'task.run') reportChunkResult(send, context.isThread, work.taskId, value as unknown[]);
        else reportResult(send, context.isThread, work.taskId, value);
      } catch (error) {
        // Reading the value threw (a getter, a Proxy): the task fails; the worker, and the tasks after it, go on.
        reportError(send, work.taskId, { type: 'TypeError', message: `a result could not be read to be sent: ${failureOf(error).message.slice(0, 200)} (Python: must be picklable)` });
      }
    }
    waiting.length = 0;
    next = 0;
    serving = false;
  };

  const take = (order: TaskOrder) => {
    if (order.type !== 'task.cancel') {
      waiting.push(order);
      return;
    }
    const index = waiting.findIndex((work, at) => at >= next && work.taskId === order.taskId);
    if (index === -1) return;
    waiting.splice(index, 1);
    send({ type: 'task.cancelled', taskId: order.taskId });
  };

  host.onMessage((message) => {
    if (message.type === 'task.orders') message.orders.forEach(take);
    else if (message.type === 'task.run' || message.type === 'task.runChunk' || message.type === 'task.mapChunk' || message.type === 'task.cancel') take(message);
    else return;
    void serve();
  });
  // From here orders are heard: the host sends none before this.
  post({ type: 'task.serving' });
  return forever();
}

/**
 * Python's mapstar: the calls in order, their values as one list; the first that raises fails the chunk.
 * Synchronous while the calls are (a chunk of squares is one loop), awaiting only those that take time.
 */
function runChunk(fn: string, count: number, argsOf: (index: number) => readonly unknown[]): unknown[] | Promise<unknown[]> {
  const values: unknown[] = [];
  for (let index = 0; index < count; index += 1) {
    const value = startTaskCall(fn, argsOf(index));
    if (value instanceof Promise) return finishChunk(fn, count, argsOf, index, value, values);
    values.push(value);
  }
  return values;
}

async function finishChunk(fn: string, count: number, argsOf: (index: number) => readonly unknown[], from: number, first: Promise<unknown>, values: unknown[]): Promise<unknown[]> {
  values.push(await first);
  for (let index = from + 1; index < count; index += 1) values.push(await startTaskCall(fn, argsOf(index)));
  return values;
}
